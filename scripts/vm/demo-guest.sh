#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo-guest.sh XTCP_KO HELPERS - runs inside the demo VM: load xtcp, show
# what the kernel says about it, run xtcp_demo under xtcp-states record,
# which keeps every state change (the sock:inet_sock_set_state tracepoint
# and xtcp's state-machine log, TIME-WAIT included) and every segment in
# $XTCP_OUT/xtcp-states.json (and .pcap) until TIME-WAIT has ended; the
# host draws it (demo.sh). Unload. Exit status: 0 when the exchange
# completed, 1 when it did not, 2 when the module would not load or unload.
set -u
section() { printf '\n== %s\n' "$*"; }

section "kernel $(uname -r): insmod xtcp.ko"
insmod "$1" || exit 2
dmesg | grep 'xtcp: loaded' | sed 's/^/   /'
section "/proc/net/protocols"
grep -E '^(protocol|XTCP|TCP) ' /proc/net/protocols | cut -c1-60 | sed 's/^/   /'

# TIME-WAIT lasts 2 * msl_ms: 1 s instead of 60 s, so the demo sees it end
sysctl -qw net.xtcp.msl_ms=500

section "client and server over socket(AF_INET, SOCK_STREAM, 253)"
scripts/xtcp-states record -o "$XTCP_OUT/xtcp-states.json" \
	-w "$XTCP_OUT/xtcp-states.pcap" -- "$2/xtcp_demo" -p 253 -P 5001
rc=$?
[ $rc -le 1 ] || rc=1

section "after TIME-WAIT (net.xtcp.msl_ms=500: 2MSL = 1 s)"
grep -q ' 06 ' /proc/net/xtcp && echo "   still in TIME-WAIT" || echo "   /proc/net/xtcp is empty"

section "rmmod xtcp"
rmmod xtcp && echo "   unloaded" || rc=2
exit $rc
