#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 16 MiB of pseudo-random data from one namespace to another through a veth
# pair with netem delay 10ms reorder 25% 50% (a quarter of the packets skip
# the 10 ms delay, so they overtake the ones before them) on both ends (data
# and ACKs) arrive whole and unchanged: the server counts 16 MiB and its
# SHA-256 matches the client's, and the client sees the server's clean
# close, within 100 s.
# (xtcp_netxfer.py on protocol $XTCP_PROTO; topology in ../netem.sh.)
# Measured on 6.1, whole test, in the VM without KVM on a loaded host: TCP
# 33 s; xtcp 15 s (2.1 s for the transfer; 26.6 s before the undo of
# spurious fast retransmits)
# On the debug kernel: 4 MiB (NETEM_MIB in ../netem.sh), bounds doubled.
# kernels: 6.1 debug
# timeout: 600
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../netem.sh"

netem_xfer 100 delay 10ms reorder 25% 50%
