#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T27 SYN-SENT with no answer: the SYN is retransmitted with exponential
# backoff (each gap about twice the one before), and the connection gives
# up with ETIMEDOUT. connect() goes to a peer that never answers; the
# SYNs are read off the dummy device.
#
# With the default retry count connect() fails only after about 127 s
# (1+2+4+...+64), past the 120 s a VM test may take. So the test sets
# TCP_SYNCNT to 2 (xtcp supports it, as TCP does): then it expects
# exactly 3 SYNs, 1 s and 2 s apart, and ETIMEDOUT. A timer may fire late
# on a busy emulated VM, never early, so the gaps are checked from below:
# at least 1 s, then at least twice that (the timestamps are the kernel's).
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

xs_peer_net
xs_capture cap $XS_IFACE
xs_sock cli syncnt:2 bind:5002 \
	connect:40000@$XS_PEER=ETIMEDOUT mark:timedout await:end
syns() { grep -c "$XS_SUT_RE:5002>$XS_PEER_RE:40000 S seq=" "$XS_SYNC/cap.out"; }
xs_wait 60 xs_marked timedout
expect_eq "SYNs sent with TCP_SYNCNT 2" 3 "$(syns)"
xs_wait 10 xs_none 5002 40000
grep ' S seq=' "$XS_SYNC/cap.out" | head -n 3 | sed 's/^t=\([0-9.]*\) .*/\1/' |
	awk '{ t[NR] = $1 } END {
		g1 = t[2] - t[1]; g2 = t[3] - t[2]
		printf "SYN gaps %.3f s, %.3f s\n", g1, g2
		if (g1 < 0.95 || g2 < 1.95 || g2 > 3 * g1 + 1) {
			print "# FAIL: no exponential backoff"; exit 1
		}
	}' || fail "SYN retransmissions do not back off"
