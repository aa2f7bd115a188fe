#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T19 CLOSE-WAIT -> LAST-ACK on CLOSE (passive close). A scripted peer
# connects and sends a FIN: the server's connection acknowledges it, is in
# CLOSE_WAIT and read() returns 0; close() then sends our FIN and, the
# peer holding its ACK back, the connection stays in LAST_ACK.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_peer_net
xs_sock srv bind:5001 listen mark:listening accept:c mark:accepted \
	c.recv=EOF mark:eof await:close c.close await:end
xs_peer p 40000 5001 await:listening send:S expect:SA send:A await:fin \
	send:FA expect:A mark:finacked expect:FA mark:lastfin await:end
xs_wait 10 xs_marked accepted
xs_mark fin
xs_wait 10 xs_marked finacked
xs_wait 10 xs_marked eof
xs_expect_state 5001 40000 CLOSE_WAIT
xs_mark close
xs_wait 10 xs_marked lastfin
xs_expect_state 5001 40000 LAST_ACK
