#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 400
# Lookups under churn on both vCPUs (make stress; a short version here):
# helpers/xtcp_churn.py runs, pinned two to each CPU, request/response
# over a set of connections (every answer must be the request of that
# connection, back) and connect/close churn that adds and removes
# sockets and TIME-WAIT entries in the chains those lookups walk without
# a lock (hash.c). In a namespace of its own. A lookup that missed a
# socket in the tables would answer with a reset: the connection's user
# would see ECONNRESET, which fails the helper. On xtcp, no more segments
# may have found no socket (InNoSocket) than were sent again (a segment
# retransmitted after its connection ended finds none, rightly: seen on
# the debug kernel with 2 vCPUs, where a capture showed two resets 150
# ms apart answering the same segment of a connection whose server end
# and listener had closed), and every reset sent (OutRsts) must have
# answered one of them.
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
# initial namespace's. An RTO of at least 2 s makes spurious
# retransmissions rare on a slow VM (the debug kernel's with 2 vCPUs sent
# 11 to 91,251 in 30 s with 200 ms).
if [ "$XTCP_PROTO" != 6 ]; then
	orphans=$(sysctl -n net.xtcp.tcp_max_orphans)
	trap 'sysctl -qw net.xtcp.tcp_max_orphans=$orphans; lib_cleanup' EXIT
	sysctl -qw net.xtcp.tcp_max_orphans=262144
	ip netns exec $ns sysctl -qw net.xtcp.tcp_max_orphans=262144 \
		net.xtcp.tcp_max_tw_buckets=262144 net.xtcp.rto_min_ms=2000 ||
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
d() { stat_delta "$XTCP_TMP/before" "$XTCP_TMP/after" "$1"; }
for c in InSegs RetransSegs TCPAbortOnMemory TCPTimeWaitOverflow \
	InNoSocket OutRsts; do
	echo "$c: $(d $c)"
done
if [ "$XTCP_PROTO" != 6 ]; then
	# Each segment sent again after its connection ended (a FIN whose
	# ACK was late, on a slow VM) may rightly find no socket, itself or
	# through the ACK TIME-WAIT answers it with: one at most for each.
	[ "$(d InNoSocket)" -le "$(d RetransSegs)" ] ||
		fail "$(d InNoSocket) segments found no socket, more than the $(d RetransSegs) sent again"
	[ "$(d OutRsts)" -le "$(d InNoSocket)" ] ||
		fail "$(d OutRsts) resets sent, to $(d InNoSocket) segments that found no socket"
fi
