#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stage 2 of the xtcp test VM, PID 1 in the host's (read-only) userland:
# runs $xtcpout/cmd.sh, or sources it and starts an interactive shell when
# $xtcpout/interactive exists; records its exit status and the kernel log in $xtcpout, and
# powers the VM off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=${TERM:-linux} PYTHONDONTWRITEBYTECODE=1
export XTCP_VM=1

mkdir -p /dev/pts /dev/shm
# What udev makes on a real system; bash's process substitution needs
# /dev/fd.
ln -sfn /proc/self/fd /dev/fd
ln -sfn /proc/self/fd/0 /dev/stdin
ln -sfn /proc/self/fd/1 /dev/stdout
ln -sfn /proc/self/fd/2 /dev/stderr
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
# kmemleak's automatic scans off before the first (60 s after its thread
# started): a VM that a loaded host slowed to this point only after it
# paid a whole scan, 30 to 40 s of QEMU's CPU time each for the debug
# kernel's VMs in make check. The runners scan once at their end
# (run.sh, kunit-guest.sh).
[ -w /sys/kernel/debug/kmemleak ] && echo scan=off >/sys/kernel/debug/kmemleak
hostname xtcp-vm
ip link set lo up

cd "$xtcptop" || exit 1
: >"$xtcpout/started"	# the kernel booted: vm-run.sh will not boot again
if [ -e "$xtcpout/interactive" ]; then
	# sourced, so what it exports reaches the shell
	. "$xtcpout/cmd.sh" </dev/null
	echo "xtcp-vm: kernel $(uname -r); exit the shell to power off"
	setsid -c bash -i </dev/ttyS0 >/dev/ttyS0 2>&1
	rc=$?
else
	bash "$xtcpout/cmd.sh" </dev/null
	rc=$?
fi

dmesg >"$xtcpout/dmesg.txt" 2>&1
# lockdep turns itself off at its first report: whether it still checked
# at the end (debug_locks 1) tells a run that it did.
[ -r /proc/lockdep_stats ] &&
	grep -E '^ *debug_locks:' /proc/lockdep_stats >"$xtcpout/lockdep.txt"
echo "$rc" >"$xtcpout/status"
sync
echo "xtcp-vm: exit status $rc"
busybox reboot -f
echo b >/proc/sysrq-trigger
