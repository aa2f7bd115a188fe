#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A receiver that stops reading: the server reads 4 MiB (NETEM_MID), then
# nothing for 5 s, then the rest. Its receive buffer (SO_RCVBUF 256 KiB)
# fills and its window closes while the client still has more than 11 MiB
# to send; once it reads again the window must reopen (a window update, or
# the sender's zero-window probes) and all 16 MiB arrive unchanged, SHA-256
# compared on both ends, within 100 s. Plain veth, no netem.
# (xtcp_netxfer.py on protocol $XTCP_PROTO; topology in ../netem.sh.)
# Measured on 6.1, whole test, in the VM without KVM on a loaded host: TCP 9
# to 28 s, xtcp 33 s (13.5 s for the transfer)
# On the debug kernel: 4 MiB (NETEM_MIB in ../netem.sh), the pause after
# 1 MiB, so more than 2 MiB left to send when the window closes; bounds
# doubled.
# kernels: 6.1 debug
# timeout: 600
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../netem.sh"

netem_setup
netem_server --limit $((100 * NETEM_SCALE + 30)) --rcvbuf 262144 --pause-after $NETEM_MID --pause 5
netem_client_start --limit $((100 * NETEM_SCALE + 30))
netem_finish 100
grep -q '^server: reading again' "$NETEM_DIR/server" ||
	fail "the server never paused"
