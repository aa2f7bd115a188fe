#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 16 MiB of pseudo-random data from one namespace to another through a veth
# pair with netem duplicate 5% on both ends (data and ACKs) arrive whole and
# unchanged: the server counts 16 MiB and its SHA-256 matches the client's,
# and the client sees the server's clean close, within 100 s.
# (xtcp_netxfer.py on protocol $XTCP_PROTO; topology in ../netem.sh.)
# Measured on 6.1, whole test, in the VM without KVM on a loaded host: TCP
# 30 s, xtcp 48 s (29.4 s for the transfer)
# On the debug kernel: 4 MiB (NETEM_MIB in ../netem.sh), bounds doubled.
# kernels: 6.1 debug
# timeout: 600
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../netem.sh"

netem_xfer 100 duplicate 5%
