#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T12 ESTABLISHED -> FIN-WAIT-1 on CLOSE. shutdown(SHUT_WR) on a connection
# to a scripted peer sends a FIN; the peer does not acknowledge it, so the
# socket stays in FIN_WAIT1.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_peer_net
xs_peer p 40000 5002 mark:ready expect:S send:SA expect:A expect:FA mark:fin await:end
xs_wait 10 xs_marked ready
xs_sock cli bind:5002 connect:40000@$XS_PEER mark:est await:shut shutwr mark:shut await:end
xs_wait 10 xs_marked est
xs_expect_state 5002 40000 ESTABLISHED
xs_mark shut
xs_wait 10 xs_marked fin
xs_expect_state 5002 40000 FIN_WAIT1
