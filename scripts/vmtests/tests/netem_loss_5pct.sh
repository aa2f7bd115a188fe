#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 16 MiB of pseudo-random data from one namespace to another through a veth
# pair with netem loss 5% on both ends (data and ACKs) arrive whole and
# unchanged: the server counts 16 MiB and its SHA-256 matches the client's,
# and the client sees the server's clean close, within 100 s.
# (xtcp_netxfer.py on protocol $XTCP_PROTO; topology in ../netem.sh.)
# Measured on 6.1, whole test, in the VM without KVM on a loaded host: TCP
# 34 s; xtcp 29 s (15.7 s for the transfer; 53.6 s before limited transmit
# and the undo of spurious fast retransmits)
# kernels: 6.1
# timeout: 180
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../netem.sh"

netem_xfer 100 loss 5%
