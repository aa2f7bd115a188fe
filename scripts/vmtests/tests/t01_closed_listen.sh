#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T01 CLOSED -> LISTEN on passive OPEN. A socket that is only bound has no
# row in the state listing (it is CLOSED); after listen() it has one, in
# LISTEN, with no remote address, and a client's connect() to it succeeds.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_sock srv bind:5001 mark:bound await:listen listen mark:listening await:end
xs_wait 10 xs_marked bound
xs_none 5001 0 || fail "a bound socket is listed: $(xs_st 5001 0)"
xs_mark listen
xs_wait 10 xs_is 5001 0 LISTEN
out=$(xpy "$XS_PLAY" sock connect:5001) || fail "connect() to the listener: $out"
