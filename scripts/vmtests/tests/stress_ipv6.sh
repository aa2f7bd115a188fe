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
# too): every T-row, the ICMP tests, interop, every netem suite,
# stress_netem_interop and gso_veth (those three not on the debug kernel,
# where the netem suites run over IPv4 in make check already and these
# would take longer than a scenario may).
# Each test keeps its own time limit ("# timeout:", else 120 s); its name
# and time are printed, its output too if it fails.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stress.sh"

here=$XTCP_TOP/scripts/vmtests/tests
if stress_long; then
	tests=("$here"/t[0-9]*.sh "$here"/icmp_*.sh "$here"/interop.sh)
	[ "${XTCP_KERNEL:-}" = debug ] ||
		tests+=("$here"/netem_*.sh "$here"/stress_netem_interop.sh \
			"$here"/gso_veth.sh)
else
	tests=("$here"/t09_synrecv_ack_to_established.sh
		"$here"/icmp_connect_unreach.sh "$here"/icmp_pmtu.sh
		"$here"/icmp_soft_error.sh "$here"/interop.sh)
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
failed=() n=0 t00=${EPOCHREALTIME/[.,]/}
for t in "${tests[@]}"; do
	name=${t##*/}
	name=${name%.sh}
	limit=120
	while read -r line; do
		[[ "$line" =~ ^#\ timeout:\ ([0-9]+)$ ]] || continue
		((BASH_REMATCH[1] <= limit)) || limit=${BASH_REMATCH[1]}
		break
	done <"$t"
	xtcp_load >/dev/null 2>&1
	t0=${EPOCHREALTIME/[.,]/}
	rc=0
	XTCP_FAMILY=6 timeout -k 5 "$limit" bash "$t" >"$log" 2>&1 || rc=$?
	took=$(((${EPOCHREALTIME/[.,]/} - t0) / 1000000))
	case $rc in
	0) echo "ok $name, ${took} s" ;;
	"$KSFT_SKIP") echo "skip $name: $(tail -n 1 "$log")" ;;
	*)
		echo "FAIL $name, exit status $rc after ${took} s:"
		sed 's/^/    /' "$log"
		failed+=("$name")
		;;
	esac
	n=$((n + 1))
done
figure ipv6_tests "$n" tests "run over IPv6, $(((${EPOCHREALTIME/[.,]/} - t00) / 1000000)) s"
[ ${#failed[@]} -eq 0 ] ||
	fail "over IPv6 on protocol $XTCP_PROTO: ${failed[*]}"
