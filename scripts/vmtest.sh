#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vmtest.sh KERNEL [TEST...] - build xtcp and the test helpers for KERNEL
# (6.1, 6.12 or debug), boot it and run the VM tests (scripts/vmtests).
# The KTAP results are in build/KERNEL/vmtests/vmtests.ktap, with the
# console, dmesg and (debug kernel) kmemleak report beside them.
# Exits non-zero if the VM did not complete the run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kernel=$1
shift
need_packages iproute2 socat kmod
bdir=$("$XTCP_TOP/scripts/build.sh" "$kernel")
helpers=$XTCP_BUILD/helpers
mkdir -p "$helpers"
make -s -C "$XTCP_TOP/scripts/vmtests/helpers" O="$helpers"
out=$bdir/vmtests
rm -rf "$out"
mkdir -p "$out"
cd "$XTCP_TOP"
"$XTCP_TOP/scripts/vm-run.sh" -k "$kernel" -t "${XTCP_VM_TIMEOUT:-1800}" -o "$out" -- \
	env XTCP_KO="$bdir/module/xtcp.ko" XTCP_HELPERS="$helpers" \
	XTCP_PROTO="${XTCP_PROTO:-253}" \
	scripts/vmtests/run.sh "$@"
