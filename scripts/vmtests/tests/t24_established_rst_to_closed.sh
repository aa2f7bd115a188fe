#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T24 a synchronized state (ESTABLISHED) -> CLOSED on an acceptable RST.
# The server close()s with SO_LINGER {1, 0}, which resets the connection:
# the client's blocked read() fails with ECONNRESET, a later write() with
# EPIPE, and neither end has a row left.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_sock srv bind:5001 listen mark:listening accept:c mark:accepted \
	await:reset c.linger0 c.close await:end
xs_wait 10 xs_marked listening
xs_sock cli bind:5002 connect:5001 recv=ECONNRESET send:more=EPIPE mark:finished await:end
xs_wait 10 xs_marked accepted
xs_expect_state 5002 5001 ESTABLISHED
xs_mark reset
xs_wait 10 xs_marked finished
xs_wait 10 xs_none 5002 5001
xs_wait 10 xs_none 5001 5002
