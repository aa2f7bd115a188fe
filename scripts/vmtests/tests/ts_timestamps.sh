#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1 debug
# timeout: 240
# (10 s and 10 CPU-s of QEMU alone on the debug kernel; in make check of
# 2026-12-06 beside five other VMs it had 34 CPU-s in its 120 s there and
# was killed)
# TCP timestamps (RFC 7323), against scripted peers 10.0.0.2 whose
# segments are read off the wire (TSval and TSecr checked exactly):
# - a peer whose SYN offers them (TSval 1000) gets a SYN,ACK echoing 1000,
#   and every segment after carries the option, echoing the peer's latest
#   TSval; data with a TSval 1000 below it (an old duplicate) is dropped
#   by PAWS, answered with an ACK and counted in PAWSEstab, and the
#   application reads the data after it instead; in TIME-WAIT the same
#   old duplicate is answered and counted again, and a SYN with a newer
#   TSval ends TIME-WAIT and gets a SYN,ACK from the listener;
# - our SYN offers them with TSecr 0, and our ACK of a SYN,ACK that
#   offers them too echoes its TSval;
# - a peer that offers none gets none; with net.xtcp.tcp_timestamps 0
#   (net.ipv4.tcp_timestamps on the kernel's TCP) a peer that offers them
#   gets none;
# and connect() over a TIME-WAIT entry (net.xtcp.tcp_tw_reuse), on
# loopback, with one port in net.ipv4.ip_local_port_range so connect()
# has no other choice:
# - tcp_tw_reuse 0: EADDRNOTAVAIL, the entry stays;
# - tcp_tw_reuse 2 (loopback): connect() succeeds once the peer's last
#   timestamp is a second old (within 5 s here; TIME-WAIT lasts 60 s),
#   the entry is gone and counted in TWRecycled, and data flows;
# - a socket bound to the port (SO_REUSEADDR) connects over the entry the
#   second connection left at once, whatever tcp_tw_reuse says.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"

# knob NAME VALUE - net.xtcp.NAME (net.ipv4.NAME on TCP), with no program
knob() { echo "$2" >"/proc/sys/${net//.//}/$1" || fail "cannot set $net.$1"; }
if [ "$XTCP_PROTO" = 6 ]; then
	net=net.ipv4
	# counter NAME - TcpExt NAME in /proc/net/netstat
	counter() {
		awk -v k="$1" '$1 == "TcpExt:" && !n { for (i = 2; i <= NF; i++)
			if ($i == k) c = i; n = 1; next }
			$1 == "TcpExt:" { print $c }' /proc/net/netstat
	}
else
	net=net.xtcp
	counter() { stat_get "$1"; }
fi
knob tcp_timestamps 1
knob tcp_tw_reuse 0
xs_peer_net

# p: passive open with timestamps, PAWS; q: no timestamps; s: sysctl 0
xs_sock srv bind:5002 listen mark:listening accept:c c.recv=data:hello \
	mark:read1 c.recv=data:new await:closeit c.close \
	accept:d d.recv=data:x await:end
# r: our SYN offers them, the peer's SYN,ACK too
xs_sock cli bind:5004 connect:40002@$XS_PEER await:end
xs_wait 10 xs_marked listening
xs_peer p 40000 5002 ts:1000 send:S expect:SA send:A data:hello \
	expect:A await:read1 stale:bad expect:A data:new expect:A \
	mark:closeit expect:FA send:FA expect:A stale:old expect:A \
	send:S expect:SA mark:done_p await:end
xs_peer r 40002 5004 expect:S ts:7000 send:SA expect:A mark:done_r \
	await:end
xs_wait 20 xs_marked done_p
xs_peer q 40001 5002 send:S expect:SA send:A data:x expect:A \
	mark:done_q await:end
xs_wait 10 xs_marked done_r
xs_wait 10 xs_marked done_q
knob tcp_timestamps 0
xs_peer s 40003 5002 ts:1000 send:S expect:SA mark:done_s await:end
xs_wait 10 xs_marked done_s

ts='seq=[0-9]+ ack=[0-9]+ len=[0-9]+ t=[0-9.]+ ts=[0-9]+'
xs_said p "^got SA $ts,1000\$" || fail "the SYN,ACK does not echo TSval 1000"
# S 1000, A 1001, hello 1002; bad is 3, new 1003, FA 1004, old 5, S 1005
xs_said p "^got A $ts,1002\$" || fail "no ACK of hello echoing 1002"
xs_said p "^got A $ts,1003\$" || fail "no ACK of new echoing 1003"
xs_said p "^got FA $ts,1003\$" || fail "the FIN does not echo 1003"
xs_said p "^got A $ts,1004\$" || fail "the ACK of the FIN does not echo 1004"
while read -r l; do
	[[ $l != got* || $l =~ \ ts=[0-9]+,[0-9]+$ ]] ||
		fail "no timestamps on: $l"
done <"$XS_SYNC/p.out"
# the SYN with a newer TSval ended TIME-WAIT (TCP_TW_SYN)
xs_said p "^got SA $ts,1005\$" || fail "no SYN,ACK to a new SYN in TIME-WAIT"
xs_expect_state 5002 40000 SYN_RECV
expect_eq "PAWSEstab (ESTABLISHED and TIME-WAIT)" 2 "$(counter PAWSEstab)"
xs_said srv '^c.recv data:new' || fail "the application did not read new"
xs_said r "^got S $ts,0\$" || fail "our SYN offers no timestamps"
xs_said r "^got A $ts,7000\$" || fail "our ACK does not echo 7000"
! xs_said q ' ts=' || fail "timestamps to a peer that offered none"
! xs_said s ' ts=' || fail "a SYN,ACK with timestamps, $net.tcp_timestamps 0"

# connect() over TIME-WAIT, on loopback
knob tcp_timestamps 1
echo "40000 40000" >/proc/sys/net/ipv4/ip_local_port_range ||
	fail "cannot set ip_local_port_range"
xs_sock srv2 bind:5001 listen mark:listening2 accept:a a.recv=EOF a.close \
	accept:b b.recv=data:again b.recv=EOF b.close \
	accept:c c.recv=data:bound await:end
xs_wait 10 xs_marked listening2
xs_sock cli2 reuse connect:5001 close b.connect:5001=EADDRNOTAVAIL \
	mark:refused await:end
xs_wait 10 xs_is 40000 5001 TIME_WAIT
xs_wait 10 xs_marked refused
xs_expect_state 40000 5001 TIME_WAIT
expect_eq "TWRecycled, $net.tcp_tw_reuse 0" 0 "$(counter TWRecycled)"

knob tcp_tw_reuse 2
nap 1		# the peer's last timestamp a second old: one try, mostly
taken() {
	out=$(xpy "$XS_PLAY" sock reuse connect:5001=ok/EADDRNOTAVAIL \
		send:again close)
	[ "$out" != "s.connect EADDRNOTAVAIL" ]
}
xs_wait 5 taken
[ "${out##*$'\n'}" = "s.close ok" ] || fail "$out"
expect_eq "TWRecycled, $net.tcp_tw_reuse 2" 1 "$(counter TWRecycled)"
xs_wait 10 xs_said srv2 '^b.close ok'
# the new connection's own TIME-WAIT, the old one gone
xs_wait 10 xs_is 40000 5001 TIME_WAIT
_xs_find 40000 5001
expect_eq "rows 40000-5001" TIME_WAIT "${XS_FOUND[*]}"

knob tcp_tw_reuse 0
out=$(xpy "$XS_PLAY" sock reuse bind:40000@$XS_LO connect:5001 \
	send:bound) || fail "$out"
xs_wait 10 xs_said srv2 '^c.recv data:bound'
expect_eq "TWRecycled after a bound connect()" 2 "$(counter TWRecycled)"
