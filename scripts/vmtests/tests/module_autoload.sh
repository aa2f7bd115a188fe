#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# With xtcp installed where modprobe looks and not loaded,
# socket(AF_INET, SOCK_STREAM, 253) loads it through its module alias.
# The host root is read-only here, so the module is installed in a tmpfs
# tree and the kernel's modprobe helper is pointed at it for the test.
. "$(dirname "$0")/../lib.sh"

modinfo -F alias "$XTCP_KO" | grep -qx 'net-pf-2-proto-253-type-1' ||
	fail "module alias net-pf-2-proto-253-type-1 missing"

root=$(mktemp -d)
helper=/proc/sys/kernel/modprobe
old=$(cat $helper)
trap 'echo "$old" >$helper; rm -rf "$root"' EXIT
kver=$(uname -r)
mkdir -p "$root/lib/modules/$kver/extra"
cp "$XTCP_KO" "$root/lib/modules/$kver/extra/"
touch "$root/lib/modules/$kver/modules."{order,builtin,builtin.modinfo}
depmod -b "$root" "$kver" || fail "depmod failed"
cat >"$root/modprobe" <<EOS
#!/bin/sh
exec /sbin/modprobe -d "$root" "\$@"
EOS
chmod +x "$root/modprobe"
echo "$root/modprobe" >$helper

xtcp_unload || fail "rmmod failed"
out=$(sockcheck -p 253) || fail "socket() did not autoload xtcp: $out"
xtcp_loaded || fail "socket() opened, but xtcp is not loaded"
