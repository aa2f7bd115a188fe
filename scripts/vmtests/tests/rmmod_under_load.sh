#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The module unloads and loads again, three times, while segments keep
# arriving (good ones and random bytes, from two senders); nothing
# crashes, and the module ends loaded with /proc/net/xtcp_stat readable.
# (The debug kernel's KASAN, lockdep and kmemleak judge the rest.)
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"

# 200 segments a second from each sender (about the pace scapy kept when
# it built them): unpaced, the two senders flooded the debug kernel's VM
# and rmmod met the test's time limit.
export XTCP_INJECT_PPS=200
xpy "$XTCP_INJECT" garbage 1000000 &
p1=$!
xpy "$XTCP_INJECT" good 1000000 &
p2=$!
trap 'kill $p1 $p2 2>/dev/null' EXIT
wait_for 60 stat_above InSegs 100

for i in 1 2 3; do
	xtcp_unload || fail "rmmod $i failed"
	xtcp_load || fail "insmod $i failed"
	wait_for 60 stat_above InSegs 100
done
alive "$p1" && alive "$p2" || fail "a sender stopped early"
cat $XTCP_STAT
