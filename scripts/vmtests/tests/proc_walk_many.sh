#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# /proc/net/xtcp with a few hundred entries, read in small pieces and
# whole: every socket and TIME-WAIT entry once, sl counting up, the same
# rows both ways; another namespace's sockets are not in it, and its own
# file shows its own (issue 10 finding 16: the file is walked once per
# read now, not once per row). helpers/xtcp_proc_walk.py; against the
# kernel's TCP with XTCP_PROTO=6.
. "$(dirname "$0")/../lib.sh"

walk=$XTCP_TOP/scripts/vmtests/helpers/xtcp_proc_walk.py
file=/proc/net/xtcp
[ "$XTCP_PROTO" = 6 ] && file=/proc/net/tcp
ns=xtcp-walk-$RANDOM
netns_add $ns || fail "ip netns add failed"
ip -n $ns link set lo up

# the namespace's sockets stay open while the init namespace's are walked
lib_tmp
mkfifo "$XTCP_TMP/hold"
ip netns exec $ns xpy "$walk" --conns 5 --tw 2 --port 7400 --hold \
	<"$XTCP_TMP/hold" >"$XTCP_TMP/ns.out" 2>&1 &
held=$!
exec {hold}>"$XTCP_TMP/hold"
wait_until 60 has_line "$XTCP_TMP/ns.out" ready ||
	{ cat "$XTCP_TMP/ns.out"; fail "the namespace's sockets are not up"; }
cat "$XTCP_TMP/ns.out"

xpy "$walk" --conns 200 --tw 20 --port 7300 || fail "walk in the init namespace"
# 7400 is the namespace's port only
if grep -qi ":1CE8 " "$file"; then
	fail "the init namespace's $file shows the other namespace's sockets"
fi
rows=$(ip netns exec $ns cat "$file" | grep -ci ":1CE8 ")
# listener, 3 open pairs (6 sockets), 2 TIME-WAIT entries
expect_eq "the namespace's rows on port 7400" 9 "$rows"
exec {hold}>&-
wait $held || fail "the namespace's walk failed: $(cat "$XTCP_TMP/ns.out")"
