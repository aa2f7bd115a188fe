#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T17 FIN-WAIT-2 -> TIME-WAIT on a FIN (ordinary active close). The client
# close()s and reaches FIN_WAIT2; when the server close()s too, the client
# acknowledges its FIN and goes to TIME_WAIT, and the server, having its
# ACK, is gone (LAST-ACK -> CLOSED).
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_sock srv bind:5001 listen mark:listening accept:c mark:accepted \
	await:srvclose c.close await:end
xs_wait 10 xs_marked listening
xs_sock cli bind:5002 connect:5001 await:close close await:end
xs_wait 10 xs_marked accepted
xs_mark close
xs_wait 10 xs_is 5002 5001 FIN_WAIT2
xs_mark srvclose
xs_wait 10 xs_is 5002 5001 TIME_WAIT
xs_wait 10 xs_none 5001 5002
