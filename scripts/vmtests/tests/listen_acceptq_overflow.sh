#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A full accept queue holds a handshake back (Linux 6.1's
# sk_acceptq_is_full(), ListenOverflows): a listener with backlog 1
# answers a scripted peer's SYN, then two clients connect and nobody
# accepts them (two fit: one more than the backlog). The peer's ACK that
# would complete its handshake is dropped and counted (ListenOverflows,
# ListenDrops); once accept() makes room, the same ACK sent again
# establishes the connection. Twice:
# - net.xtcp.tcp_syncookies=0: the peer's SYN made a child, which stays
#   in SYN-RECEIVED while its ACK is dropped;
# - tcp_syncookies=2: the peer's SYN got a cookie, and the ACK that
#   returns it makes no child while the queue is full.
# (net.ipv4.tcp_syncookies on the kernel's TCP.)
# Before the bound, the ACK established the connection at once, past the
# backlog.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

if [ "$XTCP_PROTO" = 6 ]; then
	sysctl_ns=ipv4
else
	sysctl_ns=xtcp
fi

# mib NAME - a counter of this namespace (the TcpExt names on TCP too),
# read without starting a program (the waits poll it).
mib() {
	local -a keys vals
	local k v i
	if [ "$XTCP_PROTO" = 6 ]; then
		while read -ra keys && read -ra vals; do
			[ "${keys[0]}" = TcpExt: ] || continue
			for ((i = 1; i < ${#keys[@]}; i++)); do
				[ "${keys[i]}" != "$1" ] || { echo "${vals[i]}"; return; }
			done
		done </proc/net/netstat
	else
		while read -r k v; do
			[ "$k" != "$1" ] || { echo "$v"; return; }
		done </proc/net/xtcp_stat
	fi
}

# above NAME VALUE - the counter NAME is above VALUE.
above() { (($(mib "$1") > $2)); }

# overflow MODE PORT - the scenario with tcp_syncookies=MODE on PORT.
overflow() {
	local mode=$1 port=$2 ovf drops
	sysctl -qw net.$sysctl_ns.tcp_syncookies="$mode" ||
		fail "cannot set tcp_syncookies"
	xs_sock srv$mode bind:"$port" listen:1 mark:listening$mode \
		await:room$mode accept:a await:end
	xs_wait 10 xs_marked listening$mode
	xs_peer p$mode 40000 "$port" send:S expect:SA mark:synack$mode \
		await:full$mode send:A mark:acked$mode await:resend$mode \
		resend mark:resent$mode await:end
	xs_wait 20 xs_marked synack$mode
	xs_sock c1$mode connect:"$port" await:end
	xs_wait 20 xs_said c1$mode '^s.connect ok'
	xs_sock c2$mode connect:"$port" await:end
	xs_wait 20 xs_said c2$mode '^s.connect ok'
	ovf=$(mib ListenOverflows)
	drops=$(mib ListenDrops)
	xs_mark full$mode
	xs_wait 20 above ListenOverflows "$ovf"
	expect_eq "tcp_syncookies=$mode: ListenOverflows" $((ovf + 1)) \
		"$(mib ListenOverflows)"
	expect_eq "tcp_syncookies=$mode: ListenDrops" $((drops + 1)) \
		"$(mib ListenDrops)"
	if [ "$mode" = 0 ]; then
		xs_expect_state "$port" 40000 SYN_RECV
	else
		xs_expect_state "$port" 40000 ""
	fi
	xs_mark room$mode
	xs_wait 20 xs_said srv$mode '^s.accept ok'
	xs_mark resend$mode
	xs_wait 20 xs_is "$port" 40000 ESTABLISHED
}

xs_peer_net
overflow 0 5110
overflow 2 5112
