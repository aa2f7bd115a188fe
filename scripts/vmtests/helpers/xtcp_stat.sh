# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Shell helpers for tests that read /proc/net/xtcp_stat; source it after
# lib.sh.
#
# They read the counters with bash alone (mapfile, [[ =~ ]], associative
# arrays): in the emulated VM each program started costs about 100 ms, and
# an awk per counter made expect_deltas alone cost seconds. mapfile reads
# the file (a few hundred bytes) with one read(2), so one snapshot of all
# the counters.

XTCP_STAT=/proc/net/xtcp_stat
XTCP_INJECT=$XTCP_TOP/scripts/vmtests/helpers/xtcp_inject.py

# _stat_load FILE ARRAY - read the "Name value" lines of FILE (fields split
# as awk splits them) into the associative ARRAY, keyed "k" and the name (a
# blank line's name is empty), and every line's name, in order, into
# _stat_order (declare it local). A name on several lines gets their values
# joined by newlines, as stat_get prints them. FILE "-" or /dev/stdin is the
# standard input. False if FILE cannot be read.
_stat_load() {
	local -n _stat_arr=$2
	local _stat_line _stat_key
	local _stat_re='^[[:blank:]]*([^[:blank:]]*)[[:blank:]]*([^[:blank:]]*)'
	local -a _stat_lines
	_stat_arr=() _stat_order=()
	# awk reads "-" and /dev/stdin itself (the VM has no /dev/stdin)
	case $1 in
	-|/dev/stdin) mapfile -t _stat_lines ;;
	*) mapfile -t _stat_lines <"$1" ;;
	esac || return 1
	for _stat_line in "${_stat_lines[@]}"; do
		[[ $_stat_line =~ $_stat_re ]]
		_stat_key=k${BASH_REMATCH[1]}
		# shellcheck disable=SC2004 # an associative array
		_stat_arr[$_stat_key]+=${_stat_arr[$_stat_key]+$'\n'}${BASH_REMATCH[2]}
		_stat_order+=("${BASH_REMATCH[1]}")
	done
}

# stat_get NAME [FILE] - the value of counter NAME in FILE (default: now).
stat_get() {
	local -A _stat_get
	local -a _stat_order
	_stat_load "${2:-$XTCP_STAT}" _stat_get || return 2
	[ -n "${_stat_get[k$1]+set}" ] || return 1
	printf '%s\n' "${_stat_get[k$1]}"
}

# stat_above NAME N - counter NAME is above N now (false if the file is
# missing).
stat_above() {
	local -A _stat_now
	local -a _stat_order
	_stat_load "$XTCP_STAT" _stat_now 2>/dev/null &&
		[ -n "${_stat_now[k$1]+set}" ] && [ "${_stat_now[k$1]}" -gt "$2" ]
}

# stat_reached FILE NAME DELTA - NAME has grown by at least DELTA since the
# snapshot FILE.
stat_reached() {
	local -A _stat_now _stat_was
	local -a _stat_order
	_stat_load "$XTCP_STAT" _stat_now
	_stat_load "$1" _stat_was
	[ $(( ${_stat_now[k$2]} - ${_stat_was[k$2]} )) -ge "$3" ]
}

# expect_deltas FILE NAME=DELTA... - since the snapshot FILE, each counter
# named has grown by exactly DELTA and every other counter not at all.
expect_deltas() {
	local before=$1 deltas name d want kv
	shift
	deltas=$(stat_deltas "$before") || return 1
	while read -r name d; do
		want=0
		for kv in "$@"; do
			[ "${kv%%=*}" = "$name" ] && want=${kv#*=}
		done
		expect_eq "$name increment" "$want" "$((d))"
	done <<<"$deltas"
}

# stat_deltas FILE - "Name +delta" for each counter, in the order of FILE,
# its growth since the snapshot FILE.
stat_deltas() {
	local name
	local -A _stat_now _stat_was
	local -a _stat_order
	_stat_load "$XTCP_STAT" _stat_now || return 1
	_stat_load "$1" _stat_was || return 1
	for name in "${_stat_order[@]}"; do
		printf '%s +%d\n' "$name" $(( ${_stat_now[k$name]} - ${_stat_was[k$name]} ))
	done
}

# inject_expect KIND COUNT NAME=DELTA... - send COUNT segments of KIND
# (xtcp_inject.py), wait until InSegs has counted them, then check the
# increments with expect_deltas.
inject_expect() {
	local kind=$1 count=$2 before want=$2 e
	local -a snap
	shift 2
	# wait for every segment expected, the replies looped back included
	for e in "$@"; do
		case $e in InSegs=*) want=${e#InSegs=} ;; esac
	done
	before=$(mktemp)
	{ mapfile -t snap <$XTCP_STAT && printf '%s' "${snap[@]/%/$'\n'}" >"$before"; } ||
		fail "cannot read $XTCP_STAT"
	xpy "$XTCP_INJECT" "$kind" "$count" || fail "xtcp_inject.py $kind failed"
	wait_for 30 stat_reached "$before" InSegs "$want"
	expect_deltas "$before" "$@"
	rm -f "$before"
}
