#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A receiver with a 4 KiB buffer stops reading until its sender blocks,
# and 3 s more; then it reads to the end. Its window goes to zero, and
# with nothing in flight the sender's persist timer sends zero-window
# probes (RFC 9293 3.8.6.1): bare ACKs at SND.UNA - 1, seen in a capture of
# the sender's device and counted (WinProbes in /proc/net/xtcp_stat,
# TcpExt TCPWinProbe for TCP). Meanwhile the sender's row in
# /proc/net/xtcp (/proc/net/tcp) shows the persist timer: tr 4, as Linux
# shows its zero-window probe timer. Every byte arrives (SHA-256).
#
#   $A: sender 10.1.0.1 (xa) ---- veth ---- (xb) 10.1.0.2:5003 receiver: $B
# Not on the debug kernel: the persist timer runs there under KASAN in
# netem_zero_window and orphan_zero_window; this one cost 35 s of a debug
# VM (2026-12-05).
# kernels: 6.1 6.12
. "$(dirname "$0")/../lib.sh"

A=xtcp-a-$RANDOM B=xtcp-b-$RANDOM sync=$(mktemp -d) cap=
win=$XTCP_TOP/scripts/vmtests/helpers/xtcp_window.py
play=$XTCP_TOP/scripts/vmtests/helpers/xtcp_play.py
cleanup() {
	[ -z "$cap" ] || kill "$cap" 2>/dev/null
	lib_cleanup
	rm -rf "$sync"
}
trap cleanup EXIT
veth_pair "$A" xa 10.1.0.1 "$B" xb 10.1.0.2

probes_counted() {
	if [ "$XTCP_PROTO" = 6 ]; then
		ip netns exec "$A" awk '/^TcpExt:/ { if (!n++) split($0, k);
			else for (i = 2; i <= NF; i++)
				if (k[i] == "TCPWinProbe") print $i }' /proc/net/netstat
	else
		ip netns exec "$A" awk '$1 == "WinProbes" { print $2 }' \
			/proc/net/xtcp_stat
	fi
}

# persist_shown - the sender's row (to 10.1.0.2:5003) has tr 4
persist_shown() {
	local proc=/proc/net/xtcp
	[ "$XTCP_PROTO" = 6 ] && proc=/proc/net/tcp
	ip netns exec "$A" awk '$3 == "0200010A:138B" { split($6, t, ":")
		if (t[1] == "04") found = 1 } END { exit !found }' $proc
}

ip netns exec "$A" xpy "$play" capture xa >"$sync/cap" 2>&1 &
cap=$!
wait_for 10 has_line "$sync/cap" '^capturing' || fail "no capture"
before=$(probes_counted)
ip netns exec "$B" xpy "$win" zwin-server 10.1.0.2:5003 "$sync" 3 \
	>"$sync/srv" 2>&1 &
srv=$!
wait_for 30 test -e "$sync/listening" || fail "server: $(cat "$sync/srv")"
ip netns exec "$A" xpy "$win" zwin-client 10.1.0.2:5003 "$sync" \
	$((1024 * 1024)) >"$sync/cli" 2>&1 &
cli=$!
wait_until 30 persist_shown || tr_missing="no row with tr 4 while stalled"
wait "$cli" || fail "client: $(cat "$sync/cli")"
wait "$srv" || fail "server: $(cat "$sync/srv")"
after=$(probes_counted)
cat "$sync/cli" "$sync/srv"

sent=$(awk '/^sent/ { print $3, $4 }' "$sync/cli")
got=$(awk '/^recv/ { print $3, $4 }' "$sync/srv")
[ -n "$sent" ] && [ "$sent" = "$got" ] || fail "sent $sent, received $got"
stalled=$(awk '/^stalled/ { print $2 }' "$sync/cli")
awk -v s="$stalled" 'BEGIN { exit !(s >= 2) }' ||
	fail "send() was never blocked long (${stalled}s): no zero window"
seen=$(xpy "$win" analyse-zwin "$sync/cap" 10.1.0.1 | awk '{ print $2 }')
echo "probes in the capture: $seen; counted: $before -> $after"
[ "$seen" -ge 1 ] || fail "no zero-window probe in the capture"
[ "$after" -gt "$before" ] || fail "no zero-window probe counted"
[ -z "${tr_missing:-}" ] || fail "/proc: $tr_missing"
