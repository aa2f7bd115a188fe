#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# MSG_ZEROCOPY between two namespaces (helpers/xtcp_zc.py), as on the
# kernel's TCP (XTCP_PROTO=6):
#
# 1. 1 MiB from A to B in 16 writes with MSG_ZEROCOPY, TSO off on xa (the
#    aggregates, pinned pages and notification, cut in software: GSO's
#    skb_segment() hands each segment the notification) and netem loss 2%
#    on xa (segments of pinned pages sent again): the data arrive
#    whole (same SHA-256), each write is notified once on A's error queue,
#    and every notification says COPIED: the segments cross veth into
#    B's stack, which copies pages a sender may still own
#    (skb_orphan_frags_rx()), as for loopback.
# 2. 8 KiB in 4 writes into a black hole (netem loss 100% on xa once
#    connected, TCP_USER_TIMEOUT 1 s): the connection times out
#    (ETIMEDOUT), its pinned pages are freed without ever being copied,
#    and every notification says so (COPIED clear): the pages went down
#    to the device queue as they were, no copy on the way.
#
#   $A: 10.16.0.1 (xa) ---- veth ---- (xb) 10.16.0.2:5016 $B
#
# Over IPv6 with XTCP_FAMILY=6.
# kernels: 6.1 6.12
# timeout: 120
. "$(dirname "$0")/../lib.sh"

A=xtcp-a-$RANDOM B=xtcp-b-$RANDOM
trap lib_cleanup EXIT
zc=$XTCP_TOP/scripts/vmtests/helpers/xtcp_zc.py
lib_tmp
d=$XTCP_TMP

veth_pair "$A" xa 10.16.0.1 "$B" xb 10.16.0.2
command -v ethtool >/dev/null || skip "no ethtool"
ip netns exec "$A" ethtool -K xa tso off >/dev/null ||
	fail "ethtool -K xa tso off"
tc -n "$A" qdisc replace dev xa root netem loss 2% ||
	fail "cannot add netem to xa"
addr=$(fam 10.16.0.2)

ip netns exec "$B" xpy "$zc" sink "$addr" 5016 --proto "$XTCP_PROTO" \
	>"$d/sink" 2>&1 &
XTCP_XFER_PID=$!
wait_for 20 has_line "$d/sink" '^listening'
ip netns exec "$A" xpy "$zc" send "$addr" 5016 --proto "$XTCP_PROTO" \
	--kib 1024 --writes 16 --copied 1 >"$d/send" 2>&1 ||
	fail "sender: $(cat "$d/send")"
wait "$XTCP_XFER_PID" || fail "sink: $(cat "$d/sink")"
cat "$d/send"
expect_eq "1 MiB by MSG_ZEROCOPY over veth: received" \
	"$(xfer_sum "$d/send")" "$(xfer_sum "$d/sink")"

ip netns exec "$B" xpy "$zc" sink "$addr" 5017 --proto "$XTCP_PROTO" \
	>"$d/sink2" 2>&1 &
XTCP_XFER_PID=$!
wait_for 20 has_line "$d/sink2" '^listening'
ip netns exec "$A" xpy "$zc" send "$addr" 5017 --proto "$XTCP_PROTO" \
	--kib 8 --writes 4 --copied 0 --blackhole xa >"$d/send2" 2>&1 ||
	fail "sender into the black hole: $(cat "$d/send2")"
cat "$d/send2"
grep -q '^SO_ERROR ETIMEDOUT' "$d/send2" ||
	fail "the connection into the black hole did not time out"
# the sink waits for data that never come: its socket would hold xtcp
kill "$XTCP_XFER_PID"
wait "$XTCP_XFER_PID" 2>/dev/null || :
XTCP_XFER_PID=
