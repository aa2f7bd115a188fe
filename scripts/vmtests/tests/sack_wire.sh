#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1 debug
# timeout: 120
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

# capture NAME - start dumpcap on the client's end of the veth pair
capture() {
	dlog=$NETEM_DIR/$1.dumpcap.log
	ip netns exec "$NETEM_C" dumpcap -i nc -s 128 -w "$NETEM_DIR/$1.pcap" \
		-f "ip proto $XTCP_PROTO" >"$dlog" 2>&1 &
	tpid=$!
	wait_for 60 capturing
}
capturing() {
	alive "$tpid" || fail "dumpcap: $(cat "$dlog")"
	grep -q "^File: " "$dlog"
}
# decode NAME - stop the capture, write its fields to NAME.csv
decode() {
	local d=()

	nap 0.5
	kill -INT "$tpid"
	wait "$tpid" 2>/dev/null
	tpid=
	[ "$XTCP_PROTO" = 6 ] || d=(-d "ip.proto==$XTCP_PROTO,tcp")
	tshark -r "$NETEM_DIR/$1.pcap" "${d[@]}" \
		-o tcp.relative_sequence_numbers:FALSE -T fields \
		-E 'separator=;' -E occurrence=a -E aggregator=, \
		-e tcp.srcport -e tcp.flags.syn -e tcp.flags.ack \
		-e tcp.option_kind -e tcp.options.sack.count \
		-e tcp.options.sack.dsack_le -e tcp.options.timestamp.tsval \
		>"$NETEM_DIR/$1.csv" 2>"$NETEM_DIR/tshark.log" ||
		fail "tshark -r: $(cat "$NETEM_DIR/tshark.log")"
	sed -n '1,3s/^/# /p' "$NETEM_DIR/$1.csv"
}
# count NAME AWK - rows of NAME.csv that AWK's condition selects; perm
# in it: the segment carries SACK-permitted (option kind 4)
count() {
	awk -F';' "{ perm = \$4 ~ /(^|,)4(,|$)/ } $2 { n++ } END { print n + 0 }" \
		"$NETEM_DIR/$1.csv"
}
# xfer - the transfer, byte-exact (the last one's output gone first, so
# that netem.sh waits for this one's)
xfer() {
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

capture on
xfer
decode on
srv='$1 == '$NETEM_PORT
expect_eq "SYNs with SACK-permitted" 1 \
	"$(count on '$2 == 1 && $3 == 0 && perm')"
expect_eq "SYN,ACKs with SACK-permitted" 1 \
	"$(count on "$srv"' && $2 == 1 && perm')"
blocks=$(count on "$srv"' && $5 > 0')
dsacks=$(count on "$srv"' && $6 != ""')
echo "# receiver's segments with SACK blocks: $blocks, with a DSACK: $dsacks"
[ "$blocks" -gt 0 ] || fail "no SACK block under 3% loss"
[ "$dsacks" -gt 0 ] || fail "no DSACK under 3% duplication"
expect_eq "segments with timestamps and 4 blocks" 0 \
	"$(count on '$5 > 3 && $7 != ""')"

# the receiver does not do SACK: neither does the connection
ip netns exec "$NETEM_S" sysctl -qw "$net.tcp_sack=0" ||
	fail "cannot set $net.tcp_sack"
NETEM_PORT=5202
srv='$1 == '$NETEM_PORT
capture off
xfer
decode off
expect_eq "SYNs with SACK-permitted" 1 \
	"$(count off '$2 == 1 && $3 == 0 && perm')"
expect_eq "SYN,ACKs with SACK-permitted, tcp_sack 0" 0 \
	"$(count off "$srv"' && $2 == 1 && perm')"
expect_eq "segments with SACK blocks, tcp_sack 0" 0 \
	"$(count off '$5 > 0')"
