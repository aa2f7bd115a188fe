#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tcp_max_tw_buckets: with the limit at 2, five connections the client
# closes first leave 2 TIME-WAIT rows in /proc/net/xtcp (/proc/net/tcp);
# the other 3 close without TIME-WAIT, counted by TCPTimeWaitOverflow,
# and xtcp logs "xtcp: time wait bucket table overflow" (ratelimited, as
# Linux's TCP did).
# kernels: 6.1 debug
. "$(dirname "$0")/../lib.sh"

orph=$XTCP_TOP/scripts/vmtests/helpers/xtcp_orphans.py
ns=xtcp-$RANDOM
ip netns add $ns || fail "ip netns add failed"
trap 'ip netns del $ns 2>/dev/null' EXIT
ip -n $ns link set lo up
if [ "$XTCP_PROTO" = 6 ]; then
	ip netns exec $ns sysctl -qw net.ipv4.tcp_max_tw_buckets=2
else
	ip netns exec $ns sysctl -qw net.xtcp.tcp_max_tw_buckets=2
fi || fail "cannot set tcp_max_tw_buckets"
overflows() {
	ip netns exec $ns xpy "$orph" stat "$XTCP_PROTO" TCPTimeWaitOverflow
}
before=$(overflows)
out=$(ip netns exec $ns xpy "$orph" tw "$XTCP_PROTO" 5) || fail "helper: $out"
after=$(overflows)
echo "$out; TCPTimeWaitOverflow $before -> $after"
[ "$out" = "tw 2" ] || fail "$out TIME-WAIT rows, the limit is 2"
[ "$after" = $((before + 3)) ] || fail "TCPTimeWaitOverflow not +3"
if [ "$XTCP_PROTO" != 6 ]; then
	dmesg | grep -q 'xtcp: time wait bucket table overflow' ||
		fail "no overflow message in the kernel log"
fi
