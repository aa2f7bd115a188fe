#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# With net.ipv4.ip_local_port_range two ports wide, six connect()s to
# three servers all succeed, sharing the two ports (as the kernel's
# inet_hash_connect() does); a seventh to a server both ports already
# reach fails with EADDRNOTAVAIL, and bind() to one of the ports still
# fails with EADDRINUSE. In a namespace of its own, for the range.
# (xtcp_api.py connect_port_shared, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"
trap lib_cleanup EXIT

ns=xtcp-ports-$RANDOM
netns_add $ns || fail "ip netns add failed"
ip -n $ns link set lo up
ip netns exec $ns sysctl -qw net.ipv4.ip_local_port_range="40000 40001" ||
	fail "cannot narrow ip_local_port_range in $ns"
rc=0
ip netns exec $ns xpy "$XTCP_TOP/scripts/vmtests/helpers/xtcp_api.py" \
	--proto "$XTCP_PROTO" connect_port_shared || rc=$?
[ $rc = 0 ] || fail "xtcp_api.py connect_port_shared on protocol $XTCP_PROTO"
