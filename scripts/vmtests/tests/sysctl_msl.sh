#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# net.xtcp.msl_ms reads 30000 (2 * MSL = 60 s), accepts 1000, refuses 0
# and keeps its value then; a new network namespace has its own, at the
# default.
. "$(dirname "$0")/../lib.sh"

key=net.xtcp.msl_ms
ns=xtcp-$RANDOM
trap 'sysctl -qw $key=30000; ip netns del $ns 2>/dev/null' EXIT

expect_eq "$key at load" 30000 "$(sysctl -n $key)"
sysctl -qw $key=1000 || fail "$key=1000 refused"
expect_eq "$key after writing 1000" 1000 "$(sysctl -n $key)"
err=$(sysctl -w $key=0 2>&1) && fail "$key=0 accepted"
echo "$key=0 refused: $err"
expect_eq "$key after writing 0" 1000 "$(sysctl -n $key)"

ip netns add $ns || fail "ip netns add failed"
expect_eq "$key in a new namespace" 30000 "$(ip netns exec $ns sysctl -n $key)"
