#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A closed sender whose data waits on a peer's zero window (the peer's
# buffer is full and it never reads) is an orphan, and a peer cannot keep
# it for ever (Linux's tcp_probe_timer(), orphan branch):
# 1. the peer answers every zero-window probe: once the probe timeout has
#    reached its upper bound, the orphan is given up (net.xtcp.rto_max_ms
#    800 makes that the third probe timeout, about 1.4 s; TCP's is
#    TCP_RTO_MAX, 120 s, about 200 s: this part is xtcp's only);
# 2. the peer goes dark and tcp_orphan_retries goes from 0 (8 probes) to
#    1: the next probe, unanswered, ends the orphan.
# Either way the orphan leaves /proc/net/xtcp (/proc/net/tcp) and
# TCPAbortOnTimeout counts it; no reset is sent (tcp_write_err()).
#
#   $A: senders 10.1.0.1 (xa) ---- veth ---- (xb) 10.1.0.2 peer: $B
# kernels: 6.1 debug
# timeout: 180
. "$(dirname "$0")/../lib.sh"

A=xtcp-a-$RANDOM B=xtcp-b-$RANDOM
orph=$XTCP_TOP/scripts/vmtests/helpers/xtcp_orphans.py
trap lib_cleanup EXIT
veth_pair "$A" xa 10.1.0.1 "$B" xb 10.1.0.2
aborts() { ip netns exec "$A" xpy "$orph" stat "$XTCP_PROTO" TCPAbortOnTimeout; }

# field NAME OUTPUT - the value on the line "NAME value" of OUTPUT
field() { awk -v k="$1" '$1 == k { print $2 }' <<<"$2"; }

if [ "$XTCP_PROTO" != 6 ]; then
	ip netns exec "$A" sysctl -qw net.xtcp.rto_max_ms=800 ||
		fail "cannot set rto_max_ms"
	before=$(aborts)
	out=$(ip netns exec "$A" xpy "$orph" orphans "$XTCP_PROTO" "$B" xb \
		5101 2 --wait-gone $((10 * XTCP_WAIT_SCALE))) ||
		fail "helper: $out"
	echo "answering peer: $(tr '\n' ' ' <<<"$out")"
	[ "$(field left "$out")" = 0 ] ||
		fail "orphans behind an answering zero window never end"
	[ "$(field reset "$out")" = 0 ] || fail "a reset was sent"
	after=$(aborts)
	[ "$after" -ge $((before + 2)) ] ||
		fail "TCPAbortOnTimeout $before -> $after, not +2"
	ip netns exec "$A" sysctl -qw net.xtcp.rto_max_ms=120000
fi

before=$(aborts)
out=$(ip netns exec "$A" xpy "$orph" orphans "$XTCP_PROTO" "$B" xb 5102 2 \
	--settle 0.5 --dark --then-retries 1 \
	--wait-gone $((15 * XTCP_WAIT_SCALE))) ||
	fail "helper: $out"
echo "dark peer: $(tr '\n' ' ' <<<"$out")"
[ "$(field left "$out")" = 0 ] ||
	fail "orphans probing a dark peer outlived tcp_orphan_retries 1"
after=$(aborts)
[ "$after" -ge $((before + 2)) ] ||
	fail "TCPAbortOnTimeout $before -> $after, not +2"
