#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 400
# Lookups under churn on both vCPUs (make stress; a short version here):
# helpers/xtcp_churn.py runs, pinned two to each CPU, request/response
# over a set of connections (every answer must be the request of that
# connection, back) and connect/close churn that adds and removes
# sockets and TIME-WAIT entries in the chains those lookups walk without
# a lock (hash.c). In a namespace of its own. On xtcp no segment may have
# found no socket (InNoSocket) and no reset may have gone out (OutRsts):
# a lookup that missed a socket in the tables would answer with one.
# Short: 20 connections, 3 s, on the VM's vCPUs (the debug kernel has one
# in make check); long (XTCP_STRESS=1): 200 connections and 10,000 idle
# ones besides, 30 s, on 2 vCPUs or it fails. Figures: the round trips and the
# connections a second (not asserted).
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stress.sh"
ns=xtcp-churn-$RANDOM
netns_add $ns || fail "ip netns add failed"
ip -n $ns link set lo up
# Lookups are the subject, not the limits: with 10,000 idle connections
# closed at once a 1 GiB VM's defaults (4,096 orphans, 4,096 TIME-WAIT
# entries) would reset orphans, whose peers' segments then rightly find
# no socket. The namespace's limit on orphans is also bounded by the
# initial namespace's.
if [ "$XTCP_PROTO" != 6 ]; then
	orphans=$(sysctl -n net.xtcp.tcp_max_orphans)
	trap 'sysctl -qw net.xtcp.tcp_max_orphans=$orphans; lib_cleanup' EXIT
	sysctl -qw net.xtcp.tcp_max_orphans=262144
	ip netns exec $ns sysctl -qw net.xtcp.tcp_max_orphans=262144 \
		net.xtcp.tcp_max_tw_buckets=262144 ||
		fail "cannot raise the namespace's limits"
else
	trap lib_cleanup EXIT
fi
args=(--conns 20 --secs 3)
if stress_long; then
	args=(--conns 200 --idle 10000 --secs 30)
	# make stress gives every kernel's VM, the debug kernel's too, 2 vCPUs
	[ "$(nproc)" -ge 2 ] || fail "the long version needs 2 vCPUs, has $(nproc)"
fi
echo "figure: lookup_cpus $(nproc) vCPUs (that received at once)"
lib_tmp
proto_stat $ns "$XTCP_TMP/before"
ip netns exec $ns xpy "$XTCP_TOP/scripts/vmtests/helpers/xtcp_churn.py" \
	"${args[@]}" || fail "xtcp_churn.py ${args[*]}"
proto_stat $ns "$XTCP_TMP/after"
for c in InSegs RetransSegs TCPAbortOnMemory TCPTimeWaitOverflow \
	InNoSocket OutRsts; do
	echo "$c: $(stat_delta "$XTCP_TMP/before" "$XTCP_TMP/after" $c)"
done
if [ "$XTCP_PROTO" != 6 ]; then
	for c in InNoSocket OutRsts; do
		expect_eq "$c during the churn" 0 \
			"$(stat_delta "$XTCP_TMP/before" "$XTCP_TMP/after" $c)"
	done
fi
