#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T28 FIN not acknowledged: after close(), a scripted peer never
# acknowledges our FIN; the FIN is retransmitted with growing gaps while
# the connection stays in FIN_WAIT1, and the peer's ACK at last moves it to
# FIN_WAIT2 (and stops the retransmissions). Giving up after the retry
# limit takes minutes and is left to KUnit (xtcp_fsm_t28_*).
# The first timeout is at least R (xtcp: net.xtcp.rto_min_ms set to 1 s;
# the kernel's TCP: its 200 ms minimum), the next at least twice that. A
# timer may fire late on a busy emulated VM, never early, so the gaps
# (the kernel's timestamps of the FINs) are checked from below.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

if [ "$XTCP_PROTO" = 6 ]; then
	r=0.2
else
	sysctl -qw net.xtcp.rto_min_ms=1000 || fail "cannot set net.xtcp.rto_min_ms"
	r=1
fi
xs_peer_net
xs_peer p 40000 5002 mark:ready expect:S send:SA expect:A expect:FA expect:FA \
	expect:FA mark:three await:ack send:A await:end
xs_wait 10 xs_marked ready
xs_sock cli bind:5002 connect:40000@$XS_PEER mark:est await:close close await:end
xs_wait 10 xs_marked est
xs_mark close
xs_wait 100 xs_marked three
xs_expect_state 5002 40000 FIN_WAIT1
grep '^got FA ' "$XS_SYNC/p.out" | sed 's/.* t=//' |
	awk -v r=$r '{ t[NR] = $1 } END {
		g1 = t[2] - t[1]; g2 = t[3] - t[2]
		printf "FIN gaps %.3f s, %.3f s\n", g1, g2
		if (g1 < 0.95 * r || g2 < 1.95 * r) { print "# FAIL: no backoff"; exit 1 }
	}' || fail "FIN retransmissions do not back off"
xs_mark ack
xs_wait 10 xs_is 5002 40000 FIN_WAIT2
