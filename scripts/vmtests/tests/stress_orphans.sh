#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Stress: orphans behind a zero-window peer (issue 10). N senders (50;
# 1000 with XTCP_STRESS=1) queue 32 KiB each on a peer that offers a
# 4 KiB buffer and never reads, and close: N orphans probing a zero window
# the peer keeps answering. Memory is the growth of MemTotal -
# MemAvailable (/proc/meminfo) over the making of the N connections and
# orphans, both ends included, all of them alive at the end (the orphans
# have tcp_orphan_retries 0: 8 unanswered probes, and the peer answers);
# it must stay under 256 KiB a connection (32 KiB queued, the peer's
# 4 KiB, two sockets, the skbs). Then the peer goes dark (netem loss 100%
# on its end) and tcp_orphan_retries becomes 1: every orphan ends at its
# next probe timeout but one and leaves /proc/net/xtcp (/proc/net/tcp).
# The probe timeout has doubled while the orphans were made, so that takes
# up to about twice the making's time; the wait's bound is 60 s (600 s
# with XTCP_STRESS=1). Figures: memory per orphan, seconds until the
# last is gone.
#
#   $A: senders 10.1.0.1 (xa) ---- veth ---- (xb) 10.1.0.2 peer: $B
# kernels: 6.1 debug
# timeout: 900
. "$(dirname "$0")/../lib.sh"

n=50 bound=60
[ "${XTCP_STRESS:-}" = 1 ] && n=1000 bound=600
A=xtcp-a-$RANDOM B=xtcp-b-$RANDOM
orph=$XTCP_TOP/scripts/vmtests/helpers/xtcp_orphans.py
trap lib_cleanup EXIT
veth_pair "$A" xa 10.1.0.1 "$B" xb 10.1.0.2
name=xtcp
[ "$XTCP_PROTO" = 6 ] && name=tcp
field() { awk -v k="$1" '$1 == k { print $2 }' <<<"$2"; }

out=$(ip netns exec "$A" xpy "$orph" orphans "$XTCP_PROTO" "$B" xb 5104 $n \
	--settle 1 --dark --then-retries 1 \
	--wait-gone $((bound * XTCP_WAIT_SCALE))) || fail "helper: $out"
echo "$out"
mem=$(field mem "$out") gone=$(field gone "$out") left=$(field left "$out")
alive=$(field alive "$out")
echo "figure: orphans_mem_$name $((mem / n)) KiB/orphan ($n orphans behind a zero window; MemTotal - MemAvailable growth, both ends)"
echo "figure: orphans_gone_$name ${gone:-never} s (peer dark and tcp_orphan_retries 1 to no orphan left)"
[ "$alive" = $n ] || fail "only $alive of the $n orphans were alive when measured"
[ "$mem" -le $((n * 256)) ] || fail "$mem KiB for $n orphans, over $((n * 256))"
[ "$left" = 0 ] || fail "$left orphans still there after ${bound} s"
