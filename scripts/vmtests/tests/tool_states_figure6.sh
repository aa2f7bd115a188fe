#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1
# xtcp-states (scripts/xtcp-states) on scripted connections through the
# rows of Figure 6, recorded at once: the dot source of each must
# highlight exactly the transitions each end made, numbered in order
# (xtcp_figure6_check.py), and every state change but TIME-WAIT's end
# must have reached the socket tracepoint.
#   open  5002 -> 5001, an ordinary open and close: T01 T02 T04 T08 T09
#         T12 T13 T14 T17 T19 T20 T21
#   simul 5003 <-> 5004: both ends connect() and later close() at once,
#         lo delayed 100 ms by netem, so SYNs and FINs cross: T02 T06 T09
#         T12 T15 T18 T21 on each; netem stays until both have ended
#         (deleting it dropped the FINs it held: RTO retransmissions
#         then made T22s, or T14 T17)
#   refin 5005 -> a scripted peer that answers the FIN with FIN,ACK, then
#         sends its FIN again: T02 T08 T12 T16, T22 (re-ACK in
#         TIME-WAIT), T21
# 2MSL is 200 ms (net.xtcp.msl_ms 100); xtcp-states waits for its ends.
# The record and the capture are left in $XTCP_OUT (build/6.1/vmtests/);
# to draw one: scripts/xtcp-states draw -c 5003:5004 -o simul.svg \
#   build/6.1/vmtests/tool_states_figure6.json
. "$(dirname "$0")/../lib.sh"
[ "${XTCP_PROTO:-253}" = 253 ] ||
	skip "xtcp-states reads xtcp's own state-machine log"
[ "$XTCP_FAMILY" = 4 ] || skip "its capture is for the dissector's IPv4 test"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

check=$XTCP_TOP/scripts/vmtests/helpers/xtcp_figure6_check.py
rec=$XS_SYNC/walks
# RTO at least 1 s: no FIN is sent again over the 200 ms of netem's RTT
# (one was, once: TIME-WAIT acknowledged it again, a T22 of its own)
sysctl -qw net.xtcp.msl_ms=100 net.xtcp.tcp_invalid_ratelimit=0 \
	net.xtcp.rto_min_ms=1000 ||
	fail "cannot set net.xtcp.msl_ms, tcp_invalid_ratelimit, rto_min_ms"
# no checksum offload on the peer's device: xtcp sums what it sends there
# in full, so the capture is one for the dissector's test (tools-check.sh)
xs_peer_net
ethtool -K $XS_IFACE tx off >/dev/null || fail "ethtool -K $XS_IFACE tx off"

# shellcheck disable=SC2016 # expanded by the recorded bash
xpy "$XTCP_TOP/scripts/xtcp-states" record --wait 10 -o "$rec.json" \
	-w "$rec.pcap" -- bash -c '
	set -e
	xpy "$0" sock l.bind:5001@127.0.0.1 l.listen a.bind:5002@127.0.0.1 \
		a.connect:5001 l.accept:b a.close b.recv=EOF b.close l.close
	tc qdisc add dev lo root netem delay 100ms
	xpy "$0" sock a.bind:5003@127.0.0.1 b.bind:5004@127.0.0.1 \
		a.nbconnect:5004 b.nbconnect:5003 a.waitconn b.waitconn \
		a.close b.close a.waitstate:CLOSED b.waitstate:CLOSED
	tc qdisc del dev lo root
	xpy "$0" sock await:ready bind:5005 connect:40000@10.0.0.2 close &
	xpy "$0" peer 40000 5005 mark:ready expect:S send:SA expect:A \
		expect:FA send:FA expect:A sleep:50 resend expect:A
	wait $!' "$XS_PLAY" >"$rec.out" 2>&1 ||
	{ cat "$rec.out"; fail "the recorded connections failed"; }
cp "$rec.json" "$XTCP_OUT/tool_states_figure6.json" 2>/dev/null
cp "$rec.pcap" "$XTCP_OUT/tool_states_figure6.pcap" 2>/dev/null

xpy "$check" -c 5002:5001 "$rec.json" A:T02,T08,T12,T14,T17,T21 \
	B:T01,T04,T09,T13,T19,T20 || fail "open: wrong picture"
xpy "$check" -c 5003:5004 "$rec.json" A:T02,T06,T09,T12,T15,T18,T21 \
	B:T02,T06,T09,T12,T15,T18,T21 || fail "simul: wrong picture"
xpy "$check" -c 5005:40000 "$rec.json" A:T02,T08,T12,T16,T22,T21 B: ||
	fail "refin: wrong picture"
