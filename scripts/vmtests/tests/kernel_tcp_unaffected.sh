#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Loading xtcp leaves the kernel's own TCP alone: a TCP echo over loopback
# still works with xtcp loaded.
. "$(dirname "$0")/../lib.sh"

xtcp_loaded || fail "xtcp not loaded"
port=$((20000 + RANDOM % 10000))
socat -T 10 TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr EXEC:cat &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
listening() { ss -Htln "sport = :$1" | grep -q .; }
wait_for 10 listening $port
# -t 10: after its input ends, socat waits up to 10 s (not 0.5) for the
# echo; on a busy host the server's fork and exec of cat take longer.
got=$(echo "hello over tcp" | socat -t 10 -T 10 - TCP:127.0.0.1:$port)
expect_eq "TCP echo" "hello over tcp" "$got"
