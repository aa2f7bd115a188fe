#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The sockets API over IPv6. Every case of xtcp_api.py that applies runs
# with --family 6 (AF_INET6 sockets on ::1), all in one process, on
# protocol $XTCP_PROTO: xtcp's, or 6, the kernel's TCP over IPv6, to
# check the expectations (XTCP_PROTO=6 scripts/vmtest.sh 6.1 api_ipv6).
# Among them the IPv6 cases: v4-mapped addresses (an AF_INET6
# listener without IPV6_V6ONLY accepts AF_INET clients, an AF_INET6
# socket connects to ::ffff:127.0.0.1, the names both ends give, the
# listener's row in /proc/net/xtcp6 and not in /proc/net/xtcp),
# IPV6_V6ONLY (no IPv4 clients, an AF_INET socket may take the port, the
# errnos), and link-local addresses (fe80::1 on a veth here: EINVAL
# without a scope id, the scope id in the names). Then 1 MiB over a veth
# pair between two namespaces, by IPv6 addresses, arrives whole.
#
#   $A: fd00:14::1 (x6a) ---- veth ---- (x6b) [fd00:14::2]:5006 $B
#
# Cost, CPU-s of QEMU after another test warmed xpy's fork server, as in
# make check (2026-12-05): 6.1 5.4, debug 9.2 (8 cases); as a VM's first
# test 15.4 and 11.7. 6.12 runs it by name (17.4 there, first test).
# kernels: 6.1 debug
. "$(dirname "$0")/../lib.sh"

A=xtcp-a-$RANDOM B=xtcp-b-$RANDOM
LL=x6ll$RANDOM
trap 'ip link del "$LL" 2>/dev/null; lib_cleanup' EXIT
api=$XTCP_TOP/scripts/vmtests/helpers/xtcp_api.py

# Not here: the cases that need their own test's set-up (a port range, a
# peer to cut, a process of their own for SIGPIPE), and those that cost
# the most wall time and check nothing of the family (two CPUs spinning in
# the listen() race, the 10 s of keepalive probes, the waits of the
# timeouts and signals, which are the socket layer's, and of the cork,
# FIN-WAIT-2 and deferred-accept timers; the 1 MiB before the PSH check). On the debug
# kernel, the IPv6 cases and a connection's life only.
skip_cases=" connect_port_shared opt_keepalive_dead send_sigpipe
	listen_reuseaddr_race opt_keepalive_live opt_rcvtimeo opt_sndtimeo
	signal_recv_eintr signal_accept_eintr recv_waitall opt_cork
	opt_linger2 opt_defer_accept opt_psh_write_end "
mapfile -t cases < <(xpy "$api" list)
run=()
for c in "${cases[@]}"; do
	[[ $skip_cases == *[[:space:]]$c[[:space:]]* ]] || run+=("$c")
done
[ "${XTCP_KERNEL:-}" != debug ] ||
	run=(v6_v4mapped v6_v6only v6_link_local connect_names bind_timewait
	     close_unread_rst shutdown_wr recv_eof)

ip link add "$LL" type veth peer name "$LL"p &&
	ip link set "$LL" up && ip link set "$LL"p up &&
	ip -6 addr add fe80::1/64 dev "$LL" nodad ||
	fail "cannot set up $LL with fe80::1"
export XTCP_LL_DEV=$LL

xpy "$api" --family 6 --proto "$XTCP_PROTO" "${run[@]}" ||
	fail "xtcp_api.py --family 6 on protocol $XTCP_PROTO"

veth_pair "$A" x6a 10.14.0.1 "$B" x6b 10.14.0.2
ip -n "$A" -6 addr add fd00:14::1/64 dev x6a nodad &&
	ip -n "$B" -6 addr add fd00:14::2/64 dev x6b nodad ||
	fail "cannot add the IPv6 addresses"
ns_xfer "$B" "$A" fd00:14::2 5006 1
expect_eq "1 MiB over IPv6: received" "$XFER_SENT" "$XFER_RECV"
