#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vmtest.sh KERNEL [TEST...] - build xtcp and the test helpers for KERNEL
# (6.1, 6.12 or debug), boot it and run the VM tests (scripts/vmtests).
# The KTAP results are in build/KERNEL/vmtests/vmtests.ktap, with the
# console, dmesg and (debug kernel) kmemleak report beside them.
#
# With XTCP_VM_SHARDS=N (N > 1) N VMs boot side by side and share the
# suite: each takes the next test no VM has taken yet from a queue they
# share (a directory, scripts/vmtests/run.sh XTCP_QUEUE), the long tests
# (a "# timeout:" header) first, so no VM idles while another has a
# backlog. Each keeps its own output in build/KERNEL/vmtests/vmI/ and the
# files above (and cpu.txt, the CPU time of each test: scripts/vm-run.sh)
# are their union, one KTAP plan over all of them: a test no
# VM reported is missing from it. A dmesg.txt (lockdep.txt: lockdep's
# state at the end, debug kernel) is there only if every VM wrote one.
# The default is one VM; make check sets its own counts.
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
# A PREEMPT_RT kernel runs its subset unless tests are named.
if [ $# -eq 0 ] && [[ "$kernel" == *-rt ]]; then
	mapfile -t rt < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' scripts/vmtests/rt.list)
	set -- "${rt[@]}"
fi

shards=${XTCP_VM_SHARDS:-1}
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || die "XTCP_VM_SHARDS=$shards is not a count"
# A VM's time limit catches a hung guest; the debug kernel's is longer.
# Under make check all VMs share two CPUs: seen on a loaded machine, 6.1's
# two VMs took 1301 s, the debug kernel's three more than 1500 s.
timeout=2700
[ "$kernel" = debug ] && timeout=3600
timeout=${XTCP_VM_TIMEOUT:-$timeout}

# run_vm DIR SHARD - one VM running its share of the tests into DIR
# (with several, taking them from the queue $out/queue).
run_vm() {
	local dir=$1 shard=$2 rc=0 name started share=()
	shift 2
	[ "$shard" = 1/1 ] || share=(-s "$out/queue")
	"$XTCP_TOP/scripts/vm-run.sh" -k "$kernel" -t "$timeout" -o "$dir" \
		"${share[@]}" -- \
		env XTCP_KO="$bdir/module/xtcp.ko" XTCP_HELPERS="$helpers" \
		XTCP_PROTO="${XTCP_PROTO:-253}" XTCP_FAMILY="${XTCP_FAMILY:-4}" \
		XTCP_SHARD="$shard" \
		XTCP_STRESS="${XTCP_STRESS:-}" \
		XTCP_NETEM_PEER="${XTCP_NETEM_PEER:-}" XTCP_NETEM_MIB="${XTCP_NETEM_MIB:-}" \
		XTCP_TEST_TIMEOUT="${XTCP_TEST_TIMEOUT:-}" \
		XTCP_QUEUE="${share[1]:-}" scripts/vmtests/run.sh "$@" || rc=$?
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

# merge_ktap PLAN FILE... - one KTAP document from several runs, with
# plan PLAN (every test, and each VM's module load and unload), their
# results numbered on.
merge_ktap() {
	local plan=$1
	shift
	echo "KTAP version 1"
	grep -h -m 1 '^# kernel ' "$@" | head -n 1
	echo "1..$plan"
	awk '/^KTAP version|^1\.\.|^# kernel / { next }
	     /^(not )?ok [0-9]+ / { n++; sub(/ok [0-9]+ /, "ok " n " ") }
	     { print }' "$@"
}

# Every test once, and each VM's load_module and unload_module.
if [ $# -gt 0 ]; then
	plan=$#
else
	plan=$(find scripts/vmtests/tests -maxdepth 1 -name '*.sh' | wc -l)
fi
plan=$((plan + 2 * shards))
mkdir -p "$out/queue"
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

ktaps=() have_dmesg=1 have_lockdep=1
for d in "${dirs[@]}"; do
	[ -s "$d/vmtests.ktap" ] && ktaps+=("$d/vmtests.ktap")
	[ -f "$d/dmesg.txt" ] || have_dmesg=
	[ -f "$d/lockdep.txt" ] || have_lockdep=
	[ -f "$d/times.txt" ] && cat "$d/times.txt" >>"$out/times.txt"
	[ -f "$d/cpu.txt" ] &&
		sed "s/^(\([a-z]*\))/(${d##*/}:\1)/" "$d/cpu.txt" >>"$out/cpu.txt"
	[ -f "$d/kmemleak.txt" ] && cat "$d/kmemleak.txt" >>"$out/kmemleak.txt"
	{ echo "=== ${d##*/} ==="; cat "$d/console.log" 2>/dev/null; } >>"$out/console.log"
done
[ ${#ktaps[@]} -eq 0 ] || merge_ktap "$plan" "${ktaps[@]}" >"$out/vmtests.ktap"
if [ -n "$have_dmesg" ]; then
	for d in "${dirs[@]}"; do
		echo "=== ${d##*/} ==="
		cat "$d/dmesg.txt"
	done >"$out/dmesg.txt"
fi
if [ -n "$have_lockdep" ]; then
	for d in "${dirs[@]}"; do
		sed "s/^/${d##*/} /" "$d/lockdep.txt"
	done >"$out/lockdep.txt"
fi
exit "$rc"
