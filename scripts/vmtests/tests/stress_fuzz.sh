#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
# Fuzz (make stress; a short version here): xinject sends mutated
# segments with valid checksums (flags, options valid and malformed,
# sequence and acknowledgment numbers, window, data offset, length) at
# sockets in LISTEN (from random silent sources of 10.99.0.0/16),
# SYN-RECEIVED (a child of that listener, its SYN from xinject),
# ESTABLISHED (both ends), FIN-WAIT-2, CLOSE-WAIT and TIME-WAIT, all on
# 10.0.0.1 in a namespace of their own, each mutation starting from an
# ACK at the numbers the socket uses (xinject learns them from its
# segments). The sockets are made again every round (xtcp_stress.py
# fuzz): a segment may reset them. Beside it a transfer on 10.0.0.1:7300,
# which xinject does not know of, must arrive byte for byte.
# Long (XTCP_STRESS=1): 1,000,000 segments in 10 rounds beside 64 MiB
# (debug kernel: 100,000 in 4 beside 16 MiB); short: 20,000 in 2 beside
# 4 MiB (debug kernel: 5,000). On the debug kernel the harness fails any
# KASAN, lockdep or WARN report.
# Figures: segments sent, InSegs, the segments dropped and counted (the
# In* drop counters of /proc/net/xtcp_stat; for TCP InErrs), transfer.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stress.sh"
trap lib_cleanup EXIT

# The debug kernel takes about 650 segments a second (6.1 5,000 to 11,000)
debug=
[ "${XTCP_KERNEL:-}" != debug ] || debug=1
n=20000 rounds=2 mib=4
[ -z "$debug" ] || n=5000
if stress_long; then
	n=1000000 rounds=10 mib=64
	[ -z "$debug" ] || n=100000 rounds=4 mib=16
fi
ns=xtcp-fuzz-$RANDOM
stress_ns $ns
lib_tmp
h=$XTCP_TOP/scripts/vmtests/helpers/xtcp_netxfer.py
proto_stat $ns "$XTCP_TMP/before"
ip netns exec $ns xpy "$h" server 10.0.0.1 7300 --mib $mib \
	>"$XTCP_TMP/server" 2>&1 &
XTCP_XFER_PID=$!
wait_for 20 has_line "$XTCP_TMP/server" '^listening'
ip netns exec $ns xpy "$h" client 10.0.0.1 7300 --mib $mib \
	>"$XTCP_TMP/client" 2>&1 &
client=$!
trap 'kill $client 2>/dev/null; lib_cleanup' EXIT

rc=0
ip netns exec $ns xpy "$XTCP_STRESS_PY" fuzz 10.0.0.1 --rounds $rounds \
	--count $((n / rounds)) --net 10.99.0.0/16 --seed $RANDOM \
	>"$XTCP_TMP/fuzz" 2>&1 || rc=$?
cat "$XTCP_TMP/fuzz"
xfer_on=no
alive $client && xfer_on=yes
wait $client || fail "client: $(cat "$XTCP_TMP/client")"
wait "$XTCP_XFER_PID" || fail "server: $(cat "$XTCP_TMP/server")"
XTCP_XFER_PID=
proto_stat $ns "$XTCP_TMP/after"
[ $rc = 0 ] || fail "xtcp_stress.py fuzz failed"

sent=0
while read -r _ _ _ k; do
	sent=$((sent + k))
done < <(grep -o 'xinject: fuzz sent [0-9]*' "$XTCP_TMP/fuzz")
in=$(stat_delta "$XTCP_TMP/before" "$XTCP_TMP/after" InSegs)
if [ "$XTCP_PROTO" = 6 ]; then
	dropped=$(stat_delta "$XTCP_TMP/before" "$XTCP_TMP/after" InErrs)
	what="InErrs"
else
	dropped=0
	for c in InOtherHost InNotUnicast InNoMem InShort InBadDoff \
		InBadOption InCsumErrors InNoSocket InBacklogDrop \
		InPolicyDrop InFilterDrop; do
		dropped=$((dropped + $(stat_delta "$XTCP_TMP/before" \
			"$XTCP_TMP/after" $c)))
	done
	what="the In* drop counters"
fi
XFER_SENT=$(xfer_sum "$XTCP_TMP/client")
XFER_RECV=$(xfer_sum "$XTCP_TMP/server")
figure fuzz_sent "$sent" segments "mutated, in $rounds rounds"
figure fuzz_insegs "$in" segments "InSegs, the transfer's included"
figure fuzz_dropped "$dropped" segments "dropped and counted: $what"
figure fuzz_transfer "$((mib))" MiB \
	"byte-exact beside the fuzz; still running at its end: $xfer_on"
[ "$sent" = "$n" ] || fail "xinject sent $sent segments of $n"
[ -n "$XFER_SENT" ] && [ "$XFER_SENT" = "$XFER_RECV" ] ||
	fail "transfer: sent '$XFER_SENT', received '$XFER_RECV'"
