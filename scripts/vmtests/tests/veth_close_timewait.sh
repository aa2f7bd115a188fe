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

A=xtcp-a-$RANDOM B=xtcp-b-$RANDOM
trap lib_cleanup EXIT
veth_pair "$A" xa 10.1.0.1 "$B" xb 10.1.0.2
ip netns exec "$A" sysctl -qw net.ipv4.ip_local_port_range="1024 65535"
before=$(dmesg | grep -c 'Attempt to release')
bench_server "$B" 10.1.0.2:5001
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
