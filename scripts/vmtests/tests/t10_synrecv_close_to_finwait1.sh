#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T10 SYN-RCVD -> FIN-WAIT-1 on CLOSE. A simultaneous open (two bound
# sockets connect() to each other, lo delayed 500 ms by netem) puts socket
# a in SYN_RECV; close() there sends a FIN and a goes to FIN_WAIT1.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

tc qdisc add dev lo root netem delay 500ms || fail "tc netem on lo"
xs_capture cap lo
xs_sock ab a.bind:5001@$XS_LO b.bind:5002@$XS_LO \
	a.nbconnect:5002 b.nbconnect:5001 a.waitstate:SYN_RECV a.close \
	a.waitstate:FIN_WAIT1 mark:closed await:end
xs_wait 60 xs_marked closed
xs_wait 10 xs_said cap "$XS_LO_RE:5001>$XS_LO_RE:5002 F"
