#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kunit-guest.sh XTCP_KO KUNIT_KO - runs inside the debug-kernel VM: load
# xtcp and its KUnit module (the suites run as the module loads), copy each
# suite's KTAP from debugfs to $XTCP_OUT/kunit/SUITE.ktap, unload both, and
# leave a kmemleak scan in $XTCP_OUT/kmemleak.txt.
set -u
: "${XTCP_OUT:?}"
leaks=/sys/kernel/debug/kmemleak
results=/sys/kernel/debug/kunit
rc=0

mkdir -p "$XTCP_OUT/kunit"
[ -w $leaks ] && echo clear >$leaks
insmod "$1" || exit 1
if ! insmod "$2"; then
	rmmod xtcp
	exit 1
fi
for d in "$results"/*/; do
	suite=$(basename "$d")
	cp "$d/results" "$XTCP_OUT/kunit/$suite.ktap" || rc=1
done
rmmod "$(basename "$2" .ko)" || rc=1
rmmod xtcp || rc=1
if [ -w $leaks ]; then
	sleep 6		# kmemleak reports only objects older than 5 s
	echo scan >$leaks
	cat $leaks >"$XTCP_OUT/kmemleak.txt"
fi
exit $rc
