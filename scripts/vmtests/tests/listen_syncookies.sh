#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A SYN flood at a listener with backlog 8: 300 SYNs from spoofed
# addresses (xtcp_synflood.py; their answers end on a dummy device), then
# a client from 127.0.0.1, under each net.xtcp.tcp_syncookies
# (net.ipv4.tcp_syncookies on the kernel's TCP):
# - 1: 9 children wait in SYN-RECEIVED (the SYN queue's bound: one more
#   than the backlog, as Linux 6.1's), the other SYNs and the client's
#   get a cookie; the client connects, 256 KiB
#   goes up and 64 KiB down byte-exact, with the window shifts of both
#   SYNs (kept in the cookie) and timestamps on both ends; "Possible SYN flooding on port 5101.
#   Sending cookies" is logged once.
# - 2: every SYN gets a cookie, no child waits; the client connects as
#   above; nothing is logged.
# - 0: 9 children wait, the other SYNs and the client's are dropped
#   (TCPReqQFullDrop, ListenDrops): its connect() stays pending;
#   "Dropping request" is logged once.
# Before the SYN queue and cookies (no tcp_syncookies sysctl; the same
# test without it), 9 children waited and the client's SYN was dropped.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

FLOOD=$XTCP_TOP/scripts/vmtests/helpers/xtcp_synflood.py
if [ "$XTCP_PROTO" = 6 ]; then
	sysctl_ns=ipv4
	prefix="TCP: request_sock_TCP: "
else
	sysctl_ns=xtcp
	prefix="xtcp: "
fi

COUNTERS="SyncookiesSent SyncookiesRecv SyncookiesFailed ListenOverflows
ListenDrops TCPReqQFullDoCookies TCPReqQFullDrop"
declare -A before after delta

# snap ARRAY - every counter of this namespace into ARRAY, by name (the
# TcpExt names on TCP too), without starting a program.
snap() {
	local -n into=$1
	local -a keys vals
	local k v i
	if [ "$XTCP_PROTO" = 6 ]; then
		while read -ra keys && read -ra vals; do
			[ "${keys[0]}" = TcpExt: ] || continue
			for ((i = 1; i < ${#keys[@]}; i++)); do
				into[${keys[i]}]=${vals[i]}
			done
		done </proc/net/netstat
	else
		while read -r k v; do
			into[$k]=$v
		done </proc/net/xtcp_stat
	fi
}

# flood MODE PORT EXPECT - run the flood with tcp_syncookies=MODE; its
# output in $XS_SYNC/flood$MODE.out, the counters' changes in delta[].
flood() {
	local out=$XS_SYNC/flood$1.out c
	sysctl -qw net.$sysctl_ns.tcp_syncookies="$1" ||
		fail "cannot set tcp_syncookies"
	snap before
	xpy "$FLOOD" "$2" 8 300 "$3" >"$out" ||
		fail "tcp_syncookies=$1: $(cat "$out")"
	snap after
	for c in $COUNTERS; do
		delta[$c]=$((${after[$c]} - ${before[$c]}))
	done
	echo "tcp_syncookies=$1:" $(<"$out")
	for c in $COUNTERS; do echo -n " $c=${delta[$c]}"; done
	echo
}

# logged PORT WHAT - lines of the kernel log saying a SYN flood on PORT.
logged() {
	dmesg | grep -c "${prefix}Possible SYN flooding on port $1\. $2\." || :
}

# expect_cookie_xfer MODE - the client got through, with window scaling.
expect_cookie_xfer() {
	local out=$XS_SYNC/flood$1.out csnd crcv ssnd srcv
	has_line "$out" '^xfer ok$' || fail "tcp_syncookies=$1: no transfer"
	has_line "$out" '^wscale_ok 1 1$' ||
		fail "tcp_syncookies=$1: window scaling off: $(cat "$out")"
	has_line "$out" '^ts_ok 1 1$' ||
		fail "tcp_syncookies=$1: timestamps off: $(cat "$out")"
	read -r _ csnd crcv ssnd srcv < <(grep '^wscale ' "$out")
	expect_eq "tcp_syncookies=$1: client's send shift = server's receive shift" \
		"$csnd" "$srcv"
	expect_eq "tcp_syncookies=$1: server's send shift = client's receive shift" \
		"$ssnd" "$crcv"
	expect_eq "tcp_syncookies=$1: SyncookiesRecv" 1 "${delta[SyncookiesRecv]}"
	expect_eq "tcp_syncookies=$1: SyncookiesFailed" 0 \
		"${delta[SyncookiesFailed]}"
	expect_eq "tcp_syncookies=$1: ListenDrops" 0 "${delta[ListenDrops]}"
}

xs_peer_net

flood 1 5101 connect
has_line "$XS_SYNC/flood1.out" '^embryos 9$' ||
	fail "tcp_syncookies=1: not 9 children in SYN-RECEIVED"
expect_cookie_xfer 1
expect_eq "tcp_syncookies=1: SyncookiesSent" 292 "${delta[SyncookiesSent]}"
expect_eq "tcp_syncookies=1: TCPReqQFullDoCookies" 292 \
	"${delta[TCPReqQFullDoCookies]}"
expect_eq "tcp_syncookies=1: log lines" 1 "$(logged 5101 'Sending cookies')"

flood 2 5102 connect
has_line "$XS_SYNC/flood2.out" '^embryos 0$' ||
	fail "tcp_syncookies=2: children in SYN-RECEIVED"
expect_cookie_xfer 2
expect_eq "tcp_syncookies=2: SyncookiesSent" 301 "${delta[SyncookiesSent]}"
expect_eq "tcp_syncookies=2: log lines" 0 "$(logged 5102 'Sending cookies')"

flood 0 5100 drop
has_line "$XS_SYNC/flood0.out" '^embryos 9$' ||
	fail "tcp_syncookies=0: not 9 children in SYN-RECEIVED"
has_line "$XS_SYNC/flood0.out" '^connect pending$' ||
	fail "tcp_syncookies=0: the client was not dropped"
expect_eq "tcp_syncookies=0: SyncookiesSent" 0 "${delta[SyncookiesSent]}"
# the client may have sent its SYN again before it closed
((delta[TCPReqQFullDrop] >= 292)) ||
	fail "tcp_syncookies=0: TCPReqQFullDrop ${delta[TCPReqQFullDrop]} < 292"
expect_eq "tcp_syncookies=0: ListenDrops" "${delta[TCPReqQFullDrop]}" \
	"${delta[ListenDrops]}"
expect_eq "tcp_syncookies=0: log lines" 1 "$(logged 5100 'Dropping request')"
