#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh [-k KERNEL] [-t SECONDS] [-r ROUNDS] [-f "FIGURE..."] - make bench:
# build xtcp and the helpers for KERNEL (6.1, 6.12 or debug; default 6.1,
# or XTCP_KERNEL), boot it once and measure xtcp against the kernel's TCP
# with the same program (scripts/vm/bench-guest.sh, xtcp_bench): bulk
# throughput, 1-octet request/response and connect/request/close rates, on
# loopback, on a veth pair, and on a veth pair losing 1%, 5% and 10% of
# packets (with the retransmissions per packet lost); interop (iopc-*,
# iops-*): an xtcp client in interop mode against a server on the kernel's
# TCP and a TCP client against an xtcp interop server, beside TCP to TCP;
# over IPv6 (lo6, veth6, iopc6, iops6) the same on loopback, veth and
# interop; and at scale (scale-est, scale-tw): memory, opening and request/response of
# 10,000 and 100,000 established connections, memory of 100,000 TIME-WAIT
# entries and the connect+close rate beside them.
#
# -t: seconds per measurement (XTCP_BENCH_SECONDS, 5); -r: rounds per
# figure and protocol, TCP and xtcp alternately (XTCP_BENCH_ROUNDS, 3); -f:
# only these figures, e.g. "lo-stream veth-crr" or "scale-est scale-tw"
# (XTCP_BENCH_FIGURES). The scale figures run each protocol once, with
# XTCP_BENCH_EST connections ("10000 100000") and XTCP_BENCH_TW TIME-WAIT
# entries (100000), in a VM of XTCP_BENCH_MEM memory (3G; 1G without them).
#
# The table goes to stdout and to build/bench/bench-results.txt, and, when
# every figure ran, to Documentation/bench-results.txt. A figure xtcp
# cannot complete shows "failed: REASON". If the kernel crashes or the VM
# hangs, the figure in progress fails with the kernel's own words and a new
# VM goes on with the next ones (after three crashes, the rest are not
# run); the table is still written, and the exit status is 1. See
# Documentation/bench.rst.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

all="lo-stream lo-rr lo-crr veth-stream veth-rr veth-crr loss-stream loss-rr loss-crr"
all+=" loss5-stream loss5-rr loss10-stream loss10-rr"
all+=" iopc-stream iopc-rr iopc-crr iops-stream iops-rr iops-crr"
all+=" lo6-stream lo6-rr lo6-crr veth6-stream veth6-rr veth6-crr"
all+=" iopc6-stream iopc6-rr iops6-stream iops6-rr"
all+=" scale-est scale-tw"
max_crashes=3

usage() {
	die "usage: bench.sh [-k KERNEL] [-t SECONDS] [-r ROUNDS] [-f \"FIGURE...\"]"
}

# crash DIR STATUS - what ended the VM whose output is in DIR
crash() {
	local bug rip
	if [ "$2" = 124 ]; then
		echo "the VM hung (killed after its time limit)"
		return
	fi
	bug=$(grep -m1 -E 'BUG:|general protection|Kernel panic' "$1/console.log" |
		sed -E 's/^\[[ 0-9.]*\] //')
	rip=$(grep -m1 -oE 'RIP: [0-9a-f]+:[^ ]+' "$1/console.log" |
		sed -E 's/^RIP: [0-9a-f]+://')
	if [ -n "$bug" ]; then
		echo "kernel crash: $bug${rip:+ at $rip}"
	else
		echo "the VM ended without finishing (status $2)"
	fi
}

kernel=${XTCP_KERNEL:-6.1}
seconds=${XTCP_BENCH_SECONDS:-5}
rounds=${XTCP_BENCH_ROUNDS:-3}
figures=${XTCP_BENCH_FIGURES:-}
while getopts k:t:r:f: opt; do
	case $opt in
	k) kernel=$OPTARG ;;
	t) seconds=$OPTARG ;;
	r) rounds=$OPTARG ;;
	f) figures=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
[[ $seconds =~ ^[0-9]*\.?[0-9]+$ ]] || die "-t: '$seconds' is not a number of seconds"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "-r: '$rounds' is not a positive number"
read -ra todo <<<"${figures:-$all}"
for f in "${todo[@]}"; do
	[[ " $all " = *" $f "* ]] || die "unknown figure '$f' (one of: $all)"
done

need_packages iproute2 kmod ethtool
log "building xtcp for the $kernel kernel"
bdir=$("$XTCP_TOP/scripts/build.sh" "$kernel")
helpers=$XTCP_BUILD/helpers
mkdir -p "$helpers"
make -s -C "$XTCP_TOP/scripts/vmtests/helpers" O="$helpers"

# What the guest cannot see: the host, the accelerator, the sources
accel="QEMU TCG (software emulation, no KVM)"
[ "${XTCP_ACCEL:-tcg}" = kvm ] && accel="QEMU with KVM"	# as vm-run.sh
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
load=$(cut -d' ' -f1-3 /proc/loadavg)
rev=$(git -C "$XTCP_TOP" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$XTCP_TOP" status --porcelain -- module 2>/dev/null)" ]; then
	rev="$rev, with uncommitted changes in module/"
fi

out=$XTCP_BUILD/bench
rm -rf "$out"
mkdir -p "$out"
for f in rows details klog; do
	: >"$out/$f.txt"
done

log "booting the $kernel kernel: $seconds s per measurement, $rounds rounds"
cd "$XTCP_TOP"
start=$(date +%s)
boot=0 crashes=0 notes=()
while [ ${#todo[@]} -gt 0 ]; do
	boot=$((boot + 1))
	dir=$out/boot$boot
	# The VM sees its output directory wherever XTCP_BUILD is (even in
	# /tmp, a tmpfs in the guest): the module and the program go there.
	mkdir -p "$dir/bin"
	cp "$bdir/module/xtcp.ko" "$helpers/xtcp_bench" "$dir/bin/"
	# a bound for the VM: every measurement running into its time limit
	# (a scale figure: each run into xtcp_bench's, 1800 s, and the wait
	# before it)
	vm_limit=300 mem=1G
	for f in "${todo[@]}"; do
		case $f in
		scale-est) runs=$(wc -w <<<"${XTCP_BENCH_EST:-10000 100000}")
			vm_limit=$((vm_limit + runs * 2 * 1950)) ;;
		scale-tw) vm_limit=$((vm_limit + 2 * 1950)) ;;
		*) vm_limit=$((vm_limit + 2 * rounds * (${seconds%.*} + 20))) ;;
		esac
		[[ $f != scale-* ]] || mem=${XTCP_BENCH_MEM:-3G}
	done
	rc=0
	"$XTCP_TOP/scripts/vm-run.sh" -k "$kernel" -t "$vm_limit" -m "$mem" \
		-o "$dir" -- \
		env XTCP_BENCH_SECONDS="$seconds" XTCP_BENCH_ROUNDS="$rounds" \
		XTCP_BENCH_EST="${XTCP_BENCH_EST:-10000 100000}" \
		XTCP_BENCH_TW="${XTCP_BENCH_TW:-100000}" \
		scripts/vm/bench-guest.sh "$dir/bin/xtcp.ko" "$dir/bin" "${todo[@]}" |
		grep --line-buffered -v -E '^(\[ *[0-9]+\.[0-9]+\] )?reboot:|^xtcp-vm: exit status' ||
		rc=$?
	[ -f "$out/header.txt" ] || cp "$dir/header.txt" "$out/" 2>/dev/null || true
	for f in rows details klog; do
		[ ! -f "$dir/$f.txt" ] || cat "$dir/$f.txt" >>"$out/$f.txt"
	done
	ran=0
	[ ! -f "$dir/done.txt" ] || ran=$(wc -l <"$dir/done.txt")
	todo=("${todo[@]:ran}")
	[ "$rc" != 0 ] || break
	[ -f "$dir/current.txt" ] ||
		die "the VM stopped (status $rc) outside any figure; console: $dir/console.log"

	# The kernel crashed, or the VM hung, during the figure in progress
	crashes=$((crashes + 1))
	what=$(crash "$dir" "$rc")
	{ read -r title; read -r during || during=unknown; } <"$dir/current.txt"
	log "$what, during $title, $during"
	printf '%-40s failed: %s (%s)\n' "$title" "$what" "$during" >>"$out/rows.txt"
	tcp=$(awk '$1 == "TCP" { printf " %s", $2 }' "$dir/partial.txt")
	xtcp=$(awk '$1 == "xtcp" { printf " %s", $2 }' "$dir/partial.txt")
	printf '%-40s TCP:%s  xtcp:%s; crashed in %s (boot %d)\n' "$title" \
		"${tcp:- -}" "${xtcp:- -}" "$during" "$boot" >>"$out/details.txt"
	notes+=("boot $boot, during $title, $during: $what (bench/boot$boot/console.log in the build directory)")
	todo=("${todo[@]:1}")
	if [ $crashes -ge $max_crashes ]; then
		for f in "${todo[@]}"; do
			printf '%-40s not run: the kernel crashed %d times\n' "$f" \
				"$crashes" >>"$out/rows.txt"
		done
		todo=()
	elif [ ${#todo[@]} -gt 0 ]; then
		log "booting a new VM for the rest: ${todo[*]}"
	fi
done

results=$out/bench-results.txt
{
	echo "make bench: xtcp (IP protocol 253) against the kernel's TCP (6)"
	echo
	cat "$out/header.txt"
	printf '%-9s %s\n' "host:" "$(nproc) CPUs ($cpu), load average $load at start" \
		"accel:" "$accel" "xtcp:" "commit $rev"
	printf '%-9s %s\n' "method:" \
		"$seconds s per measurement; $rounds round(s) of each figure, TCP and" \
		"" "xtcp alternately; the table shows the median" \
		"links:" "loopback 127.0.0.1; veth between two namespaces;" \
		"" "veth N% loss: a router namespace between client and server," \
		"" "netem loss N% on both its ends, wire-sized packets only;" \
		"" "interop: another veth pair; TCP's column is TCP on both" \
		"" "ends, xtcp's an xtcp client in interop mode (TCP on the" \
		"" "wire) against a server on the kernel's TCP (xtcp client), or" \
		"" "a TCP client against an xtcp interop server (xtcp server);" \
		"" "retrans/drop: segments the client retransmitted per packet" \
		"" "netem dropped at its end, over all rounds (lower is better);" \
		"" "stream CPU: guest CPU time, all CPUs, per MB delivered, over" \
		"" "all rounds (a cost: lower is better, steadier than MB/s);" \
		"" "rr and crr CPU: the same per transaction or connection (us)"
	[[ " ${figures:-$all} " != *" scale-"* ]] || printf '%-9s %s\n' \
		"scale:" "one run of each protocol, TCP first, both ends in one" \
		"" "process; memory: /proc/slabinfo's objects in use times" \
		"" "their size, after minus before, per connection (both ends)" \
		"" "or per TIME-WAIT entry; see Documentation/bench.rst"
	[ $boot = 1 ] || printf '%-9s %s\n' "boots:" "$boot VMs (the kernel crashed)"
	echo
	printf '%-40s %10s %10s %9s\n' figure TCP xtcp xtcp/TCP
	cat "$out/rows.txt"
	echo
	echo "Goals (xtcp/TCP): veth stream >= 0.90, 1% loss stream >= 0.80, 1% loss"
	echo "rr >= 0.90, loopback figures >= 1.00, rr and crr >= 1.00; xtcp's"
	echo "retrans/drop <= 1.10."
	if [[ " ${figures:-$all} " = *" scale-"* ]]; then
		echo "Scale goals: memory per established connection <= 1.00 and per"
		echo "TIME-WAIT entry <= 0.50 (xtcp/TCP); with 10000 connections, rr one /"
		echo "alone >= 0.95; crr with 100000 TIME-WAIT entries >= 1.00 (xtcp/TCP)."
	fi
	if [ ${#notes[@]} -gt 0 ]; then
		echo
		echo "Crashes:"
		printf '  %s\n' "${notes[@]}"
	fi
	if [ -s "$out/klog.txt" ]; then
		echo
		echo "Kernel warnings and errors logged during a figure (count x message):"
		sed 's/^/  /' "$out/klog.txt"
	fi
	echo
	echo "Every round (each protocol's values in round order):"
	sed 's/^/  /' "$out/details.txt"
} >"$results"
echo
cat "$results"
log "finished in $(( $(date +%s) - start )) s; results in $results"
if [ -z "$figures" ]; then
	cp "$results" "$XTCP_TOP/Documentation/bench-results.txt"
	log "and in Documentation/bench-results.txt"
fi
[ $crashes = 0 ] || die "the kernel crashed $crashes time(s) during the benchmark"
