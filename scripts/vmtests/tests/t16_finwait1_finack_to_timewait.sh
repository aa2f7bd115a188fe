#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T16 FIN-WAIT-1 -> TIME-WAIT on FIN + ACK of our FIN in one segment. After
# close(), a scripted peer answers the FIN with one FIN,ACK segment; the
# socket acknowledges the peer's FIN and is in TIME_WAIT.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_peer_net
xs_peer p 40000 5002 mark:ready expect:S send:SA expect:A expect:FA mark:fin \
	await:answer send:FA expect:A mark:acked await:end
xs_wait 10 xs_marked ready
xs_sock cli bind:5002 connect:40000@$XS_PEER mark:est await:close close await:end
xs_wait 10 xs_marked est
xs_mark close
xs_wait 10 xs_marked fin
xs_expect_state 5002 40000 FIN_WAIT1
xs_mark answer
xs_wait 10 xs_marked acked
xs_wait 10 xs_is 5002 40000 TIME_WAIT
