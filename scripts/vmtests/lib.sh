# SPDX-License-Identifier: GPL-2.0
# Helpers for xtcp's VM tests; sourced by run.sh and by every test.
#
# Inside the VM: $XTCP_TOP is the project, $XTCP_KO the module built for
# the running kernel, $XTCP_HELPERS the built C helpers, $XTCP_OUT a
# writable directory shared with the host. Python helpers run with xpy
# (helpers/xpy.c), not python3: forked from run.sh's fork server
# (helpers/xtcp_pyd.py, on $XTCP_PYD), or python3 if there is none.

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

# fail MSG - explain why the test failed, and fail it.
fail() {
	echo "# FAIL: $*" >&2
	exit $KSFT_FAIL
}

# skip MSG - the test cannot run here.
skip() {
	echo "# SKIP: $*" >&2
	exit $KSFT_SKIP
}

# A wait's bound only catches a stall: on the debug kernel (KASAN,
# lockdep, kmemleak, emulated), where starting python3 alone takes 1-2 s,
# every bound is XTCP_WAIT_SCALE (3) times what the test says. What a
# test measures (a timer's interval, a deadline) it measures itself.
if [ -z "${XTCP_WAIT_SCALE:-}" ]; then
	XTCP_WAIT_SCALE=1
	[ "${XTCP_KERNEL:-}" != debug ] || XTCP_WAIT_SCALE=3
fi

# The clock of the waits: ${EPOCHREALTIME/[.,]/} is CLOCK_REALTIME in
# microseconds (as date +%s%N / 1000) without starting a program, which
# costs about 100 ms in the emulated VM.

# nap SECONDS - sleep (fractions too) without starting a program: a
# read with a time limit on a FIFO that nobody writes, $XTCP_NAP_FIFO
# (run.sh makes it once per VM; without it, one of the shell's own),
# opened once per shell. The waits below poll with it: with sleep(1) and a
# program or two per condition, each 50 ms poll cost about 200 ms of the
# guest's CPU, taken from the actors the test waits for.
XTCP_NAP_FD=
nap() {
	local f
	if [ -z "$XTCP_NAP_FD" ]; then
		if [ -p "${XTCP_NAP_FIFO:-}" ]; then
			exec {XTCP_NAP_FD}<>"$XTCP_NAP_FIFO"
		else
			f=$(mktemp -u "${TMPDIR:-/tmp}/xtcp-nap.XXXXXX")
			mkfifo -m 600 "$f" && exec {XTCP_NAP_FD}<>"$f"
			rm -f "$f"
		fi
		[ -n "$XTCP_NAP_FD" ] || { sleep "$1"; return 0; }
	fi
	read -rt "$1" -u "$XTCP_NAP_FD" _ || :
}

# poll_nap START - nap until the next look of a wait that began at START
# (${EPOCHREALTIME/[.,]/}, in microseconds): a tenth of the time waited
# so far, at least 10 ms and at most 200 ms (helpers/xtcp_poll.py paces
# the Python helpers' waits alike). A look costs the debug kernel's guest
# 10-20 ms of a vCPU (measured: polling /proc/net/xtcp and three actors'
# output every 50 ms took 0.45 CPU-s a second); at a fixed pace a test
# slowed down by a busy host waited, and so looked, the longer, and took
# the CPU its actors needed. Late by at most a tenth of the wait or 200 ms.
poll_nap() {
	local us=$(((${EPOCHREALTIME/[.,]/} - $1) / 10))
	((us >= 10000)) || us=10000
	((us <= 200000)) || us=200000
	printf -v us '0.%06d' "$us"
	nap "$us"
}

# wait_until SECONDS COMMAND... - run COMMAND (at poll_nap's pace) until
# it succeeds; returns 1 if it has not after SECONDS (times
# XTCP_WAIT_SCALE). For a wait whose end the test then checks itself,
# with a message of its own. A COMMAND that starts no program (builtins,
# has_line, the xs_* and stat_* conditions) leaves the vCPUs to what the
# test waits for.
wait_until() {
	local limit=$(($1 * XTCP_WAIT_SCALE)) start
	shift
	start=${EPOCHREALTIME/[.,]/}
	until "$@"; do
		[ "${EPOCHREALTIME/[.,]/}" -lt $((start + limit * 1000000)) ] || return 1
		poll_nap "$start"
	done
}

# has_line FILE ERE - FILE has a line matching ERE (as grep -Eq, without
# starting grep: for the conditions of waits).
has_line() {
	local line
	local -a lines
	mapfile -t lines 2>/dev/null <"$1" || return 1
	for line in "${lines[@]}"; do
		[[ $line =~ $2 ]] && return 0
	done
	return 1
}

# count_lines FILE ERE [N] - the number of FILE's lines that match ERE, in
# COUNT (as grep -Ec, without starting grep: a program started costs the
# debug kernel's guest 0.15-0.4 s of its one vCPU, and a wait that polled
# with grep ran one after the other). With N, it succeeds only if COUNT
# is at least N: a condition for the waits.
count_lines() {
	local line
	local -a lines
	COUNT=0
	mapfile -t lines 2>/dev/null <"$1"
	for line in "${lines[@]}"; do
		[[ $line =~ $2 ]] && COUNT=$((COUNT + 1))
	done
	[ $# -lt 3 ] || [ "$COUNT" -ge "$3" ]
}

# last_line FILE - FILE's last line, in LAST (as tail -n1, without tail).
last_line() {
	local -a lines
	LAST=
	mapfile -t lines 2>/dev/null <"$1"
	[ ${#lines[@]} -eq 0 ] || LAST=${lines[-1]}
}

# wait_for SECONDS COMMAND... - wait_until, but fails the test after
# SECONDS. Use it for every "wait until" in a test.
wait_for() {
	wait_until "$@" || fail "timed out after $(($1 * XTCP_WAIT_SCALE))s: ${*:2}"
}

xtcp_loaded() { [ -d /sys/module/xtcp ]; }

# xtcp_load [PARAMS...] - insmod the module built for this kernel.
xtcp_load() {
	xtcp_loaded || insmod "$XTCP_KO" "$@"
}

# xtcp_unload - rmmod the module if it is loaded.
xtcp_unload() {
	! xtcp_loaded || rmmod xtcp
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}

# The IP protocol the sockets API tests open: xtcp's 253, or 6 to check
# the tests' expectations against the kernel's TCP.
XTCP_PROTO=${XTCP_PROTO:-253}

# The address family of the tests that take one (the T-rows, the ICMP
# tests, the netem suites): 4, or 6 to run them over IPv6 (vmtest.sh
# passes it in, as XTCP_PROTO). Their addresses are IPv4 ones, which fam
# turns into the family's.
XTCP_FAMILY=${XTCP_FAMILY:-4}
export XTCP_FAMILY

# fam A.B.C.D[/LEN] - the address (prefix) of $XTCP_FAMILY a test's IPv4
# address A.B.C.D[/LEN] stands for: itself, or over IPv6 fd00::A.B.C.D
# (/LEN + 96), printed as the kernel and Python print it (fd00::a09:101):
# the same subnets, hosts and routes in both families.
fam() {
	local a=${1%/*} len='' o
	[[ "$1" != */* ]] || len=/$((${1#*/} + (XTCP_FAMILY == 6 ? 96 : 0)))
	if [ "$XTCP_FAMILY" != 6 ]; then
		echo "$a$len"
		return
	fi
	IFS=. read -ra o <<<"$a"
	printf 'fd00::%x:%x%s\n' $((o[0] * 256 + o[1])) $((o[2] * 256 + o[3])) "$len"
}

# fam_forward NS - NS forwards packets of $XTCP_FAMILY (a router).
fam_forward() {
	if [ "$XTCP_FAMILY" = 6 ]; then
		ip netns exec "$1" sysctl -qw net.ipv6.conf.all.forwarding=1
	else
		ip netns exec "$1" sysctl -qw net.ipv4.ip_forward=1
	fi
}

# api_case CASE - run xtcp_api.py CASE on $XTCP_PROTO and end the test
# with its result (pass, skip or fail); what it prints is the diagnostic.
api_case() {
	local rc=0
	xpy "$XTCP_TOP/scripts/vmtests/helpers/xtcp_api.py" \
		--proto "$XTCP_PROTO" "$1" || rc=$?
	[ $rc = 0 ] || [ $rc = $KSFT_SKIP ] ||
		fail "xtcp_api.py $1 on protocol $XTCP_PROTO"
	exit $rc
}

# alive PID - PID is running: not gone, and not a zombie. For a background
# job, instead of kill -0, which succeeds on a zombie: a child that has
# exited stays one until its shell waits for it. Seen in a VM under load
# (netem_combined, one run of 42 on 6.1): the client's transfer ended after
# 15 s, yet kill -0 on it still succeeded at the test's 100 s bound,
# with no process of it left but, by elimination, a zombie that bash had
# not reaped (proc_dump did not list zombies then): the same failure as in
# CI's run of c5e0a4f.
alive() {
	local stat
	read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
	stat=${stat##*) }
	[ "${stat%% *}" != Z ]
}

# proc_dump - every process of the VM, a line each (pid, parent, state,
# kernel function it sleeps in, command line), and the kernel stack of
# those the diagnosis is about: in uninterruptible sleep, or a fork
# server's monitor or worker (helpers/xtcp_pyd.py), which run the Python
# helpers. For a test that waited too long on a helper: is it stuck in
# the kernel, and where?
proc_dump() {
	local d pid stat cmd wchan st ppid
	echo "processes (pid ppid state wchan command):"
	for d in /proc/[0-9]*; do
		pid=${d#/proc/}
		read -r stat 2>/dev/null <"$d/stat" || continue
		read -r st ppid _ <<<"${stat##*) }"
		[ "$pid" != 2 ] && [ "$ppid" != 2 ] || continue	# kernel threads
		cmd=$(tr '\0' ' ' 2>/dev/null <"$d/cmdline")
		if [ -z "$cmd" ]; then		# a zombie: [comm]
			cmd=${stat#*(}
			cmd="[${cmd%) *}]"
		fi
		wchan=
		read -r wchan 2>/dev/null <"$d/wchan" || [ -n "$wchan" ] || wchan=?
		echo "  $pid $ppid $st ${wchan:-0} ${cmd:0:120}"
		if [ "$st" = D ] || [[ $cmd == *xtcp_pyd* ]]; then
			sed 's/^/      /' "$d/stack" 2>/dev/null
		fi
	done
}

# Plumbing a test may use; lib_cleanup, called from the test's EXIT trap,
# undoes what it set up: namespaces made, helpers still running.
XTCP_NETNS=()
XTCP_SEGS_PID=
XTCP_XFER_PID=
XTCP_BENCH_PID=
XTCP_TMP=

# lib_cleanup - kill the capture and the servers if still running,
# delete every namespace netns_add made, remove their output files.
lib_cleanup() {
	local ns
	[ -z "$XTCP_SEGS_PID" ] || kill "$XTCP_SEGS_PID" 2>/dev/null
	[ -z "$XTCP_XFER_PID" ] || kill "$XTCP_XFER_PID" 2>/dev/null
	[ -z "$XTCP_BENCH_PID" ] || kill "$XTCP_BENCH_PID" 2>/dev/null
	# one ip(8) run for all (-force: on past one that is gone already)
	[ ${#XTCP_NETNS[@]} -eq 0 ] ||
		for ns in "${XTCP_NETNS[@]}"; do
			echo "netns del $ns"
		done | ip -force -batch - 2>/dev/null
	XTCP_NETNS=()
	[ -z "$XTCP_TMP" ] || rm -rf "$XTCP_TMP"
}

# lib_tmp - make $XTCP_TMP, the directory for the helpers' output.
lib_tmp() {
	[ -n "$XTCP_TMP" ] || XTCP_TMP=$(mktemp -d)
}

# netns_add NS - make network namespace NS; lib_cleanup deletes it.
netns_add() {
	ip netns add "$1" && XTCP_NETNS+=("$1")
}

# veth_pair NS_A DEV_A ADDR_A NS_B DEV_B ADDR_B - two new namespaces
# joined by a veth pair, DEV_A with ADDR_A/24 in NS_A and DEV_B with
# ADDR_B/24 in NS_B, both up; fails the test if any step fails.
#
# Each end's MAC address is made from its IPv4 address (02:00 and the
# four octets) and each side knows the other's from the start (a
# permanent neighbour entry): no ARP on the pair. The tests corrupt, drop
# and duplicate frames with netem, which hits ARP too, and a real link
# would not deliver a corrupted frame at all (the frame check sequence
# fails): seen in a run of netem_combined, a flipped bit in the sender
# address of an ARP reply sent the client's SYNs to a MAC nobody had, the
# server's IP layer dropped them as another host's, and the connection
# was not even open after 100 s.
#
# The namespaces and the pair are made by one ip(8) run, not three (a
# program started costs the debug kernel's guest 0.15-0.4 s of its vCPU).
veth_pair() {
	local link mac_a mac_b
	veth_link_cmd "$@"
	# listed first: lib_cleanup deletes what a failed batch made
	XTCP_NETNS+=("$1" "$4")
	ip -batch - <<-EOF || fail "cannot make the namespaces $1 and $4 and a veth pair"
		netns add $1
		netns add $4
		$link
	EOF
	veth_ends "$@"
}
# veth_link NS_A DEV_A ADDR_A NS_B DEV_B ADDR_B - the same between two
# namespaces that exist already (a router's, say).
veth_link() {
	local link mac_a mac_b
	veth_link_cmd "$@"
	# shellcheck disable=SC2086 # the command's words
	ip $link || fail "cannot make the veth pair $2 ($3 in $1) - $5 ($6 in $4)"
	veth_ends "$@"
}
# veth_link_cmd NS_A DEV_A ADDR_A NS_B DEV_B ADDR_B - the ip(8) command
# that makes the pair, in link (the caller's local), and each end's MAC
# address made from its IPv4 address, in mac_a and mac_b (the caller's).
veth_link_cmd() {
	# shellcheck disable=SC2086 # the octets as printf's arguments
	printf -v mac_a '02:00:%02x:%02x:%02x:%02x' ${3//./ }
	# shellcheck disable=SC2086
	printf -v mac_b '02:00:%02x:%02x:%02x:%02x' ${6//./ }
	link="link add $2 netns $1 address $mac_a type veth peer name $5 netns $4 address $mac_b"
}
# veth_ends NS_A DEV_A ADDR_A NS_B DEV_B ADDR_B - both ends of the pair
# up (veth_link_cmd's MAC addresses), or fail the test.
veth_ends() {
	veth_end "$1" "$2" "$3" "$6" "$mac_b" &&
		veth_end "$4" "$5" "$6" "$3" "$mac_a" ||
		fail "cannot set up the veth pair $2 ($3 in $1) - $5 ($6 in $4)"
}
# veth_end NS DEV ADDR PEER_ADDR PEER_MAC - one end up, in one ip(8) run;
# over IPv6 (XTCP_FAMILY=6) with fam's addresses too, without duplicate
# address detection (which would hold them back a second or more) and
# with the peer's neighbour entry pinned likewise.
veth_end() {
	local v6=
	[ "$XTCP_FAMILY" != 6 ] || v6="addr add $(fam "$3/24") dev $2 nodad
		neigh replace $(fam "$4") lladdr $5 dev $2 nud permanent"
	ip -n "$1" -batch - <<-EOF
		addr add $3/24 dev $2
		$v6
		link set $2 up
		neigh replace $4 lladdr $5 dev $2 nud permanent
	EOF
}

# segs_start [-n NS] IFACE [OPTIONS...] - watch $XTCP_PROTO's segments on
# IFACE (in namespace NS) with xtcp_segs.py OPTIONS, its output in
# $SEGS_OUT; returns once it captures. segs_stop stops it and sets SEGS_SUMMARY
# to its last line (segments, largest, fragments, and with --verify bad
# checksums); not in $(...), where the capture is not a child to wait for.
segs_start() {
	local pre=()
	if [ "$1" = -n ]; then
		pre=(ip netns exec "$2")
		shift 2
	fi
	local iface=$1
	shift
	lib_tmp
	SEGS_OUT=$XTCP_TMP/segs
	rm -f "$SEGS_OUT"	# an earlier capture's "ready" is not this one's
	"${pre[@]}" xpy "$XTCP_TOP/scripts/vmtests/helpers/xtcp_segs.py" \
		--iface "$iface" --proto "$XTCP_PROTO" "$@" >"$SEGS_OUT" 2>&1 &
	XTCP_SEGS_PID=$!
	wait_for 20 has_line "$SEGS_OUT" ready
}
segs_stop() {
	kill -TERM "$XTCP_SEGS_PID"
	wait "$XTCP_SEGS_PID"
	XTCP_SEGS_PID=
	last_line "$SEGS_OUT"
	SEGS_SUMMARY=$LAST
}

# ns_xfer SERVER_NS CLIENT_NS ADDR PORT MIB - MIB MiB of pseudo-random
# data from a client in CLIENT_NS to a server on ADDR:PORT in SERVER_NS
# (xtcp_netxfer.py on $XTCP_PROTO); fails the test unless both ends
# succeed. Sets XFER_SENT and XFER_RECV to "BYTES SHA256" of each end.
ns_xfer() {
	local h=$XTCP_TOP/scripts/vmtests/helpers/xtcp_netxfer.py d
	lib_tmp
	d=$XTCP_TMP
	# An earlier server's "listening" is not this one's: the background
	# job truncates the file only once it runs (gso_veth's second
	# transfer connected before its server listened, and was refused).
	rm -f "$d/server" "$d/client"
	ip netns exec "$1" xpy "$h" server "$3" "$4" --proto "$XTCP_PROTO" \
		--mib "$5" >"$d/server" 2>&1 &
	XTCP_XFER_PID=$!
	wait_for 20 has_line "$d/server" '^listening'
	ip netns exec "$2" xpy "$h" client "$3" "$4" --proto "$XTCP_PROTO" \
		--mib "$5" >"$d/client" 2>&1 || fail "client: $(cat "$d/client")"
	wait "$XTCP_XFER_PID" || fail "server: $(cat "$d/server")"
	XTCP_XFER_PID=
	xfer_sum "$d/client"
	XFER_SENT=$XFER_SUM
	xfer_sum "$d/server"
	XFER_RECV=$XFER_SUM
	[ -n "$XFER_SENT" ] || fail "client printed no digest: $(cat "$d/client")"
}
# xfer_sum FILE - "BYTES SHA256" from xtcp_netxfer.py's output in FILE, a
# line for each such line of it (as sed -nE 's/.../\3 \2/p' gave them,
# without starting sed), in XFER_SUM and on stdout.
xfer_sum() {
	local line re='(sent|recv) sha256 ([0-9a-f]+) \(([0-9]+) bytes\)'
	local -a lines
	XFER_SUM=
	mapfile -t lines 2>/dev/null <"$1"
	for line in "${lines[@]}"; do
		[[ $line =~ $re ]] || continue
		XFER_SUM+=${XFER_SUM:+$'\n'}"${BASH_REMATCH[3]} ${BASH_REMATCH[2]}"
	done
	[ -z "$XFER_SUM" ] || echo "$XFER_SUM"
}

# bench_server NS ADDR:PORT - start xtcp_bench's echo server on
# $XTCP_PROTO in NS; it stays in the background, listening, until
# lib_cleanup kills it.
bench_server() {
	local out
	lib_tmp
	out=$XTCP_TMP/bench
	ip netns exec "$1" xtcp_bench server -p "$XTCP_PROTO" -l "$2" \
		>"$out" 2>&1 || fail "server: $(cat "$out")"
	read -r XTCP_BENCH_PID <"$out"
}

# csum_errors NS - the checksum errors $XTCP_PROTO counted in NS
# (InCsumErrors of /proc/net/xtcp_stat, or of Tcp in /proc/net/snmp).
csum_errors() {
	if [ "$XTCP_PROTO" = 6 ]; then
		ip netns exec "$1" awk '$1 == "Tcp:" && !h { for (i = 1; i <= NF; i++)
			if ($i == "InCsumErrors") c = i; h = 1; next }
			$1 == "Tcp:" { print $c }' /proc/net/snmp
	else
		ip netns exec "$1" awk '$1 == "InCsumErrors" { print $2 }' \
			/proc/net/xtcp_stat
	fi
}
