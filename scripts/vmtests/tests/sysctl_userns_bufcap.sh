#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The root of an unprivileged user and network namespace (unshare -Ur -n)
# may not set net.xtcp.rmem_default or wmem_default past
# net.core.rmem_max or wmem_max: EINVAL, the value unchanged; up to
# them it may. The initial namespace's root may (1 GiB). Linux does not
# cap net.ipv4.tcp_rmem so: xtcp only.
# kernels: 6.1 debug
. "$(dirname "$0")/../lib.sh"

[ "$XTCP_PROTO" = 253 ] || skip "xtcp's sysctls (Linux does not cap tcp_rmem)"
command -v unshare >/dev/null || skip "no unshare(1)"
unshare -Ur -n true 2>/dev/null || skip "no user namespaces in this kernel"

# try VALUE: write VALUE to $f in the namespace; prints "ok" or
# "refused", then what $f holds
# shellcheck disable=SC2016 # expanded in the namespace's shell
try='try() { if echo "$1" 2>/dev/null >"$f"; then echo ok; else echo refused; fi; cat "$f"; }'

for k in rmem wmem; do
	max=$(cat /proc/sys/net/core/${k}_max)
	out=$(unshare -Ur -n bash -c "$try
		f=/proc/sys/net/xtcp/${k}_default
		try $((max + 1)); try $max; try $((1 << 30))" 2>&1) ||
		fail "unshare -Ur -n: $out"
	echo "# ${k}_default in a user namespace: $((max + 1)), $max, 1 GiB: ${out//$'\n'/ }"
	mapfile -t got <<<"$out"
	expect_eq "${k}_max + 1 in a user namespace" refused "${got[0]}"
	expect_eq "${k}_max in a user namespace" "ok $max" "${got[2]} ${got[3]}"
	expect_eq "1 GiB in a user namespace" "refused $max" "${got[4]} ${got[5]}"
	f=/proc/sys/net/xtcp/${k}_default
	old=$(cat $f)
	echo $((1 << 30)) >$f || fail "init namespace root cannot set ${k}_default"
	echo "$old" >$f
done
