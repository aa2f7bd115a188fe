#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T22 TIME-WAIT, a retransmitted FIN arrives (our last ACK was lost): the
# connection acknowledges it again and restarts the 2MSL timer. A scripted
# peer answers our FIN with FIN,ACK (T16) and later sends that FIN again.
#
# On xtcp (net.xtcp.msl_ms 5000, 2MSL 10 s) the peer itself resends the FIN
# 4 s after it saw our last ACK (timed in one process, so a busy VM does
# not push it past 2MSL). From the peer's clock: the first deadline is at
# most 2MSL after it saw that ACK, the restarted one at least 2MSL after
# it resent the FIN. The test looks just after the first (reading the
# state file takes seconds on the debug VM): if the look ends
# before the restarted deadline, TIME_WAIT must be there. Then it must go.
# On the kernel's TCP (TIME-WAIT fixed at 60 s) the restart is read from
# the tm->when column (time left on the timer), which must go back up.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_peer_net
if [ "$XTCP_PROTO" = 6 ]; then
	len=60000
	refin=await:refin
else
	sysctl -qw net.xtcp.msl_ms=5000 || fail "cannot set net.xtcp.msl_ms"
	len=10000
	refin=sleep:4000
fi
xs_peer p 40000 5002 mark:ready expect:S send:SA expect:A expect:FA send:FA \
	expect:A mark:tw $refin resend expect:A mark:reacked await:end
xs_wait 10 xs_marked ready
xs_sock cli bind:5002 connect:40000@10.0.0.2 close await:end
xs_wait 10 xs_marked tw
xs_wait 10 xs_is 5002 40000 TIME_WAIT

if [ "$XTCP_PROTO" = 6 ]; then
	# tm->when, in USER_HZ ticks
	left() { printf '%d' "0x$(xs_field 5002 40000 6 | cut -d: -f2)"; }
	before=$(left)
	went_down() { [ "$(left)" -le $((before - 100)) ]; }
	xs_wait 10 went_down
	before=$(left)
	xs_mark refin
	xs_wait 10 xs_marked reacked
	after=$(left)
	echo "timer: $before ticks left before the FIN, $after after"
	[ "$after" -gt "$before" ] || fail "TIME-WAIT timer not restarted"
	exit 0
fi

xs_wait 10 xs_marked reacked
# From the peer's times (our last ACK seen, the FIN resent), in ms: the
# first deadline at the latest, the restarted one at the earliest.
read -r d1 d2 <<<"$(awk -v len=$len '
	/^got A / { sub("t=", "", $NF); t = $NF }
	/^resent/ { sub("t=", "", $2); printf "%.0f %.0f\n", t * 1000 + len, $2 * 1000 + len; exit }
' "$XS_SYNC/p.out")"
[ -n "$d2" ] || fail "no times in the peer's output"
echo "FIN resent $((d2 - d1)) ms after our ACK"
sleep "$(awk -v w=$((d1 + 300 - $(xs_now_ms))) 'BEGIN { print (w > 0 ? w : 0) / 1000 }')"
t=$(xs_now_ms)
if ! xs_is 5002 40000 TIME_WAIT; then
	[ "$(xs_now_ms)" -ge $d2 ] ||
		fail "TIME_WAIT gone $((t - d1)) ms after the first 2MSL ended: not restarted"
	echo "looked only $(($(xs_now_ms) - d2)) ms after the restarted 2MSL: not checked"
else
	echo "TIME_WAIT there $((t - d1)) ms after the first 2MSL"
fi
xs_wait 20 xs_none 5002 40000
t1=$(xs_now_ms)
echo "TIME_WAIT ended $((t1 - d2 + len)) ms after the second FIN (2MSL $len ms)"
[ $((t1 - d2)) -le 5000 ] || fail "TIME_WAIT lasted $((t1 - d2 + len)) ms after the second FIN"
