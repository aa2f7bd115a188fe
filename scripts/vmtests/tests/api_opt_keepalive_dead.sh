#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Keepalive against a peer that vanished: across a veth pair between two
# namespaces the client connects to an echo server (xtcp_bench server),
# turns keepalive on (idle 1 s, interval 1 s, count 3) and gets its echo;
# then netem drops everything the server's side sends (loss 100%), so no
# probe is answered. The client's blocked recv() must fail with ETIMEDOUT
# after about idle + count * interval = 4 s, as with TCP.
# (xtcp_api.py opt_keepalive_dead, on protocol $XTCP_PROTO, default 253.)
#
#   $A: client 10.1.0.1 (xa) ---- veth ---- (xb) 10.1.0.2:5001 server: $B
. "$(dirname "$0")/../lib.sh"

A=xtcp-a-$RANDOM B=xtcp-b-$RANDOM
trap lib_cleanup EXIT
modprobe -q sch_netem 2>/dev/null
veth_pair "$A" xa 10.1.0.1 "$B" xb 10.1.0.2
bench_server "$B" 10.1.0.2:5001
rc=0
XTCP_KA_PEER=10.1.0.2:5001 \
XTCP_KA_CUT="tc -n $B qdisc add dev xb root netem loss 100%" \
	ip netns exec "$A" xpy "$XTCP_TOP/scripts/vmtests/helpers/xtcp_api.py" \
	--proto "$XTCP_PROTO" opt_keepalive_dead || rc=$?
[ $rc = 0 ] || fail "xtcp_api.py opt_keepalive_dead on protocol $XTCP_PROTO"
