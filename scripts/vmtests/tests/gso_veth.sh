#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# GSO (module/gso.c) on a veth pair, in two transfers of 1 MiB:
#
# 1. A to B with TSO and checksumming off on xa (ethtool -K xa tso off tx
#    off), as on a device whose hardware must not get xtcp's aggregates
#    whole nor sum its segments: the sender still builds aggregates
#    (OutAggregates grows in A), xtcp's offload cuts them before xa and
#    sums each segment, and a packet socket on xb sees segments within
#    the 1500-octet MTU only (data no more than 1500 less the IP header
#    and 20), none an IP fragment, each with a checksum that verifies over
#    the pseudo-header of protocol 253; the data arrive whole (same
#    SHA-256). Not on the debug kernel.
# 2. B to A with netem corrupt 20% on xb and GSO on: B sends aggregates
#    (OutAggregates grows in B), netem cuts those it corrupts into
#    segments first, the data arrive whole, and A drops and counts
#    corrupt packets (IP's InHdrErrors, xtcp's InCsumErrors, InBadDoff,
#    InBadOption).
#
#   $A: 10.4.0.1 (xa, tso tx off) ---- veth ---- (xb, netem) 10.4.0.2 $B
#
# Over IPv6 with XTCP_FAMILY=6 (lib.sh's fam addresses; IPv6's offload,
# Ip6InHdrErrors). Against the kernel's TCP (XTCP_PROTO=6) the same, but
# for OutAggregates.
# kernels: 6.1 debug
# timeout: 300
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"

A=xtcp-a-$RANDOM B=xtcp-b-$RANDOM
trap lib_cleanup EXIT
command -v ethtool >/dev/null || skip "no ethtool"

# aggregates NS - OutAggregates of NS (0 on protocol 6, which has none)
aggregates() {
	[ "$XTCP_PROTO" != 6 ] || { echo 0; return; }
	ip netns exec "$1" cat "$XTCP_STAT" | stat_get OutAggregates -
}

# drops NS - the corrupt packets NS dropped and counted: IP's InHdrErrors
# (/proc/net/snmp, or snmp6's Ip6InHdrErrors) and the checksum errors of
# $XTCP_PROTO (InCsumErrors), with xtcp's InBadDoff and InBadOption
drops() {
	local n
	if [ "$XTCP_FAMILY" = 6 ]; then
		n=$(ip netns exec "$1" awk '$1 == "Ip6InHdrErrors" { print $2 }' \
			/proc/net/snmp6)
	else
		n=$(ip netns exec "$1" awk '$1 == "Ip:" && !h {
			for (i = 1; i <= NF; i++) if ($i == "InHdrErrors") c = i
			h = 1; next }
			$1 == "Ip:" { print $c }' /proc/net/snmp)
	fi
	n=$((n + $(csum_errors "$1")))
	if [ "$XTCP_PROTO" != 6 ]; then
		n=$((n + $(ip netns exec "$1" awk '$1 == "InBadDoff" ||
			$1 == "InBadOption" { n += $2 } END { print n + 0 }' \
			"$XTCP_STAT")))
	fi
	echo "$n"
}

veth_pair "$A" xa 10.4.0.1 "$B" xb 10.4.0.2
ip netns exec "$A" ethtool -K xa tso off tx off >/dev/null ||
	fail "ethtool -K xa tso off tx off"
# the most data a segment within the MTU carries: 1500 less IP and xtcp
most=$((1500 - 20 - 20))
[ "$XTCP_FAMILY" != 6 ] || most=$((1500 - 40 - 20))
# On the debug kernel part 2 only (KUnit's xtcp_gso cuts aggregates there
# with and without scatter-gather and checksum features): CI time.
if [ "${XTCP_KERNEL:-}" != debug ]; then
	agg=$(aggregates "$A")
	segs_start -n "$B" xb --verify
	ns_xfer "$B" "$A" "$(fam 10.4.0.2)" 5004 1
	segs_stop
	echo "A to B, tso and tx off: capture on xb: $SEGS_SUMMARY;" \
		"OutAggregates $agg -> $(aggregates "$A")"
	expect_eq "data received" "$XFER_SENT" "$XFER_RECV"
	read -r _ n _ max _ frags _ bad <<<"$SEGS_SUMMARY"
	[ "${n:-0}" -gt 0 ] ||
		fail "no segment captured on xb: $(cat "$SEGS_OUT")"
	[ "$max" -le "$most" ] ||
		fail "a segment of $max data octets on xb (MTU 1500: $most)"
	expect_eq "IP fragments" 0 "$frags"
	expect_eq "segments with a bad checksum" 0 "$bad"
	[ "$XTCP_PROTO" = 6 ] || [ "$(aggregates "$A")" -gt "$agg" ] ||
		fail "A sent no aggregate"
fi

tc -n "$B" qdisc replace dev xb root netem corrupt 20% ||
	fail "cannot add netem to xb"
agg=$(aggregates "$B")
errs=$(drops "$A")
ns_xfer "$A" "$B" "$(fam 10.4.0.1)" 5005 1
echo "B to A, netem corrupt 20%: dropped in A $errs -> $(drops "$A");" \
	"OutAggregates $agg -> $(aggregates "$B");" \
	"$(tc -n "$B" -s qdisc show dev xb | tr -s '\n ' ' ')"
expect_eq "data received" "$XFER_SENT" "$XFER_RECV"
[ "$(drops "$A")" -gt "$errs" ] || fail "no corrupt segment counted in A"
[ "$XTCP_PROTO" = 6 ] || [ "$(aggregates "$B")" -gt "$agg" ] ||
	fail "B sent no aggregate"
