#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
# SYN flood (make stress; a short version here): xinject sends spoofed
# SYNs, from random addresses of 10.99.0.0/16 (routed to a dummy device:
# nobody answers the SYN-ACKs), random ports and ISNs, at a listener on
# 10.0.0.1:7100 while a real client opens connections to it, one every
# 50 ms (20 ms), each given 10 s (3 s) to connect and read the server's
# octet. Long (XTCP_STRESS=1): 100,000 SYNs (20,000 on the debug kernel)
# and 100 connections; short (in parentheses): 3,000 (debug kernel
# 1,000) and 10.
# With SYN cookies (net.ipv4.tcp_syncookies=1 for TCP; for xtcp
# net.xtcp.tcp_syncookies=1 where the module has it) every connection
# must succeed. Without them it reports how many did, and requires that
# the machine survives and that the module unloads afterwards.
# Figures: SYNs sent and their rate, connections made, their median and
# longest time, and the peak memory used (MemAvailable's fall below its
# value before the flood, sampled every 0.2 s).
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stress.sh"
trap lib_cleanup EXIT

# The debug kernel takes about 350 SYNs a second (6.1 8,000 to 17,000)
debug=
[ "${XTCP_KERNEL:-}" != debug ] || debug=1
syns=3000 conns=10 every=0.02 limit=3
[ -z "$debug" ] || syns=1000
if stress_long; then
	syns=100000 conns=100 every=0.05 limit=10
	[ -z "$debug" ] || syns=20000
fi
ns=xtcp-syn-$RANDOM
stress_ns $ns
lib_tmp
if [ "$XTCP_PROTO" = 6 ]; then
	cookies=net.ipv4.tcp_syncookies
else
	cookies=net.xtcp.tcp_syncookies
fi
if ip netns exec $ns sysctl -qw $cookies=1 2>/dev/null; then
	have_cookies=1
else
	have_cookies=0
	echo "no $cookies: connections counted, not required"
fi

ip netns exec $ns xpy "$XTCP_STRESS_PY" server 10.0.0.1 7100 \
	>"$XTCP_TMP/server" 2>&1 &
XTCP_XFER_PID=$!
wait_for 20 has_line "$XTCP_TMP/server" '^listening'

mem_watch_start
ip netns exec $ns xinject syn -d 10.0.0.1:7100 -s 10.99.0.0/16 -n $syns \
	>"$XTCP_TMP/flood" 2>&1 &
flood=$!
rc=0
ip netns exec $ns xpy "$XTCP_STRESS_PY" connect 10.0.0.1 7100 \
	--count $conns --timeout $limit --interval $every >"$XTCP_TMP/client" 2>&1 || rc=$?
flood_on=no
alive $flood && flood_on=yes
wait $flood || fail "xinject: $(cat "$XTCP_TMP/flood")"
mem_watch_stop

cat "$XTCP_TMP/flood" "$XTCP_TMP/client"
read -r _ _ _ sent _ _ secs _ rate <"$XTCP_TMP/flood"
echo "SYNs sent in $secs s"
figure syn_sent "$sent" SYNs "spoofed SYNs sent"
figure syn_rate "${rate%/s}" /s "SYNs sent a second"
figure peak_mem $((MEM_PEAK_KB / 1024)) MiB \
	"MemAvailable's largest fall during the flood"
figure syncookies $have_cookies "" "$cookies set"
echo "flood still running when the client ended: $flood_on"
[ "$sent" = "$syns" ] || fail "xinject sent $sent SYNs of $syns"
if [ $have_cookies = 1 ]; then
	[ $rc = 0 ] || fail "with $cookies=1 a connection failed"
fi

# The machine survived; the listener and its children go, and the module
# unloads (the runner loads it again for the next test).
kill "$XTCP_XFER_PID"
wait "$XTCP_XFER_PID" 2>/dev/null
XTCP_XFER_PID=
ip netns del $ns
XTCP_NETNS=()
[ "$XTCP_PROTO" = 6 ] && exit 0
unload() { rmmod xtcp 2>/dev/null; ! xtcp_loaded; }
wait_for 60 unload
