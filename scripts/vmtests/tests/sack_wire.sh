#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1
# timeout: 300
# SACK (RFC 2018) and DSACK (RFC 2883) on the wire, as tshark decodes
# them, between two namespaces through a veth pair with netem loss and
# duplication on the data's way (../netem.sh), on protocol $XTCP_PROTO
# (net.ipv4.tcp_sack for the kernel's TCP):
# - both ends with tcp_sack 1: the SYN and the SYN,ACK carry
#   SACK-permitted, the receiver's ACKs carry SACK blocks (the duplicates
#   netem makes give a DSACK), no segment carries more than 3 blocks
#   beside the Timestamps option, and the transfer arrives byte-exact;
# - the receiver with tcp_sack 0: its SYN,ACK does not answer the SYN's
#   SACK-permitted, no segment carries a SACK block, and the transfer
#   still arrives byte-exact.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../netem.sh"

NETEM_MIB=1
net=net.xtcp
[ "$XTCP_PROTO" != 6 ] || net=net.ipv4
tpid=
sack_cleanup() {
	[ -z "$tpid" ] || { kill "$tpid"; wait "$tpid"; } 2>/dev/null
	netem_cleanup
}
trap sack_cleanup EXIT

# capture - start dumpcap on the client's end of the veth pair, for both
# transfers (one capture and one tshark: they cost most of the test; the
# first tshark of a VM reads libwireshark, 110 MB, over 9p: measured in a
# 6.1 guest, 25 s and about 20 CPU-s at host load 8, 7 s the next time;
# beside a loaded make check (load 25) the test met a 120 s limit)
capture() {
	dlog=$NETEM_DIR/dumpcap.log
	ip netns exec "$NETEM_C" dumpcap -i nc -s 128 -w "$NETEM_DIR/sack.pcap" \
		-f "ip proto $XTCP_PROTO" >"$dlog" 2>&1 &
	tpid=$!
	wait_for 60 capturing
}
capturing() {
	alive "$tpid" || fail "dumpcap: $(cat "$dlog")"
	grep -q "^File: " "$dlog"
}
# decode - stop the capture, write its fields to sack.csv
decode() {
	local d=()

	nap 0.5
	kill -INT "$tpid"
	wait "$tpid" 2>/dev/null
	tpid=
	[ "$XTCP_PROTO" = 6 ] || d=(-d "ip.proto==$XTCP_PROTO,tcp")
	tshark -r "$NETEM_DIR/sack.pcap" "${d[@]}" -T fields \
		-E 'separator=;' -E occurrence=a -E aggregator=, \
		-e tcp.srcport -e tcp.dstport -e tcp.flags.syn -e tcp.flags.ack \
		-e tcp.option_kind -e tcp.options.sack.count \
		-e tcp.options.sack.dsack_le -e tcp.options.timestamp.tsval \
		>"$NETEM_DIR/sack.csv" 2>"$NETEM_DIR/tshark.log" ||
		fail "tshark -r: $(cat "$NETEM_DIR/tshark.log")"
	sed -n '1,3s/^/# /p' "$NETEM_DIR/sack.csv"
}
# count AWK - rows of sack.csv that AWK's condition selects; in it, perm:
# the segment carries SACK-permitted (option kind 4), syn: a SYN without
# ACK, synack: a SYN,ACK
count() {
	awk -F';' "{ perm = \$5 ~ /(^|,)4(,|$)/
		syn = \$3 == 1 && \$4 == 0; synack = \$3 == 1 && \$4 == 1 }
		$1 { n++ } END { print n + 0 }" "$NETEM_DIR/sack.csv"
}
# some CONDITION - count CONDITION (a SYN may be sent twice: netem loses
# or duplicates it) and fail unless some row meets it
some() {
	local n
	n=$(count "$2")
	echo "# $1: $n"
	[ "$n" -gt 0 ] || fail "$1: none"
}
# xfer PORT - the transfer to PORT, byte-exact (the last one's output gone
# first, so that netem.sh waits for this one's)
xfer() {
	NETEM_PORT=$1
	rm -f "$NETEM_DIR/server" "$NETEM_DIR/client"
	netem_server --limit $((60 * NETEM_SCALE))
	netem_client_start --limit $((60 * NETEM_SCALE))
	netem_finish 60
}

netem_setup
netem_set_data loss 3% duplicate 3%
ip netns exec "$NETEM_C" sysctl -qw "$net.tcp_sack=1" &&
	ip netns exec "$NETEM_S" sysctl -qw "$net.tcp_sack=1" ||
	fail "cannot set $net.tcp_sack"
capture
xfer 5201
# the receiver does not do SACK: neither does the second connection
ip netns exec "$NETEM_S" sysctl -qw "$net.tcp_sack=0" ||
	fail "cannot set $net.tcp_sack"
xfer 5202
decode

on='$1 == 5201' to_on='$2 == 5201' off='$1 == 5202' to_off='$2 == 5202'
some "SYNs with SACK-permitted" "$to_on && syn && perm"
expect_eq "SYNs without SACK-permitted" 0 "$(count "$to_on && syn && !perm")"
some "SYN,ACKs with SACK-permitted" "$on && synack && perm"
expect_eq "SYN,ACKs without SACK-permitted" 0 \
	"$(count "$on && synack && !perm")"
blocks=$(count "$on"' && $6 > 0')
dsacks=$(count "$on"' && $7 != ""')
echo "# receiver's segments with SACK blocks: $blocks, with a DSACK: $dsacks"
[ "$blocks" -gt 0 ] || fail "no SACK block under 3% loss"
[ "$dsacks" -gt 0 ] || fail "no DSACK under 3% duplication"
expect_eq "segments with timestamps and 4 blocks" 0 \
	"$(count '$6 > 3 && $8 != ""')"

some "SYNs with SACK-permitted, to tcp_sack 0" "$to_off && syn && perm"
expect_eq "SYNs without SACK-permitted, to tcp_sack 0" 0 \
	"$(count "$to_off && syn && !perm")"
expect_eq "SYN,ACKs with SACK-permitted, tcp_sack 0" 0 \
	"$(count "$off && synack && perm")"
expect_eq "segments with SACK blocks, tcp_sack 0" 0 \
	"$(count "($off || $to_off)"' && $6 > 0')"
