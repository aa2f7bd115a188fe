#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every network namespace has its own /proc/net/xtcp_stat: a new one
# starts with every counter at zero, and a segment sent inside it is
# counted there only.
#
#   init netns: lo, counters of its own
#   $ns:        lo, counters of its own, all zero at first
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"

ns=xtcp-$RANDOM
ip netns add $ns || fail "ip netns add failed"
trap 'ip netns del $ns' EXIT
ip -n $ns link set lo up

# Make the init namespace's counters non-zero first.
xpy "$XTCP_INJECT" good || fail "xtcp_inject.py failed"
wait_for 30 stat_above InSegs 0

lines=$(ip netns exec $ns cat $XTCP_STAT) || fail "no $XTCP_STAT in $ns"
[ -n "$lines" ] || fail "$XTCP_STAT is empty in $ns"
while read -r name value; do
	expect_eq "$name in the new namespace" 0 "$value"
done <<<"$lines"

init_before=$(mktemp)
trap 'ip netns del $ns; rm -f "$init_before"' EXIT
cat $XTCP_STAT >"$init_before"
ip netns exec $ns xpy "$XTCP_INJECT" good || fail "xtcp_inject.py failed in $ns"
ns_stat() { ip netns exec $ns cat $XTCP_STAT | stat_get "$1" /dev/stdin; }
# the SYN and the reset that answers it, looped back
ns_counted() { [ "$(ns_stat InSegs)" = 2 ]; }
wait_for 30 ns_counted
expect_eq "InNoSocket in $ns" 2 "$(ns_stat InNoSocket)"
expect_eq "OutRsts in $ns" 1 "$(ns_stat OutRsts)"
expect_deltas "$init_before"
