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
# (xtcp_icmp.py on protocol $XTCP_PROTO.)
# kernels: 6.1 debug
. "$(dirname "$0")/../lib.sh"
trap lib_cleanup EXIT

C=xtcp-uc-$RANDOM R=xtcp-ur-$RANDOM
h=$XTCP_TOP/scripts/vmtests/helpers/xtcp_icmp.py
to=$((10 * XTCP_WAIT_SCALE))

veth_pair "$C" c0 10.9.1.1 "$R" r0 10.9.1.254
ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1 &&
	ip -n "$R" route add unreachable 10.9.2.0/24 &&
	ip -n "$R" route add blackhole 10.9.3.0/24 &&
	ip -n "$C" route add default via 10.9.1.254 &&
	ip -n "$C" link set lo up ||
	fail "cannot set up the router"

ip netns exec "$C" xpy "$h" connect 10.9.2.1 5201 --proto "$XTCP_PROTO" \
	--timeout "$to" --expect EHOSTUNREACH --code 1 ||
	fail "host unreachable on protocol $XTCP_PROTO"
ip netns exec "$C" xpy "$h" connect 10.9.3.1 5201 --proto "$XTCP_PROTO" \
	--timeout "$to" --expect ENOPROTOOPT --code 2 --inject 3,2 --dev c0 ||
	fail "protocol unreachable on protocol $XTCP_PROTO"
