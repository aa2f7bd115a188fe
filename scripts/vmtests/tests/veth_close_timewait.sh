#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Active closes across a veth pair between two namespaces: for 5 s the
# client connects, sends an octet, reads it back and closes first
# (xtcp_bench crr), so each connection ends in TIME-WAIT on the client's
# side after its last ACK went through the veth. The client must finish
# without error, TIME_WAIT rows must show on its side, and the kernel must
# not complain. A regression test: a socket seen in TCP_TIME_WAIT was
# taken for an inet_timewait_sock by skb_set_owner_w(), and the ACK's skb
# freed it as one ("Attempt to release TCP socket in state 6", then a
# panic in inet_twsk_free), found by make bench.
#
#   $A: client 10.1.0.1 (xa) ---- veth ---- (xb) 10.1.0.2:5001 server: $B
. "$(dirname "$0")/../lib.sh"

A=xtcp-a-$RANDOM B=xtcp-b-$RANDOM pid= srv=$(mktemp)
cleanup() {
	[ -z "$pid" ] || kill "$pid" 2>/dev/null
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	rm -f "$srv"
}
trap cleanup EXIT
ip netns add "$A" && ip netns add "$B" &&
	ip link add xa netns "$A" type veth peer name xb netns "$B" &&
	ip -n "$A" addr add 10.1.0.1/24 dev xa && ip -n "$A" link set xa up &&
	ip -n "$B" addr add 10.1.0.2/24 dev xb && ip -n "$B" link set xb up ||
	fail "cannot set up the namespaces and the veth pair"
ip netns exec "$A" sysctl -qw net.ipv4.ip_local_port_range="1024 65535"
before=$(dmesg | grep -c 'Attempt to release')
# the server prints its pid and stays in the background, listening
ip netns exec "$B" xtcp_bench server -p "$XTCP_PROTO" -l 10.1.0.2:5001 \
	>"$srv" 2>&1 || fail "server: $(cat "$srv")"
read -r pid <"$srv"
out=$(ip netns exec "$A" xtcp_bench client -p "$XTCP_PROTO" \
	-c 10.1.0.2:5001 -m crr -t 5 -w 60 2>&1) || fail "client: $out"
echo "$out"
if [ "$XTCP_PROTO" = 6 ]; then
	file=/proc/net/tcp
else
	file=/proc/net/xtcp
fi
tw=$(ip netns exec "$A" awk 'NR > 1 && $4 == "06"' "$file" | wc -l)
echo "TIME_WAIT rows on the client's side: $tw"
[ "$tw" -gt 0 ] || fail "no TIME_WAIT row after the active closes"
after=$(dmesg | grep -c 'Attempt to release')
[ "$after" = "$before" ] || fail "kernel: $(dmesg | grep 'Attempt to release' | tail -n 1)"
