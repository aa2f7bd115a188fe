#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh NAME [MAKE ARGS...] - build xtcp (and, where the kernel has KUnit,
# its KUnit module) against test kernel NAME, in build/NAME so builds for
# different kernels never share objects. Prints the build directory; the
# compiler's output is in build/NAME/build.log.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$XTCP_TOP/scripts/kernels.sh"

need_packages make gcc rsync
kernel_info "$1"
shift
dir=$XTCP_BUILD/$KNAME
mkdir -p "$dir"
# One build at a time in a directory: make check builds a kernel's tree
# from jobs that run side by side (KUnit and the VM tests, say).
exec 8>"$dir.lock"
flock 8
rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
	--exclude='*.mod*' --exclude=modules.order \
	"$XTCP_TOP/Kbuild" "$XTCP_TOP/module" "$XTCP_TOP/kunit" "$dir/"
if ! make -C "$KDIR" M="$dir" "$@" modules >"$dir/build.log" 2>&1; then
	cat "$dir/build.log" >&2
	die "build against $KNAME ($KVER) failed"
fi
echo "$dir"
