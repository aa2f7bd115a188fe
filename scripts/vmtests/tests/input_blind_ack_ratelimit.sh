#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A blind attacker who knows a connection's 4-tuple (RFC 5961 5 and 7):
# a scripted peer 10.0.0.2:40000 connected to a server socket on
# 10.0.0.1:5002 floods it with what such an attacker sends, then counts
# the segments that came back. The rate limit of ACKs to invalid segments
# is set to 60 s (net.xtcp.tcp_invalid_ratelimit; net.ipv4.* on the
# kernel's TCP), so no flood outlasts it.
# - ESTABLISHED: 100 segments of data at RCV.NXT with an ACK 2^30 below
#   SND.UNA, 100 with an ACK 2^30 past SND.NXT and 100 bare ACKs out of
#   the window draw one ACK in all (a challenge ACK), and the injected
#   data never reaches the application: it reads the peer's "hello" that
#   follows, as it was sent.
# - TIME-WAIT: 100 bare ACKs at RCV.NXT draw none (two ends in TIME-WAIT
#   never trade ACKs), 100 out of the window one.
# Without the limits every segment drew an ACK, and the injected data was
# taken.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_peer_net
if [ "$XTCP_PROTO" = 6 ]; then
	sysctl -qw net.ipv4.tcp_invalid_ratelimit=60000
else
	sysctl -qw net.xtcp.tcp_invalid_ratelimit=60000
fi || fail "cannot set tcp_invalid_ratelimit"
xs_sock srv bind:5002 listen mark:listening accept:c c.recv=data:hello \
	await:closeit c.close await:end
xs_wait 10 xs_marked listening
xs_peer p 40000 5002 send:S expect:SA send:A \
	flood:oldack:100 flood:newack:100 flood:oow:100 \
	data:hello expect:A mark:closeit expect:FA send:FA expect:A \
	flood:inwin:100 flood:oow:100 mark:done await:end
xs_wait 30 xs_marked done

# "flood KIND N: answers M", in the order above
mapfile -t got < <(sed -n 's/^flood \([a-z]*\) [0-9]*: answers \([0-9]*\)$/\1=\2/p' \
	"$XS_SYNC/p.out")
echo "answers: ${got[*]}"
[ ${#got[@]} -eq 5 ] || fail "expected 5 floods, got ${#got[@]}"
est=$((${got[0]#*=} + ${got[1]#*=} + ${got[2]#*=}))
expect_eq "ACKs to 300 blind segments in ESTABLISHED" 1 "$est"
expect_eq "ACKs to 100 bare ACKs at RCV.NXT in TIME_WAIT" inwin=0 "${got[3]}"
expect_eq "ACKs to 100 ACKs out of the window in TIME_WAIT" oow=1 "${got[4]}"
xs_expect_state 5002 40000 TIME_WAIT
[ "$XTCP_PROTO" = 6 ] && exit 0

mib() { awk -v k="$1" '$1 == k { print $2 }' /proc/net/xtcp_stat; }
expect_eq TCPChallengeACK 1 "$(mib TCPChallengeACK)"
expect_eq TCPACKSkippedChallenge 199 "$(mib TCPACKSkippedChallenge)"
expect_eq TCPACKSkippedSeq 100 "$(mib TCPACKSkippedSeq)"
expect_eq TCPACKSkippedTimeWait 99 "$(mib TCPACKSkippedTimeWait)"
