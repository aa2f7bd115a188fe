#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A peer that vanishes mid-transfer: the client sends without end with
# TCP_USER_TIMEOUT 3000 ms; once the server has 4 MiB, netem loss 100% on
# both ends for good. The client's blocked send() must fail with ETIMEDOUT
# (RFC 9293's R2 as a time): not before 2.9 s after the first end went
# dark (the oldest unacknowledged data was sent just before it), and not
# more than 5 s after both ends were (the limit, plus the first RTO of at
# least 200 ms, plus slack for a slow VM). What a user sees is the error
# and when it comes.
# (xtcp_netxfer.py on protocol $XTCP_PROTO; topology in ../netem.sh.)
# Measured on 6.1, whole test, in the VM without KVM on a loaded host: TCP 9
# to 29 s, ETIMEDOUT 3.4 to 4.5 s after the first end went dark; xtcp 26 s,
# 4.4 s (4.05 s after both ends were)
# kernels: 6.1 debug
# timeout: 300
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../netem.sh"

rc=0
netem_setup
netem_server --limit 100 --mib 0
netem_client_start --limit 60 --mib 0 --user-timeout 3000
wait_for $((60 * NETEM_SCALE)) grep -q '^server: 4 MiB' "$NETEM_DIR/server"
dark=$(date +%s.%N)
netem_set loss 100%
dark_end=$(date +%s.%N)
netem_wait_client || rc=$?
cat "$NETEM_DIR/client" "$NETEM_DIR/server"
netem_stats
[ $rc = 2 ] || fail "client exit status $rc, not a failed call"
at=$(sed -nE 's/^client: error ETIMEDOUT after .* at ([0-9.]+) .*/\1/p' \
	"$NETEM_DIR/client")
[ -n "$at" ] || fail "the client's error is not ETIMEDOUT"
took=$(awk -v a="$at" -v d="$dark" 'BEGIN { printf "%.2f", a - d }')
late=$(awk -v a="$at" -v d="$dark_end" 'BEGIN { printf "%.2f", a - d }')
echo "ETIMEDOUT $took s after the link started going dark," \
	"$late s after both ends were"
awk -v t="$took" 'BEGIN { exit !(t >= 2.9) }' ||
	fail "ETIMEDOUT after $took s, before the 3000 ms user timeout"
awk -v t="$late" 'BEGIN { exit !(t <= 5) }' ||
	fail "ETIMEDOUT after $late s, long past the 3000 ms user timeout"
