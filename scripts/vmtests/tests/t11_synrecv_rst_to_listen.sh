#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T11 SYN-RCVD -> LISTEN on a RST (the child came from a listener). A
# scripted peer's SYN leaves a SYN_RECV child; the peer's in-window RST
# removes it, accept() never returns it, and the listener goes on working:
# the next client is accepted and its data read.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_peer_net
xs_sock srv bind:5001 listen mark:listening accept:c c.recv=data:hello await:end
xs_peer p 40000 5001 await:listening send:S expect:SA mark:synack await:rst send:R
xs_wait 10 xs_marked synack
xs_wait 10 xs_is 5001 40000 SYN_RECV
xs_mark rst
xs_wait 10 xs_done p
xs_wait 10 xs_none 5001 40000
xs_expect_state 5001 0 LISTEN
xs_sock cli bind:5002@$XS_LO connect:5001 send:hello await:end
xs_wait 10 xs_said srv "^s.accept ok $XS_LO_RE:5002\$"
xs_wait 10 xs_said srv '^c.recv data:hello'
