#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T26 a SYN for a port with no listener is answered with a RST (RST,ACK
# acknowledging the SYN), no state is created, and a client's connect()
# to such a port fails with ECONNREFUSED.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_peer_net
xs_peer p 40000 5001 send:S expect:RA
xs_wait 20 xs_done p
xs_none 5001 40000 || fail "a row for the SYN: $(xs_st 5001 40000)"
out=$(xpy "$XS_PLAY" sock bind:5002 connect:5001=ECONNREFUSED) || fail "$out"
xs_none 5002 5001 || fail "a row left: $(xs_st 5002 5001)"
