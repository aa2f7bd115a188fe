#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1
# timeout: 900
# The netem suites over interop mode, with the kernel's TCP as the peer
# (make stress only: with XTCP_STRESS unset it skips, as make check runs
# the same tests between two xtcp ends). netem_loss_1pct, netem_reorder,
# netem_duplicate and netem_corrupt run twice each (../netem.sh,
# XTCP_NETEM_PEER): an xtcp interop client sending to a server on the
# kernel's TCP ("tcp": xtcp's loss recovery on TCP's ACKs, SACK blocks
# and timestamps), and a client on the kernel's TCP sending to an xtcp
# interop server ("tcp-client": xtcp's receiver, its ACKs and SACK
# blocks driving TCP's recovery). Each must pass as it does between two
# xtcp ends: NETEM_MIB MiB byte-exact within its bound.
# Figures: each transfer's rate at the server (MiB/s; not asserted). On
# the kernel's TCP (XTCP_PROTO=6) both ends are TCP: the same figures to
# compare.
# Measured on 6.1 (TCG): each of the eight 7 to 17 s, 6 to 10 CPU-s.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stress.sh"

stress_long || skip "make stress only (XTCP_STRESS=1)"
lib_tmp
trap lib_cleanup EXIT
tests=(netem_loss_1pct netem_reorder netem_duplicate netem_corrupt)
declare -A dir=([tcp]=xtcp_sends [tcp-client]=xtcp_receives)
declare -A what=([tcp]="xtcp interop client, server on TCP"
	[tcp-client]="client on TCP, xtcp interop server")
[ "$XTCP_PROTO" != 6 ] || what=([tcp]="TCP both ends" [tcp-client]="TCP both ends")
failed=()
for t in "${tests[@]}"; do
	for peer in tcp tcp-client; do
		out=$XTCP_TMP/$t-$peer rc=0
		XTCP_NETEM_PEER=$peer bash "$XTCP_TOP/scripts/vmtests/tests/$t.sh" \
			>"$out" 2>&1 || rc=$?
		rate=$(sed -nE 's/^server: recv sha256 .* ([0-9.]+) MiB\/s$/\1/p' "$out")
		if [ $rc = 0 ]; then
			echo "$t, XTCP_NETEM_PEER=$peer: ok"
			figure "iop_${t#netem_}_${dir[$peer]}" "$rate" MiB/s \
				"$t, ${what[$peer]}"
		else
			echo "$t, XTCP_NETEM_PEER=$peer: failed (exit $rc):"
			sed 's/^/    /' "$out"
			failed+=("$t/$peer")
		fi
	done
done
[ ${#failed[@]} = 0 ] || fail "failed: ${failed[*]}"
