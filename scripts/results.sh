# SPDX-License-Identifier: GPL-2.0
# Results and phases of make check, for jobs that run side by side.
# Source it after lib.sh; do not run it.
#
# A job writes its results to a file of its own ($XTCP_RESULTS, one line
# "STATUS<TAB>NAME<TAB>DETAIL" each, DETAIL a file that explains a
# failure); results_print shows them all, in the order of the files' names,
# and counts them. Phases are timed in $XTCP_CHECK/phases.txt, one line
# "START END CPU NAME" each (seconds since the epoch, CPU seconds), so
# that make check can say how long each took, whatever ran beside it, and
# what it cost.

XTCP_CHECK=${XTCP_CHECK:-$XTCP_BUILD/check}
XTCP_CHECK_T0=${XTCP_CHECK_T0:-$(date +%s)}

# results_alone DIR NAME - for a script that make check runs as a job and
# that also runs on its own: on its own (no $XTCP_RESULTS), its results go
# to $XTCP_BUILD/DIR/results/NAME, made empty, and this returns 0, so that
# the script prints them at its end (results_print); under make check it
# returns 1 and changes nothing.
results_alone() {
	[ -z "${XTCP_RESULTS:-}" ] || return 1
	export XTCP_CHECK=$XTCP_BUILD/$1
	rm -rf "$XTCP_CHECK"
	mkdir -p "$XTCP_CHECK/detail" "$XTCP_CHECK/results"
	export XTCP_RESULTS=$XTCP_CHECK/results/$2
	: >"$XTCP_RESULTS"
}

# since - seconds since make check started.
since() { echo $(( $(date +%s) - XTCP_CHECK_T0 )); }

# children_cpu VAR - set VAR to the CPU time (user and system, whole
# seconds) of the shell's children that have ended and been waited for,
# from the shell's times. Not run in $(...): a subshell has children of
# its own, not the shell's.
children_cpu() {
	local f line m s sum=0
	f=$(mktemp)
	times >"$f"
	line=$(sed -n 2p "$f")
	rm -f "$f"
	for m in $line; do			# "0m1.250s 0m0.310s"
		s=${m#*m}
		s=${s%s}
		sum=$((sum + ${m%%m*} * 60000 + 10#${s%.*} * 1000 + 10#${s#*.}))
	done
	printf -v "$1" '%d' $(((sum + 500) / 1000))
}

# phase NAME COMMAND... - run COMMAND as phase NAME: its start and end go
# to the log and to phases.txt, with the CPU time its processes took (those
# it waited for: a job it left running in the background counts in its
# own phase). Returns COMMAND's status.
phase() {
	local name=$1 t0 c0 cpu rc=0
	shift
	t0=$(date +%s)
	children_cpu c0
	log "[+$(since) s] $name: started"
	"$@" || rc=$?
	children_cpu cpu
	cpu=$((cpu - c0))
	echo "$t0 $(date +%s) $cpu $name" >>"$XTCP_CHECK/phases.txt"
	log "[+$(since) s] $name: ended after $(( $(date +%s) - t0 )) s, $cpu CPU-s (status $rc)"
	return $rc
}

# record NAME STATUS [DETAIL] - one result of the current job; DETAIL (a
# file) is kept for a failure and shown by results_print.
record() {
	local keep=
	if [ "$2" = FAIL ] && [ -n "${3:-}" ] && [ -s "$3" ]; then
		keep=$(mktemp "$XTCP_CHECK/detail/XXXXXX")
		tail -n 40 "$3" >"$keep"
	fi
	printf '%s\t%s\t%s\n' "$2" "$1" "$keep" >>"$XTCP_RESULTS"
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
# its kernel log from xtcp's first load on, nor in the kmemleak scan.
# Without a kernel log (the VM died) the console's kernel lines are shown
# instead, and it fails. A report while the kernel booted, before any of
# xtcp ran, is the kernel's or the emulator's (seen once under heavy load:
# KASAN in an interrupt during identify_cpu(), with 5-level paging, off
# since: vm-run.sh): it goes to the log, and fails the run only if it
# turned lockdep off (lockdep_on).
scan_reports() {
	local found
	found=$(mktemp)
	if [ -f "$2/dmesg.txt" ]; then
		awk '/xtcp: loaded/ { on = 1 } !on' "$2/dmesg.txt" |
			grep -E "$report_re" | sed "s|^|$1: before xtcp loaded: |" >&2
		awk '/xtcp: loaded/ { on = 1 } on' "$2/dmesg.txt" |
			grep -E "$report_re" >"$found"
		[ -s "$2/kmemleak.txt" ] && head -n 20 "$2/kmemleak.txt" >>"$found"
		lockdep_on "$2" >>"$found"
	else
		echo "no dmesg.txt: the VM did not finish" >"$found"
		first_report "$2/console.log" >>"$found"
	fi
	if [ -s "$found" ]; then
		record "$1" FAIL "$found"
	else
		record "$1" PASS
	fi
	rm -f "$found"
}

# lockdep_on DIR - says why, if lockdep was off at the end of a VM's run
# (it turns itself off at its first report, wherever that came from, and
# checks nothing after it) or did not say: DIR/lockdep.txt has a line
# "[vmI] debug_locks: N" per VM.
lockdep_on() {
	[ -f "$1/lockdep.txt" ] ||
		{ echo "no lockdep.txt: lockdep's state at the end is unknown"; return; }
	awk '$NF != 1 { print "lockdep was off at the end of the run (" $0 "): its first report is in dmesg.txt" }
	     END { if (!NR) print "lockdep.txt is empty" }' "$1/lockdep.txt"
}
# first_report CONSOLE - the first kernel report in a VM's console log: 30
# lines from its first line (report_re, a "cut here" line or a call trace),
# for a failure's details, which keep only their last 40 lines (record):
# the tail of a long console shows the end of a trace, not what it was.
first_report() {
	local n
	n=$(grep -n -m1 -E "$report_re|cut here|Call Trace:" "$1" 2>/dev/null |
		cut -d: -f1)
	[ -n "$n" ] || return 0
	echo "the first kernel report in $1 (line $n):"
	tail -n +"$n" "$1" | head -n 30
}
report_re='BUG:|WARNING:|Oops|kernel BUG|general protection|ODEBUG:|UBSAN:|INFO: (task|rcu)|Kernel panic|possible (recursive|circular) locking|inconsistent lock state'

# results_print FILE... - every result, with the failures' details; then
# "N passed, N failed[, N skipped]". Returns 1 if anything failed.
results_print() {
	local passed=0 failed=0 skipped=0 failures=() st name detail
	while IFS=$'\t' read -r st name detail; do
		case $st in
		PASS) passed=$((passed + 1)) ;;
		SKIP) skipped=$((skipped + 1)) ;;
		*) failed=$((failed + 1)); failures+=("$name")
		   [ -n "$detail" ] && sed 's/^/    | /' "$detail" ;;
		esac
		printf '%-4s %s\n' "$st" "$name"
	done < <(cat "$@" 2>/dev/null)
	if [ $failed -gt 0 ]; then
		echo "failed:"
		printf '  %s\n' "${failures[@]}"
	fi
	if [ $skipped -gt 0 ]; then
		echo "$passed passed, $failed failed, $skipped skipped"
	else
		echo "$passed passed, $failed failed"
	fi
	[ $failed -eq 0 ] && [ $((passed + skipped)) -gt 0 ]
}

# phases_print - each phase's start (seconds into make check), length, CPU
# time and name, in the order they started, then the sum of the CPU times.
phases_print() {
	local t0 t1 cpu name total=0
	echo "phases (start, seconds taken, CPU time; side by side where they overlap):"
	while read -r t0 t1 cpu name; do
		printf '  +%5d s  %5d s  %5d CPU-s  %s\n' $((t0 - XTCP_CHECK_T0)) \
			$((t1 - t0)) "$cpu" "$name"
		total=$((total + cpu))
	done < <(sort -n "$XTCP_CHECK/phases.txt")
	echo "  CPU time of all phases: $total s"
}
