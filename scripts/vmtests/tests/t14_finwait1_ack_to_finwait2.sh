#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T14 FIN-WAIT-1 -> FIN-WAIT-2 on the ACK of our FIN. After close(), the
# socket is in FIN_WAIT1 while a scripted peer holds its ACK back; the ACK
# moves it to FIN_WAIT2.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_peer_net
xs_peer p 40000 5002 mark:ready expect:S send:SA expect:A expect:FA mark:fin \
	await:ack send:A await:end
xs_wait 10 xs_marked ready
xs_sock cli bind:5002 connect:40000@$XS_PEER mark:est await:close close await:end
xs_wait 10 xs_marked est
xs_mark close
xs_wait 10 xs_marked fin
xs_expect_state 5002 40000 FIN_WAIT1
xs_mark ack
xs_wait 10 xs_is 5002 40000 FIN_WAIT2
