#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# net.xtcp.tcp_congestion_control (net.ipv4.tcp_congestion_control for
# XTCP_PROTO=6) reads cubic, takes reno, refuses an unknown name with
# ENOENT and keeps its value then; a new socket gets the value
# (xtcp_api.py opt_congestion_default); a new network namespace starts
# with the initial namespace's, and keeps its own after.
. "$(dirname "$0")/../lib.sh"

key=net.xtcp.tcp_congestion_control
[ "$XTCP_PROTO" = 6 ] && key=net.ipv4.tcp_congestion_control
f=/proc/sys/${key//.//}
ns=xtcp-$RANDOM
trap 'sysctl -qw $key=cubic; ip netns del $ns 2>/dev/null' EXIT

# new_socket_gets [NS] - a new socket (in NS) gets the namespace's $key
new_socket_gets() {
	local pre=()

	[ -n "${1:-}" ] && pre=(ip netns exec "$1")
	"${pre[@]}" xpy "$XTCP_TOP/scripts/vmtests/helpers/xtcp_api.py" \
		--proto "$XTCP_PROTO" opt_congestion_default ||
		fail "a new socket ${1:+in $1 }does not get its $key"
}

expect_eq "$key at load" cubic "$(sysctl -n $key)"
new_socket_gets
sysctl -qw $key=reno || fail "$key=reno refused"
expect_eq "$key after writing reno" reno "$(sysctl -n $key)"
new_socket_gets
err=$( { echo no-such-cc >"$f"; } 2>&1) && fail "$key=no-such-cc accepted"
echo "$key=no-such-cc refused: $err"
[[ $err == *"No such file or directory"* ]] ||
	fail "$key=no-such-cc: expected ENOENT, got '$err'"
expect_eq "$key after writing no-such-cc" reno "$(sysctl -n $key)"

ip netns add $ns || fail "ip netns add failed"
expect_eq "$key in a new namespace" reno "$(ip netns exec $ns sysctl -n $key)"
sysctl -qw $key=cubic || fail "$key=cubic refused"
expect_eq "$key in the namespace after the initial one changed" reno \
	"$(ip netns exec $ns sysctl -n $key)"
new_socket_gets $ns
