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
# fuzz): a segment may reset them. Beside it, from start to end,
# transfers of 4 MiB (1 MiB on the debug kernel) one after another to
# 10.0.0.1 ports 7301 on, which xinject does not know of, must each
# arrive byte for byte. Long (XTCP_STRESS=1): 1,000,000 segments in 10
# rounds (debug kernel: 100,000 in 4); short: 20,000 in 2 (debug kernel:
# 5,000). On the debug kernel the harness fails any KASAN, lockdep or
# WARN report.
# Figures: segments sent, InSegs, the segments dropped and counted (the
# In* drop counters of /proc/net/xtcp_stat; for TCP InErrs), transfer.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stress.sh"
trap lib_cleanup EXIT

# xfers ADDR PORT MIB STOP - transfers of MIB MiB to ADDR in $ns, one
# after another until the file STOP exists, on PORT, PORT + 1 and so on;
# a line for each: "ok BYTES", or what went wrong.
xfers() {
	local h=$XTCP_TOP/scripts/vmtests/helpers/xtcp_netxfer.py d=$XTCP_TMP
	local srv sent recv port=$2
	while [ ! -e "$4" ]; do
		port=$((port + 1))
		# a file of its own: the last one's "listening" is no sign
		ip netns exec $ns xpy "$h" server "$1" $port --mib "$3" \
			>"$d/server$port" 2>&1 &
		srv=$!
		wait_until 20 has_line "$d/server$port" '^listening' ||
			{ echo "no server: $(cat "$d/server$port")"; return; }
		ip netns exec $ns xpy "$h" client "$1" $port --mib "$3" \
			>"$d/client$port" 2>&1 ||
			{ echo "client: $(cat "$d/client$port")"; kill $srv; return; }
		wait $srv || { echo "server: $(cat "$d/server$port")"; return; }
		sent=$(xfer_sum "$d/client$port")
		recv=$(xfer_sum "$d/server$port")
		if [ -n "$sent" ] && [ "$sent" = "$recv" ]; then
			echo "ok ${sent% *}"
		else
			echo "sent '$sent', received '$recv'"
			return
		fi
	done
}

# The debug kernel takes about 650 segments a second (6.1 5,000 to 11,000)
debug=
[ "${XTCP_KERNEL:-}" != debug ] || debug=1
n=20000 rounds=2 mib=4
[ -z "$debug" ] || n=5000 mib=1
if stress_long; then
	n=1000000 rounds=10
	[ -z "$debug" ] || n=100000 rounds=4 mib=1
fi
ns=xtcp-fuzz-$RANDOM
stress_ns $ns
lib_tmp
proto_stat $ns "$XTCP_TMP/before"
stop=$XTCP_TMP/stop
xfers 10.0.0.1 7300 $mib "$stop" >"$XTCP_TMP/xfers" 2>&1 &
XTCP_XFER_PID=$!
rc=0
ip netns exec $ns xpy "$XTCP_STRESS_PY" fuzz 10.0.0.1 --rounds $rounds \
	--count $((n / rounds)) --net 10.99.0.0/16 --seed $RANDOM \
	>"$XTCP_TMP/fuzz" 2>&1 || rc=$?
cat "$XTCP_TMP/fuzz"
touch "$stop"
wait "$XTCP_XFER_PID"
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
good=$(grep -c '^ok ' "$XTCP_TMP/xfers")
bad=$(grep -v '^ok ' "$XTCP_TMP/xfers")
echo "fuzz: $sent segments in $rounds rounds; $good transfers of $mib MiB beside"
figure fuzz_sent "$sent" segments "mutated segments sent"
figure fuzz_insegs "$in" segments "InSegs, the transfers' included"
figure fuzz_dropped "$dropped" segments "dropped and counted: $what"
figure fuzz_transfer $((good * mib)) MiB \
	"moved byte-exact beside the fuzz, $mib MiB a connection"
[ "$sent" = "$n" ] || fail "xinject sent $sent segments of $n"
[ -z "$bad" ] || fail "a transfer beside the fuzz failed: $bad"
[ "$good" -ge 1 ] || fail "no transfer beside the fuzz"
