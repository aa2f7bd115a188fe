#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vm.sh - make vm: an interactive shell in a VM running XTCP_KERNEL (6.1 by
# default) with xtcp loaded and the test helpers on PATH. Ctrl-A X quits.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kernel=${XTCP_KERNEL:-6.1}
need_packages $XTCP_PACKAGES
bdir=$("$XTCP_TOP/scripts/build.sh" "$kernel")
make -s -C "$XTCP_TOP/scripts/vmtests/helpers" O="$XTCP_BUILD/helpers"
cd "$XTCP_TOP"
exec "$XTCP_TOP/scripts/vm-run.sh" -k "$kernel" -i -p "$XTCP_BUILD/helpers" -- \
	insmod "$bdir/module/xtcp.ko"
