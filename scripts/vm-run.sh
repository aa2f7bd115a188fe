#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-run.sh [-k KERNEL] [-t SECONDS] [-m MEMORY] [-o OUTDIR] [-p DIR] [-s DIR] [-i] [-- COMMAND...]
#
# Boot test kernel KERNEL (6.1, 6.12 or debug; default 6.1) in QEMU with the
# host's root shared read-only, run COMMAND in this directory inside it and
# exit with COMMAND's exit status. -i gives an interactive shell after it;
# -p puts DIR first on PATH, for COMMAND and the shell; -s shares DIR
# writable at the same path, so VMs side by side can share it. -m: the
# VM's memory, as QEMU's -m takes it (default 1G; make bench's scale
# figures ask for more).
#
# OUTDIR (default: a new directory under build/vm/runs) is shared writable
# with the guest; it holds console.log (the serial console, CR stripped),
# dmesg.txt and status afterwards, and the command may write there too
# ($XTCP_OUT inside the guest). The VM always ends: after SECONDS (default
# 600) it is killed and the exit status is 124. A guest that dies without
# reporting a status gives 125.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$XTCP_TOP/scripts/kernels.sh"

kernel=6.1 timeout=600 mem=1G out= interactive= path= share=
while getopts k:t:m:o:p:s:i opt; do
	case $opt in
	k) kernel=$OPTARG ;;
	t) timeout=$OPTARG ;;
	m) mem=$OPTARG ;;
	o) out=$OPTARG ;;
	p) path=$(cd "$OPTARG" && pwd) ;;
	s) share=$(cd "$OPTARG" && pwd) ;;
	i) interactive=1 ;;
	*) die "usage: vm-run.sh [-k KERNEL] [-t SECONDS] [-m MEMORY] [-o OUTDIR] [-p DIR] [-s DIR] [-i] [-- COMMAND...]" ;;
	esac
done
shift $((OPTIND - 1))
[ -n "$interactive" ] || [ $# -gt 0 ] || die "no command to run"

need_packages qemu-system-x86
kernel_info "$kernel"
initrd=$("$XTCP_TOP/scripts/vm/initramfs.sh" "$kernel")
if [ -z "$out" ]; then
	mkdir -p "$XTCP_BUILD/vm/runs"
	out=$(mktemp -d "$XTCP_BUILD/vm/runs/$kernel.XXXXXX")
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/status" "$out/interactive" "$out/dmesg.txt" "$out/console.log" \
	"$out/started" "$out/console-boot1.log" "$out/cpu.txt" "$out/current"
{
	echo "export XTCP_OUT=$(printf %q "$out") XTCP_KERNEL=$kernel"
	[ -z "$path" ] || echo "export PATH=$(printf %q "$path"):\$PATH"
	printf 'cd %q || exit 1\n' "$PWD"
	[ $# -eq 0 ] || { printf '%q ' "$@"; echo; }
} >"$out/cmd.sh"
[ -z "$interactive" ] || touch "$out/interactive"

# Software emulation unless asked for KVM (XTCP_ACCEL=kvm): a /dev/kvm
# that opens is no proof KVM works. Seen on this project's machines: with
# -cpu max, QEMU aborts ("failed to set MSR 0x10a"); without the MSR, the
# guest hangs before its first console line.
accel=tcg,thread=multi
[ "${XTCP_ACCEL:-tcg}" = kvm ] && accel=kvm
# RCU's stall warning after 120 s instead of 21: on a loaded host a vCPU
# of TCG can wait that long for a CPU, and on the debug kernel the warning,
# printed from an interrupt, sets off a lockdep report in the serial
# driver that turns lockdep off for the rest of the run.
# no_timer_check: the boot-time check that the timer interrupt reaches the
# IO-APIC counts ticks over a short busy wait; on a loaded host a vCPU of
# TCG misses them and the kernel panics ("IO-APIC + timer doesn't work!",
# seen twice in a row booting 6.1 for make demo at load 17, 2026-12-05).
append="console=ttyS0 quiet log_buf_len=16M panic=-1 rcupdate.rcu_cpu_stall_timeout=120"
append+=" no_timer_check"
# The debug kernel (no ACPI, so no HPET) has the TSC and jiffies to keep
# time, and calibrates the TSC against the PIT: on a busy host the vCPU
# is descheduled during the calibration and the result is wrong. Seen in
# make check: "Detected 241.775 MHz" for a TSC that ran at 2.3 GHz, so the
# guest's clock ran about ten times fast until the clocksource watchdog
# caught it (132 s in), and every test of that VM met its time limit.
# Under TCG the guest's TSC is the host's, so the host measures it
# (scripts/vm/tsc-khz.c) and the guest takes it as given (tsc_early_khz,
# no calibration; tsc=reliable: no watchdog, which would be jiffies).
# With the TSC the kernel has high-resolution timers and stops its tick
# when idle (NO_HZ_IDLE): with jiffies it ticked 250 times a second
# whatever it did, which cost an idle debug guest 5 CPU-s of QEMU a
# minute against 1 for an idle 6.1 guest with 2 vCPUs (2026-12-05).
# Without an invariant TSC on the host it keeps time with jiffies
# (tsc=unstable), as it did until then.
if [ "$kernel" = debug ]; then
	tsc_khz=$XTCP_BUILD/tsc-khz
	if [ ! -x "$tsc_khz" ] || [ "$tsc_khz" -ot "$XTCP_TOP/scripts/vm/tsc-khz.c" ]; then
		mkdir -p "$XTCP_BUILD"
		cc -O2 -o "$tsc_khz.$$" "$XTCP_TOP/scripts/vm/tsc-khz.c" 2>/dev/null &&
			mv "$tsc_khz.$$" "$tsc_khz"
	fi
	if khz=$("$tsc_khz" 2>/dev/null) && [[ $khz =~ ^[1-9][0-9]{5,7}$ ]]; then
		append+=" tsc=reliable tsc_early_khz=$khz"
	else
		append+=" tsc=unstable"
	fi
fi
append+=" xtcptop=$XTCP_TOP xtcpout=$out"
[ -z "$share" ] || append+=" xtcpshare=$share"
# No 5-level paging (la57): under TCG each level is one more step of every
# page walk, and the debug kernel's boot, delayed by a busy host, took an
# interrupt in identify_cpu() while the CPU's feature bits were cleared:
# pgtable_l5_enabled() read false and KASAN reported the IRQ descriptor's
# lock, in the 5-level direct map, as a wild access (and so turned lockdep
# off for the run).
# 1 GiB of memory unless -m says otherwise (2 GiB until make check's run
# of 2026-12-04 showed the whole suite passing with 1): on the debug
# kernel kmemleak's scan after the last test walks every page's struct
# page, and measured alone on this 2-core machine (TCG, one short test)
# that scan took 20.4 CPU-s of QEMU with 2 GiB, 11.4 with 1 GiB.
# vCPUs: XTCP_VM_CPUS, default 2 (6.1 and 6.12 find them in ACPI's MADT).
# The debug kernel has no ACPI and finds CPUs in SeaBIOS's MP table,
# which lists one CPU a package: it gets one socket per vCPU. By default
# it gets 1 (what it always used: make check's time goal was measured so);
# make stress gives it 2 (stress.sh).
smp=${XTCP_VM_CPUS:-2}
if [ "$kernel" = debug ]; then
	smp=${XTCP_VM_CPUS:-1}
	smp=$smp,sockets=$smp,cores=1,threads=1
fi
args=(-accel "$accel" -cpu max,la57=off -smp "$smp" -m "$mem" -nodefaults -no-reboot
	-display none -kernel "$KIMAGE" -initrd "$initrd" -append "$append"
	-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
	-virtfs "local,path=$out,mount_tag=xtcpout,security_model=none,multidevs=remap")
[ -z "$share" ] || args+=(
	-virtfs "local,path=$share,mount_tag=xtcpshare,security_model=none,multidevs=remap")

# cpu_ticks - CPU time (user + system, in clock ticks) of this shell's
# children that have ended: QEMU, through timeout.
cpu_ticks() {
	local f
	read -ra f </proc/$$/stat
	echo $((f[15] + f[16]))
}

# cpu_by_test - while this VM's QEMU runs, the CPU time it uses during
# each test: the guest's test runner (scripts/vmtests/run.sh) writes the
# name of the test it runs to $out/current; a line "NAME CPU-s" per test to
# $out/cpu.txt, "(start)" for what came before the first test (boot,
# module load, fork server), "(end)" for what came after the last. Looks
# once a second; on a shared machine the CPU time, not the wall time, is
# what a test costs.
cpu_by_test() {
	local pid= f name cur='(start)' last=0 now=0 hz tries=0
	set +e +o pipefail	# a subshell: a failed read here ends nothing
	hz=$(getconf CLK_TCK)
	while [ -z "$pid" ]; do
		pid=$(pgrep -f "^qemu-system-x86_64 .*xtcpout=$out " | head -n 1)
		[ -n "$pid" ] || [ $((tries += 1)) -lt 60 ] || return 0
		sleep 1
	done
	while read -ra f 2>/dev/null </proc/"$pid"/stat; do
		now=$((f[13] + f[14]))
		name=
		read -r name _ 2>/dev/null <"$out/current"
		[ -n "$name" ] || [ "$cur" = '(start)' ] || name='(end)'
		if [ -n "$name" ] && [ "$name" != "$cur" ]; then
			cpu_line "$cur" $((now - last)) "$hz"
			cur=$name last=$now
		fi
		sleep 1
	done
	cpu_line "$cur" $((now - last)) "$hz"
}

# cpu_line NAME TICKS HZ - "NAME SECONDS" (one decimal) to $out/cpu.txt
cpu_line() {
	printf '%s %d.%d\n' "$1" $(($2 / $3)) $(($2 * 10 / $3 % 10)) \
		>>"$out/cpu.txt"
}

# boot - run the VM once; sets rc (0, or timeout's 124/137).
boot() {
	local sampler
	rc=0
	rm -f "$out/started"
	cpu_by_test &
	sampler=$!
	timeout -k 10 "$timeout" qemu-system-x86_64 "${args[@]}" \
		-chardev "stdio,id=con,signal=off,logfile=$out/console.raw" \
		-serial chardev:con </dev/null | tr -d '\r' || rc=$?
	wait "$sampler" || true
	tr -d '\r' <"$out/console.raw" >"$out/console.log"
	rm -f "$out/console.raw"
}

if [ -n "$interactive" ]; then
	qemu-system-x86_64 "${args[@]}" -serial mon:stdio
else
	t0=$EPOCHREALTIME c0=$(cpu_ticks)
	boot
	# A kernel that died before it ran anything of ours (an emulation
	# fault while booting: seen once with 6.12 under heavy load) gets one
	# more boot; its console is kept. Anything later counts.
	if [ "$rc" = 0 ] && [ ! -f "$out/status" ] && [ ! -f "$out/started" ]; then
		mv "$out/console.log" "$out/console-boot1.log"
		log "VM ($kernel) died while booting, before the command; booting again (console: $out/console-boot1.log)"
		boot
	fi
	# Wall and CPU time of the VM: on a shared machine the CPU time is
	# what a test costs, whatever else ran beside it.
	t1=$EPOCHREALTIME c1=$(cpu_ticks)
	log "VM ($kernel) took $(( (${t1/./} - ${t0/./}) / 1000000 )) s, QEMU used $(( (c1 - c0) / $(getconf CLK_TCK) )) CPU-s"
	# pipefail: rc is timeout's status (124, or 137 after -k) when it fired
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		log "VM killed after ${timeout}s ($kernel); console: $out/console.log"
		exit 124
	fi
fi
if [ ! -f "$out/status" ]; then
	log "VM ($kernel) ended without an exit status; console: $out/console.log"
	exit 125
fi
exit "$(cat "$out/status")"
