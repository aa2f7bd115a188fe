#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP Small Queues (module/tsq.c): a sender keeps little queued below it.
# A tbf qdisc on xa holds packets to 50 Mbit/s with room for 16 MiB;
# 8 MiB sent from A to B through it arrive whole (same SHA-256), and the
# qdisc's backlog, sampled every 50 ms during the transfer, never passes
# 512 KiB: without TSQ the sender fills it with what cwnd and the peer's
# window allow, with it the socket waits while about two aggregates are
# queued below it (net.xtcp.tcp_limit_output_bytes, its 1 MiB default at
# most). Against the kernel's TCP (XTCP_PROTO=6) the same, as
# tcp_small_queue_check() bounds it. Seen on 6.1 (2026-12-06, loaded
# host): xtcp at most 90,840 and 81,756 bytes, TCP 75,700; xtcp with
# tsq.c's check taken out 1,247,536 (the test failed); 8.9 CPU-s of QEMU.
# (Before cwnd grew only while it limited the sender, cong.c's
# xtcp_cong_validate(), xtcp needed a 256 KiB limit here: 230,128 with
# the default.)
#
#   $A: 10.4.0.1 (xa, tbf 50mbit) ---- veth ---- (xb) 10.4.0.2 $B
# kernels: 6.1
. "$(dirname "$0")/../lib.sh"

A=xtcp-a-$RANDOM B=xtcp-b-$RANDOM
trap lib_cleanup EXIT
veth_pair "$A" xa 10.4.0.1 "$B" xb 10.4.0.2
tc -n "$A" qdisc add dev xa root tbf rate 50mbit burst 32kb limit 16mb ||
	skip "no tbf"
lib_tmp
peak=$XTCP_TMP/peak
# the largest backlog seen, in bytes, until the transfer's end
(
	max=0
	while [ ! -e "$XTCP_TMP/done" ]; do
		b=$(tc -n "$A" -s qdisc show dev xa |
			sed -n 's/.*backlog \([0-9]*\)b.*/\1/p')
		[ "${b:-0}" -le "$max" ] || max=$b
		echo "$max" >"$peak"
		sleep 0.05
	done
) &
ns_xfer "$B" "$A" "$(fam 10.4.0.2)" 5006 8
touch "$XTCP_TMP/done"
wait
echo "largest backlog in tbf: $(cat "$peak") bytes;" \
	"$(tc -n "$A" -s qdisc show dev xa | tr -s '\n ' ' ')"
expect_eq "data received" "$XFER_SENT" "$XFER_RECV"
# The tbf held packets back (overlimits) or the sampling saw a queue: else
# the sender never outran 50 Mbit/s (a VM starved by its host), and there
# was nothing for TSQ to bound. A make check at load 12 had overlimits 1261
# and no sample with a backlog (each tc there takes a good part of a
# second): the counter says what the 50 ms samples may miss.
over=$(tc -n "$A" -s qdisc show dev xa | sed -n 's/.*overlimits \([0-9]*\).*/\1/p')
[ "$(cat "$peak")" -gt 0 ] || [ "${over:-0}" -gt 0 ] ||
	skip "the sender never outran the tbf's 50 Mbit/s: no queue to bound"
[ "$(cat "$peak")" -le $((512 * 1024)) ] ||
	fail "$(cat "$peak") bytes queued in tbf (TSQ: about two aggregates)"
