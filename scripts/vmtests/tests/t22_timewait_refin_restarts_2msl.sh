#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T22 TIME-WAIT, a retransmitted FIN arrives (our last ACK was lost): the
# connection acknowledges it again and restarts the 2MSL timer. A scripted
# peer answers our FIN with FIN,ACK (T16) and later sends that FIN again.
#
# On xtcp (net.xtcp.msl_ms 5000, 2MSL 10 s) the peer itself resends the FIN
# 4 s after it saw our last ACK, then sends a bare ACK out of the window
# every 100 ms, which TIME-WAIT answers with an ACK (not rate-limited
# here: net.xtcp.tcp_invalid_ratelimit 0) and a closed port with a reset,
# until the reset comes. Every time is the kernel's timestamp of a segment of ours
# (the ACK of each FIN, the answer to each probe), so neither a slow peer
# nor a slow shell can stretch or shrink what is measured: TIME-WAIT must
# still answer after the first 2MSL ended (it was restarted), must not be
# gone before 2MSL after the FIN was resent, and must not answer more than
# 5 s after 2MSL from our ACK of that FIN. A peer that cannot probe in
# time shows less, and the test says what it could not check.
# On the kernel's TCP (TIME-WAIT fixed at 60 s) the restart is read from
# the tm->when column (time left on the timer), which must go back up.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_peer_net
if [ "$XTCP_PROTO" = 6 ]; then
	len=60000
	steps="await:refin resend expect:A mark:reacked"
else
	sysctl -qw net.xtcp.msl_ms=5000 net.xtcp.tcp_invalid_ratelimit=0 ||
		fail "cannot set net.xtcp.msl_ms, tcp_invalid_ratelimit"
	len=10000
	steps="sleep:4000 resend expect:A mark:reacked probe:100 mark:gone"
fi
# shellcheck disable=SC2086 # $steps are steps
xs_peer p 40000 5002 mark:ready expect:S send:SA expect:A expect:FA send:FA \
	expect:A mark:tw $steps await:end
xs_wait 10 xs_marked ready
xs_sock cli bind:5002 connect:40000@$XS_PEER close await:end
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

xs_wait $((len / 1000 + 20)) xs_marked gone
# The peer's times, in ms: our ACK of its first FIN (TIME-WAIT began, its
# timer started just after), the FIN sent again, our ACK of it (the timer
# restarted just before), the last answer from TIME-WAIT, the reset.
read -r t0 resent t1 alive gone <<<"$(awk '
	function ms(f) { sub("t=", "", f); return sprintf("%.0f", f * 1000) }
	/^got A / && !r { t0 = ms($NF) }
	/^resent / { r = ms($2); next }
	/^got / && r && !t1 { t1 = ms($NF); a = t1; next }
	/^got A / && t1 { a = ms($NF) }
	/^got R / && t1 { print t0, r, t1, a, ms($NF); exit }
' "$XS_SYNC/p.out")"
[ -n "$gone" ] || fail "no times in the peer's output"
xs_none 5002 40000 || fail "reset sent, but $XS_FILE still lists the connection"
echo "FIN resent $((resent - t0)) ms after our ACK"
echo "TIME_WAIT ended $((alive - t1)) to $((gone - t1)) ms after our ACK" \
	"of the second FIN (2MSL $len ms)"
[ "$gone" -ge $((resent + len)) ] ||
	fail "TIME_WAIT gone $((gone - resent)) ms after the second FIN," \
		"before 2MSL: not restarted"
if [ "$alive" -gt $((t0 + len + 300)) ]; then
	echo "TIME_WAIT there $((alive - t0 - len)) ms after the first 2MSL ended"
else
	echo "no answer later than 300 ms after the first 2MSL ended:" \
		"the restart not checked"
fi
[ "$alive" -le $((t1 + len + 5000)) ] ||
	fail "TIME_WAIT still there $((alive - t1)) ms after the second FIN"
[ "$gone" -le $((t1 + len + 5000)) ] ||
	echo "no probe answered from $((alive - t1)) to $((gone - t1)) ms:" \
		"the end not checked"
exit 0
