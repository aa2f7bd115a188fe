#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vmtest.sh KERNEL [TEST...] - build xtcp and the test helpers for KERNEL
# (6.1, 6.12 or debug), boot it and run the VM tests (scripts/vmtests).
# The KTAP results are in build/KERNEL/vmtests/vmtests.ktap, with the
# console, dmesg and (debug kernel) kmemleak report beside them.
#
# With XTCP_VM_SHARDS=N (N > 1) N VMs boot side by side, each running every
# Nth test (scripts/vmtests/run.sh, XTCP_SHARD); each keeps its own output
# in build/KERNEL/vmtests/vmI/ and the files above are their union, one
# KTAP plan over all of them. A dmesg.txt is there only if every VM wrote
# one. The default is one VM for the stock kernels and, for the debug
# kernel, one per host CPU up to two: its run alone took 1780 s of the
# 1800 s limit here, and more than that on a CI machine.
#
# Exits non-zero if a VM did not complete its run.
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

shards=1
[ "$kernel" = debug ] && shards=$(( $(nproc) < 2 ? $(nproc) : 2 ))
shards=${XTCP_VM_SHARDS:-$shards}
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || die "XTCP_VM_SHARDS=$shards is not a count"
# A VM's time limit catches a hung guest; the debug kernel's is longer.
timeout=1800
[ "$kernel" = debug ] && timeout=2400
timeout=${XTCP_VM_TIMEOUT:-$timeout}

# run_vm DIR SHARD - one VM running its share of the tests into DIR.
run_vm() {
	local dir=$1 shard=$2 rc=0 name started
	shift 2
	"$XTCP_TOP/scripts/vm-run.sh" -k "$kernel" -t "$timeout" -o "$dir" -- \
		env XTCP_KO="$bdir/module/xtcp.ko" XTCP_HELPERS="$helpers" \
		XTCP_PROTO="${XTCP_PROTO:-253}" XTCP_SHARD="$shard" \
		scripts/vmtests/run.sh "$@" || rc=$?
	if [ "$rc" = 124 ] && read -r name started <"$dir/current" 2>/dev/null; then
		log "the test running when the VM ($kernel, $shard) was killed:" \
			"$name, for $(( $(date +%s) - started )) s"
	fi
	return "$rc"
}

if [ "$shards" -eq 1 ]; then
	run_vm "$out" 1/1 "$@"
	exit
fi

# merge_ktap FILE... - one KTAP document from several runs: their plans
# added up, their results numbered on.
merge_ktap() {
	local plan=0 f p
	for f in "$@"; do
		p=$(sed -n 's/^1\.\.//p' "$f" | head -n 1)
		plan=$((plan + ${p:-0}))
	done
	echo "KTAP version 1"
	grep -h -m 1 '^# kernel ' "$@" | head -n 1
	echo "1..$plan"
	awk '/^KTAP version|^1\.\.|^# kernel / { next }
	     /^(not )?ok [0-9]+ / { n++; sub(/ok [0-9]+ /, "ok " n " ") }
	     { print }' "$@"
}

pids=() dirs=()
for ((i = 1; i <= shards; i++)); do
	d=$out/vm$i
	mkdir -p "$d"
	dirs+=("$d")
	( set +e; run_vm "$d" "$i/$shards" "$@" 2>&1 | sed -u "s/^/vm$i| /"
	  exit "${PIPESTATUS[0]}" ) &
	pids+=($!)
done
rc=0
for p in "${pids[@]}"; do
	wait "$p" || { r=$?; [ "$rc" -ne 0 ] || rc=$r; }
done

ktaps=() have_dmesg=1
for d in "${dirs[@]}"; do
	[ -s "$d/vmtests.ktap" ] && ktaps+=("$d/vmtests.ktap")
	[ -f "$d/dmesg.txt" ] || have_dmesg=
	[ -f "$d/times.txt" ] && cat "$d/times.txt" >>"$out/times.txt"
	[ -f "$d/kmemleak.txt" ] && cat "$d/kmemleak.txt" >>"$out/kmemleak.txt"
	{ echo "=== ${d##*/} ==="; cat "$d/console.log" 2>/dev/null; } >>"$out/console.log"
done
[ ${#ktaps[@]} -eq 0 ] || merge_ktap "${ktaps[@]}" >"$out/vmtests.ktap"
if [ -n "$have_dmesg" ]; then
	for d in "${dirs[@]}"; do
		echo "=== ${d##*/} ==="
		cat "$d/dmesg.txt"
	done >"$out/dmesg.txt"
fi
exit "$rc"
