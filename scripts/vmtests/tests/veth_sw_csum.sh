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
. "$(dirname "$0")/../lib.sh"

H=$XTCP_TOP/scripts/vmtests/helpers
A=xtcp-a-$RANDOM B=xtcp-b-$RANDOM
srv=$(mktemp) cap=$(mktemp) pids=()
cleanup() {
	[ ${#pids[@]} = 0 ] || kill "${pids[@]}" 2>/dev/null
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	rm -f "$srv" "$cap"
}
trap cleanup EXIT
command -v ethtool >/dev/null || skip "no ethtool"

# csum_errors NS - the receiver's checksum error count
csum_errors() {
	if [ "$XTCP_PROTO" = 6 ]; then
		ip netns exec "$1" awk '$1 == "Tcp:" && !h { for (i = 1; i <= NF; i++)
			if ($i == "InCsumErrors") c = i; h = 1; next }
			$1 == "Tcp:" { print $c }' /proc/net/snmp
	else
		ip netns exec "$1" awk '$1 == "InCsumErrors" { print $2 }' \
			/proc/net/xtcp_stat
	fi
}

ip netns add "$A" && ip netns add "$B" &&
	ip link add xa netns "$A" type veth peer name xb netns "$B" &&
	ip -n "$A" addr add 10.3.0.1/24 dev xa && ip -n "$A" link set xa up &&
	ip -n "$B" addr add 10.3.0.2/24 dev xb && ip -n "$B" link set xb up ||
	fail "cannot set up the namespaces and the veth pair"
ip netns exec "$A" ethtool -K xa tx off >/dev/null &&
	ip netns exec "$B" ethtool -K xb tx off >/dev/null ||
	fail "ethtool -K tx off"
for end in "$A xa" "$B xb"; do
	read -r ns dev <<<"$end"
	ip netns exec "$ns" ethtool -k "$dev" | grep -q '^tx-checksumming: off' ||
		fail "$dev still sums: $(ip netns exec "$ns" ethtool -k "$dev" | grep tx-checksum)"
done
before=$(csum_errors "$B")
ip netns exec "$B" python3 "$H/xtcp_segs.py" --iface xb \
	--proto "$XTCP_PROTO" --verify >"$cap" 2>&1 &
pids+=($!)
ip netns exec "$B" python3 "$H/xtcp_ns_xfer.py" --proto "$XTCP_PROTO" \
	--listen 10.3.0.2:5003 >"$srv" 2>&1 &
pids+=($!)
wait_for 20 grep -q ready "$cap"
wait_for 20 grep -q listening "$srv"
sent=$(ip netns exec "$A" python3 "$H/xtcp_ns_xfer.py" \
	--proto "$XTCP_PROTO" --connect 10.3.0.2:5003 --mib 16) ||
	fail "client: $sent"
wait "${pids[1]}" || fail "server: $(cat "$srv")"
kill -TERM "${pids[0]}"
wait "${pids[0]}"
pids=()
got=$(tail -n1 "$srv")
echo "$sent; $got; capture: $(tail -n1 "$cap")"
expect_eq "data received" "${sent#sent }" "${got#received }"
expect_eq "InCsumErrors" "$before" "$(csum_errors "$B")"
read -r _ n _ _ _ _ _ bad <<<"$(tail -n1 "$cap")"
[ "${n:-0}" -gt 0 ] || fail "no segment captured on xb: $(cat "$cap")"
expect_eq "segments with a bad checksum" 0 "$bad"
