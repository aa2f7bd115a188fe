# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Shell helpers for tests that read /proc/net/xtcp_stat; source it after
# lib.sh.

XTCP_STAT=/proc/net/xtcp_stat
XTCP_INJECT=$XTCP_TOP/scripts/vmtests/helpers/xtcp_inject.py

# stat_get NAME [FILE] - the value of counter NAME in FILE (default: now).
stat_get() {
	awk -v n="$1" '$1 == n { print $2; found = 1 } END { exit !found }' \
		"${2:-$XTCP_STAT}"
}

# stat_above NAME N - counter NAME is above N now (false if the file is
# missing).
stat_above() {
	local v
	v=$(stat_get "$1" 2>/dev/null) && [ "$v" -gt "$2" ]
}

# stat_reached FILE NAME DELTA - NAME has grown by at least DELTA since the
# snapshot FILE.
stat_reached() {
	[ $(( $(stat_get "$2") - $(stat_get "$2" "$1") )) -ge "$3" ]
}

# expect_deltas FILE NAME=DELTA... - since the snapshot FILE, each counter
# named has grown by exactly DELTA and every other counter not at all.
expect_deltas() {
	local before=$1 name want got
	shift
	while read -r name _; do
		want=0
		for kv in "$@"; do
			[ "${kv%%=*}" = "$name" ] && want=${kv#*=}
		done
		got=$(( $(stat_get "$name") - $(stat_get "$name" "$before") ))
		expect_eq "$name increment" "$want" "$got"
	done <"$before"
}

# inject_expect KIND COUNT NAME=DELTA... - send COUNT segments of KIND
# (xtcp_inject.py), wait until InSegs has counted them, then check the
# increments with expect_deltas.
inject_expect() {
	local kind=$1 count=$2 before want=$2 e
	shift 2
	# wait for every segment expected, the replies looped back included
	for e in "$@"; do
		case $e in InSegs=*) want=${e#InSegs=} ;; esac
	done
	before=$(mktemp)
	cat $XTCP_STAT >"$before" || fail "cannot read $XTCP_STAT"
	xpy "$XTCP_INJECT" "$kind" "$count" || fail "xtcp_inject.py $kind failed"
	wait_for 30 stat_reached "$before" InSegs "$want"
	expect_deltas "$before" "$@"
	rm -f "$before"
}
