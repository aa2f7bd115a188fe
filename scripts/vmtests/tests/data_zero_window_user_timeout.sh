#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A receiver that never reads keeps its window at zero and answers every
# zero-window probe. With TCP_USER_TIMEOUT 2000 ms its sender gives up
# anyway, as Linux's does (tcp_probe_timer()): once 2 s have passed since
# the first probe, the connection ends and send() fails with ETIMEDOUT;
# not before 2 s after it blocked, and well before the data retry limit
# (15 probes, minutes).
#
#   $A: sender 10.1.0.1 (xa) ---- veth ---- (xb) 10.1.0.2:5006 receiver: $B
. "$(dirname "$0")/../lib.sh"

A=xtcp-a-$RANDOM B=xtcp-b-$RANDOM sync=$(mktemp -d) srv=
win=$XTCP_TOP/scripts/vmtests/helpers/xtcp_window.py
cleanup() {
	touch "$sync/done"
	[ -z "$srv" ] || wait "$srv" 2>/dev/null
	lib_cleanup
	rm -rf "$sync"
}
trap cleanup EXIT
veth_pair "$A" xa 10.1.0.1 "$B" xb 10.1.0.2

ip netns exec "$B" xpy "$win" hold-server 10.1.0.2:5006 "$sync" \
	>"$sync/srv" 2>&1 &
srv=$!
wait_for 30 test -e "$sync/listening"
ip netns exec "$A" xpy "$win" zwin-give-up 10.1.0.2:5006 "$sync" 2000 \
	>"$sync/cli" 2>&1 || fail "client: $(cat "$sync/cli")"
cat "$sync/cli"
read -r _ err _ secs <"$sync/cli"
[ "$err" = ETIMEDOUT ] || fail "send() failed with $err, not ETIMEDOUT"
awk -v s="$secs" 'BEGIN { exit !(s >= 2 && s <= 30) }' ||
	fail "gave up ${secs}s after send() blocked, not 2-30 s"
