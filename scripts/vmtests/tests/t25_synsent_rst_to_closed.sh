#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T25 SYN-SENT -> CLOSED on a RST acknowledging our SYN. A scripted peer
# answers the SYN with RST,ACK: connect() fails with ECONNREFUSED and the
# row is gone.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_peer_net
xs_peer p 40000 5002 mark:ready expect:S send:RA await:end
xs_wait 10 xs_marked ready
xs_sock cli bind:5002 connect:40000@$XS_PEER=ECONNREFUSED mark:refused await:end
xs_wait 10 xs_marked refused
xs_wait 10 xs_none 5002 40000
