#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh NAME [MAKE ARGS...] - build xtcp (and, where the kernel has KUnit,
# its KUnit module) against test kernel NAME, in build/NAME so builds for
# different kernels never share objects. Prints the build directory; the
# compiler's output is in build/NAME/build.log.
#
# XTCP_PREBUILT=1: the caller built it already (make check, which builds
# with W=1 once and runs sparse over that tree while the VMs use it): print
# the directory without building, if it holds the module.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$XTCP_TOP/scripts/kernels.sh"

need_packages make gcc rsync
kernel_info "$1"
shift
dir=$XTCP_BUILD/$KNAME
if [ "${XTCP_PREBUILT:-}" = 1 ] && [ -f "$dir/module/xtcp.ko" ]; then
	echo "$dir"
	exit 0
fi
mkdir -p "$dir"
# One build at a time in a directory: make check builds a kernel's tree
# from jobs that run side by side (KUnit and the VM tests, say).
exec 8>"$dir.lock"
flock 8
rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
	--exclude='*.mod*' --exclude=modules.order \
	"$XTCP_TOP/Kbuild" "$XTCP_TOP/module" "$XTCP_TOP/kunit" "$dir/"
if ! make -j"$(nproc)" -C "$KDIR" M="$dir" "$@" modules >"$dir/build.log" 2>&1; then
	cat "$dir/build.log" >&2
	die "build against $KNAME ($KVER) failed"
fi
echo "$dir"
