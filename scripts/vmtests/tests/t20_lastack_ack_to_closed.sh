#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T20 LAST-ACK -> CLOSED on the ACK of our FIN (passive close). As T19 up
# to LAST_ACK; the scripted peer's ACK of our FIN then removes the row,
# and the listener is untouched.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_peer_net
xs_sock srv bind:5001 listen mark:listening accept:c mark:accepted \
	c.recv=EOF await:close c.close await:end
xs_peer p 40000 5001 await:listening send:S expect:SA send:A await:fin \
	send:FA expect:A expect:FA mark:lastfin await:ack send:A await:end
xs_wait 10 xs_marked accepted
xs_mark fin
xs_wait 10 xs_said srv '^c.recv EOF'
xs_mark close
xs_wait 10 xs_marked lastfin
xs_expect_state 5001 40000 LAST_ACK
xs_mark ack
xs_wait 10 xs_none 5001 40000
xs_expect_state 5001 0 LISTEN
