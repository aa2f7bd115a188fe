#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or find in the cache) the KUnit + debug kernel from Debian's
# linux-source-6.1 and the fragment scripts/kernel/debug.config.
#
# Prints the kernel build directory (usable as KDIR, holds the bzImage).
# --cached: build nothing; exit 0 if the kernel is in the cache, 1 if not.
# The cache key covers the source package version, the fragment and the
# recipe number below, so a second run finds the kernel already built.
# Bump the recipe when a change to this script changes the kernel built.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

need_packages make gcc bc flex bison libelf-dev libssl-dev dwarves cpio python3

src=$("$XTCP_TOP/scripts/kernel/source.sh")
frag=$XTCP_TOP/scripts/kernel/debug.config
recipe=1
key=$( (cat "$frag"; echo "recipe $recipe") | sha256sum | cut -c1-12)
out=$XTCP_CACHE/kernel-debug-${src##*/linux-source-}-$key

if [ -f "$out/.xtcp-done" ]; then
	[ "${1:-}" = --cached ] || echo "$out"
	exit 0
fi
[ "${1:-}" != --cached ] || exit 1

exec 9>"$XTCP_CACHE/.build-lock"
flock 9
[ -f "$out/.xtcp-done" ] && { echo "$out"; exit 0; }

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
