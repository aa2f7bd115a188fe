#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# rmmod is refused while a user holds an xtcp socket, and succeeds once the
# socket is closed.
. "$(dirname "$0")/../lib.sh"

out=$(mktemp)
sockcheck -p 253 -H >"$out" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$out"' EXIT
wait_for 10 has_line "$out" '^ok'
err=$(rmmod xtcp 2>&1) && fail "rmmod succeeded with a socket open"
echo "$err" | grep -q 'in use' || fail "rmmod failed, but not as busy: $err"
xtcp_loaded || fail "module gone while a socket is open"
kill $pid
wait $pid
rmmod xtcp || fail "rmmod failed after the socket was closed"
