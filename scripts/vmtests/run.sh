#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [TEST...] - xtcp's VM test runner; runs inside the VM.
#
# Loads xtcp ($XTCP_KO), runs each test in tests/ (or the ones named) with
# a time limit, unloads xtcp, and prints the results as KTAP on stdout and
# in $XTCP_OUT/vmtests.ktap. A test is a bash script that exits 0 (pass),
# 4 (skip) or anything else (fail); whatever it prints becomes a "#"
# diagnostic line. A test may raise its own time limit above the default
# (XTCP_TEST_TIMEOUT, 120 s) with a line "# timeout: SECONDS", and keep
# to some kernels with a line "# kernels: NAME..." (6.1, 6.12, debug): in
# a run of the whole suite on another kernel ($XTCP_KERNEL) it is a SKIP;
# named on the command line, it runs anywhere. Loading and unloading the
# module are results of their own. Each test's run time in seconds goes to
# $XTCP_OUT/times.txt, and the name of the test running now (with its start
# time) to $XTCP_OUT/current. On a kernel with kmemleak, automatic scans are
# off during the run and $XTCP_OUT/kmemleak.txt gets what one scan after
# the unload found.
#
# The tests whose whole body is "api_case CASE" run together in one
# xtcp_api.py --batch process (run_batch), each still a result of its own.
#
# The tests' Python helpers (xpy SCRIPT...) run in a fork server,
# helpers/xtcp_pyd.py, started before the first test and stopped after the
# last, on the socket $XTCP_PYD (default /run/xtcp_pyd.sock; set empty, no
# server: xpy runs python3); its messages go to $XTCP_OUT/pyd.log.
#
# XTCP_SHARD=I/N says this is VM I of N sharing a suite (scripts/vmtest.sh);
# the module's results are then named load_module_vmI and
# unload_module_vmI. With XTCP_QUEUE, a directory all N VMs share, each VM
# takes the next test no other has taken (mkdir QUEUE/TEST is the claim),
# tests with a "# timeout:" header first, the longest limit first: the
# long ones start early and the short ones fill in, so the VMs end close
# together. The plan line then comes last, when the count is known. A test
# with a line "# queue: first" runs before all others, queue or not (one
# whose wait depends on what earlier tests of its VM left behind).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
: "${XTCP_KO:?}" "${XTCP_HELPERS:?}" "${XTCP_OUT:?}"
export XTCP_KO XTCP_HELPERS XTCP_OUT XTCP_TOP=${XTCP_TOP:-$(cd "$here/../.." && pwd)}
export PATH=$XTCP_HELPERS:$PATH
limit=${XTCP_TEST_TIMEOUT:-120}
leaks=/sys/kernel/debug/kmemleak

all=1
if [ $# -gt 0 ]; then
	all=
	tests=()
	for t in "$@"; do tests+=("$here/tests/${t%.sh}.sh"); done
else
	tests=("$here"/tests/*.sh)
fi
shard=${XTCP_SHARD:-1/1}
[[ "$shard" =~ ^([0-9]+)/([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" -ge 1 ] &&
	[ "${BASH_REMATCH[1]}" -le "${BASH_REMATCH[2]}" ] ||
	{ echo "run.sh: XTCP_SHARD=$shard is not I/N with 1 <= I <= N" >&2; exit 2; }
suffix= queue=${XTCP_QUEUE:-}
[ "${BASH_REMATCH[2]}" -gt 1 ] && suffix=_vm${BASH_REMATCH[1]}
[ -z "$queue" ] || [ -d "$queue" ] ||
	{ echo "run.sh: no queue directory $queue" >&2; exit 2; }

# Each test's "# timeout:" and "# kernels:" header lines, read by one awk
# for all of them (a process costs 0.1-0.3 s in an emulated guest).
declare -A t_timeout t_kernels
existing=()
for t in "${tests[@]}"; do
	[ -f "$t" ] && existing+=("$t")
done
# Fields apart by "|", not a tab: bash's read folds a run of tabs (IFS
# white space) into one, so an empty timeout used to shift the kernels into
# its place and the test ran on every kernel.
# A test whose whole body is "api_case CASE" (after sourcing lib.sh) is
# one of the batch: t_case holds its CASE. One that sources
# helpers/xtcp_states.sh starts in a network namespace of its own
# (t_netns), where that would re-run it.
declare -A t_case t_first t_netns
while IFS='|' read -r t to ks bc qf ns; do
	t_timeout[$t]=$to
	t_kernels[$t]=$ks
	t_case[$t]=$bc
	t_first[$t]=$qf
	t_netns[$t]=$ns
done < <([ ${#existing[@]} -eq 0 ] || awk '
	function out() {
		if (f != "")
			print f "|" to "|" ks "|" (other ? "" : bc) "|" qf "|" ns
	}
	FNR == 1 { out(); f = FILENAME; to = ks = bc = qf = ns = ""; other = 0 }
	to == "" && /^# timeout: / { to = $3 }
	ks == "" && /^# kernels: / { ks = substr($0, 12) }
	/^# queue: first$/ { qf = 1 }
	/^\. "\$XTCP_TOP\/scripts\/vmtests\/helpers\/xtcp_states\.sh"$/ { ns = 1 }
	/^#/ || /^[ \t]*$/ || $0 == ". \"$(dirname \"$0\")/../lib.sh\"" { next }
	bc == "" && /^api_case [a-z0-9_]+$/ { bc = $2; next }
	{ other = 1 }
	END { out() }' "${existing[@]}")
if [ -n "$queue" ]; then
	mapfile -t tests < <(for t in "${tests[@]}"; do
		to=${t_timeout[$t]:-}
		[[ "$to" =~ ^[0-9]+$ ]] || to=0
		[ -z "${t_first[$t]:-}" ] || to=1000000
		printf '%s %s\n' "$to" "$t"
	done | sort -k1,1rn -k2,2 | cut -d' ' -f2-)
else
	mapfile -t tests < <(for t in "${tests[@]}"; do
		[ -z "${t_first[$t]:-}" ] || echo "$t"
	done; for t in "${tests[@]}"; do
		[ -n "${t_first[$t]:-}" ] || echo "$t"
	done)
fi

n=0
ktap=$XTCP_OUT/vmtests.ktap
: >"$ktap"
: >"$XTCP_OUT/times.txt"
# guest_now - the guest's busy CPU time (user, nice, system, irq, softirq
# of /proc/stat's cpu line, in clock ticks) in G_CPU, and the processes
# forked since boot in G_FORKS, read without starting a program.
guest_now() {
	local key a b c d e f g
	G_CPU= G_FORKS=
	while read -r key a b c d e f g _; do
		case $key in
		cpu) G_CPU=$((a + b + c + f + g)) ;;
		processes) G_FORKS=$a ;;
		esac
	done </proc/stat
}
: >"$XTCP_OUT/guest.txt"
# guest_line NAME - "NAME CPU-s FORKS" to $XTCP_OUT/guest.txt: what the
# guest spent since the last guest_now, as it counts it (QEMU's CPU time,
# cpu.txt, also has the emulation's own and grows with a busy host's
# delays), and the processes it started: each costs the debug kernel's
# guest 0.15-0.4 s.
guest_line() {
	local cpu0=$G_CPU forks0=$G_FORKS
	guest_now
	printf '%s %d.%02d %d\n' "$1" $(((G_CPU - cpu0) / 100)) \
		$(((G_CPU - cpu0) % 100)) $((G_FORKS - forks0)) >>"$XTCP_OUT/guest.txt"
}

# emit LINE - LINE to stdout and to the KTAP file (builtins only, as in
# result: a program started costs about 100 ms in the emulated VM).
emit() {
	printf '%s\n' "$*" >>"$ktap"
	printf '%s\n' "$*"
}

# result NAME RC LOGFILE
result() {
	local line
	n=$((n + 1))
	if [ -s "$3" ]; then
		while IFS= read -r line || [ -n "$line" ]; do
			emit "# $line"
		done <"$3"
	fi
	case $2 in
	0) emit "ok $n $1" ;;
	"$KSFT_SKIP") emit "ok $n $1 # SKIP" ;;
	*) emit "not ok $n $1 # exit status $2" ;;
	esac
}

emit "KTAP version 1"
emit "# kernel $(uname -r), module $XTCP_KO"
[ -n "$queue" ] || emit "1..$(( ${#tests[@]} + 2 ))"
# No automatic scans (every 10 min, 15 s each on an emulated CPU here):
# what they would report, the one scan after the unload finds too.
[ -w $leaks ] && echo scan=off >$leaks && echo clear >$leaks

log=$(mktemp)
insmod "$XTCP_KO" >"$log" 2>&1
result load_module$suffix $? "$log"

# The FIFO lib.sh's nap reads from (nobody writes it): one for all tests.
export XTCP_NAP_FIFO=/run/xtcp_nap.fifo
rm -f "$XTCP_NAP_FIFO"
mkfifo -m 600 "$XTCP_NAP_FIFO" || XTCP_NAP_FIFO=

# The fork server in which xpy runs the tests' Python helpers
# (helpers/xtcp_pyd.py): it has their modules imported, so that each run
# costs a fork instead of starting python3 (seconds here). Its messages go
# to $XTCP_OUT/pyd.log. XTCP_PYD set but empty: no server, xpy runs python3.
XTCP_PYD=${XTCP_PYD-/run/xtcp_pyd.sock}
pyd_pid=
pyd_up() { [ -S "$XTCP_PYD" ] || ! alive "$pyd_pid"; }
if [ -n "$XTCP_PYD" ]; then
	python3 "$here/helpers/xtcp_pyd.py" "$XTCP_PYD" </dev/null \
		>>"$XTCP_OUT/pyd.log" 2>&1 &
	pyd_pid=$!
	# Up to 300 s (900 on debug): a server still importing serves
	# sooner than python3 started afresh by every test (seen: tests that
	# fell back to it on a busy debug VM each met their time limit).
	if ! wait_until 300 pyd_up || [ ! -S "$XTCP_PYD" ]; then
		echo "run.sh: no fork server, xpy runs python3" >>"$XTCP_OUT/pyd.log"
		XTCP_PYD=
	fi
fi
export XTCP_PYD

# not_here TEST - TEST is not for this kernel (its "# kernels:" line, in a
# run of the whole suite): its SKIP result given.
not_here() {
	local kernels=${t_kernels[$1]:-}
	[ -n "$all" ] && [ -n "$kernels" ] && [ -n "${XTCP_KERNEL:-}" ] &&
		[[ " $kernels " != *" $XTCP_KERNEL "* ]] || return 1
	echo "not run on $XTCP_KERNEL (kernels: $kernels)" >"$log"
	result "$2" "$KSFT_SKIP" "$log"
}

# run_test TEST NAME - run one test in a shell of its own, with its limit;
# in a network namespace of its own if it is a t_netns one (XS_NETNS=1
# tells xtcp_states.sh so).
run_test() {
	local t=$1 name=$2 t_limit t0 rc ns=() netns
	netns=${t_netns[$t]:-}
	t_limit=${t_timeout[$t]:-}
	[[ "$t_limit" =~ ^[0-9]+$ ]] && [ "$t_limit" -gt "$limit" ] || t_limit=$limit
	[ -z "$netns" ] || ns=(unshare -n)
	xtcp_load >/dev/null 2>&1
	guest_now
	t0=${EPOCHREALTIME/./}
	echo "$name ${EPOCHREALTIME%.*}" >"$XTCP_OUT/current"
	XS_NETNS=$netns timeout -k 5 "$t_limit" "${ns[@]}" bash "$t" >"$log" 2>&1
	rc=$?
	echo "$name $(( (${EPOCHREALTIME/./} - t0) / 1000000 ))" >>"$XTCP_OUT/times.txt"
	guest_line "$name"
	[ $rc = 124 ] && echo "killed after ${t_limit}s" >>"$log"
	result "$name" $rc "$log"
}

# run_batch - the tests that are only "api_case CASE", all in one process
# (xtcp_api.py --batch): starting a test's shell and its Python worker
# cost an emulated VM more than most cases (measured on the debug kernel:
# 12 cases 7.5 CPU-s of QEMU one process each, 1.5 in one). Each case is
# still a result of its own, named after its test, with its output; a case
# the process did not end (it died, or met its limit) fails, and those it
# never started run one by one after it. With a queue, the VM that claims
# "api_case.batch" runs them all and the others none.
batch_done=
run_batch() {
	local t name line bt=() bn=() i=0 t0 cur= rc
	batch_done=1
	[ -z "$queue" ] || mkdir "$queue/api_case.batch" 2>/dev/null || return 0
	for t in "${tests[@]}"; do
		[ -n "${t_case[$t]:-}" ] || continue
		name=${t##*/}
		name=${name%.sh}
		not_here "$t" "$name" && continue
		bt+=("$t")
		bn+=("${t_case[$t]}")
	done
	[ ${#bt[@]} -gt 0 ] || return 0
	xtcp_load >/dev/null 2>&1
	echo "api_case.batch ${EPOCHREALTIME%.*}" >"$XTCP_OUT/current"
	t0=${EPOCHREALTIME/./}
	: >"$log"
	while IFS= read -r line; do
		if [ $i -lt ${#bn[@]} ] &&
			[[ "$line" =~ ^@@\ xtcp_api\ ([a-z0-9_]+)\ ([0-9]+)$ ]] &&
			[ "${BASH_REMATCH[1]}" = "${bn[i]}" ]; then
			rc=${BASH_REMATCH[2]}
			[ $rc = 0 ] || [ $rc = "$KSFT_SKIP" ] ||
				echo "# FAIL: xtcp_api.py ${bn[i]} on protocol $XTCP_PROTO" >>"$log"
			name=${bt[i]##*/}
			name=${name%.sh}
			echo "$name $(( (${EPOCHREALTIME/./} - t0) / 1000000 ))" >>"$XTCP_OUT/times.txt"
			result "$name" "$rc" "$log"
			: >"$log"
			t0=${EPOCHREALTIME/./}
			i=$((i + 1))
		else
			printf '%s\n' "$line" >>"$log"
		fi
	done < <(timeout -k 5 $((limit * 5)) xpy \
		"$XTCP_TOP/scripts/vmtests/helpers/xtcp_api.py" --batch \
		--proto "$XTCP_PROTO" "${bn[@]}" 2>&1)
	wait $! 2>/dev/null
	rc=$?
	[ $i -lt ${#bt[@]} ] || return 0
	name=${bt[i]##*/}
	name=${name%.sh}
	[ $rc = 124 ] && rc="124, killed after $((limit * 5)) s"
	echo "the batch's process ended during this case (exit status $rc)" >>"$log"
	result "$name" 1 "$log"
	for ((i++; i < ${#bt[@]}; i++)); do
		name=${bt[i]##*/}
		run_test "${bt[i]}" "${name%.sh}"
	done
}

for t in "${tests[@]}"; do
	name=${t##*/}
	name=${name%.sh}
	if [ -n "${t_case[$t]:-}" ]; then
		[ -n "$batch_done" ] || run_batch
		continue
	fi
	# another VM of the suite has taken it
	[ -z "$queue" ] || mkdir "$queue/$name" 2>/dev/null || continue
	not_here "$t" "$name" && continue
	run_test "$t" "$name"
done

rm -f "$XTCP_OUT/current"
if [ -n "$pyd_pid" ]; then
	# the server's session: both servers and any request still served
	kill -- "-$pyd_pid" "$pyd_pid" 2>/dev/null
	wait "$pyd_pid" 2>/dev/null
	rm -f "$XTCP_PYD" "$XTCP_PYD.scapy"
fi
rc=0
{ xtcp_unload && ! xtcp_loaded; } >"$log" 2>&1 || rc=1
result unload_module$suffix $rc "$log"
rm -f "$log"
[ -z "$queue" ] || emit "1..$n"

if [ -w $leaks ]; then
	# kmemleak reports only objects older than 5 s, so let the last
	# test's allocations age before the scan.
	sleep 6
	echo scan >$leaks
	cat $leaks >"$XTCP_OUT/kmemleak.txt"
fi
exit 0
