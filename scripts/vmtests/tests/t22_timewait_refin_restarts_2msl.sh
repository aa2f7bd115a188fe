#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T22 TIME-WAIT, a retransmitted FIN arrives (our last ACK was lost): the
# connection acknowledges it again and restarts the 2MSL timer. A scripted
# peer answers our FIN with FIN,ACK (T16) and later sends that FIN again.
# On xtcp (net.xtcp.msl_ms 3000, 2MSL 6 s) the FIN is resent half-way
# through and the connection must still be there a quarter of 2MSL after
# the first deadline (the restarted one is half of 2MSL later), then go. On the kernel's TCP
# (TIME-WAIT fixed at 60 s) the restart is read from the tm->when column
# (time left on the timer), which must go back up.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

if [ "$XTCP_PROTO" = 6 ]; then
	len=60000
else
	sysctl -qw net.xtcp.msl_ms=3000 || fail "cannot set net.xtcp.msl_ms"
	len=6000
fi
xs_peer_net
xs_peer p 40000 5002 mark:ready expect:S send:SA expect:A expect:FA send:FA \
	expect:A mark:tw await:refin resend expect:A mark:reacked await:end
xs_wait 10 xs_marked ready
xs_sock cli bind:5002 connect:40000@10.0.0.2 close await:end
xs_wait 10 xs_marked tw
xs_wait 10 xs_is 5002 40000 TIME_WAIT
t0=$(xs_now_ms)
# tm->when, in USER_HZ ticks
left() { printf '%d' "0x$(xs_field 5002 40000 6 | cut -d: -f2)"; }
if [ "$XTCP_PROTO" = 6 ]; then
	before=$(left)
	went_down() { [ "$(left)" -le $((before - 100)) ]; }
	xs_wait 10 went_down
	before=$(left)
else
	sleep $((len / 2000))	# half of 2MSL
fi
xs_mark refin
xs_wait 10 xs_marked reacked
if [ "$XTCP_PROTO" = 6 ]; then
	after=$(left)
	echo "timer: $before ticks left before the FIN, $after after"
	[ "$after" -gt "$before" ] || fail "TIME-WAIT timer not restarted"
	exit 0
fi
t1=$(xs_now_ms)
# past the first deadline (t0 + 2MSL, t0 being after the entry) by a
# quarter of 2MSL, before the restarted one (at least t0 + 1.5 * 2MSL)
sleep "$(awk -v w=$((t0 + len * 5 / 4 - $(xs_now_ms))) 'BEGIN { print (w > 0 ? w : 0) / 1000 }')"
xs_is 5002 40000 TIME_WAIT || fail "TIME_WAIT gone $(($(xs_now_ms) - t0)) ms in: 2MSL not restarted"
xs_wait 20 xs_none 5002 40000
echo "TIME_WAIT ended $(($(xs_now_ms) - t1)) ms after the second FIN (2MSL $len ms)"
