#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo-guest.sh XTCP_KO HELPERS - runs inside the demo VM: load xtcp, show
# what the kernel says about it, run xtcp_demo, then show every state each
# socket passed through, twice: from the kernel's sock:inet_sock_set_state
# tracepoint (sockets) and from xtcp's dynamic debug log (every transition
# of the state machine, TIME-WAIT entries included). Unload. Exit status:
# 0 when the exchange completed, 1 when it did not, 2 when the module would
# not load or unload.
set -u
section() { printf '\n== %s\n' "$*"; }
tracing=/sys/kernel/tracing
event=$tracing/events/sock/inet_sock_set_state

section "kernel $(uname -r): insmod xtcp.ko dyndbg=+p"
insmod "$1" dyndbg=+p || exit 2
dmesg | grep 'xtcp: loaded' | sed 's/^/   /'
section "/proc/net/protocols"
grep -E '^(protocol|XTCP|TCP) ' /proc/net/protocols | cut -c1-60 | sed 's/^/   /'

# TIME-WAIT lasts 2 * msl_ms: 1 s instead of 60 s, so the demo sees it end
sysctl -qw net.xtcp.msl_ms=500
mountpoint -q $tracing || mount -t tracefs nodev $tracing 2>/dev/null
if [ -d "$event" ]; then
	echo 'protocol == 253' >"$event/filter"
	echo 1 >"$event/enable"
	: >$tracing/trace
fi

section "client and server over socket(AF_INET, SOCK_STREAM, 253)"
"$2/xtcp_demo" -p 253 -P 5001
rc=$?

section "waiting for TIME-WAIT to end (net.xtcp.msl_ms=500: 2MSL = 1 s)"
for _ in $(seq 100); do
	awk '$4 == "06"' /proc/net/xtcp | grep -q . || break
	sleep 0.05
done
grep -q ' 06 ' /proc/net/xtcp && echo "   still in TIME-WAIT" || echo "   /proc/net/xtcp is empty"

section "states of each socket (tracepoint sock:inet_sock_set_state)"
if [ -d "$event" ]; then
	echo 0 >"$event/enable"
	grep -o 'sport=[0-9]* dport=[0-9]* .*oldstate=[A-Z_0-9]* newstate=[A-Z_0-9]*' \
		$tracing/trace | sed -E 's/ saddr.*daddrv6=[^ ]*//; s/^/   /'
else
	echo "   (no tracefs in this kernel)"
fi
section "state machine transitions (dynamic debug: xtcp: local -> foreign port)"
dmesg | grep -E 'xtcp: [0-9]+ -> [0-9]+: ' | sed -E 's/^\[[^]]*\] /   /'

section "rmmod xtcp"
rmmod xtcp && echo "   unloaded" || rc=2
exit $rc
