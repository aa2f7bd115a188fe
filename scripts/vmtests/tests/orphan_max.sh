#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tcp_max_orphans: with the limit at 2, six senders queue data behind a
# peer's zero window and close one by one. Past the limit an orphan is
# reset (Linux's tcp_check_oom() in __tcp_close() and
# tcp_out_of_resources()): its peer gets ECONNRESET, TCPAbortOnMemory
# counts it, and at most 2 orphans are left in /proc/net/xtcp. xtcp
# counts exactly, so exactly the last four are reset. Linux samples its
# count every 100 ms and also resets orphans from their probe timers:
# at least three resets there (net.ipv4.tcp_max_orphans is global, set in
# the VM's initial namespace and put back). The orphan count is over every
# namespace, so the test first waits for earlier tests' orphans to end
# (seen: ts_timestamps' two, retrying FINs to a scripted peer that is
# gone, made all six of this test's reset; they lived about 100 s). And
# the orphan count of /proc/net/xtcp_sockstat is then the orphans left
# (xtcp's: Linux's own probe timers may reset them meanwhile, though it
# showed 2 in /proc/net/sockstat too).
#
#   $A: senders 10.1.0.1 (xa) ---- veth ---- (xb) 10.1.0.2 peer: $B
# In make check it runs first in its VM (the queue's first test), before
# other tests have left orphans: waiting for them cost a debug VM about 30
# CPU-s (158 s; 2026-12-05).
# kernels: 6.1 debug
# timeout: 300
# queue: first
. "$(dirname "$0")/../lib.sh"

A=xtcp-a-$RANDOM B=xtcp-b-$RANDOM old=
orph=$XTCP_TOP/scripts/vmtests/helpers/xtcp_orphans.py
cleanup() {
	[ -z "$old" ] || sysctl -qw net.ipv4.tcp_max_orphans="$old"
	lib_cleanup
}
trap cleanup EXIT
veth_pair "$A" xa 10.1.0.1 "$B" xb 10.1.0.2
if [ "$XTCP_PROTO" = 6 ]; then
	old=$(sysctl -n net.ipv4.tcp_max_orphans)
	sysctl -qw net.ipv4.tcp_max_orphans=2 || fail "cannot set the limit"
else
	ip netns exec "$A" sysctl -qw net.xtcp.tcp_max_orphans=2 ||
		fail "cannot set net.xtcp.tcp_max_orphans"
fi
aborts() { ip netns exec "$A" xpy "$orph" stat "$XTCP_PROTO" TCPAbortOnMemory; }
# orphans - the orphan count of the sockstat line (over every namespace)
orphans() {
	local f=/proc/net/xtcp_sockstat key=XTCP: k n
	[ "$XTCP_PROTO" != 6 ] || f=/proc/net/sockstat key=TCP:
	while read -r k _ _ _ n _; do
		[ "$k" != "$key" ] || { echo "$n"; return; }
	done <"$f"
}
no_orphans() { [ "$(orphans)" = 0 ]; }
# An orphan retrying its FIN to a peer that is gone lives about 100 s
# (8 retries, as Linux's tcp_orphan_retries 0): a bound in real time, not
# scaled for the debug kernel.
t0=$SECONDS
XTCP_WAIT_SCALE=1 wait_until 150 no_orphans ||
	fail "$(orphans) orphans of earlier tests still there after 150 s"
[ $((SECONDS - t0)) -lt 2 ] ||
	echo "waited $((SECONDS - t0)) s for earlier tests' orphans to end"
field() { awk -v k="$1" '$1 == k { print $2 }' <<<"$2"; }

before=$(aborts)
out=$(ip netns exec "$A" xpy "$orph" orphans "$XTCP_PROTO" "$B" xb 5103 6 \
	--gap 0.3 --settle 1) || fail "helper: $out"
after=$(aborts)
echo "$(tr '\n' ' ' <<<"$out") TCPAbortOnMemory $before -> $after"
left=$(field left "$out") reset=$(field reset "$out")
[ "$left" -le 2 ] || fail "$left orphans left, the limit is 2"
if [ "$XTCP_PROTO" = 6 ]; then
	[ "$reset" -ge 3 ] || fail "only $reset peers were reset"
	[ "$after" -ge $((before + 3)) ] || fail "TCPAbortOnMemory not +3"
else
	[ "$left" = 2 ] && [ "$reset" = 4 ] ||
		fail "$reset resets and $left orphans left, not 4 and 2"
	[ "$after" = $((before + 4)) ] || fail "TCPAbortOnMemory not +4"
	expect_eq "orphans in the sockstat line" 2 "$(field counted "$out")"
fi
