#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ICMP errors about an established connection are soft (RFC 1122
# 4.2.3.9), as for TCP (tcp_v4_err()): the connection lives on. The test
# sends them itself on loopback, quoting the client's segment
# (xtcp_icmp.py soft): one quoting a sequence number far past SND.NXT is
# ignored and counted (OutOfWindowIcmps; SO_ERROR stays 0); host
# unreachable quoting SND.NXT is kept for SO_ERROR (EHOSTUNREACH) and data
# still flows; with IP_RECVERR, port unreachable becomes the socket's
# error at once (POLLERR, SO_ERROR ECONNREFUSED) and data still flows.
# Over IPv6 (XTCP_FAMILY=6) the same on ::1 with ICMPv6 (address and port
# unreachable, IPV6_RECVERR), as tcp_v6_err().
# (xtcp_icmp.py on protocol $XTCP_PROTO.)
# kernels: 6.1 debug
. "$(dirname "$0")/../lib.sh"
trap lib_cleanup EXIT

N=xtcp-se-$RANDOM lo=127.0.0.1
[ "$XTCP_FAMILY" != 6 ] || lo=::1
netns_add "$N" && ip -n "$N" link set lo up || fail "cannot make namespace $N"
ip netns exec "$N" xpy "$XTCP_TOP/scripts/vmtests/helpers/xtcp_icmp.py" \
	soft "$lo" 5201 --proto "$XTCP_PROTO" --dev lo \
	--timeout $((10 * XTCP_WAIT_SCALE)) ||
	fail "soft errors on protocol $XTCP_PROTO, IPv$XTCP_FAMILY"
