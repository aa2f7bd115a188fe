#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
# SYN flood (make stress; a short version here): xinject sends spoofed
# SYNs, from random addresses of 10.99.0.0/16 (routed to a dummy device:
# nobody answers the SYN-ACKs), random ports and ISNs, at a listener on
# 10.0.0.1:7100 while a real client opens connections to it, one every
# 50 ms (20 ms), each given 10 s (3 s; debug kernel 30 s) to connect and
# read the server's octet. Long (XTCP_STRESS=1): 100,000 SYNs (10,000 on
# the debug kernel) and 100 connections; short (in parentheses): at most
# 3,000 (debug kernel 1,000), ended when the client ends, and 10.
# With SYN cookies (net.ipv4.tcp_syncookies=1 for TCP; for xtcp
# net.xtcp.tcp_syncookies=1 where the module has it) every connection
# must succeed. Without them it reports how many did, and requires that
# the machine survives and that the module unloads afterwards.
# Figures: SYNs sent and their rate, connections made, their median and
# longest time, the peak memory used (MemAvailable's fall below its
# value before the flood, sampled every 0.2 s), and the packets the
# guest's network stack dropped before any transport saw them
# (/proc/net/softnet_stat: its input backlog full).
# On the debug kernel the long version's flood is paced to 400 SYNs a
# second. Unpaced (1,300 a second, 20,000), 43 of the 100 connections
# timed out, but only 7,329 of the SYNs ever reached the listener (7,134
# cookies sent, 195 children) and its counters showed no drop, no cookie
# refused and no accept-queue overflow (2026-12-04): the one-vCPU guest
# lost the rest before the listener (where is not measured yet: InSegs,
# printed now, and backlog_drops will tell), the client's packets with
# them. Paced, all 10,100 SYNs reached it and 100 of 100 connected.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stress.sh"
trap lib_cleanup EXIT

# The debug kernel takes about 350 SYNs a second (6.1 8,000 to 17,000)
debug=
[ "${XTCP_KERNEL:-}" != debug ] || debug=1
syns=3000 conns=10 every=0.02 limit=3 pace=
# The debug guest keeps the host's time (the TSC, scripts/vm-run.sh), so
# a starved guest is slow by the clock: on a loaded host 5 of 10
# connections took 2.8 to 3.5 s there (make check, load 10, 2026-12-05);
# with QEMU pinned to one CPU beside two busy loops, 140 SYNs a second,
# 3.2 s (median) to 4.6 s (2026-12-06); in two make checks the guest sent
# 52 and 55 SYNs a second, its flood lasted 18 s, and 5 and then all 10
# connections missed a 10 s limit (no cookie ACK had come back when the
# client ended). So
# 30 s there: SYN retransmissions at 1, 3, 7 and 15 s fit in it. The
# short version's flood ends when the client does (the connections all
# met it; its count is the most it sends), so a slow guest does not send
# the rest of it for nothing.
stop_flood=1
[ -z "$debug" ] || syns=1000 limit=30
if stress_long; then
	syns=100000 conns=100 every=0.05 limit=10 stop_flood=
	[ -z "$debug" ] || syns=10000 pace="-r 400"
fi
# packets the stack dropped at its input backlog, all CPUs
softnet_drops() {
	local _cpu dropped _rest total=0
	while read -r _cpu dropped _rest; do
		total=$((total + 16#$dropped))
	done </proc/net/softnet_stat
	echo $total
}
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

backlog_before=$(softnet_drops)
mem_watch_start
# shellcheck disable=SC2086 # $pace is an option and its value, or nothing
ip netns exec $ns xinject syn -d 10.0.0.1:7100 -s 10.99.0.0/16 -n $syns $pace \
	>"$XTCP_TMP/flood" 2>&1 &
flood=$!
rc=0
ip netns exec $ns xpy "$XTCP_STRESS_PY" connect 10.0.0.1 7100 \
	--count $conns --timeout $limit --interval $every >"$XTCP_TMP/client" 2>&1 || rc=$?
flood_on=no
alive $flood && flood_on=yes
[ -z "$stop_flood" ] || kill -TERM $flood 2>/dev/null
if [ $rc != 0 ]; then
	# the real connections' sockets on both ends (10.0.0.1 to itself;
	# the flood's are from 10.99.0.0/16): their states and timers
	echo "sockets between 10.0.0.1 and itself after the client ended:"
	table=/proc/net/xtcp
	[ "$XTCP_PROTO" != 6 ] || table=/proc/net/tcp
	ip netns exec $ns cat $table |
		awk 'NR == 1 || ($2 ~ /^0100000A:/ && $3 ~ /^0100000A:/)'
fi
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
figure backlog_drops $(($(softnet_drops) - backlog_before)) packets \
	"dropped at the guest's input backlog, before any transport"
echo "flood still running when the client ended: $flood_on"
# what the listener did with the SYNs and ACKs: cookies sent and taken,
# drops (to tell a starved guest from a lost handshake)
proto_stat $ns "$XTCP_TMP/stat"
echo "listener's counters: $(grep -E '^(InSegs|PassiveOpens|Syncookies[A-Za-z]+|ListenOverflows|ListenDrops|TCPReqQFull[A-Za-z]+|InNoMem|InErrs) ' \
	"$XTCP_TMP/stat" | tr '\n' ' ')"
if [ -z "$stop_flood" ] || [ $flood_on = no ]; then
	[ "$sent" = "$syns" ] || fail "xinject sent $sent SYNs of $syns"
fi
if [ $have_cookies = 1 ]; then
	# the flood filled the SYN queue: the connections met cookies
	[ "$(stat_get SyncookiesSent "$XTCP_TMP/stat")" -gt 0 ] ||
		fail "no SYN cookie sent: the flood never filled the SYN queue"
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
