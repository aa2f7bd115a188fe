#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Listeners close while their children change state in softirq: 40 rounds
# of xtcp_listen_churn.py (one listener each; 120 scripted SYNs from peers
# behind a dummy device, whose children time out after SYN-ACK retries 5
# to 20 ms apart; 20 real connections, established and never accepted;
# once the close starts, three children in four reset from the other
# CPU, by their peers' RSTs and the clients' aborts). Afterwards no xtcp
# socket is left, the kernel reported nothing, and the module unloads. A
# regression test: closing a listener walked its children without the
# accept-queue lock while softirq unlinked them (list corruption, a child
# and its listener put twice), and a child was on its listener's list
# before it was locked (a close in between left a CLOSE socket in the
# tables for ever, and rmmod looping; that window is a few instructions
# wide, and this test only makes it likely to be crossed).
# Measured on 6.1: 9 s (times.txt), the 40 rounds 5.4 to 7.3 s of it;
# without the fix it failed there in round 9 to 11 (refcount_t: underflow).
# On the debug kernel (40 rounds) 32 to 33 s alone, 85-101 s and 34-37
# CPU-s of QEMU in make check, the costliest test there: its VM has one
# CPU, so only the timers' and the loopback's softirqs race the close, and
# what it adds is KASAN's and lockdep's eye on the same paths: 12 rounds.
# timeout: 300
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

[ "$XTCP_PROTO" = 253 ] || skip "xtcp's children and sysctls only"
xs_peer_net
sysctl -qw net.xtcp.rto_min_ms=5 net.xtcp.rto_max_ms=20 net.xtcp.msl_ms=100 ||
	fail "cannot set the RTO bounds"
bad='BUG|WARNING|refcount_t|list_(add|del) corruption|general protection'
before=$(dmesg | grep -cE "$bad")
rounds=40
[ "${XTCP_KERNEL:-}" != debug ] || rounds=12
xpy "$XTCP_TOP/scripts/vmtests/helpers/xtcp_listen_churn.py" $rounds 6000 ||
	fail "xtcp_listen_churn.py failed"
no_rows() { ! has_line "$XS_FILE" '^ *[0-9]+:'; }
wait_until 10 no_rows || fail "sockets left: $(cat "$XS_FILE")"
after=$(dmesg | grep -cE "$bad")
[ "$after" = "$before" ] || fail "kernel: $(dmesg | grep -E "$bad" | head -n 5)"
# The unload waits for RCU and for the namespaces being dismantled: in a
# make check whose VMs were short of CPU (this one's had 9.5 CPU-s of
# QEMU in the test's 48 s) it took more than 20 s and ended. What is
# tested is a hang (the unload loops, warning every 2 s that it waits for
# sockets), so the bound only has to end the test.
rmmod xtcp &
pid=$!
wait_until 90 eval '! alive $pid' ||
	fail "rmmod hangs: $(dmesg | tail -n 3)"
wait $pid || fail "rmmod failed"
