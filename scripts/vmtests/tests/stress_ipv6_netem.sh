#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1 debug
# timeout: 2700
# IPv6 (issue 14), make stress only (it skips in make check): every netem
# suite and gso_veth over IPv6 (XTCP_FAMILY=6), and stress_netem_interop
# (the netem suites against the kernel's TCP over interop mode) but on
# the debug kernel, one after the other as stress_ipv6 runs its tests
# (xtcp_stress.sh's ipv6_run). A scenario of its own with a limit of its
# own: on 6.1 the eleven netem suites took 515 s, stress_netem_interop
# 186 (2026-12-06), beside stress_ipv6's 330, over stress.sh's 900 s for
# one; the debug kernel's netem suites are 2 to 3 minutes each (4 MiB).
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stress.sh"

stress_long || skip "make stress only (XTCP_STRESS=1)"
here=$XTCP_TOP/scripts/vmtests/tests
tests=("$here"/netem_*.sh "$here"/gso_veth.sh)
[ "${XTCP_KERNEL:-}" = debug ] || tests+=("$here"/stress_netem_interop.sh)
ipv6_run "${tests[@]}"
