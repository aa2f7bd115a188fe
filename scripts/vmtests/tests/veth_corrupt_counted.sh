#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Corrupted segments are caught even where the device was to sum them:
# netem corrupts 5% of the packets leaving one end of a veth pair (it
# sums a CHECKSUM_PARTIAL packet first, then flips a bit); 1 MiB sent
# through it arrives whole (same SHA-256) and the receiver has counted
# checksum errors (InCsumErrors of /proc/net/xtcp_stat, or of Tcp in
# /proc/net/snmp on protocol 6).
# GSO is off on xa (ethtool -K xa gso off tso off): with it, xtcp and TCP
# send 1 MiB in a few dozen aggregates, netem corrupts one packet in 20,
# so often none (gso_veth corrupts with GSO on, 1 MiB at 20%).
#
#   $A: 10.4.0.1 (xa, netem corrupt 5%) ---- (xb) 10.4.0.2:5004 $B
. "$(dirname "$0")/../lib.sh"

A=xtcp-a-$RANDOM B=xtcp-b-$RANDOM
trap lib_cleanup EXIT
modprobe -q sch_netem 2>/dev/null
veth_pair "$A" xa 10.4.0.1 "$B" xb 10.4.0.2
command -v ethtool >/dev/null || skip "no ethtool"
ip netns exec "$A" ethtool -K xa gso off tso off >/dev/null ||
	fail "ethtool -K xa gso off tso off"
tc -n "$A" qdisc add dev xa root netem corrupt 5% ||
	skip "no netem corrupt"
before=$(csum_errors "$B")
ns_xfer "$B" "$A" 10.4.0.2 5004 1
after=$(csum_errors "$B")
echo "sent $XFER_SENT; received $XFER_RECV; InCsumErrors $before -> $after"
expect_eq "data received" "$XFER_SENT" "$XFER_RECV"
[ "$after" -gt "$before" ] || fail "no checksum error counted ($after)"
