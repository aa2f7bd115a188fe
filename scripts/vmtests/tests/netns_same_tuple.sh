#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Two namespaces use the same addresses and ports at once, without seeing
# each other: in each, a listener on 127.0.0.1:7800 and a client bound to
# 127.0.0.1:7801 connected to it (the same 4-tuple in both) exchange a
# token of their namespace and read the other end's back; each
# namespace's /proc/net/xtcp shows its own three sockets only, the init
# namespace's none of them. Then A's client closes first (TIME-WAIT in A
# only, B's connection still open and alone in B's file), then B's.
# helpers/xtcp_same_tuple.py; against the kernel's TCP with XTCP_PROTO=6.
#
#   $a: lo, 127.0.0.1:7801 -> 127.0.0.1:7800, token a
#   $b: lo, 127.0.0.1:7801 -> 127.0.0.1:7800, token b
. "$(dirname "$0")/../lib.sh"
trap lib_cleanup EXIT

same=$XTCP_TOP/scripts/vmtests/helpers/xtcp_same_tuple.py
file=/proc/net/xtcp
[ "$XTCP_PROTO" = 6 ] && file=/proc/net/tcp
a=xtcp-a-$RANDOM
b=xtcp-b-$RANDOM
lib_tmp
declare -A ns=([a]=$a [b]=$b) pid hold
# Both pairs start before either FIFO is opened for writing: a helper
# started later would inherit the other's write end and keep it open.
for t in a b; do
	netns_add "${ns[$t]}" || fail "ip netns add ${ns[$t]} failed"
	ip -n "${ns[$t]}" link set lo up
	mkfifo "$XTCP_TMP/$t.hold"
	ip netns exec "${ns[$t]}" xpy "$same" --token $t <"$XTCP_TMP/$t.hold" \
		>"$XTCP_TMP/$t.out" 2>&1 &
	pid[$t]=$!
done
for t in a b; do
	exec {fd}>"$XTCP_TMP/$t.hold"
	hold[$t]=$fd
done
for t in a b; do
	wait_until 60 has_line "$XTCP_TMP/$t.out" ready ||
		{ cat "$XTCP_TMP/$t.out"; fail "the pair in ${ns[$t]} is not up"; }
done

# finish T - let pair T close and check what it said
finish() {
	local fd=${hold[$1]}
	exec {fd}>&-
	wait "${pid[$1]}" ||
		{ cat "$XTCP_TMP/$1.out"; fail "the pair in ${ns[$1]} failed"; }
	cat "$XTCP_TMP/$1.out"
}
# rows NS STATE - rows of NS's file on port 7800 (0x1E78) in STATE
rows() {
	ip netns exec "$1" cat "$file" |
		awk -v st="$2" '($2 ~ /:1E78$/ || $3 ~ /:1E78$/) && $4 == st' |
		wc -l
}

expect_eq "rows on port 7800 in the init namespace" 0 \
	"$(grep -Ec ':1E78 ' "$file")"
finish a
expect_eq "TIME-WAIT rows in $a" 1 "$(rows $a 06)"
expect_eq "TIME-WAIT rows in $b while its connection is open" 0 \
	"$(rows $b 06)"
expect_eq "ESTABLISHED rows in $b" 2 "$(rows $b 01)"
finish b
expect_eq "TIME-WAIT rows in $b" 1 "$(rows $b 06)"
expect_eq "TIME-WAIT rows in $a" 1 "$(rows $a 06)"
