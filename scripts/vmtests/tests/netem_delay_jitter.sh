#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 16 MiB of pseudo-random data from one namespace to another through a veth
# pair with netem delay 50ms 10ms (RTT about 100 ms, and the jitter reorders
# packets too) on both ends (data and ACKs) arrive whole and unchanged: the
# server counts 16 MiB and its SHA-256 matches the client's, and the client
# sees the server's clean close, within 100 s.
# (xtcp_netxfer.py on protocol $XTCP_PROTO; topology in ../netem.sh.)
# Measured on 6.1, whole test, in the VM without KVM on a loaded host: TCP
# 28 s; xtcp 19 s (3.6 s for the transfer, 10 of its 11 fast retransmits
# undone as spurious); before that undo, not done after 100 s (4 to 9 MiB)
# kernels: 6.1
# timeout: 180
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../netem.sh"

netem_xfer 100 delay 50ms 10ms
