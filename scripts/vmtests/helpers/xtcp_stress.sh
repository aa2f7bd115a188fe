# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Shell helpers for the stress scenarios (tests/stress_*.sh); source it
# after lib.sh. A scenario runs its short version in make check and its
# long one with XTCP_STRESS=1 (make stress, scripts/stress.sh), and prints
# its figures as lines "figure: NAME VALUE UNIT (what it is)".

XTCP_STRESS_PY=$XTCP_TOP/scripts/vmtests/helpers/xtcp_stress.py

# stress_long - true for the long version (XTCP_STRESS=1).
stress_long() { [ "${XTCP_STRESS:-}" = 1 ]; }

# figure NAME VALUE UNIT WHAT - one figure line.
figure() { echo "figure: $1 $2 $3 ($4)"; }

# stress_ns NS - a new namespace NS (lib_cleanup deletes it): lo up, and
# 10.0.0.1/24 on a dummy device with 10.99.0.0/16 routed to it, the silent
# sources of spoofed segments (what is sent there is dropped).
stress_ns() {
	netns_add "$1" || fail "ip netns add $1 failed"
	ip -n "$1" -batch - <<-EOT || fail "cannot set up namespace $1"
		link set lo up
		link add dummy0 type dummy
		link set dummy0 up
		addr add 10.0.0.1/24 dev dummy0
		route add 10.99.0.0/16 dev dummy0
	EOT
}

# proto_stat NS FILE - the counters of $XTCP_PROTO in NS into FILE,
# "Name value" a line: /proc/net/xtcp_stat, or for TCP the Tcp: and
# TcpExt: lines of /proc/net/snmp and /proc/net/netstat.
proto_stat() {
	if [ "$XTCP_PROTO" = 6 ]; then
		ip netns exec "$1" awk '$1 ~ /^(Tcp|TcpExt):$/ {
			if (!(FILENAME SUB $1 in h)) { h[FILENAME SUB $1] = 1
				for (i = 2; i <= NF; i++) n[i] = $i; next }
			for (i = 2; i <= NF; i++) print n[i], $i }' \
			/proc/net/snmp /proc/net/netstat >"$2"
	else
		ip netns exec "$1" cat /proc/net/xtcp_stat >"$2"
	fi
}

# stat_delta BEFORE AFTER NAME - how much counter NAME grew (0 if absent).
stat_delta() {
	local -A _b _a
	local -a _stat_order
	_stat_load "$1" _b && _stat_load "$2" _a || return 1
	echo $(( ${_a[k$3]:-0} - ${_b[k$3]:-0} ))
}

# mem_avail - MemAvailable of /proc/meminfo, in KiB (builtins only).
mem_avail() {
	local k v _
	while read -r k v _; do
		[ "$k" = MemAvailable: ] && { echo "$v"; return; }
	done </proc/meminfo
}

# mem_watch_start / mem_watch_stop - sample MemAvailable every 0.2 s in
# the background; mem_watch_stop sets MEM_PEAK_KB to the most it fell
# below what it was at mem_watch_start: the peak of the memory the
# machine used meanwhile (slab, socket buffers, page cache alike).
mem_watch_start() {
	lib_tmp
	MEM_BASE_KB=$(mem_avail)
	(
		min=$MEM_BASE_KB
		trap 'echo "$min" >"$XTCP_TMP/mem_min"; exit 0' TERM
		while :; do
			v=$(mem_avail)
			[ "$v" -ge "$min" ] || min=$v
			nap 0.2
		done
	) &
	MEM_WATCH_PID=$!
}
mem_watch_stop() {
	kill -TERM "$MEM_WATCH_PID"
	wait "$MEM_WATCH_PID"
	MEM_PEAK_KB=$((MEM_BASE_KB - $(cat "$XTCP_TMP/mem_min")))
}

# ipv6_run TEST... - run each test script over IPv6 (XTCP_FAMILY=6), one
# after the other, each with its own limit ("# timeout:", else 120 s);
# print its name and time, its output too if it fails; a figure of the
# count; fail the caller if any failed (a skip is shown, not counted).
ipv6_run() {
	local log t name limit line t0 t00 rc took n=0
	local -a failed=()
	log=$(mktemp)
	t00=${EPOCHREALTIME/[.,]/}
	for t in "$@"; do
		name=${t##*/}
		name=${name%.sh}
		limit=120
		while read -r line; do
			[[ "$line" =~ ^#\ timeout:\ ([0-9]+)$ ]] || continue
			((BASH_REMATCH[1] <= limit)) || limit=${BASH_REMATCH[1]}
			break
		done <"$t"
		xtcp_load >/dev/null 2>&1
		t0=${EPOCHREALTIME/[.,]/}
		rc=0
		XTCP_FAMILY=6 timeout -k 5 "$limit" bash "$t" >"$log" 2>&1 || rc=$?
		took=$(((${EPOCHREALTIME/[.,]/} - t0) / 1000000))
		case $rc in
		0) echo "ok $name, ${took} s" ;;
		"$KSFT_SKIP") echo "skip $name: $(tail -n 1 "$log")" ;;
		*)
			echo "FAIL $name, exit status $rc after ${took} s:"
			sed 's/^/    /' "$log"
			failed+=("$name")
			;;
		esac
		n=$((n + 1))
	done
	rm -f "$log"
	figure ipv6_tests "$n" tests "run over IPv6, $(((${EPOCHREALTIME/[.,]/} - t00) / 1000000)) s"
	[ ${#failed[@]} -eq 0 ] ||
		fail "over IPv6 on protocol $XTCP_PROTO: ${failed[*]}"
}
