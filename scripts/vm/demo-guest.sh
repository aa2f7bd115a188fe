#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo-guest.sh XTCP_KO HELPERS - runs inside the demo VM: load xtcp, show
# what the kernel says about it, run xtcp_demo, unload. Exit status: 0 when
# the exchange completed, 1 when it did not, 2 when the module would not
# load or unload.
set -u
section() { printf '\n== %s\n' "$*"; }

section "kernel $(uname -r): insmod xtcp.ko"
insmod "$1" || exit 2
dmesg | grep 'xtcp:' | sed 's/^/   /'
section "/proc/net/protocols"
grep -E '^(protocol|XTCP|TCP) ' /proc/net/protocols | cut -c1-60 | sed 's/^/   /'
section "client and server over socket(AF_INET, SOCK_STREAM, 253)"
"$2/xtcp_demo" -p 253 -P 5001
rc=$?
section "rmmod xtcp"
rmmod xtcp && echo "   unloaded" || rc=2
exit $rc
