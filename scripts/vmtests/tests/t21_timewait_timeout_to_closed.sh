#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T21 TIME-WAIT -> CLOSED after 2MSL. After an ordinary active close the
# client's connection is in TIME_WAIT; it is still there half-way through
# 2MSL and gone soon after 2MSL. On xtcp, net.xtcp.msl_ms is set to
# 2500 in the test's namespace (2MSL = 5 s, so a slow emulated VM still
# sees it half-way through); the kernel's TCP has a fixed
# 60 s TIME-WAIT, which the test then waits for (about 62 s).
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

if [ "$XTCP_PROTO" = 6 ]; then
	len=60000
else
	sysctl -qw net.xtcp.msl_ms=2500 || fail "cannot set net.xtcp.msl_ms"
	len=5000
fi
xs_sock srv bind:5001 listen mark:listening accept:c c.recv=EOF c.close await:end
xs_wait 10 xs_marked listening
xs_sock cli bind:5002 connect:5001 mark:connected await:close close await:end
xs_wait 10 xs_marked connected
t_pre=$(xs_now_ms)
xs_mark close
xs_wait 10 xs_is 5002 5001 TIME_WAIT
t0=$(xs_now_ms)
# TIME-WAIT began after t_pre and at or before t0: it lasts at least until
# t_pre + 2MSL and at most until t0 + 2MSL. Look again half-way to the
# first; if the look ends before it, TIME_WAIT must still be there.
sleep "$(awk -v w=$((t_pre + len / 2 - t0)) 'BEGIN { print (w > 0 ? w : 0) / 1000 }')"
if ! xs_is 5002 5001 TIME_WAIT; then
	t=$(xs_now_ms)
	[ $t -ge $((t_pre + len)) ] ||
		fail "TIME_WAIT gone $((t - t_pre)) ms after close(), 2MSL is $len ms"
	echo "looked only $((t - t_pre)) ms after close(): lower bound not checked"
fi
xs_wait $((len / 1000 + 10)) xs_none 5002 5001
t1=$(xs_now_ms)
echo "TIME_WAIT seen for $((t1 - t0)) ms (2MSL $len ms)"
[ $((t1 - t0)) -le $((len + 5000)) ] || fail "TIME_WAIT lasted $((t1 - t0)) ms, 2MSL is $len"
