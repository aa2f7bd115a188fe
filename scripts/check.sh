#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [--quick] - every test xtcp has (make check):
#   build      W=1 warning-free against 6.1, 6.12 and the debug kernel,
#              and the C test helpers with -Werror
#   hygiene    sparse (C=2) and checkpatch.pl --strict clean
#   kunit      the KUnit suites in a debug-kernel VM, case by case
#   vm         scripts/vmtests on 6.1, 6.12 and the debug kernel
#   reports    no KASAN, lockdep, kmemleak, WARN or BUG report in any
#              debug-kernel run
#   demo       make demo works as the first command in a pristine copy
#              of the tree
#   docs       xtcp(7) lint-clean, and its sysctls, counters and options
#              (and xtcp.rst's) those of the code (scripts/doc-check.sh)
#   tools      the tshark dissector and xtcp-states' pictures, on the host
#              (scripts/tools-check.sh)
#
# The kernels' jobs run side by side: the VMs mostly wait (on timers, on
# the emulated CPU of another VM), so several share the host's CPUs well.
# Each job keeps its output in build/KERNEL/ and its results in a file of
# its own; at the end come one line per result, each phase's start and
# length, the ten slowest VM tests, and "N passed, N failed" over all.
# Exits non-zero if anything failed.
#
# --quick (make check-quick) is the edit-test loop: the builds, checkpatch,
# KUnit and the 6.1 suite. CI never runs it instead of make check.
#
# XTCP_KERNELS_ONLY="6.1 ..." limits the kernels; XTCP_CHECK_VMS="6.1:N
# 6.12:N debug:N" sets how many VMs share each kernel's suite.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$XTCP_TOP/scripts/kernels.sh"

quick=
[ "${1:-}" = --quick ] && quick=1
export XTCP_CHECK=$XTCP_BUILD/check XTCP_CHECK_T0=$(date +%s)
. "$XTCP_TOP/scripts/results.sh"
rm -rf "$XTCP_CHECK"
mkdir -p "$XTCP_CHECK/detail" "$XTCP_CHECK/results"
kernels=${XTCP_KERNELS_ONLY:-$XTCP_KERNELS}
[ -z "$quick" ] || kernels=${XTCP_KERNELS_ONLY:-6.1 debug}
has() { [[ " $kernels " == *" $1 "* ]]; }

# VMs per kernel's suite. Measured on 2 CPUs (Documentation/testing.rst):
# the suites wait more than they compute, so all of them side by side;
# the debug kernel's is the longest (a test there costs about four times
# as much CPU as on 6.1), so it gets the most VMs and with them the most
# of the CPUs, and 6.12's (the shortest: no netem tests) one. Three debug
# VMs, not four, since issue 10's tests made the whole CPU-bound: each
# costs 40 CPU-s to start and stop, and four of them slowed every test
# (2026-12-04, idle, warm: make check 913 s and the debug suite 847 s
# with three, 1018 s and 952 s with four).
vms=${XTCP_CHECK_VMS:-6.1:2 6.12:1 debug:3}
vms_for() {
	local kv
	for kv in $vms; do
		[ "${kv%%:*}" = "$1" ] && { echo "${kv#*:}"; return; }
	done
	echo 1
}

# job [-n] NAME COMMAND... - run COMMAND in the background, its results
# in results/NAME, its output in NAME.log. -n: at a lower priority (nice
# 10), for a job no other waits for and that has no time limit, so that it
# takes no CPU from the debug kernel's chain, the longest. Not for a VM:
# starved, it meets its limit (the demo, niced, waited 20 minutes for CPU).
pids=()
job() {
	local nice=
	[ "$1" = -n ] && { nice=1; shift; }
	local name=$1
	shift
	( [ -z "$nice" ] || renice -n 10 -p "$BASHPID" >/dev/null
	  export XTCP_RESULTS=$XTCP_CHECK/results/$name; : >"$XTCP_RESULTS"; "$@" ) \
		>"$XTCP_CHECK/$name.log" 2>&1 &
	pids+=($!)
}

# build_kernel NAME - the module against kernel NAME with W=1; the build
# the kernel's tests then use.
build_kernel() {
	local rc=0 bdir err=$XTCP_CHECK/build-$1.err
	bdir=$("$XTCP_TOP/scripts/build.sh" "$1" W=1 2>"$err") || rc=1
	[ $rc -eq 0 ] && grep -E 'warning:|error:' "$bdir/build.log" >"$err" && rc=1
	record "build/$1 W=1" "$(status $rc)" "$err"
	return $rc
}

# vm_suite NAME - the VM tests on kernel NAME, in as many VMs as vms_for
# says; one result per test.
vm_suite() {
	local rc=0 out=$XTCP_BUILD/$1/vmtests log=$XTCP_CHECK/vmtests-$1.log
	XTCP_PREBUILT=1 XTCP_VM_SHARDS=$(vms_for "$1") \
		"$XTCP_TOP/scripts/vmtest.sh" "$1" >"$log" 2>&1 || rc=$?
	[ -s "$out/vmtests.ktap" ] && count_ktap "vm/$1" "$out/vmtests.ktap"
	if [ $rc -ne 0 ]; then
		{ tail -n 8 "$log"; first_report "$out/console.log"; } >"$out/failed.txt"
		record "vm/$1 run (exit $rc)" FAIL "$out/failed.txt"
	fi
	[ "$1" != debug ] || scan_reports "reports/debug vmtests" "$out"
}

# run_kunit - the KUnit suites in a debug-kernel VM; one result per case.
run_kunit() {
	local rc=0 out=$XTCP_CHECK/kunit.out fail=$XTCP_CHECK/kunit.fail word name rest
	XTCP_PREBUILT=1 "$XTCP_TOP/scripts/kunit.sh" >"$out" 2>&1 || rc=$?
	grep -h -A4 -E 'EXPECTATION FAILED|ASSERTION FAILED|CRASHED' \
		"$XTCP_BUILD"/debug/kunit-results/*.parse.log >"$fail" 2>/dev/null
	while read -r word name rest; do
		case $word in
		PASS|FAIL|SKIP) record "kunit/$name${rest:+ $rest}" "$word" "$fail" ;;
		esac
	done <"$out"
	[ $rc -eq 0 ] || grep -qx 'FAIL .*' "$out" || record "kunit/complete" FAIL "$out"
	scan_reports "reports/debug kunit" "$XTCP_BUILD/debug/kunit-results"
}

# run_sparse - C=2 against the debug kernel: every file checked, no warning.
run_sparse() {
	local rc=0 bdir err=$XTCP_CHECK/sparse.err
	bdir=$("$XTCP_TOP/scripts/build.sh" debug W=1 C=2 2>"$err") || rc=1
	if [ $rc -eq 0 ]; then
		grep -E 'warning:|error:' "$bdir/build.log" >"$err" && rc=1
		# C=2 checks every file; a log without CHECK lines checked nothing.
		grep -q '^  CHECK ' "$bdir/build.log" ||
			{ echo "sparse checked no file" >>"$err"; rc=1; }
	fi
	record "hygiene/sparse C=2" "$(status $rc)" "$err"
}

# The debug kernel's chain (its module, then KUnit and its VM suite) is
# the longest: when the debug kernel is in the cache, every other module
# build waits until the debug module is built (the file $builds_go), so
# that the chain's first step has the CPUs to itself. Before (2026-12-06,
# e78ca86, idle host), six builds ran side by side and the debug suite
# started 365 s into make check; at a lower priority instead (nice 10),
# the waiting builds starved beside the debug VMs on a busy host. Not
# cached, the debug kernel's build is the first step, and the others go
# at once.
builds_go=$XTCP_CHECK/builds-go
# builds_wait - until the debug module is built (or failed to be), at most
# 20 minutes.
builds_wait() {
	local i
	for ((i = 0; i < 1200; i++)); do
		[ -e "$builds_go" ] && return 0
		sleep 1
	done
}

# stock_job NAME - a stock kernel's build, then its VM tests.
stock_job() {
	builds_wait
	phase "build $1" build_kernel "$1" && phase "vm $1" vm_suite "$1"
}

# debug_kernel - build the debug kernel, or find it in the cache.
debug_kernel() {
	local err=$XTCP_CHECK/debug-kernel.err
	"$XTCP_TOP/scripts/kernel/build-debug.sh" >/dev/null 2>"$err" ||
		{ record "build/debug kernel" FAIL "$err"; return 1; }
}

# debug_job - the debug kernel (built once, cached) and the module
# against it; then KUnit, the VM tests and sparse side by side.
debug_job() {
	local p=() rc
	phase "debug kernel" debug_kernel || { touch "$builds_go"; return; }
	phase "build debug" build_kernel debug
	rc=$?
	touch "$builds_go"
	[ $rc -eq 0 ] || return
	phase "kunit" run_kunit &
	p+=($!)
	if [ -z "$quick" ]; then
		phase "vm debug" vm_suite debug &
		p+=($!)
		phase "sparse" run_sparse
	fi
	wait "${p[@]}"
}

# run_checkpatch - --strict over module/ and kunit/.
run_checkpatch() {
	local rc=0 src err=$XTCP_CHECK/checkpatch.err
	src=$("$XTCP_TOP/scripts/kernel/source.sh")
	(cd "$XTCP_TOP" && "$src/scripts/checkpatch.pl" --strict --no-tree --terse \
		--show-types -f module/*.[ch] kunit/*.[ch]) >"$err" 2>&1 || rc=1
	grep -v 'total: 0 errors, 0 warnings, 0 checks' "$err" |
		grep -qE 'ERROR|WARNING|CHECK' && rc=1
	record "hygiene/checkpatch --strict" "$(status $rc)" "$err"
}

# run_demo - make demo in a copy of the tree as git would check it out (no
# build/), as a newcomer's first command.
run_demo() {
	local tree=$XTCP_CHECK/pristine rc=0 log=$XTCP_CHECK/demo.out
	rm -rf "$tree" && mkdir -p "$tree"
	(cd "$XTCP_TOP" && git ls-files -z --cached --others --exclude-standard |
		xargs -0 cp --parents -t "$tree") || rc=1
	builds_wait
	[ $rc -eq 0 ] && (cd "$tree" && env -u XTCP_BUILD make demo) >"$log" 2>&1 || rc=1
	grep -q 'demo finished: the exchange completed' "$log" || rc=1
	record "demo/make demo in a pristine tree" "$(status $rc)" "$log"
	rm -rf "$tree"
}

# build_helpers - the C test helpers, -Werror.
build_helpers() {
	local rc=0
	make -s -C "$XTCP_TOP/scripts/vmtests/helpers" O="$XTCP_BUILD/helpers" \
		>"$XTCP_CHECK/helpers.err" 2>&1 || rc=1
	record "build/helpers -Werror" "$(status $rc)" "$XTCP_CHECK/helpers.err"
}

log "make check${quick:+ --quick}: kernels $kernels; VMs per suite: $vms"
XTCP_RESULTS=$XTCP_CHECK/results/00-setup
: >"$XTCP_RESULTS"
export XTCP_RESULTS
phase "packages" need_packages $XTCP_PACKAGES
# The kernel source: checkpatch and the debug kernel both need it.
phase "kernel source" "$XTCP_TOP/scripts/kernel/source.sh" >/dev/null ||
	die "cannot unpack the kernel source"
phase "helpers" build_helpers

# the other builds wait for the debug module only if its kernel is built
has debug && "$XTCP_TOP/scripts/kernel/build-debug.sh" --cached 2>/dev/null ||
	touch "$builds_go"
has debug && job 10-debug debug_job
for k in 6.1 6.12; do
	has "$k" && job "20-$k" stock_job "$k"
done

# PREEMPT_RT (6.12-rt among the kernels): the module against 6.1-rt and
# 6.12-rt with W=1, then scripts/vmtests/rt.list on 6.12-rt in one VM
# (about 60 CPU-s, boot included: Documentation/testing.rst), whose kernel
# log from xtcp's first load on must hold no report (report_re) either.
rt_reports() {
	local out=$XTCP_BUILD/6.12-rt/vmtests found
	found=$(mktemp)
	if [ -f "$out/dmesg.txt" ]; then
		awk '/xtcp: loaded/ { on = 1 } on' "$out/dmesg.txt" |
			grep -E "$report_re" >"$found"
	else
		echo "no dmesg.txt: the VM did not finish" >"$found"
		first_report "$out/console.log" >>"$found"
	fi
	if [ -s "$found" ]; then
		record "reports/6.12-rt vmtests" FAIL "$found"
	else
		record "reports/6.12-rt vmtests" PASS
	fi
	rm -f "$found"
}
rt_job() {
	builds_wait
	phase "build 6.1-rt" build_kernel 6.1-rt
	phase "build 6.12-rt" build_kernel 6.12-rt || return
	phase "vm 6.12-rt" vm_suite 6.12-rt
	rt_reports
}
has 6.12-rt && job 30-rt rt_job
job -n 05-checkpatch phase checkpatch run_checkpatch
# xtcp(7)'s lint, and its sysctls, counters and options against the code
# (and xtcp.rst's): under a second.
job -n 06-docs phase docs "$XTCP_TOP/scripts/doc-check.sh"
# xtcp.lua in tshark, xtcp-states' SVG from recorded walks: seconds.
job -n 07-tools phase tools "$XTCP_TOP/scripts/tools-check.sh"
[ -n "$quick" ] || ! has 6.1 || job 90-demo phase demo run_demo
log "[+$(since) s] jobs started; their logs: $XTCP_CHECK/*.log"
for p in "${pids[@]}"; do
	wait "$p"
done
log "[+$(since) s] done"

rc=0
results_print "$XTCP_CHECK"/results/* >"$XTCP_CHECK/summary.txt" || rc=1
phases_print >"$XTCP_CHECK/phases-summary.txt"
"$XTCP_TOP/scripts/slowest.sh" 10 >"$XTCP_CHECK/slowest.txt" 2>/dev/null
sed '$d' "$XTCP_CHECK/summary.txt"
cat "$XTCP_CHECK/phases-summary.txt" "$XTCP_CHECK/slowest.txt"
echo "total: $(since) s"
tail -n 1 "$XTCP_CHECK/summary.txt"
exit $rc
