#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or find in the cache) the KUnit + debug kernel from Debian's
# linux-source-6.1 and the fragment scripts/kernel/debug.config.
#
# Prints the kernel build directory (usable as KDIR, holds the bzImage).
# The cache key covers the source package version, the fragment and this
# script, so a second run finds the kernel already built.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

need_packages linux-source-6.1 make gcc bc flex bison libelf-dev libssl-dev \
	dwarves cpio xz-utils python3

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
frag=$XTCP_TOP/scripts/kernel/debug.config
key=$(cat "$frag" "$0" | sha256sum | cut -c1-12)
src=$XTCP_CACHE/linux-source-$srcver
out=$XTCP_CACHE/kernel-debug-$srcver-$key

if [ -f "$out/.xtcp-done" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$XTCP_CACHE"
exec 9>"$XTCP_CACHE/.build-lock"
flock 9
if [ ! -f "$src/.xtcp-unpacked" ]; then
	log "unpacking linux-source-$srcver"
	rm -rf "$src" && mkdir -p "$src"
	tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$src" --strip-components=1
	touch "$src/.xtcp-unpacked"
fi

log "building debug kernel in $out (about 10-15 minutes on 2 cores)"
rm -rf "$out" && mkdir -p "$out"
start=$(date +%s)
make -s -C "$src" O="$out" allnoconfig >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$frag" \
	>"$out/merge.log"
make -s -C "$src" O="$out" olddefconfig >/dev/null
# Every line of the fragment must have survived olddefconfig.
missing=0
while read -r line; do
	case "$line" in
	CONFIG_*=*) grep -qx "$line" "$out/.config" ||
		{ log "config lost: $line"; missing=1; } ;;
	esac
done <"$frag"
[ $missing -eq 0 ] || die "fragment not applied; see $out/.config"
make -s -C "$src" O="$out" -j"$(nproc)" bzImage modules >"$out/build.log" 2>&1 ||
	{ tail -n 40 "$out/build.log" >&2; die "debug kernel build failed"; }
touch "$out/.xtcp-done"
log "debug kernel built in $(( $(date +%s) - start )) s"
echo "$out"
