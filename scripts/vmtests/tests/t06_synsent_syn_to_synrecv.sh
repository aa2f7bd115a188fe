#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T06 SYN-SENT -> SYN-RCVD on a SYN (simultaneous open). Two sockets bound
# to fixed ports connect() to each other at once; netem delays lo by
# 500 ms, so the SYNs cross. Each goes to SYN_RECV and sends a SYN,ACK,
# then both connect()s succeed and both are ESTABLISHED.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

tc qdisc add dev lo root netem delay 500ms || fail "tc netem on lo"
xs_capture cap lo
xs_sock ab a.bind:5001@$XS_LO b.bind:5002@$XS_LO \
	a.nbconnect:5002 b.nbconnect:5001 \
	a.waitstate:SYN_RECV b.waitstate:SYN_RECV a.waitconn b.waitconn \
	a.waitstate:ESTABLISHED b.waitstate:ESTABLISHED mark:est await:end
xs_wait 60 xs_marked est
xs_said cap "$XS_LO_RE:5001>$XS_LO_RE:5002 SA seq=" || fail "no SYN,ACK from 5001"
xs_said cap "$XS_LO_RE:5002>$XS_LO_RE:5001 SA seq=" || fail "no SYN,ACK from 5002"
xs_expect_state 5001 5002 ESTABLISHED
xs_expect_state 5002 5001 ESTABLISHED
