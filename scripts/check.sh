#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh - every test xtcp has (make check):
#   build      W=1 warning-free against 6.1, 6.12 and the debug kernel
#   hygiene    sparse (C=2) and checkpatch.pl --strict clean
#   kunit      the KUnit suites in a debug-kernel VM, case by case
#   vmtests    scripts/vmtests on 6.1, 6.12 and the debug kernel
#   reports    no KASAN, lockdep, kmemleak, WARN or BUG report in any
#              debug-kernel run
# One line per result, then "N passed, N failed" over all of them. Exits
# non-zero if anything failed. XTCP_KERNELS="6.1 ..." limits the kernels.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$XTCP_TOP/scripts/kernels.sh"

need_packages $XTCP_PACKAGES
mkdir -p "$XTCP_BUILD/helpers"
kernels=${XTCP_KERNELS_ONLY:-$XTCP_KERNELS}
passed=0 failed=0 skipped=0 failures=()
start=$(date +%s)

# record NAME STATUS [DETAIL FILE] - count one result and print it.
record() {
	case $2 in
	PASS) passed=$((passed + 1)) ;;
	SKIP) skipped=$((skipped + 1)) ;;
	*) failed=$((failed + 1)); failures+=("$1")
	   [ -n "${3:-}" ] && [ -s "$3" ] && sed 's/^/    | /' "$3" | tail -n 40 ;;
	esac
	printf '%-4s %s\n' "$2" "$1"
}

# status RC - PASS for 0, FAIL otherwise.
status() { [ "$1" -eq 0 ] && echo PASS || echo FAIL; }

# count_ktap PREFIX FILE - one result per KTAP test line; a plan that the
# lines do not fill is a failure of its own.
count_ktap() {
	local prefix=$1 file=$2 plan= n=0 line name diag
	diag=$(mktemp)
	while IFS= read -r line; do
		case $line in
		1..*) plan=${line#1..}; : >"$diag" ;;
		"# "*) echo "${line#\# }" >>"$diag" ;;
		"ok "*|"not ok "*)
			n=$((n + 1))
			name=$(echo "$line" | sed -E 's/^(not )?ok [0-9]+ ([^ #]+).*/\2/')
			case $line in
			"not ok "*) record "$prefix/$name" FAIL "$diag" ;;
			*"# SKIP"*) record "$prefix/$name" SKIP ;;
			*) record "$prefix/$name" PASS ;;
			esac
			: >"$diag" ;;
		esac
	done <"$file"
	rm -f "$diag"
	if [ -z "$plan" ] || [ "$n" -ne "$plan" ]; then
		record "$prefix/complete (plan ${plan:-none}, $n results)" FAIL
	fi
}

# scan_reports NAME DIR - a debug-kernel run must leave no kernel report in
# its kernel log, nor in the kmemleak scan. Without a kernel log (the VM
# died) the console's kernel lines are shown instead, and it fails.
scan_reports() {
	local found
	found=$(mktemp)
	if [ -f "$2/dmesg.txt" ]; then
		grep -E "$report_re" "$2/dmesg.txt" >"$found"
		[ -s "$2/kmemleak.txt" ] && head -n 20 "$2/kmemleak.txt" >>"$found"
	else
		echo "no dmesg.txt: the VM did not finish" >"$found"
		grep -E "$report_re" "$2/console.log" >>"$found" 2>/dev/null
	fi
	if [ -s "$found" ]; then
		record "$1" FAIL "$found"
	else
		record "$1" PASS
	fi
	rm -f "$found"
}
report_re='BUG:|WARNING:|Oops|kernel BUG|general protection|ODEBUG:|UBSAN:|INFO: (task|rcu)|Kernel panic|possible (recursive|circular) locking|inconsistent lock state'

# Build and hygiene.
for k in $kernels; do
	rc=0
	bdir=$("$XTCP_TOP/scripts/build.sh" "$k" W=1 2>"$XTCP_BUILD/build-$k.err") || rc=1
	[ $rc -eq 0 ] && cp "$bdir/build.log" "$XTCP_BUILD/build-$k.log" &&
		grep -E 'warning:|error:' "$bdir/build.log" >"$XTCP_BUILD/build-$k.err" && rc=1
	record "build/$k W=1" "$(status $rc)" "$XTCP_BUILD/build-$k.err"
done
rc=0
make -s -C "$XTCP_TOP/scripts/vmtests/helpers" O="$XTCP_BUILD/helpers" \
	>"$XTCP_BUILD/helpers.err" 2>&1 || rc=1
record "build/helpers -Werror" "$(status $rc)" "$XTCP_BUILD/helpers.err"

rc=0
bdir=$("$XTCP_TOP/scripts/build.sh" debug C=2 2>"$XTCP_BUILD/sparse.err") || rc=1
if [ $rc -eq 0 ]; then
	cp "$bdir/build.log" "$XTCP_BUILD/sparse.log"
	grep -E 'warning:|error:' "$bdir/build.log" >"$XTCP_BUILD/sparse.err" && rc=1
	# C=2 checks every file; a log without CHECK lines checked nothing.
	grep -q '^  CHECK ' "$bdir/build.log" ||
		{ echo "sparse checked no file" >>"$XTCP_BUILD/sparse.err"; rc=1; }
fi
record "hygiene/sparse C=2" "$(status $rc)" "$XTCP_BUILD/sparse.err"

rc=0
src=$("$XTCP_TOP/scripts/kernel/source.sh")
(cd "$XTCP_TOP" && "$src/scripts/checkpatch.pl" --strict --no-tree --terse \
	--show-types -f module/*.[ch] kunit/*.[ch]) >"$XTCP_BUILD/checkpatch.err" 2>&1 || rc=1
grep -v 'total: 0 errors, 0 warnings, 0 checks' "$XTCP_BUILD/checkpatch.err" |
	grep -qE 'ERROR|WARNING|CHECK' && rc=1
record "hygiene/checkpatch --strict" "$(status $rc)" "$XTCP_BUILD/checkpatch.err"

# KUnit in the debug kernel.
if [[ " $kernels " == *" debug "* ]]; then
	log "KUnit in the debug kernel ($(( $(date +%s) - start )) s in)"
	"$XTCP_TOP/scripts/kunit.sh" >"$XTCP_BUILD/kunit.out" 2>&1
	rc=$?
	grep -h -A4 -E 'EXPECTATION FAILED|ASSERTION FAILED|CRASHED' \
		"$XTCP_BUILD"/debug/kunit-results/*.parse.log \
		>"$XTCP_BUILD/kunit.fail" 2>/dev/null
	while read -r word name rest; do
		case $word in
		PASS|FAIL|SKIP) record "kunit/$name${rest:+ $rest}" "$word" \
			"$XTCP_BUILD/kunit.fail" ;;
		esac
	done <"$XTCP_BUILD/kunit.out"
	[ $rc -eq 0 ] || grep -qx 'FAIL .*' "$XTCP_BUILD/kunit.out" ||
		record "kunit/complete" FAIL "$XTCP_BUILD/kunit.out"
	scan_reports "reports/debug kunit" "$XTCP_BUILD/debug/kunit-results"
fi

# VM tests on every kernel.
for k in $kernels; do
	log "VM tests on $k ($(( $(date +%s) - start )) s in)"
	out=$XTCP_BUILD/$k/vmtests
	rc=0
	"$XTCP_TOP/scripts/vmtest.sh" "$k" >"$XTCP_BUILD/vmtests-$k.log" 2>&1 || rc=$?
	if [ -s "$out/vmtests.ktap" ]; then
		count_ktap "vm/$k" "$out/vmtests.ktap"
	fi
	[ $rc -eq 0 ] || record "vm/$k run (exit $rc)" FAIL "$XTCP_BUILD/vmtests-$k.log"
	[ "$k" = debug ] && scan_reports "reports/debug vmtests" "$out"
done

log "done in $(( $(date +%s) - start )) s"
if [ $failed -gt 0 ]; then
	echo "failed:"
	printf '  %s\n' "${failures[@]}"
fi
if [ $skipped -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ $failed -eq 0 ]
