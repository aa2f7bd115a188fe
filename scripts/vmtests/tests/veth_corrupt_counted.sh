#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Corrupted segments are caught even where the device was to sum them:
# netem corrupts 5% of the packets leaving one end of a veth pair (it
# sums a CHECKSUM_PARTIAL packet first, then flips a bit); 1 MiB sent
# through it arrives whole (same SHA-256) and the receiver has counted
# checksum errors (InCsumErrors of /proc/net/xtcp_stat, or of Tcp in
# /proc/net/snmp on protocol 6).
#
#   $A: 10.4.0.1 (xa, netem corrupt 5%) ---- (xb) 10.4.0.2:5004 $B
. "$(dirname "$0")/../lib.sh"

H=$XTCP_TOP/scripts/vmtests/helpers
A=xtcp-a-$RANDOM B=xtcp-b-$RANDOM srv=$(mktemp) pid=
cleanup() {
	[ -z "$pid" ] || kill "$pid" 2>/dev/null
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	rm -f "$srv"
}
trap cleanup EXIT

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

modprobe -q sch_netem 2>/dev/null
ip netns add "$A" && ip netns add "$B" &&
	ip link add xa netns "$A" type veth peer name xb netns "$B" &&
	ip -n "$A" addr add 10.4.0.1/24 dev xa && ip -n "$A" link set xa up &&
	ip -n "$B" addr add 10.4.0.2/24 dev xb && ip -n "$B" link set xb up ||
	fail "cannot set up the namespaces and the veth pair"
tc -n "$A" qdisc add dev xa root netem corrupt 5% ||
	skip "no netem corrupt"
before=$(csum_errors "$B")
ip netns exec "$B" python3 "$H/xtcp_ns_xfer.py" --proto "$XTCP_PROTO" \
	--listen 10.4.0.2:5004 >"$srv" 2>&1 &
pid=$!
wait_for 20 grep -q listening "$srv"
sent=$(ip netns exec "$A" python3 "$H/xtcp_ns_xfer.py" \
	--proto "$XTCP_PROTO" --connect 10.4.0.2:5004 --mib 1) ||
	fail "client: $sent"
wait "$pid" || fail "server: $(cat "$srv")"
pid=
got=$(tail -n1 "$srv")
after=$(csum_errors "$B")
echo "$sent; $got; InCsumErrors $before -> $after"
expect_eq "data received" "${sent#sent }" "${got#received }"
[ "$after" -gt "$before" ] || fail "no checksum error counted ($after)"
