#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T13 ESTABLISHED -> CLOSE-WAIT on a FIN. The client close()s; the
# server's connection goes to CLOSE_WAIT and acknowledges the FIN (the
# client reaches FIN_WAIT2), and read() on it returns 0.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_sock srv bind:5001 listen mark:listening accept:c mark:accepted \
	await:read c.recv=EOF mark:eof await:end
xs_wait 10 xs_marked listening
xs_sock cli bind:5002 connect:5001 await:close close await:end
xs_wait 10 xs_marked accepted
xs_expect_state 5001 5002 ESTABLISHED
xs_mark close
xs_wait 10 xs_is 5001 5002 CLOSE_WAIT
xs_wait 10 xs_is 5002 5001 FIN_WAIT2
xs_mark read
xs_wait 10 xs_marked eof
