#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Sockets are charged to their memory cgroup (cgroup v2, mounted here if
# it is not): a process in a cgroup with memory.max 64 MiB floods three
# connections to itself whose children it does not read (xtcp_mem.py,
# 4 MiB each). Their memory shows in the cgroup's memory.stat "sock"
# (past 1 MiB), memory.current never passes memory.max, every octet
# arrives once read, and after close() "sock" falls back (under 1 MiB).
# Children are charged to the listener's cgroup (Documentation/xtcp.rst).
# The limit is well above what the test takes (about 19 MiB): with 16 MiB
# the cgroup's OOM killer ended the test. A sender charges in process
# context, where the cgroup reclaims, then kills (the kernel's path for
# TCP's sockets too, __sk_mem_raise_allocated()). So it did with only
# the receiving side in a cgroup of 4 MiB: the children were refused
# memory (memory.events: max 74), but the process's next page fault in
# the full cgroup brought the OOM killer.
# kernels: 6.1 debug
. "$(dirname "$0")/../lib.sh"

root=/sys/fs/cgroup
[ -d $root ] || skip "no cgroups in this kernel"
if ! grep -q "^cgroup2 $root " /proc/mounts; then
	mount -t cgroup2 none $root || skip "cannot mount cgroup v2"
fi
grep -qw memory $root/cgroup.controllers || skip "no memory controller"
echo +memory >$root/cgroup.subtree_control || fail "cannot enable memory"
cg=$root/xtcp-memcg-$$
mkdir $cg || fail "cannot make $cg"
trap 'rmdir $cg 2>/dev/null' EXIT
echo $((64 << 20)) >$cg/memory.max
lib_tmp
out=$XTCP_TMP/mem
# python3 itself, not xpy: the fork server's children stay in its cgroup
(echo $BASHPID >$cg/cgroup.procs &&
	exec python3 "$XTCP_TOP/scripts/vmtests/helpers/xtcp_mem.py" \
		--conns 3 --bytes $((4 << 20)) --cgroup $cg \
		--cg-min $((1 << 20))) >"$out" 2>&1
rc=$?
cat "$out"
[ $rc = 0 ] || fail "sockets' memory not in the cgroup, or data lost (protocol $XTCP_PROTO)"
cur=$(awk '$1 == "peak-cg-current" { print $2 }' "$out")
[ "$cur" -le $((64 << 20)) ] || fail "memory.current $cur past memory.max"
sock=$(awk '$1 == "sock" { print $2 }' $cg/memory.stat)
echo "# sock after close: $sock"
[ "$sock" -lt $((1 << 20)) ] || fail "sock $sock after every socket closed"
