#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T07 SYN-SENT -> CLOSED on CLOSE. close() during a pending non-blocking
# connect() to a silent peer removes the row, and no SYN (or anything
# else) is sent for the connection afterwards.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_peer_net
xs_capture cap $XS_IFACE
xs_sock cli bind:5002 nbconnect:40000@$XS_PEER await:close close mark:closed await:end
xs_wait 10 xs_is 5002 40000 SYN_SENT
xs_wait 10 xs_said cap ' S seq='
xs_mark close
xs_wait 10 xs_marked closed
xs_wait 10 xs_none 5002 40000
count_lines "$XS_SYNC/cap.out" seq=
before=$COUNT
# Checking that nothing happens needs a time: 3 s covers the first two
# SYN retransmissions a live connection would have sent (1 s, then 2 s).
nap 3
count_lines "$XS_SYNC/cap.out" seq=
expect_eq "segments sent after close()" "$before" "$COUNT"
xs_none 5002 40000 || fail "the row came back: $(xs_st 5002 40000)"
