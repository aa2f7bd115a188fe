#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T02 CLOSED -> SYN-SENT on active OPEN. connect() to a peer that never
# answers sends a SYN and leaves the socket in SYN_SENT; connect() has not
# returned.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_peer_net
xs_capture cap $XS_IFACE
xs_sock cli bind:5002 connect:40000@$XS_PEER await:end
xs_wait 10 xs_is 5002 40000 SYN_SENT
xs_wait 10 xs_said cap "$XS_SUT_RE:5002>$XS_PEER_RE:40000 S seq="
! xs_said cli connect || fail "connect() returned: $(xs_out cli)"
