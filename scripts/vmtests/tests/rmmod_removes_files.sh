#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# rmmod removes /proc/net/xtcp_stat and net.xtcp from every network
# namespace, and insmod brings them back with the counters at zero.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"

ns=xtcp-$RANDOM
ip netns add $ns || fail "ip netns add failed"
trap 'ip netns del $ns' EXIT
sysctl=/proc/sys/net/xtcp/msl_ms
xpy "$XTCP_INJECT" good || fail "xtcp_inject.py failed"
wait_for 30 stat_above InSegs 0
for f in $XTCP_STAT $sysctl; do
	[ -e "$f" ] || fail "$f missing before rmmod"
	ip netns exec $ns test -e "$f" || fail "$f missing in $ns before rmmod"
done

xtcp_unload || fail "rmmod failed"
for f in $XTCP_STAT $sysctl; do
	[ ! -e "$f" ] || fail "$f still there after rmmod"
	ip netns exec $ns test ! -e "$f" || fail "$f still in $ns after rmmod"
done

xtcp_load || fail "insmod failed"
expect_eq "InSegs after insmod again" 0 "$(stat_get InSegs)"
