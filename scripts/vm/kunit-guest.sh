#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kunit-guest.sh XTCP_KO KUNIT_KO - runs inside the debug-kernel VM: load
# xtcp and its KUnit module (the suites run as the module loads and print
# their KTAP in the kernel log, which guest.sh saves), unload both, and
# leave a kmemleak scan in $XTCP_OUT/kmemleak.txt.
set -u
: "${XTCP_OUT:?}"
leaks=/sys/kernel/debug/kmemleak
rc=0

# No automatic scans (each about 15 CPU-s of the emulated debug kernel):
# the one scan at the end finds what they would.
[ -w $leaks ] && echo scan=off >$leaks && echo clear >$leaks
insmod "$1" || exit 1
if ! insmod "$2"; then
	rmmod xtcp
	exit 1
fi
rmmod "$(basename "$2" .ko)" || rc=1
rmmod xtcp || rc=1
if [ -w $leaks ]; then
	sleep 6		# kmemleak reports only objects older than 5 s
	echo scan >$leaks
	cat $leaks >"$XTCP_OUT/kmemleak.txt"
fi
exit $rc
