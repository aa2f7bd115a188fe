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
# XTCP_SHARD=I/N runs only every Nth test from the Ith on, so that N VMs
# share a suite (scripts/vmtest.sh); the module's results are then named
# load_module_vmI and unload_module_vmI.
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
suffix=
if [ "${BASH_REMATCH[2]}" -gt 1 ]; then
	i=${BASH_REMATCH[1]} nshards=${BASH_REMATCH[2]} mine=()
	suffix=_vm$i
	for ((j = i - 1; j < ${#tests[@]}; j += nshards)); do
		mine+=("${tests[j]}")
	done
	tests=("${mine[@]}")
fi

n=0
ktap=$XTCP_OUT/vmtests.ktap
: >"$ktap"
: >"$XTCP_OUT/times.txt"
emit() { echo "$*" | tee -a "$ktap"; }

# result NAME RC LOGFILE
result() {
	n=$((n + 1))
	[ -s "$3" ] && sed 's/^/# /' "$3" | tee -a "$ktap"
	case $2 in
	0) emit "ok $n $1" ;;
	"$KSFT_SKIP") emit "ok $n $1 # SKIP" ;;
	*) emit "not ok $n $1 # exit status $2" ;;
	esac
}

emit "KTAP version 1"
emit "# kernel $(uname -r), module $XTCP_KO"
emit "1..$(( ${#tests[@]} + 2 ))"
# No automatic scans (every 10 min, 15 s each on an emulated CPU here):
# what they would report, the one scan after the unload finds too.
[ -w $leaks ] && echo scan=off >$leaks && echo clear >$leaks

log=$(mktemp)
insmod "$XTCP_KO" >"$log" 2>&1
result load_module$suffix $? "$log"

# header LINE TEST - the value of TEST's "# LINE: value" line, if any
header() {
	sed -nE "s/^# $1: (.*)\$/\1/p" "$2" | head -n 1
}

for t in "${tests[@]}"; do
	name=$(basename "$t" .sh)
	kernels=$(header kernels "$t")
	if [ -n "$all" ] && [ -n "$kernels" ] && [ -n "${XTCP_KERNEL:-}" ] &&
		[[ " $kernels " != *" $XTCP_KERNEL "* ]]; then
		echo "not run on $XTCP_KERNEL (kernels: $kernels)" >"$log"
		result "$name" "$KSFT_SKIP" "$log"
		continue
	fi
	t_limit=$(header timeout "$t")
	[[ "$t_limit" =~ ^[0-9]+$ ]] && [ "$t_limit" -gt "$limit" ] || t_limit=$limit
	xtcp_load >/dev/null 2>&1
	t0=$(date +%s%N)
	echo "$name $(date +%s)" >"$XTCP_OUT/current"
	timeout -k 5 "$t_limit" bash "$t" >"$log" 2>&1
	rc=$?
	echo "$name $(( ($(date +%s%N) - t0) / 1000000000 ))" >>"$XTCP_OUT/times.txt"
	[ $rc = 124 ] && echo "killed after ${t_limit}s" >>"$log"
	result "$name" $rc "$log"
done

rm -f "$XTCP_OUT/current"
rc=0
{ xtcp_unload && ! xtcp_loaded; } >"$log" 2>&1 || rc=1
result unload_module$suffix $rc "$log"
rm -f "$log"

if [ -w $leaks ]; then
	# kmemleak reports only objects older than 5 s, so let the last
	# test's allocations age before the scan.
	sleep 6
	echo scan >$leaks
	cat $leaks >"$XTCP_OUT/kmemleak.txt"
fi
exit 0
