#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1
# xtcp-states (scripts/xtcp-states) on scripted connections through the
# rows of Figure 6: its dot source must highlight exactly the transitions
# each end made, numbered in order (xtcp_figure6_check.py), and every
# state change but TIME-WAIT's end must have reached the socket tracepoint.
#   open  an ordinary open and close: T01 T02 T04 T08 T09 T12 T13 T14 T17
#         T19 T20 T21
#   simul both ends connect() and later close() at once, lo delayed 100 ms
#         by netem, so SYNs and FINs cross: T02 T06 T09 T12 T15 T18 T21
#   refin a scripted peer answers the FIN with FIN,ACK, then sends its FIN
#         again: T02 T08 T12 T16, T22 (re-ACK in TIME-WAIT), T21
# 2MSL is 200 ms (net.xtcp.msl_ms 100); xtcp-states waits for it. The
# records and the captures are left in $XTCP_OUT (build/6.1/vmtests/), to
# draw them:
#   scripts/xtcp-states draw -o simul.svg build/6.1/vmtests/tool_states_figure6-simul.json
. "$(dirname "$0")/../lib.sh"
[ "${XTCP_PROTO:-253}" = 253 ] ||
	skip "xtcp-states reads xtcp's own state-machine log"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

states=$XTCP_TOP/scripts/xtcp-states
check=$XTCP_TOP/scripts/vmtests/helpers/xtcp_figure6_check.py
sysctl -qw net.xtcp.msl_ms=100 net.xtcp.tcp_invalid_ratelimit=0 ||
	fail "cannot set net.xtcp.msl_ms, tcp_invalid_ratelimit"

# walk NAME A:ROWS B:ROWS -- COMMAND... - record COMMAND, draw its
# connection's dot source and check it against the rows each end took.
walk() {
	local name=$1 a=$2 b=$3 d=$XS_SYNC/$1
	shift 4
	xpy "$states" record --wait 10 -o "$d.json" -w "$d.pcap" -- "$@" \
		>"$d.rec" 2>&1 ||
		{ cat "$d.rec"; fail "$name: the recorded command failed"; }
	xpy "$states" draw --text --dot "$d.dot" "$d.json" ||
		fail "$name: xtcp-states draw failed"
	xpy "$check" "$d.dot" "$d.json" "$a" "$b" || fail "$name: wrong picture"
	cp "$d.json" "$XTCP_OUT/tool_states_figure6-$name.json" 2>/dev/null
	cp "$d.pcap" "$XTCP_OUT/tool_states_figure6-$name.pcap" 2>/dev/null
	return 0
}

walk open A:T02,T08,T12,T14,T17,T21 B:T01,T04,T09,T13,T19,T20 -- \
	xpy "$XS_PLAY" sock l.bind:5001@127.0.0.1 l.listen \
	a.bind:5002@127.0.0.1 a.connect:5001 l.accept:b a.close b.recv=EOF \
	b.close l.close

tc qdisc add dev lo root netem delay 100ms || fail "tc netem on lo"
walk simul A:T02,T06,T09,T12,T15,T18,T21 B:T02,T06,T09,T12,T15,T18,T21 -- \
	xpy "$XS_PLAY" sock a.bind:5003@127.0.0.1 b.bind:5004@127.0.0.1 \
	a.nbconnect:5004 b.nbconnect:5003 a.waitconn b.waitconn a.close b.close
tc qdisc del dev lo root

# no checksum offload on the peer's device: xtcp sums what it sends there
# in full, so the capture is one for the dissector's test (tools-check.sh)
xs_peer_net
ethtool -K $XS_IFACE tx off >/dev/null || fail "ethtool -K $XS_IFACE tx off"
walk refin A:T02,T08,T12,T16,T22,T21 B: -- bash -c '
	xpy "$0" sock await:ready bind:5005 connect:40000@10.0.0.2 close &
	xpy "$0" peer 40000 5005 mark:ready expect:S send:SA expect:A \
		expect:FA send:FA expect:A sleep:50 resend expect:A || exit 1
	wait $!' "$XS_PLAY"
