#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
# Lifetime (make stress; a short version here): load, use and unload the
# module again and again (xtcp_stress.py life, by system calls: each
# program started costs 0.2 to 1 s here). Each cycle loads xtcp, and in a
# new network namespace leaves three connections in TIME-WAIT, moves
# 64 KiB, and closes two connections with lo down (FIN-WAIT-1 on both
# sides, their FINs failing to leave), every socket closed by its user;
# then the module's reference count must be 0 and it must unload with
# those connections still there (which frees the namespace). Long
# (XTCP_STRESS=1): 100 cycles (20 on the debug kernel); short: 5.
# At the end the sockets in use (/proc/net/sockstat) are back where they
# were, xtcp's slab caches are gone from /proc/slabinfo, and in the long
# version on a kernel with kmemleak one scan reports no object (it was
# cleared first; the runner's scan after the suite covers the short one).
# Figures: cycles, the change of SUnreclaim (/proc/meminfo) over them,
# kmemleak's reports.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stress.sh"
trap lib_cleanup EXIT
[ "$XTCP_PROTO" = 6 ] && skip "the module's lifetime: not the kernel's TCP"

cycles=5
if stress_long; then
	cycles=100
	[ "${XTCP_KERNEL:-}" != debug ] || cycles=20
fi
leaks=/sys/kernel/debug/kmemleak
scan=
stress_long && [ -w $leaks ] && scan=1

# sockets_used - "sockets: used N" of /proc/net/sockstat
sockets_used() {
	local a b c
	while read -r a b c _; do
		[ "$a $b" = "sockets: used" ] && { echo "$c"; return; }
	done </proc/net/sockstat
}
# unreclaim - SUnreclaim of /proc/meminfo, KiB
unreclaim() {
	local k v _
	while read -r k v _; do
		[ "$k" = SUnreclaim: ] && { echo "$v"; return; }
	done </proc/meminfo
}
sockets_back() { [ "$(sockets_used)" -le "$sockets0" ]; }

xtcp_unload || fail "rmmod before the first cycle failed"
[ -z "$scan" ] || echo clear >$leaks
sockets0=$(sockets_used)
slab0=$(unreclaim)
out=$(xpy "$XTCP_STRESS_PY" life 127.0.0.1 7500 --cycles $cycles 2>&1) ||
	fail "$out"
echo "$out"
wait_until 30 sockets_back ||
	fail "sockets in use: $(sockets_used), $sockets0 before the cycles"
slab1=$(unreclaim)
grep -E '^(XTCP|xtcp)' /proc/slabinfo && fail "xtcp's slab caches outlived it"
figure lifetime_cycles $cycles cycles "load, use, unload; $sockets0 sockets in use before and after"
figure lifetime_slab_delta $((slab1 - slab0)) KiB "SUnreclaim after the cycles minus before"
if [ -n "$scan" ]; then
	sleep 6			# kmemleak reports objects older than 5 s
	echo scan >$leaks
	n=$(grep -c '^unreferenced object' $leaks)
	figure lifetime_kmemleak "$n" reports "kmemleak after the cycles"
	[ "$n" = 0 ] || { head -n 40 $leaks; fail "kmemleak: $n objects"; }
fi
