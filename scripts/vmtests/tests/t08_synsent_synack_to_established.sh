#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T08 SYN-SENT -> ESTABLISHED on a SYN,ACK. connect() to a scripted peer
# stays in SYN_SENT until the peer answers the SYN with a SYN,ACK; then
# the socket sends an ACK of it, is ESTABLISHED and connect() returns 0.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_peer_net
xs_peer p 40000 5002 mark:ready expect:S await:answer send:SA expect:A mark:acked await:end
xs_wait 10 xs_marked ready
xs_sock cli bind:5002 connect:40000@$XS_PEER mark:connected await:end
xs_wait 10 xs_is 5002 40000 SYN_SENT
xs_wait 10 xs_said p '^got S '
! xs_said cli connect || fail "connect() returned before the SYN,ACK: $(xs_out cli)"
xs_mark answer
xs_wait 10 xs_marked acked
xs_wait 10 xs_said cli '^s.connect ok'
xs_expect_state 5002 40000 ESTABLISHED
