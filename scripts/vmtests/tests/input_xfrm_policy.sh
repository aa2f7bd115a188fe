#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The IPsec input policy holds for xtcp as for TCP: while an xfrm policy
# in $B blocks $XTCP_PROTO from $A, $A's SYNs never reach the listener
# ($B's /proc/net/xfrm_stat counts XfrmInPolBlock; on xtcp InPolicyDrop
# counts them, and no child is made); once the policy is gone, a
# retransmitted SYN opens the connection and 1 MiB goes through whole.
#
#   $A: 10.4.0.1 (xa) ---- veth ---- (xb) 10.4.0.2:5004 $B
#                                          xfrm policy: in, block
# (the loopback device skips policies: disable_policy)
# kernels: 6.1 6.12
. "$(dirname "$0")/../lib.sh"

A=xtcp-a-$RANDOM B=xtcp-b-$RANDOM
trap lib_cleanup EXIT
[ -e /proc/net/xfrm_stat ] || skip "no CONFIG_XFRM_STATISTICS"

veth_pair "$A" xa 10.4.0.1 "$B" xb 10.4.0.2
sel=(src 10.4.0.1/32 dst 10.4.0.2/32 proto "$XTCP_PROTO")
ip -n "$B" xfrm policy add dir in "${sel[@]}" action block ||
	skip "cannot add an xfrm policy (xfrm_user)"

# in_b FILE NAME - the counter NAME of /proc/net/FILE in $B, read through
# the server's /proc entry (a process in $B), with no program started
in_b() {
	local name val
	while read -r name val; do
		[ "$name" = "$2" ] && { echo "$val"; return; }
	done <"/proc/$XTCP_XFER_PID/net/$1"
}
# xfrm_blocked - has $B's XfrmInPolBlock counted a segment? Fails the
# test if the client got through.
xfrm_blocked() {
	local n
	has_line "$XTCP_TMP/client" '^client: connected' &&
		fail "connected through a blocking policy"
	n=$(in_b xfrm_stat XfrmInPolBlock)
	[ "${n:-0}" -ge 1 ]
}

h=$XTCP_TOP/scripts/vmtests/helpers/xtcp_netxfer.py
lib_tmp
ip netns exec "$B" xpy "$h" server 10.4.0.2 5004 --proto "$XTCP_PROTO" \
	--mib 1 >"$XTCP_TMP/server" 2>&1 &
XTCP_XFER_PID=$!
wait_for 20 has_line "$XTCP_TMP/server" '^listening'
ip netns exec "$A" xpy "$h" client 10.4.0.2 5004 --proto "$XTCP_PROTO" \
	--mib 1 >"$XTCP_TMP/client" 2>&1 &
client=$!
wait_for 30 xfrm_blocked
if [ "$XTCP_PROTO" != 6 ]; then
	dropped=$(in_b xtcp_stat InPolicyDrop)
	[ "${dropped:-0}" -ge 1 ] || fail "InPolicyDrop: ${dropped:-missing}"
	expect_eq "PassiveOpens while blocked" 0 \
		"$(in_b xtcp_stat PassiveOpens)"
fi
has_line "$XTCP_TMP/client" '^client: connected' &&
	fail "connected through a blocking policy"
ip -n "$B" xfrm policy del dir in "${sel[@]}" || fail "ip xfrm policy del"
wait "$client" || fail "client: $(cat "$XTCP_TMP/client")"
wait "$XTCP_XFER_PID" || fail "server: $(cat "$XTCP_TMP/server")"
XTCP_XFER_PID=
expect_eq "data received" "$(xfer_sum "$XTCP_TMP/client")" \
	"$(xfer_sum "$XTCP_TMP/server")"
