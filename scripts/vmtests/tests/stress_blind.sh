#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 180
# Blind injection (make stress; a short version here), RFC 5961's
# attacker: it knows a connection's 4-tuple (127.0.0.1 both ends, in a
# namespace of its own) but not its sequence numbers. xinject sends RSTs,
# SYNs and ACKs with 64 octets of data, a third each, at both ends in
# turn, their sequence numbers stepping through the whole space from a
# random start, acknowledgment numbers at random: 10,000 long
# (XTCP_STRESS=1), 1,500 short. None may be accepted: both ends stay
# ESTABLISHED, then the client's "hello" is the first and only thing the
# server reads and the server's "world" the client's (xtcp_stress.py
# blind).
# Figures: segments sent, challenge ACKs sent (TCPChallengeACK), and 0 or
# 1 for an injection accepted.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stress.sh"
trap lib_cleanup EXIT

n=1500
stress_long && n=10000
ns=xtcp-blind-$RANDOM
netns_add $ns || fail "ip netns add failed"
ip -n $ns link set lo up
lib_tmp
go=$XTCP_TMP/go
ip netns exec $ns xpy "$XTCP_STRESS_PY" blind 127.0.0.1 7400 --go "$go" \
	>"$XTCP_TMP/conn" 2>&1 &
XTCP_XFER_PID=$!
wait_for 20 has_line "$XTCP_TMP/conn" '^tuple '
read -r _ c s <"$XTCP_TMP/conn"
echo "client $c, server $s"

proto_stat $ns "$XTCP_TMP/before"
ip netns exec $ns xinject blind -n $n -t "$c,$s" -t "$s,$c" \
	>"$XTCP_TMP/inject" 2>&1 || fail "xinject: $(cat "$XTCP_TMP/inject")"
cat "$XTCP_TMP/inject"
read -r _ _ _ sent _ <"$XTCP_TMP/inject"
# Every segment reached the protocol (xinject's sends over lo are
# processed as they are sent; InSegs counts the answers too).
proto_stat $ns "$XTCP_TMP/after"
in=$(stat_delta "$XTCP_TMP/before" "$XTCP_TMP/after" InSegs)
challenge=$(stat_delta "$XTCP_TMP/before" "$XTCP_TMP/after" TCPChallengeACK)
touch "$go"
rc=0
wait "$XTCP_XFER_PID" || rc=$?
XTCP_XFER_PID=
sed '/^tuple /d' "$XTCP_TMP/conn"
if [ $rc != 0 ]; then
	ip netns exec $ns cat /proc/net/xtcp /proc/net/tcp
	proto_stat $ns "$XTCP_TMP/after"
	XTCP_STAT=$XTCP_TMP/after stat_deltas "$XTCP_TMP/before" | grep -v ' +0$'
fi
figure blind_sent "$sent" segments "RST, SYN and data with guessed numbers"
figure blind_challenge_acks "$challenge" ACKs "challenge ACKs they drew"
[ "$in" -ge "$n" ] || fail "InSegs grew by $in, less than the $n sent"
[ $rc = 0 ] || fail "an injected segment was accepted (above)"
