#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A link that goes dark for 5 s mid-transfer: netem rate 40mbit on both
# ends (so that 16 MiB take a few seconds), and once the server has 4 MiB
# (NETEM_MID), loss 100% on both ends for 5 s, then the link is back. The
# sender's retransmission timer (backed off to 1.6 s, 3.2 s...) must find
# the link again and all 16 MiB arrive unchanged, SHA-256 compared on both
# ends, within 100 s.
# (xtcp_netxfer.py on protocol $XTCP_PROTO; topology in ../netem.sh.)
# Measured on 6.1, whole test, in the VM without KVM on a loaded host: TCP
# 16 to 38 s (11.3 to 21.2 s for the transfer), xtcp 70 s (21.3 s)
# On the debug kernel: 4 MiB (NETEM_MIB in ../netem.sh), dark after 1 MiB,
# bounds doubled.
# kernels: 6.1 debug
# timeout: 600
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../netem.sh"

netem_setup
netem_set rate 40mbit
netem_server --limit $((100 * NETEM_SCALE + 30))
netem_client_start --limit $((100 * NETEM_SCALE + 30))
wait_for $((60 * NETEM_SCALE)) has_line "$NETEM_DIR/server" "^server: $NETEM_MID MiB"
netem_set loss 100% rate 40mbit
echo "dark from $(date +%T.%N)"
# The dark link must meet the transfer, not follow it (a quarter of 4 MiB
# on the debug kernel leaves less to send than on the others).
! has_line "$NETEM_DIR/server" '^server: recv sha256' ||
	fail "the transfer ended before the link went dark"
sleep 5
netem_set rate 40mbit
echo "back at $(date +%T.%N)"
netem_finish 90
