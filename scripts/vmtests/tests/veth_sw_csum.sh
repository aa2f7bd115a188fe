#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The checksum computed in software: with transmit checksumming off on
# both ends of a veth pair (ethtool -K tx off), so that the device sums
# nothing, 16 MiB sent from one namespace to the other arrive whole (same
# SHA-256), the receiver counts no checksum error (InCsumErrors of
# /proc/net/xtcp_stat, or of Tcp in /proc/net/snmp on protocol 6), and
# every segment a packet socket sees on the receiving end carries a
# checksum that verifies.
#
#   $A: 10.3.0.1 (xa) ---- veth, tx off ---- (xb) 10.3.0.2:5003 $B
#
# On the debug kernel the capture's checksum check costs the most (39 to
# 52 CPU-s of QEMU in make check for 16 MiB): in a make check that shared
# the machine with four other developers' builds and VMs it was killed at
# the runner's default 120 s, and in one beside five of them its 16 MiB
# took longer than the transfer helper's 100 s (2026-12-04). There it
# sends 1 MiB, about 720 segments, each still summed in software and
# checked (4 MiB cost 44 s of a debug VM in make check, 2026-12-05).
# timeout: 300
. "$(dirname "$0")/../lib.sh"

A=xtcp-a-$RANDOM B=xtcp-b-$RANDOM
trap lib_cleanup EXIT
command -v ethtool >/dev/null || skip "no ethtool"

veth_pair "$A" xa 10.3.0.1 "$B" xb 10.3.0.2
ip netns exec "$A" ethtool -K xa tx off >/dev/null &&
	ip netns exec "$B" ethtool -K xb tx off >/dev/null ||
	fail "ethtool -K tx off"
for end in "$A xa" "$B xb"; do
	read -r ns dev <<<"$end"
	ip netns exec "$ns" ethtool -k "$dev" | grep -q '^tx-checksumming: off' ||
		fail "$dev still sums: $(ip netns exec "$ns" ethtool -k "$dev" | grep tx-checksum)"
done
before=$(csum_errors "$B")
segs_start -n "$B" xb --verify
mib=16
[ "${XTCP_KERNEL:-}" != debug ] || mib=1
ns_xfer "$B" "$A" 10.3.0.2 5003 $mib
segs_stop
echo "sent $XFER_SENT; received $XFER_RECV; capture: $SEGS_SUMMARY"
expect_eq "data received" "$XFER_SENT" "$XFER_RECV"
expect_eq "InCsumErrors" "$before" "$(csum_errors "$B")"
read -r _ n _ _ _ _ _ bad <<<"$SEGS_SUMMARY"
[ "${n:-0}" -gt 0 ] || fail "no segment captured on xb: $(cat "$SEGS_OUT")"
expect_eq "segments with a bad checksum" 0 "$bad"
