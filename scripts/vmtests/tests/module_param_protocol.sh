#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The protocol= parameter moves xtcp to another IP protocol number; numbers
# that are taken (6, TCP) or out of range are refused at insmod.
. "$(dirname "$0")/../lib.sh"

xtcp_unload || fail "rmmod failed"
insmod "$XTCP_KO" protocol=254 || fail "insmod protocol=254 failed"
expect_eq "parameter" 254 "$(cat /sys/module/xtcp/parameters/protocol)"
out=$(sockcheck -p 254) || fail "socket(..., 254) failed: $out"
out=$(sockcheck -p 253) && fail "socket(..., 253) opened with protocol=254"
xtcp_unload || fail "rmmod failed"

for bad in 6 0 256; do
	err=$(insmod "$XTCP_KO" protocol=$bad 2>&1) &&
		fail "insmod protocol=$bad succeeded"
	xtcp_loaded && fail "module loaded with protocol=$bad"
	echo "protocol=$bad refused: $err"
done
