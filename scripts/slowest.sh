#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# slowest.sh [N] - the N (10) slowest VM tests of the last run on each
# kernel, from build/KERNEL/vmtests/times.txt: seconds, kernel, test; then
# the N that cost the most CPU time (QEMU's, from cpu.txt: what a test
# costs on a shared machine), with what each VM spent before its first
# test ("(vmI:start)": boot, module load, the fork server's imports).
# make check prints it at its end, so a slow test shows the day it lands.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

n=${1:-10}
[[ "$n" =~ ^[1-9][0-9]*$ ]] || die "usage: slowest.sh [N]"
files=()
for f in "$XTCP_BUILD"/*/vmtests/times.txt; do
	[ -s "$f" ] && files+=("$f")
done
[ ${#files[@]} -gt 0 ] || die "no times.txt under $XTCP_BUILD/*/vmtests: run the VM tests first"
echo "the $n slowest VM tests:"
for f in "${files[@]}"; do
	k=${f%/vmtests/times.txt}
	awk -v k="${k##*/}" '{ printf "%6d s  %-6s %s\n", $2, k, $1 }' "$f"
done | sort -rn | head -n "$n"
cpus=()
for f in "${files[@]}"; do
	c=${f%/times.txt}/cpu.txt
	[ -s "$c" ] && cpus+=("$c")
done
[ ${#cpus[@]} -gt 0 ] || exit 0
echo "the $n VM tests that cost the most CPU time (QEMU's):"
for f in "${cpus[@]}"; do
	k=${f%/vmtests/cpu.txt}
	awk -v k="${k##*/}" '{ printf "%6.1f CPU-s  %-6s %s\n", $2, k, $1 }' "$f"
done | sort -rn | head -n "$n"
