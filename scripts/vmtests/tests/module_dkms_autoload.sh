#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1 6.12
# With xtcp installed by DKMS and not loaded, socket(AF_INET, SOCK_STREAM,
# 253) loads the module DKMS built and installed (updates/dkms), through
# modprobe and the alias depmod indexed. The host prepares the install:
# scripts/dkms-check.sh (make dkms-check) runs dkms add, build and install
# against this kernel's headers, in a tree of its own, and keeps it in
# build/KERNEL/dkms-root, which the kernel's modprobe helper is pointed at
# for the test (as module_autoload does with a copy of the module). Without
# that tree, or with one built from other sources than the project's now
# (its file "sources" has their checksum), it skips.
. "$(dirname "$0")/../lib.sh"

root=${XTCP_KO%/module/xtcp.ko}/dkms-root
kver=$(uname -r)
ko=$(echo "$root/lib/modules/$kver/updates/dkms/"xtcp.ko*)
[ -f "$ko" ] ||
	skip "no DKMS install for $kver in $root: make dkms-check makes it"
sources=$(cd "$XTCP_TOP" && cat Kbuild module/Kbuild module/*.[ch] | sha1sum)
[ "$(cat "$root/sources")" = "$sources" ] ||
	skip "$ko was built from other sources than $XTCP_TOP's: make dkms-check again"

out=$(modprobe -d "$root" --show-depends net-pf-2-proto-253-type-1) ||
	fail "modprobe does not resolve the alias in the DKMS install: $out"
[[ $out == "insmod $ko"* ]] || fail "the alias resolves to '$out', not $ko"

tmp=$(mktemp -d)
helper=/proc/sys/kernel/modprobe
old=$(cat $helper)
trap 'echo "$old" >$helper; rm -rf "$tmp"; xtcp_unload' EXIT
cat >"$tmp/modprobe" <<EOS
#!/bin/sh
echo "\$*" >>"$tmp/calls"
exec /sbin/modprobe -d "$root" "\$@"
EOS
chmod +x "$tmp/modprobe"
echo "$tmp/modprobe" >$helper

xtcp_unload || fail "rmmod failed"
out=$(sockcheck -p 253) || fail "socket() did not autoload xtcp: $out"
xtcp_loaded || fail "socket() opened, but xtcp is not loaded"
has_line "$tmp/calls" 'net-pf-2-proto-253-type-1$' ||
	fail "the kernel did not ask modprobe for the alias: $(cat "$tmp/calls")"
echo "loaded $ko on socket(): $out"
