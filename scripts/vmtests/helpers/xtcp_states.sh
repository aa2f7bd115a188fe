# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Shell side of the RFC 793 state tests (tests/tNN_*.sh, one per row of the
# checklist T01-T28); source it after lib.sh. The socket choreography is
# xtcp_play.py's (sock, peer, capture).
#
# The protocol is $XTCP_PROTO: 253 (default) is xtcp, whose states are in
# /proc/net/xtcp; 6 runs the same test against the kernel's TCP, states in
# /proc/net/tcp. The family is $XTCP_FAMILY: 4 (default), or 6 to run the
# test over IPv6 (AF_INET6 sockets, states in /proc/net/xtcp6 or
# /proc/net/tcp6). vmtest.sh passes both into the VM:
#
#   XTCP_PROTO=6 XTCP_FAMILY=6 scripts/vmtest.sh 6.1 t01_closed_listen ...
#
# A test names its addresses with the variables below, never literally:
# XS_LO (loopback), XS_SUT and XS_PEER (the scripted peer's topology), and
# for the capture's and accept()'s output, which write an IPv6 address
# in brackets ([::1]:5002), the EREs XS_LO_RE, XS_SUT_RE and XS_PEER_RE.
#
# Sourcing this re-runs the test in a network namespace of its own (lo up,
# nothing else), so ports are fixed, netem on lo and sysctls stay in the
# test, and everything goes with the namespace; run.sh starts such a test
# in one already (unshare -n, XS_NETNS=1), which spares a second bash and
# lib.sh (0.3 s of the debug kernel's vCPU). A test that calls xs_peer_net
# has lo brought up there, in the same ip(8) run (0.4 s spared). The
# topology of the tests
# with a scripted peer (xs_peer_net):
#
#   system under test: 10.0.0.1/24 on dummy xpeer0, 127.0.0.1 on lo
#   scripted peer:     10.0.0.2, nowhere; its segments are sent through a
#                      raw socket to 10.0.0.1 (they arrive on lo), the
#                      answers to it are read off xpeer0, where they end
#
# and over IPv6 fd00::a00:1/120 (lib.sh's fam) and ::1, fd00::a00:2 (a
# dummy device has no neighbour discovery: what goes to the peer ends
# there as over IPv4).
#
# States are the kernel's TCP_* names: ESTABLISHED SYN_SENT SYN_RECV
# FIN_WAIT1 FIN_WAIT2 TIME_WAIT CLOSE CLOSE_WAIT LAST_ACK LISTEN CLOSING;
# CLOSED is "no row".

XTCP_PROTO=${XTCP_PROTO:-253}
export XTCP_PROTO XS_IFACE=xpeer0
if [ "$XTCP_PROTO" = 6 ]; then
	XS_FILE=/proc/net/tcp
else
	XS_FILE=/proc/net/xtcp
fi
if [ "$XTCP_FAMILY" = 6 ]; then
	XS_FILE=${XS_FILE}6
	XS_LO=::1 XS_LO_RE='\[::1\]' XS_PLEN=120
	XS_SUT=fd00::a00:1 XS_SUT_RE='\[fd00::a00:1\]'
	XS_PEER=fd00::a00:2 XS_PEER_RE='\[fd00::a00:2\]'
else
	XS_LO=127.0.0.1 XS_LO_RE='127\.0\.0\.1' XS_PLEN=24
	XS_SUT=10.0.0.1 XS_SUT_RE='10\.0\.0\.1'
	XS_PEER=10.0.0.2 XS_PEER_RE='10\.0\.0\.2'
fi
# xtcp_play.py's too
export XS_LO XS_SUT XS_PEER
XS_PLAY=$XTCP_TOP/scripts/vmtests/helpers/xtcp_play.py

if [ -z "${XS_NETNS:-}" ]; then
	XS_NETNS=1 exec unshare -n bash "$0" "$@"
fi
# xs_lo_up - bring lo up, unless done already.
XS_LO_UP=
xs_lo_up() {
	[ -n "$XS_LO_UP" ] || ip link set lo up || fail "cannot bring lo up"
	XS_LO_UP=1
}
# A test with a line "xs_peer_net" (which it calls before anything that
# needs lo) has xs_peer_net bring lo up; any other, now. An actor started
# before either (xs_bg) brings it up first all the same.
XS_LO_LATER=
mapfile -t XS_LINES <"$0"
for XS_LINE in "${XS_LINES[@]}"; do
	[ "$XS_LINE" != xs_peer_net ] || XS_LO_LATER=1
done
unset XS_LINES XS_LINE
[ -n "$XS_LO_LATER" ] || xs_lo_up
[ -r "$XS_FILE" ] || fail "no $XS_FILE (protocol $XTCP_PROTO)"

XS_SYNC=$(mktemp -d)
export XS_SYNC
XS_PIDS=()

# xs_cleanup - stop what the test started in the background; on failure
# show what each of those printed.
xs_cleanup() {
	local rc=$? f
	[ ${#XS_PIDS[@]} -eq 0 ] || kill "${XS_PIDS[@]}" 2>/dev/null
	wait 2>/dev/null
	if [ $rc != 0 ]; then
		for f in "$XS_SYNC"/*.out; do
			[ -e "$f" ] || continue
			echo "--- $(basename "$f" .out):"
			cat "$f"
		done
	fi
	rm -rf "$XS_SYNC"
}
trap xs_cleanup EXIT

# xs_bg NAME CMD... - run CMD in the background; its output goes to
# $XS_SYNC/NAME.out, followed by "exit STATUS" when it ends.
xs_bg() {
	local name=$1
	shift
	xs_lo_up
	(
		"$@" &
		child=$!
		trap 'kill $child 2>/dev/null' TERM
		wait $child
		echo "exit $?"
	) >"$XS_SYNC/$name.out" 2>&1 &
	XS_PIDS+=($!)
}

# xs_sock NAME STEP... - an xtcp_play.py sock actor in the background.
xs_sock() {
	local name=$1
	shift
	xs_bg "$name" xpy "$XS_PLAY" sock "$@"
}

# xs_peer NAME PEER_PORT SUT_PORT STEP... - a scripted peer in the
# background (xs_peer_net first).
xs_peer() {
	local name=$1
	shift
	xs_bg "$name" xpy "$XS_PLAY" peer "$@"
}

# xs_capture NAME IFACE - record what IFACE transmits, in $XS_SYNC/NAME.out;
# returns once the capture runs.
xs_capture() {
	xs_bg "$1" xpy "$XS_PLAY" capture "$2"
	xs_wait 10 xs_said "$1" '^capturing'
}

# xs_peer_net - the dummy device through which the system under test
# reaches the scripted peer $XS_PEER; lo up too.
xs_peer_net() {
	# one ip(8) run, not four: each costs 0.2 s of a 6.1 guest's CPU,
	# 0.4-0.75 s of the debug kernel's; nodad: usable at once
	local nodad=
	[ "$XTCP_FAMILY" != 6 ] || nodad=nodad
	ip -batch - <<-EOF || fail "cannot set up $XS_IFACE"
	link set lo up
	link add $XS_IFACE type dummy
	addr add $XS_SUT/$XS_PLEN dev $XS_IFACE $nodad
	link set $XS_IFACE up
	EOF
	XS_LO_UP=1
}

# xs_mark NAME - let actors waiting with await:NAME go on.
xs_mark() { : >"$XS_SYNC/$1"; }

# xs_marked NAME - an actor has done mark:NAME.
xs_marked() { [ -e "$XS_SYNC/$1" ]; }

# xs_said NAME REGEX - actor NAME has printed a line matching REGEX (an
# ERE, as grep -E's). The conditions the waits poll start no program.
xs_said() { has_line "$XS_SYNC/$1.out" "$2"; }

# xs_out NAME - what actor NAME has printed so far.
xs_out() { cat "$XS_SYNC/$1.out"; }

# xs_done NAME - actor NAME has ended and succeeded.
xs_done() { xs_said "$1" '^exit 0$'; }

# xs_check_actors - fail the test as soon as an actor has failed.
xs_check_actors() {
	local f
	for f in "$XS_SYNC"/*.out; do
		[ -e "$f" ] || continue
		f=${f##*/}
		! xs_said "${f%.out}" '^exit [1-9]' ||
			fail "${f%.out} failed: $(grep -v '^exit' "$XS_SYNC/$f" | tail -n 3)"
	done
}

# xs_wait SECONDS COMMAND... - wait_for that also fails at once when an
# actor fails, and shows the state listing when it times out.
xs_wait() {
	local limit=$(($1 * XTCP_WAIT_SCALE)) start
	shift
	start=${EPOCHREALTIME/[.,]/}
	until "$@"; do
		xs_check_actors
		if [ "${EPOCHREALTIME/[.,]/}" -ge $((start + limit * 1000000)) ]; then
			echo "$XS_FILE:"
			cat "$XS_FILE"
			fail "timed out after ${limit}s: $*"
		fi
		poll_nap "$start"
	done
}

# xs_st LPORT RPORT - the state name of each row whose local port is LPORT
# and remote port RPORT (0 for a listener), one a line; nothing if none.
xs_st() {
	_xs_find "$1" "$2"
	[ ${#XS_FOUND[@]} -eq 0 ] || printf '%s\n' "${XS_FOUND[@]}"
}

# The state names of /proc/net/tcp's st column (include/net/tcp_states.h).
declare -A XS_NAMES=([01]=ESTABLISHED [02]=SYN_SENT [03]=SYN_RECV
	[04]=FIN_WAIT1 [05]=FIN_WAIT2 [06]=TIME_WAIT [07]=CLOSE [08]=CLOSE_WAIT
	[09]=LAST_ACK [0A]=LISTEN [0B]=CLOSING)

# _xs_find LPORT RPORT - xs_st's states in the array XS_FOUND, found
# without starting a program (the waits poll it). The listing is read
# first, in one read() for a page or less (these tests' few rows): read's
# loop on the file itself seeks back after each line, and each read from
# an offset makes seq_file walk the table again up to it, so a row that
# went away above shifts the rest and the next row is skipped (fresh20's
# ts_timestamps saw no row of a TIME-WAIT entry).
_xs_find() {
	local l r sl loc rem st rest head=1 text
	printf -v l ':%04X' "$1"
	printf -v r ':%04X' "$2"
	XS_FOUND=()
	text=$(<"$XS_FILE")
	while read -r sl loc rem st rest; do
		[ -z "$head" ] || { head=; continue; }
		[ "${loc: -5}" = "$l" ] && [ "${rem: -5}" = "$r" ] || continue
		XS_FOUND+=("${XS_NAMES[$st]:-st=$st}")
	done <<<"$text"
}

# xs_is LPORT RPORT STATE - a row LPORT-RPORT is in STATE.
xs_is() {
	local s
	_xs_find "$1" "$2"
	for s in "${XS_FOUND[@]}"; do
		[ "$s" = "$3" ] && return 0
	done
	return 1
}

# xs_none LPORT RPORT - no row LPORT-RPORT (CLOSED).
xs_none() {
	_xs_find "$1" "$2"
	[ ${#XS_FOUND[@]} -eq 0 ]
}

# xs_field LPORT RPORT COLUMN - column COLUMN (1-based, as in the header:
# 5 tx_queue:rx_queue, 6 tr:tm->when, 7 retrnsmt) of the row LPORT-RPORT.
xs_field() {
	awk -v l="$(printf ':%04X' "$1")" -v r="$(printf ':%04X' "$2")" \
		-v c="$3" 'NR > 1 && substr($2, length($2) - 4) == l &&
		substr($3, length($3) - 4) == r { print $c; exit }' "$XS_FILE"
}

# xs_expect_state LPORT RPORT STATE - the row is in STATE now.
xs_expect_state() {
	_xs_find "$1" "$2"
	local IFS=' '
	expect_eq "state of $1-$2" "$3" "${XS_FOUND[*]}"
}

# xs_now_ms - the time, in ms (CLOCK_REALTIME, as xtcp_play.py prints it).
xs_now_ms() { echo $((${EPOCHREALTIME/[.,]/} / 1000)); }
