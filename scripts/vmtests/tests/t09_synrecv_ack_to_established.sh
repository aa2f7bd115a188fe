#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T09 SYN-RCVD -> ESTABLISHED on the ACK of our SYN. A scripted peer's SYN
# leaves a SYN_RECV child and accept() waiting; its ACK of the SYN,ACK
# makes the child ESTABLISHED and accept() returns it, with the peer's
# address.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_peer_net
xs_sock srv bind:5001 listen mark:listening accept:c mark:accepted await:end
xs_peer p 40000 5001 await:listening send:S expect:SA mark:synack await:ack send:A await:end
xs_wait 10 xs_marked synack
xs_wait 10 xs_is 5001 40000 SYN_RECV
! xs_said srv accept || fail "accept() returned before the ACK: $(xs_out srv)"
xs_mark ack
xs_wait 10 xs_said srv "^s.accept ok $XS_PEER_RE:40000\$"
xs_expect_state 5001 40000 ESTABLISHED
