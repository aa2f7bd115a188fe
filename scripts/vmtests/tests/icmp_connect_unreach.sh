#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# connect() fails at once with the errno the ICMP answer to its SYN
# converts to, as TCP's does (tcp_v4_err()), not after the SYN retries:
# - a router with no way to the address answers host unreachable
#   (3/1, a real router's: an "unreachable" route): EHOSTUNREACH;
# - a host where nothing handles the protocol answers protocol
#   unreachable (3/2): a peer without xtcp. The test sends that answer
#   itself, quoting the SYN (xtcp_icmp.py --inject; the route to the
#   peer drops the SYN; the message reaches the client through its
#   loopback device): ENOPROTOOPT, where TCP would meet a reset and
#   ECONNREFUSED.
# Each time the ICMP message is also on the socket's error queue
# (MSG_ERRQUEUE). connect() may block 10 s (SO_SNDTIMEO): without the
# ICMP handler it then fails with EINPROGRESS.
#
#   client $C                 router $R
#   c0 10.9.1.1 ========== r0 10.9.1.254   unreachable 10.9.2.0/24
#                                          blackhole   10.9.3.0/24
#
# Over IPv6 (XTCP_FAMILY=6, lib.sh's fam addresses) as tcp_v6_err() sees
# it: the router's unreachable route answers no route to destination
# (1/0): ENETUNREACH; a host without the protocol answers a parameter
# problem, unknown next header (4/1): EPROTO.
# (xtcp_icmp.py on protocol $XTCP_PROTO.)
# kernels: 6.1 debug
. "$(dirname "$0")/../lib.sh"
trap lib_cleanup EXIT

C=xtcp-uc-$RANDOM R=xtcp-ur-$RANDOM
h=$XTCP_TOP/scripts/vmtests/helpers/xtcp_icmp.py
to=$((10 * XTCP_WAIT_SCALE))

# errno, ICMP type and code: host (no route) and protocol unreachable
unreach=(EHOSTUNREACH 3 1) noproto=(ENOPROTOOPT 3 2)
[ "$XTCP_FAMILY" != 6 ] || unreach=(ENETUNREACH 1 0) noproto=(EPROTO 4 1)

veth_pair "$C" c0 10.9.1.1 "$R" r0 10.9.1.254
fam_forward "$R" &&
	ip -n "$R" route add unreachable "$(fam 10.9.2.0/24)" &&
	ip -n "$R" route add blackhole "$(fam 10.9.3.0/24)" &&
	ip -n "$C" route add default via "$(fam 10.9.1.254)" &&
	ip -n "$C" link set lo up ||
	fail "cannot set up the router"

ip netns exec "$C" xpy "$h" connect "$(fam 10.9.2.1)" 5201 \
	--proto "$XTCP_PROTO" --timeout "$to" --expect "${unreach[0]}" \
	--type "${unreach[1]}" --code "${unreach[2]}" ||
	fail "host unreachable on protocol $XTCP_PROTO, IPv$XTCP_FAMILY"
ip netns exec "$C" xpy "$h" connect "$(fam 10.9.3.1)" 5201 \
	--proto "$XTCP_PROTO" --timeout "$to" --expect "${noproto[0]}" \
	--type "${noproto[1]}" --code "${noproto[2]}" \
	--inject "${noproto[1]},${noproto[2]}" --dev c0 ||
	fail "protocol unreachable on protocol $XTCP_PROTO, IPv$XTCP_FAMILY"
