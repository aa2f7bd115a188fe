#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T15 FIN-WAIT-1 -> CLOSING on a FIN (simultaneous close). Both ends of a
# connection close() at once, lo delayed 500 ms by netem, so the FINs
# cross: each end goes FIN_WAIT1, then CLOSING on the other's FIN, and
# acknowledges that FIN.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_sock pair l.bind:5001@$XS_LO l.listen a.bind:5002@$XS_LO \
	a.connect:5001 l.accept:b mark:est await:close a.close b.close \
	a.waitstate:FIN_WAIT1 b.waitstate:FIN_WAIT1 \
	a.waitstate:CLOSING b.waitstate:CLOSING mark:closing await:end
xs_wait 10 xs_marked est
tc qdisc add dev lo root netem delay 500ms || fail "tc netem on lo"
xs_capture cap lo
xs_mark close
xs_wait 30 xs_marked closing
xs_wait 10 xs_said cap "$XS_LO_RE:5002>$XS_LO_RE:5001 FA seq="
xs_wait 10 xs_said cap "$XS_LO_RE:5001>$XS_LO_RE:5002 FA seq="
xs_wait 10 xs_said cap "$XS_LO_RE:5002>$XS_LO_RE:5001 A seq="
xs_wait 10 xs_said cap "$XS_LO_RE:5001>$XS_LO_RE:5002 A seq="
