#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T04 LISTEN -> SYN-RCVD on a SYN. A SYN from a scripted peer (which then
# holds its ACK back) is answered with a SYN,ACK that acknowledges it; the
# child shows as SYN_RECV, the listener stays in LISTEN, and accept() does
# not return.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_peer_net
xs_sock srv bind:5001 listen mark:listening accept:c await:end
xs_peer p 40000 5001 await:listening send:S expect:SA
xs_wait 20 xs_done p
xs_wait 10 xs_is 5001 40000 SYN_RECV
xs_expect_state 5001 0 LISTEN
! xs_said srv accept || fail "accept() returned: $(xs_out srv)"
