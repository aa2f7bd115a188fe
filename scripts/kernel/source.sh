#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# source.sh - unpack Debian's linux-source-6.1 into the cache (once) and
# print the tree's path. The tests use it for the debug kernel, for
# scripts/checkpatch.pl and for tools/testing/kunit/kunit.py.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

need_packages linux-source-6.1 xz-utils
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
src=$XTCP_CACHE/linux-source-$srcver
if [ ! -f "$src/.xtcp-unpacked" ]; then
	mkdir -p "$XTCP_CACHE"
	exec 9>"$XTCP_CACHE/.unpack-lock"
	flock 9
	if [ ! -f "$src/.xtcp-unpacked" ]; then
		log "unpacking linux-source-$srcver"
		rm -rf "$src" && mkdir -p "$src"
		tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$src" --strip-components=1
		touch "$src/.xtcp-unpacked"
	fi
fi
echo "$src"
