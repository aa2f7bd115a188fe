#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T18 CLOSING -> TIME-WAIT on the ACK of our FIN. After a simultaneous
# close (as in T15: FINs crossing, lo delayed 500 ms by netem) both ends
# are in CLOSING; the other end's ACK moves each to TIME_WAIT.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_sock pair l.bind:5001@$XS_LO l.listen a.bind:5002@$XS_LO \
	a.connect:5001 l.accept:b mark:est await:close a.close b.close \
	a.waitstate:CLOSING b.waitstate:CLOSING mark:closing await:end
xs_wait 10 xs_marked est
tc qdisc add dev lo root netem delay 500ms || fail "tc netem on lo"
xs_mark close
xs_wait 30 xs_marked closing
xs_wait 10 xs_is 5002 5001 TIME_WAIT
xs_wait 10 xs_is 5001 5002 TIME_WAIT
