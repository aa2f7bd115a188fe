#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Path MTU discovery (RFC 1191): the client sends 1 MiB to a server behind
# a router whose link to the server has an MTU of 1280, while both ends
# are on 1500-octet links (each offers an MSS of 1460). Segments leave
# with DF set, so the router drops the large ones and answers each with
# ICMP fragmentation needed, MTU 1280. The client must learn it: the
# transfer completes byte-exact, and once everything is acknowledged the
# client's socket shows IP_MTU 1280 and a TCP_MAXSEG of at most 1240
# (TCP: 1228, its timestamps take 12 octets). Without the ICMP handler
# the path is a black hole: xtcp resent 1460-octet segments until the
# client's limit.
#
#   client $C              router $R                      server $S
#   c0 10.9.1.1 ====== r0 10.9.1.254  r1 10.9.2.254 ====== s0 10.9.2.1
#                                     mtu 1280             mtu 1500
#
# Over IPv6 (XTCP_FAMILY=6, lib.sh's fam addresses) the router answers
# ICMPv6 packet too big (RFC 8201; IPv6 routers never fragment) and the
# MSS is at most 1280 - 60 (TCP: 1208).
#
# (xtcp_netxfer.py on protocol $XTCP_PROTO.)
# kernels: 6.1 debug
. "$(dirname "$0")/../lib.sh"
trap lib_cleanup EXIT

C=xtcp-pc-$RANDOM R=xtcp-pr-$RANDOM S=xtcp-ps-$RANDOM
h=$XTCP_TOP/scripts/vmtests/helpers/xtcp_netxfer.py
limit=$((30 * XTCP_WAIT_SCALE))

veth_pair "$C" c0 10.9.1.1 "$R" r0 10.9.1.254
netns_add "$S" || fail "cannot make namespace $S"
veth_link "$R" r1 10.9.2.254 "$S" s0 10.9.2.1
ip -n "$R" link set r1 mtu 1280 &&
	fam_forward "$R" &&
	ip -n "$C" route add default via "$(fam 10.9.1.254)" &&
	ip -n "$S" route add default via "$(fam 10.9.2.254)" ||
	fail "cannot set up the router"
srv=$(fam 10.9.2.1) hdrs=40
[ "$XTCP_FAMILY" != 6 ] || hdrs=60

lib_tmp
ip netns exec "$S" xpy "$h" server "$srv" 5201 --proto "$XTCP_PROTO" \
	--mib 1 --limit "$limit" >"$XTCP_TMP/server" 2>&1 &
XTCP_XFER_PID=$!
wait_for 20 has_line "$XTCP_TMP/server" '^listening'
rc=0
ip netns exec "$C" xpy "$h" client "$srv" 5201 --proto "$XTCP_PROTO" \
	--mib 1 --limit "$limit" --report-mtu >"$XTCP_TMP/client" 2>&1 || rc=$?
src=0
wait "$XTCP_XFER_PID" || src=$?
XTCP_XFER_PID=
cat "$XTCP_TMP/client" "$XTCP_TMP/server"
echo "router: $(ip netns exec "$R" nstat -az IcmpOutDestUnreachs \
	Icmp6OutPktTooBigs | awk 'NR > 1 { print $1, $2 }')"
[ $rc = 0 ] || fail "client exit status $rc on protocol $XTCP_PROTO"
[ $src = 0 ] || fail "server exit status $src on protocol $XTCP_PROTO"
tx=$(xfer_sum "$XTCP_TMP/client")
rx=$(xfer_sum "$XTCP_TMP/server")
[ -n "$tx" ] && [ "$tx" = "$rx" ] || fail "sent '$tx', received '$rx'"
read -r mtu mss < <(sed -nE 's/^client: IP_MTU ([0-9]+) TCP_MAXSEG ([0-9]+)/\1 \2/p' \
	"$XTCP_TMP/client")
expect_eq "client's IP_MTU" 1280 "$mtu"
[ "$mss" -le $((1280 - hdrs)) ] ||
	fail "client's TCP_MAXSEG $mss, more than 1280 - $hdrs"
