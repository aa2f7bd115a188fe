#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Loading xtcp leaves the kernel's own TCP alone: a TCP echo over loopback
# still works with xtcp loaded.
#
# The server echoes through a pipe (socat's PIPE), not a program it starts:
# once the client's input ends, each socat waits -t seconds (0.5 by
# default) for the other direction and then quits, and on the busy debug
# kernel an exec of cat took longer than that (seen twice: "got ''").
. "$(dirname "$0")/../lib.sh"

xtcp_loaded || fail "xtcp not loaded"
port=$((20000 + RANDOM % 10000))
socat -t 10 -T 30 TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr PIPE &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
listening() { ss -Htln "sport = :$1" | grep -q .; }
wait_for 10 listening $port
got=$(echo "hello over tcp" | socat -t 10 -T 30 - TCP:127.0.0.1:$port)
expect_eq "TCP echo" "hello over tcp" "$got"
