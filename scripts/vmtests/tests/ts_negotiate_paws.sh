#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1 debug
# timeout: 60
# TCP timestamps (RFC 7323) against scripted peers 10.0.0.2 (their
# segments read off the wire, so TSval and TSecr are checked exactly):
# - a peer whose SYN offers timestamps (TSval 1000) gets a SYN,ACK that
#   echoes 1000, and every segment after carries the option, echoing the
#   peer's latest TSval; data with a TSval 1000 below it (an old duplicate)
#   is dropped by PAWS, answered with an ACK and counted in PAWSEstab, and
#   the application reads the data that follows, not it; in TIME-WAIT the
#   same old duplicate is answered and counted again;
# - our SYN offers timestamps with TSecr 0, and the ACK of a SYN,ACK that
#   offers them echoes its TSval;
# - a peer that offers none gets none, on any segment;
# - with net.xtcp.tcp_timestamps = 0 (net.ipv4.tcp_timestamps on the
#   kernel's TCP) neither our SYN nor our SYN,ACK carries the option.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"

if [ "$XTCP_PROTO" = 6 ]; then
	sysctl_ts=net.ipv4.tcp_timestamps
	paws() {
		awk '$1 == "TcpExt:" && !n { for (i = 2; i <= NF; i++)
			if ($i == "PAWSEstab") c = i; n = 1; next }
			$1 == "TcpExt:" { print $c }' /proc/net/netstat
	}
else
	sysctl_ts=net.xtcp.tcp_timestamps
	paws() { stat_get PAWSEstab; }
fi
sysctl -qw "$sysctl_ts=1" || fail "cannot set $sysctl_ts"
xs_peer_net

# passive open with timestamps, PAWS in ESTABLISHED and TIME-WAIT
xs_sock srv bind:5002 listen mark:listening accept:c c.recv=data:hello \
	mark:read1 c.recv=data:new await:closeit c.close await:end
# our SYN offers them; the peer's SYN,ACK too
xs_sock cli bind:5004 connect:40002@10.0.0.2 mark:connected await:end
# a peer that offers none
xs_sock srv2 bind:5003 listen mark:listening2 accept:c c.recv=data:x \
	await:end
xs_wait 10 xs_marked listening
xs_wait 10 xs_marked listening2
xs_peer p 40000 5002 ts:1000 send:S expect:SA send:A data:hello \
	expect:A await:read1 stale:bad expect:A data:new expect:A \
	mark:closeit expect:FA send:FA expect:A stale:old expect:A \
	mark:done await:end
xs_peer r 40002 5004 expect:S ts:7000 send:SA expect:A mark:done_r \
	await:end
xs_peer q 40001 5003 send:S expect:SA send:A data:x expect:A \
	mark:done_q await:end
xs_wait 20 xs_marked done
xs_wait 10 xs_marked done_r
xs_wait 10 xs_marked done_q
xs_wait 10 xs_said srv '^c.recv data:new'
xs_wait 10 xs_said cli '^s.connect ok'

ts='seq=[0-9]+ ack=[0-9]+ len=[0-9]+ t=[0-9.]+ ts=[0-9]+'
xs_said p "^got SA $ts,1000\$" || fail "the SYN,ACK does not echo TSval 1000"
# S 1000, A 1001, hello 1002; bad is 3, new 1003, FA 1004, old 5
xs_said p "^got A $ts,1002\$" || fail "no ACK of hello echoing 1002"
xs_said p "^got A $ts,1003\$" || fail "no ACK of new echoing 1003"
xs_said p "^got FA $ts,1003\$" || fail "the FIN does not echo 1003"
xs_said p "^got A $ts,1004\$" || fail "the ACK of the FIN does not echo 1004"
[ "$(grep -c '^got ' "$XS_SYNC/p.out")" = \
	"$(grep -cE "^got .* ts=[0-9]+,[0-9]+\$" "$XS_SYNC/p.out")" ] ||
	fail "a segment without timestamps: $(grep '^got ' "$XS_SYNC/p.out")"
xs_expect_state 5002 40000 TIME_WAIT
expect_eq "PAWSEstab (ESTABLISHED and TIME-WAIT)" 2 "$(paws)"

xs_said r "^got S $ts,0\$" || fail "our SYN offers no timestamps"
xs_said r "^got A $ts,7000\$" || fail "our ACK does not echo 7000"
! xs_said q ' ts=' || fail "timestamps to a peer that offered none"

# net.xtcp.tcp_timestamps = 0: none on our SYN, none on our SYN,ACK
sysctl -qw "$sysctl_ts=0"
xs_sock srv3 bind:5005 listen mark:listening3 accept:c await:end
xs_sock cli2 bind:5006 connect:40004@10.0.0.2 await:end
xs_wait 10 xs_marked listening3
xs_peer s 40003 5005 ts:1000 send:S expect:SA mark:done_s await:end
xs_peer u 40004 5006 expect:S mark:done_u await:end
xs_wait 10 xs_marked done_s
xs_wait 10 xs_marked done_u
! xs_said s ' ts=' || fail "a SYN,ACK with timestamps with $sysctl_ts=0"
! xs_said u ' ts=' || fail "a SYN with timestamps with $sysctl_ts=0"
