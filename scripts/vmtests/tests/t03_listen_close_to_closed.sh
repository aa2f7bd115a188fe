#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T03 LISTEN -> CLOSED on CLOSE. close() on a listener removes its row, and
# a connect() to the port is then refused (ECONNREFUSED).
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_sock srv bind:5001 listen mark:listening await:close close mark:closed await:end
xs_wait 10 xs_is 5001 0 LISTEN
xs_mark close
xs_wait 10 xs_marked closed
xs_wait 10 xs_none 5001 0
out=$(xpy "$XS_PLAY" sock connect:5001=ECONNREFUSED) || fail "connect() after close(): $out"
