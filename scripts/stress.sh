#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# stress.sh [SCENARIO...] - make stress: the long versions of the stress
# scenarios, scripts/vmtests/tests/stress_*.sh (or those named, with or
# without the stress_ prefix), with XTCP_STRESS=1:
#   6.1     on xtcp, then on the kernel's TCP (XTCP_PROTO=6; a scenario
#           that does not apply to TCP skips itself)
#   debug   on xtcp (KASAN, lockdep, kmemleak): any kernel report fails;
#           with 2 vCPUs, as the 6.1 runs (make check gives it one)
# The debug kernel's run goes beside the two 6.1 runs (the figures that
# are rates feel it). Measured on a 2-CPU machine without KVM that a
# dozen other VMs shared: 1302 s, the debug kernel's run the longest
# (213 CPU-s of QEMU in 1298 s), 6.1's two 357 s and 265 s. Each run is one VM boot (scripts/vmtest.sh); its KTAP, times and
# log are kept in build/stress/RUN/. At the end: one line per scenario
# and run, then a table of every figure the scenarios printed ("figure:
# NAME VALUE UNIT (what)"), xtcp beside TCP, and what each figure is.
# Exits non-zero if a scenario failed or the debug kernel reported.
#
# XTCP_STRESS_TIMEOUT: each scenario's time limit (900 s).
# XTCP_STRESS_RUNS: the runs, "KERNEL:PROTO ..." ("6.1:253 6.1:6
# debug:253").
set -uo pipefail
. "$(dirname "$0")/lib.sh"
export XTCP_CHECK=$XTCP_BUILD/stress
. "$XTCP_TOP/scripts/results.sh"

tests=()
if [ $# -gt 0 ]; then
	for t; do
		t=${t%.sh}
		tests+=("stress_${t#stress_}")
	done
else
	for f in "$XTCP_TOP"/scripts/vmtests/tests/stress_*.sh; do
		t=${f##*/}
		tests+=("${t%.sh}")
	done
fi
[ ${#tests[@]} -gt 0 ] || die "no stress scenario in scripts/vmtests/tests"
for t in "${tests[@]}"; do
	[ -f "$XTCP_TOP/scripts/vmtests/tests/$t.sh" ] || die "no scenario $t"
done
runs=${XTCP_STRESS_RUNS:-6.1:253 6.1:6 debug:253}
out=$XTCP_CHECK
rm -rf "$out"
mkdir -p "$out/detail" "$out/results"
T0=$(date +%s)

# name KERNEL PROTO - a run's name and column title: "6.1 xtcp", "6.1 TCP"
name() {
	local p=xtcp
	[ "$2" = 6 ] && p=TCP
	[ "$2" = 6 ] || [ "$2" = 253 ] || p=proto$2
	echo "$1 $p"
}

# run KERNEL PROTO - the scenarios on KERNEL and PROTO, in one VM; the
# results stay in build/stress/KERNEL-PROTO/.
run() {
	local k=$1 p=$2 d=$out/$1-$2 rc=0 t0
	mkdir -p "$d"
	t0=$(date +%s)
	log "[+$(( t0 - T0 )) s] $(name "$k" "$p"): started"
	XTCP_STRESS=1 XTCP_PROTO=$p XTCP_VM_CPUS=2 \
		XTCP_TEST_TIMEOUT=${XTCP_STRESS_TIMEOUT:-900} \
		"$XTCP_TOP/scripts/vmtest.sh" "$k" "${tests[@]}" >"$d/log" 2>&1 || rc=$?
	cp "$XTCP_BUILD/$k/vmtests/"{vmtests.ktap,times.txt,cpu.txt,dmesg.txt,kmemleak.txt,lockdep.txt} \
		"$d/" 2>/dev/null
	log "[+$(( $(date +%s) - T0 )) s] $(name "$k" "$p"): ended after" \
		"$(( $(date +%s) - t0 )) s (status $rc)"
	export XTCP_RESULTS=$out/results/$k-$p
	: >"$XTCP_RESULTS"
	if [ -s "$d/vmtests.ktap" ]; then
		count_ktap "$(name "$k" "$p")" "$d/vmtests.ktap"
	fi
	[ $rc -eq 0 ] || record "$(name "$k" "$p") run (exit $rc)" FAIL "$d/log"
	[ "$k" != debug ] || scan_reports "$(name "$k" "$p") reports" "$d"
}

# chain KERNEL - the runs on KERNEL, one after the other (they share
# build/KERNEL/vmtests).
chain() {
	local kp
	for kp in $runs; do
		[ "${kp%%:*}" = "$1" ] && run "$1" "${kp#*:}"
	done
}

log "make stress: ${tests[*]}; runs: $runs"
pids=()
for k in $(for kp in $runs; do echo "${kp%%:*}"; done | awk '!s[$0]++'); do
	chain "$k" &
	pids+=($!)
done
for p in "${pids[@]}"; do
	wait "$p"
done

# The figures: "run<TAB>test<TAB>name<TAB>value unit<TAB>what", from the
# "# figure:" lines before each result line of each run's KTAP.
figs=$out/figures.tsv
: >"$figs"
for kp in $runs; do
	k=${kp%%:*} p=${kp#*:}
	f=$out/$k-$p/vmtests.ktap
	[ -s "$f" ] || continue
	awk -v run="$(name "$k" "$p")" -F'\t' '
		/^# figure: / {
			s = substr($0, 11)
			what = ""
			if (match(s, / \(.*\)$/)) {
				what = substr(s, RSTART + 2, RLENGTH - 3)
				s = substr(s, 1, RSTART - 1)
			}
			split(s, w, " ")
			name = w[1]
			val = substr(s, length(name) + 2)
			f[++nf] = name "\t" val "\t" what
			next
		}
		/^(not )?ok [0-9]+ / {
			t = $0
			sub(/^(not )?ok [0-9]+ /, "", t)
			sub(/ .*/, "", t)
			for (i = 1; i <= nf; i++)
				print run "\t" t "\t" f[i]
			nf = 0
		}' "$f" >>"$figs"
done

rc=0
echo
results_print "$out"/results/* >"$out/summary.txt" || rc=1
cat "$out/summary.txt"
echo
echo "figures (make stress, $(date -u +%Y-%m-%d), $(( $(date +%s) - T0 )) s):"
cols=()
for kp in $runs; do
	cols+=("$(name "${kp%%:*}" "${kp#*:}")")
done
{
	printf 'scenario\tfigure'
	printf '\t%s' "${cols[@]}"
	printf '\n'
	for t in "${tests[@]}"; do
		# every figure name of the scenario, in the order first printed
		awk -F'\t' -v t="$t" '$2 == t && !s[$3]++ { print $3 }' "$figs" |
		while read -r fn; do
			printf '%s\t%s' "${t#stress_}" "$fn"
			for c in "${cols[@]}"; do
				v=$(awk -F'\t' -v r="$c" -v t="$t" -v n="$fn" \
					'$1 == r && $2 == t && $3 == n { print $4; exit }' "$figs")
				printf '\t%s' "${v:--}"
			done
			printf '\n'
		done
		printf '%s\t%s' "${t#stress_}" "time"
		for kp in $runs; do
			v=$(awk -v t="$t" '$1 == t { print $2 " s" }' \
				"$out/${kp%%:*}-${kp#*:}/times.txt" 2>/dev/null)
			printf '\t%s' "${v:--}"
		done
		printf '\n'
	done
} | awk -F'\t' '{ for (i = 1; i <= NF; i++) { c[NR, i] = $i
		if (length($i) > w[i]) w[i] = length($i) } nf[NR] = NF }
	END { for (r = 1; r <= NR; r++) { for (i = 1; i <= nf[r]; i++)
		printf "%-*s%s", w[i], c[r, i], i < nf[r] ? "  " : "\n" } }' |
	tee "$out/table.txt"
echo
echo "what they are:"
awk -F'\t' '!s[$3]++ { printf "  %-24s %s\n", $3, $5 }' "$figs"
echo "total: $(( $(date +%s) - T0 )) s"
tail -n 1 "$out/summary.txt"
exit $rc
