# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Two network namespaces joined by a veth pair with tc netem on it, for the
# netem_* tests (bulk transfers under loss, reordering, delay...); source
# it after lib.sh.
#
#   $NETEM_C                                       $NETEM_S
#   client 10.9.0.1 (nc) ====== veth ====== (ns) 10.9.0.2:5201 server
#            netem on nc's egress    netem on ns's egress
#
# netem_set applies one netem spec to both ends, so that data segments
# (client to server) and ACKs (server to client) both meet it: a real
# lossy path loses both ways, and a lost ACK is what tests that a later
# cumulative ACK covers it without a resend. gso_max_segs 1 on both ends
# makes the kernel's TCP send one wire-sized segment per skb (there is no
# ethtool to turn TSO and GSO off; make bench does that with ethtool -K),
# so netem drops, duplicates or corrupts one segment at a time for TCP as
# for xtcp, instead of a 64 KB super-packet at once.
#
# The transfer is xtcp_netxfer.py on $XTCP_PROTO: the server in $NETEM_S,
# the client in $NETEM_C, their output in $NETEM_DIR/server and
# $NETEM_DIR/client. With XTCP_FAMILY=6 it runs over IPv6, between
# fd00::a09:1 and fd00::a09:2 (lib.sh's fam) on the same veth pair.
#
# XTCP_NETEM_PEER makes one end the kernel's TCP and the other an xtcp
# interop socket (XTCP_INTEROP: TCP on the wire, module/interop.c): "tcp"
# puts the server on TCP (xtcp sends the data, TCP acknowledges it),
# "tcp-client" the client (TCP sends, xtcp receives). Unset or empty: both
# ends on $XTCP_PROTO; with XTCP_PROTO=6 both are TCP whatever it says.

NETEM_C=xtcp-nc-$RANDOM
NETEM_S=xtcp-ns-$RANDOM
NETEM_ADDR=$(fam 10.9.0.2)
# the client's address, as an ERE for a capture's lines (xtcp_play.py
# capture: ADDR:PORT, [ADDR]:PORT for IPv6)
NETEM_CLIENT_RE='10\.9\.0\.1'
[ "$XTCP_FAMILY" != 6 ] || NETEM_CLIENT_RE="\\[$(fam 10.9.0.1)\\]"
NETEM_PORT=5201
NETEM_XFER=$XTCP_TOP/scripts/vmtests/helpers/xtcp_netxfer.py
NETEM_DIR=$(mktemp -d)
# Bounds are for 6.1 and 6.12; the debug kernel (KASAN) is about 3 times
# slower, so they are doubled there. A transfer is NETEM_MIB MiB: 16, and
# 4 on the debug kernel, whose runs are for KASAN, lockdep and kmemleak
# over the same paths (4 MiB under 1% corruption or 5% duplication is
# still about 2,900 segments and dozens of repairs); with 16 MiB each of
# its netem tests took 120 s on a quiet host and met its then 300 s
# limit beside eight other VMs (now 600 s: Documentation/testing.rst);
# with 8 MiB the six cost 150 CPU-s of QEMU in make check (2026-12-04),
# the most of any group of tests there. XTCP_NETEM_MIB sets it on 6.1 and
# 6.12 (vmtest.sh passes it): 8 MiB instead of 16 saved 1.8 CPU-s a test
# on 6.1 (four tests, two runs each, 2026-12-05), too little to trade.
NETEM_SCALE=1 NETEM_MIB=${XTCP_NETEM_MIB:-16}
[ "${XTCP_KERNEL:-}" != debug ] || NETEM_SCALE=2 NETEM_MIB=4
# A quarter of the transfer: where the tests that change the path
# mid-transfer change it (the server prints its progress at each quarter).
NETEM_MID=$((NETEM_MIB / 4))
NETEM_CPROTO=$XTCP_PROTO NETEM_SPROTO=$XTCP_PROTO NETEM_COPT=() NETEM_SOPT=()
case ${XTCP_NETEM_PEER:-}:$XTCP_PROTO in
:* | *:6) ;;
tcp:*) NETEM_SPROTO=6 NETEM_COPT=(--interop) ;;
tcp-client:*) NETEM_CPROTO=6 NETEM_SOPT=(--interop) ;;
*) fail "XTCP_NETEM_PEER=$XTCP_NETEM_PEER: not tcp nor tcp-client" ;;
esac
# what runs the transfer, for the messages
NETEM_WHAT="protocol $XTCP_PROTO"
[ "$NETEM_CPROTO" = "$NETEM_SPROTO" ] || NETEM_WHAT="client on protocol \
$NETEM_CPROTO${NETEM_COPT:+ (interop)}, server on $NETEM_SPROTO${NETEM_SOPT:+ (interop)}"
netem_server_pid=
netem_client_pid=

netem_cleanup() {
	[ -z "$netem_client_pid" ] || kill "$netem_client_pid" 2>/dev/null
	[ -z "$netem_server_pid" ] || kill "$netem_server_pid" 2>/dev/null
	lib_cleanup
	rm -rf "$NETEM_DIR"
}
trap netem_cleanup EXIT

# netem_setup - make the namespaces and the veth pair, no netem yet.
netem_setup() {
	modprobe -q sch_netem 2>/dev/null
	veth_pair "$NETEM_C" nc 10.9.0.1 "$NETEM_S" ns 10.9.0.2
	ip -n "$NETEM_C" link set nc gso_max_segs 1 &&
		ip -n "$NETEM_S" link set ns gso_max_segs 1 ||
		fail "cannot set gso_max_segs 1 on the veth pair"
}

# netem_set SPEC... - netem SPEC on both ends (replacing what was there);
# netem_set_data SPEC... on the client's end only, where the data leaves.
netem_set() {
	tc -n "$NETEM_C" qdisc replace dev nc root netem "$@" &&
		tc -n "$NETEM_S" qdisc replace dev ns root netem "$@" ||
		fail "tc netem $*"
}
netem_set_data() {
	tc -n "$NETEM_C" qdisc replace dev nc root netem "$@" ||
		fail "tc netem $*"
}

# netem_links - each end's link and neighbour table, with counters (frames
# dropped by the device or the qdisc), for a transfer that stalls.
netem_links() {
	local ns
	for ns in "$NETEM_C" "$NETEM_S"; do
		echo "links and neighbours in $ns:"
		ip -n "$ns" -s link show
		ip -n "$ns" neigh show
	done
}

# netem_stats - what netem did at each end (packets sent, dropped...) and
# the protocol's counters in each namespace: /proc/net/xtcp_stat's nonzero
# ones, or TCP's segment, retransmission and timeout counts.
netem_stats() {
	echo "netem at the client's end: $(tc -n "$NETEM_C" -s qdisc show dev nc | tr -s '\n ' ' ')"
	echo "netem at the server's end: $(tc -n "$NETEM_S" -s qdisc show dev ns | tr -s '\n ' ' ')"
	echo "client's counters: $(netem_counters "$NETEM_C" "$NETEM_CPROTO")"
	echo "server's counters: $(netem_counters "$NETEM_S" "$NETEM_SPROTO")"
}
# netem_counters NS PROTO
netem_counters() {
	if [ "$2" = 6 ]; then
		ip netns exec "$1" nstat -asz TcpInSegs TcpOutSegs \
			TcpRetransSegs TcpExtTCPTimeouts TcpExtTCPSackRecovery \
			TcpExtTCPLossProbes TcpExtTCPSpuriousRTOs TcpExtTCPLostRetransmit |
			awk 'NR > 1 { printf "%s %s ", $1, $2 }'
	else
		ip netns exec "$1" awk '$2 != 0 { printf "%s %s ", $1, $2 }' \
			/proc/net/xtcp_stat
	fi
}

# netem_server ARGS... - start the server in the background with ARGS
# (xtcp_netxfer.py's options) and wait until it listens.
netem_server() {
	ip netns exec "$NETEM_S" xpy "$NETEM_XFER" server "$NETEM_ADDR" \
		"$NETEM_PORT" --proto "$NETEM_SPROTO" "${NETEM_SOPT[@]}" \
		--mib "$NETEM_MIB" "$@" \
		>"$NETEM_DIR/server" 2>&1 &
	netem_server_pid=$!
	wait_for 60 netem_listening
	grep -q '^listening' "$NETEM_DIR/server" ||
		fail "server: $(cat "$NETEM_DIR/server")"
}
netem_listening() {
	has_line "$NETEM_DIR/server" '^listening' || netem_server_gone
}
netem_server_gone() { ! alive "$netem_server_pid"; }

# netem_client ARGS... - run the client with ARGS in the foreground; its
# exit status is the function's.
netem_client() {
	ip netns exec "$NETEM_C" xpy "$NETEM_XFER" client "$NETEM_ADDR" \
		"$NETEM_PORT" --proto "$NETEM_CPROTO" "${NETEM_COPT[@]}" \
		--mib "$NETEM_MIB" "$@" \
		>"$NETEM_DIR/client" 2>&1
}

# netem_client_start ARGS... - the same in the background; netem_wait_client
# waits for it and returns its exit status.
netem_client_start() {
	ip netns exec "$NETEM_C" xpy "$NETEM_XFER" client "$NETEM_ADDR" \
		"$NETEM_PORT" --proto "$NETEM_CPROTO" "${NETEM_COPT[@]}" \
		--mib "$NETEM_MIB" "$@" \
		>"$NETEM_DIR/client" 2>&1 &
	netem_client_pid=$!
}
netem_wait_client() {
	local rc=0
	wait "$netem_client_pid" || rc=$?
	netem_client_pid=
	return $rc
}

# netem_wait_server SECONDS - wait for the server to exit; its status.
netem_wait_server() {
	local rc=0
	wait_for "$1" netem_server_gone
	wait "$netem_server_pid" || rc=$?
	netem_server_pid=
	return $rc
}

# netem_digest FILE - the SHA-256 the side whose output is FILE printed.
netem_digest() {
	sed -nE 's/.*(sent|recv) sha256 ([0-9a-f]+).*/\2/p' "$1"
}

# netem_check CLIENT_RC - the client exited CLIENT_RC, the server is
# done: both must have succeeded, and the digests must match. Prints both
# sides' output and the netem counters.
netem_check() {
	local crc=$1 src=0 tx rx
	netem_wait_server 30 || src=$?
	cat "$NETEM_DIR/client" "$NETEM_DIR/server"
	netem_stats
	[ "$crc" = 0 ] || fail "client exit status $crc, $NETEM_WHAT"
	[ "$src" = 0 ] || fail "server exit status $src, $NETEM_WHAT"
	tx=$(netem_digest "$NETEM_DIR/client")
	rx=$(netem_digest "$NETEM_DIR/server")
	[ -n "$tx" ] && [ "$tx" = "$rx" ] ||
		fail "sent sha256 '$tx', received sha256 '$rx'"
}

# netem_sockets - the connection's row on each side (/proc/net/xtcp, or
# ss -tni for TCP: cwnd, rtt, retransmissions), to see why a transfer
# stalls: data queued (tx_queue) with no timer running (tr 0) is a sender
# that waits for nothing.
netem_sockets() {
	local ns p
	for ns in "$NETEM_C:$NETEM_CPROTO" "$NETEM_S:$NETEM_SPROTO"; do
		p=${ns##*:} ns=${ns%:*}
		echo "sockets in $ns:"
		if [ "$p" = 6 ]; then
			ip netns exec "$ns" ss -tni
		else
			ip netns exec "$ns" cat /proc/net/xtcp
		fi
	done
}

# netem_finish LIMIT - wait up to LIMIT seconds (times NETEM_SCALE) for the
# client, then
# netem_check; a client still running then fails the test, with both
# sides' sockets and counters shown.
netem_finish() {
	local bound=$(($1 * NETEM_SCALE)) end rc=0
	end=$(( ${EPOCHREALTIME%[.,]*} + bound ))
	while alive "$netem_client_pid"; do
		if [ "${EPOCHREALTIME%[.,]*}" -ge "$end" ]; then
			cat "$NETEM_DIR/client" "$NETEM_DIR/server"
			netem_sockets
			netem_stats
			netem_links
			proc_dump
			fail "transfer not done after $bound s, $NETEM_WHAT"
		fi
		nap 0.2
	done
	netem_wait_client || rc=$?
	netem_check $rc
}

# netem_xfer LIMIT SPEC... - NETEM_MIB MiB from the client to the server
# through netem SPEC on both ends, within LIMIT seconds, byte-exact;
# netem_xfer_data LIMIT SPEC... the same with SPEC on the data's way only.
netem_xfer() {
	netem_setup
	netem_set "${@:2}"
	netem_run "$1"
}
netem_xfer_data() {
	netem_setup
	netem_set_data "${@:2}"
	netem_run "$1"
}
netem_run() {
	netem_server --limit $(($1 * NETEM_SCALE + 30))
	netem_client_start --limit $(($1 * NETEM_SCALE + 30))
	netem_finish "$1"
}
