#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T28 FIN not acknowledged: after close(), a scripted peer never
# acknowledges our FIN; the FIN is retransmitted with growing gaps while
# the connection stays in FIN_WAIT1, and the peer's ACK at last moves it to
# FIN_WAIT2 (and stops the retransmissions). Giving up after the retry
# limit takes minutes and is left to KUnit (xtcp_fsm_t28_*).
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_peer_net
xs_peer p 40000 5002 mark:ready expect:S send:SA expect:A expect:FA expect:FA \
	expect:FA mark:three await:ack send:A await:end
xs_wait 10 xs_marked ready
xs_sock cli bind:5002 connect:40000@10.0.0.2 mark:est await:close close await:end
xs_wait 10 xs_marked est
xs_mark close
xs_wait 100 xs_marked three
xs_expect_state 5002 40000 FIN_WAIT1
grep '^got FA ' "$XS_SYNC/p.out" | sed 's/.* t=//' |
	awk '{ t[NR] = $1 } END {
		g1 = t[2] - t[1]; g2 = t[3] - t[2]
		printf "FIN gaps %.3f s, %.3f s\n", g1, g2
		if (g2 < 1.5 * g1) { print "# FAIL: no backoff"; exit 1 }
	}' || fail "FIN retransmissions do not back off"
xs_mark ack
xs_wait 10 xs_is 5002 40000 FIN_WAIT2
