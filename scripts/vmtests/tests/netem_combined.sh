#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 16 MiB of pseudo-random data from one namespace to another through a veth
# pair with every condition of the other netem tests at once, on both ends
# (data and ACKs): netem delay 5ms 1ms reorder 25% 50% loss 1% duplicate 5%
# corrupt 1%, arrive whole and unchanged: the server counts 16 MiB and its
# SHA-256 matches the client's, and the client sees the server's clean
# close, within 100 s. (With delay 20ms 5ms the kernel's TCP, its window
# down to 3 or 4 segments, needs more than 100 s.)
# (xtcp_netxfer.py on protocol $XTCP_PROTO; topology in ../netem.sh.)
# Measured on 6.1, whole test, in the VM without KVM on a loaded host: TCP
# 63 s (45.8 s for the transfer); xtcp 24 s (13.6 s; 61.7 s before limited
# transmit and the undo of spurious fast retransmits)
# kernels: 6.1
# timeout: 180
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../netem.sh"

netem_xfer 100 delay 5ms 1ms reorder 25% 50% loss 1% duplicate 5% corrupt 1%
