#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernels: 6.12
# timeout: 300
# IPv6 (issue 14): the tests that take a family (lib.sh's XTCP_FAMILY) run
# over IPv6, the same scripts as over IPv4, one after the other in this
# test: each must pass (a skip is shown, not counted). Short (make check,
# 6.12 only: the ICMP and interop tests run on 6.1 and debug over IPv4, so
# 6.12's ICMPv6 path and interop6.c are tested here): T09 (a scripted
# peer's passive open), the three ICMP tests and interop (the kernel's
# TCP over IPv6 as the peer; it skips on the kernel's TCP). Long
# (XTCP_STRESS=1, make stress, which runs it against the kernel's TCP
# too): every T-row, the ICMP tests and interop; the netem suites,
# stress_netem_interop and gso_veth over IPv6 are stress_ipv6_netem's.
# Each test keeps its own time limit ("# timeout:", else 120 s); its name
# and time are printed, its output too if it fails.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stress.sh"

here=$XTCP_TOP/scripts/vmtests/tests
if stress_long; then
	tests=("$here"/t[0-9]*.sh "$here"/icmp_*.sh "$here"/interop.sh)
else
	tests=("$here"/t09_synrecv_ack_to_established.sh
		"$here"/icmp_connect_unreach.sh "$here"/icmp_pmtu.sh
		"$here"/icmp_soft_error.sh "$here"/interop.sh)
fi
ipv6_run "${tests[@]}"
