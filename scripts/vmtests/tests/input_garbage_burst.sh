#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A burst of 1000 segments of random bytes (0 to 99 of them) crashes
# nothing, and each one is counted in InSegs and in exactly one of the
# other counters (a drop reason, or InNoSocket for the rare one that is
# well formed).
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"

n=1000
before=$(mktemp)
trap 'rm -f "$before"' EXIT
cat $XTCP_STAT >"$before"
xpy "$XTCP_INJECT" garbage $n || fail "xtcp_inject.py garbage failed"
wait_for 60 stat_reached "$before" InSegs $n

deltas=$(stat_deltas "$before") || fail "cannot read $XTCP_STAT"
echo "$deltas"
sum=0 segs=
while read -r name d; do
	case $name in
	InSegs) segs=$d ;;
	*) sum=$((sum + d)) ;;
	esac
done <<<"$deltas"
expect_eq "InSegs increment" "+$n" "$segs"
expect_eq "segments counted in the other counters" $n "$sum"
