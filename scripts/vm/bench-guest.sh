#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-guest.sh XTCP_KO BIN FIGURE... - runs inside the make bench VM:
# load xtcp, set up the links, and measure each FIGURE (LINK-MODE) for the
# kernel's TCP and for xtcp alternately with BIN/xtcp_bench. Progress goes
# to stdout; scripts/bench.sh makes the table from what this leaves in
# $XTCP_OUT. See Documentation/bench.rst.
#
#   lo     127.0.0.1, in the VM's own namespace
#   veth   xb-a [xb-a0 10.11.0.1] ---- [xb-b0 10.11.0.2] xb-b
#   loss   xb-c [xb-c0 10.12.0.1] -- [xb-r0 .2] xb-r [xb-r1 10.13.0.2] -- [xb-d0 .1] xb-d
#          a router namespace between client and server, netem loss 1% on
#          both of its ends (each direction loses 1%), GRO off on them and
#          TSO/GSO off on the client's and server's ends, so that netem
#          sees wire-sized packets only: the kernel's TCP sends GSO
#          aggregates whatever the device's features (sk_setup_caps()),
#          and a netem on the sender's own device would drop a whole
#          aggregate of up to 45 segments as one packet
#   loss5, loss10
#          the same path with 5% and 10% loss (tc qdisc change before
#          each measurement)
#   iopc   xb-e [xb-e0 10.14.0.1] ---- [xb-f0 10.14.0.2] xb-f, interop:
#          xtcp's measurement is an xtcp client in interop mode (xtcp_bench
#          -i: TCP on the wire) against a server on the kernel's TCP, beside
#          TCP's (TCP on both ends) on the same pair
#   iops   the same pair, the other way: a client on the kernel's TCP
#          against an xtcp server in interop mode
#   lo6, veth6, iopc6, iops6
#          lo, veth, iopc and iops over IPv6: ::1, and the pairs'
#          fd00::a0b:2 and fd00::a0e:2 (addresses added without duplicate
#          address detection)
#
# For the lossy links each round also counts the packets netem dropped on
# the way to the server (the data of a stream) and the segments the client
# retransmitted (RetransSegs of its namespace: /proc/net/snmp for TCP,
# /proc/net/xtcp_stat for xtcp), and the table has their ratio. For the
# streams on loopback and veth it counts the guest's CPU time (/proc/stat,
# all CPUs, both ends) per megabyte delivered: steadier under TCG than the
# rate, which a busy host moves up to 2x; and for rr and crr there, per
# transaction or connection (microseconds).
#
# Clients run in xb-a, xb-c and xb-e, servers in xb-b, xb-d and xb-f. MODE is stream,
# rr or crr. Environment: XTCP_BENCH_SECONDS (length of a measurement, 5),
# XTCP_BENCH_ROUNDS (measurements per figure and protocol, 3).
#
# Two more figures, the scale ones, run each protocol once (TCP, then
# xtcp), on loopback, with "xtcp_bench scale" holding both ends of every
# connection (sources 127.0.0.2, 127.0.0.3, ...):
#
#   scale-est  for each N in XTCP_BENCH_EST ("10000 100000"): N
#              established connections, their memory, the time to open
#              them, the 1-octet request/response rate over them
#   scale-tw   XTCP_BENCH_TW (100000) TIME-WAIT entries, their memory,
#              the connect+close rate while they exist
#
# Before each, the limits are raised for both protocols alike (file
# descriptors, net.core.somaxconn, tcp_max_tw_buckets of both) and the
# guest waits until no socket or TIME-WAIT entry of either is left from
# what ran before, so that the memory measured moves only with what the
# figure makes.
#
# Files in $XTCP_OUT: header.txt (date, kernel, VM); for each figure done,
# its name in done.txt, its lines in rows.txt (the table's rows; one for
# a LINK-MODE figure, several for a scale one), details.txt (every round)
# and, if
# the kernel logged warnings or errors meanwhile, klog.txt; current.txt
# names the figure and the measurement in progress, and partial.txt holds
# the figure's values so far, so that the host can tell what a crash
# interrupted. Exit status 1 if the benchmark could not start.
set -u
: "${XTCP_OUT:?}"
ko=$1
bench=$2/xtcp_bench
shift 2
seconds=${XTCP_BENCH_SECONDS:-5}
rounds=${XTCP_BENCH_ROUNDS:-3}
limit=$(( ${seconds%.*} + 10 ))	# the client's own limit (-w)
est_sizes=${XTCP_BENCH_EST:-10000 100000}
tw_size=${XTCP_BENCH_TW:-100000}
scale_limit=1800		# xtcp_bench scale's own limit (-w)
tmp=$(mktemp -d)
port=20000			# a new server port for every measurement

declare -A name=([lo]="loopback" [veth]="veth" [loss]="veth 1% loss"
	[loss5]="veth 5% loss" [loss10]="veth 10% loss"
	[iopc]="interop, xtcp client" [iops]="interop, xtcp server"
	[lo6]="IPv6 loopback" [veth6]="IPv6 veth"
	[iopc6]="IPv6 interop, xtcp client" [iops6]="IPv6 interop, xtcp server"
	[stream]="stream (MB/s)" [rr]="rr (trans/s)" [crr]="crr (conn/s)")
declare -A unit=([rr]="us/trans" [crr]="us/conn")
declare -A server_ns=([veth]=xb-b [loss]=xb-d [loss5]=xb-d [loss10]=xb-d
	[iopc]=xb-f [iops]=xb-f [veth6]=xb-b [iopc6]=xb-f [iops6]=xb-f)
declare -A client_ns=([veth]=xb-a [loss]=xb-c [loss5]=xb-c [loss10]=xb-c
	[iopc]=xb-e [iops]=xb-e [veth6]=xb-a [iopc6]=xb-e [iops6]=xb-e)
declare -A server_addr=([lo]=127.0.0.1 [veth]=10.11.0.2 [loss]=10.13.0.1
	[loss5]=10.13.0.1 [loss10]=10.13.0.1 [iopc]=10.14.0.2 [iops]=10.14.0.2
	[lo6]="[::1]" [veth6]="[fd00::a0b:2]" [iopc6]="[fd00::a0e:2]"
	[iops6]="[fd00::a0e:2]")
declare -A loss_pct=([loss]=1 [loss5]=5 [loss10]=10)
declare -A label=([6]=TCP [253]=xtcp)

die() {
	echo "bench: $*" >&2
	exit 1
}

# in_client LINK CMD..., in_server LINK CMD... - run CMD where LINK's
# clients or servers live
in_client() { in_ns "${client_ns[$1]:-}" "${@:2}"; }
in_server() { in_ns "${server_ns[$1]:-}" "${@:2}"; }
in_ns() {
	if [ -n "$1" ]; then
		ip netns exec "$1" "${@:2}"
	else
		"${@:2}"
	fi
}

# wide_ports [NS] - the whole unprivileged port range for ephemeral ports:
# crr leaves a TIME-WAIT per connection, for 60 s, in both protocols
wide_ports() {
	in_ns "${1:-}" sysctl -qw net.ipv4.ip_local_port_range="1024 65535"
}

# pair LEFT RIGHT SUBNET - two namespaces joined by a veth pair; IPv4's
# SUBNET.1 and .2, and IPv6's fd00::A0B:C01 and C02 for SUBNET A.B.C
pair() {
	local ns v6 o
	IFS=. read -ra o <<<"$3"
	printf -v v6 'fd00::%x:%x' $((o[0] * 256 + o[1])) $((o[2] * 256))
	ip netns add "$1" && ip netns add "$2" &&
		ip link add "${1}0" netns "$1" type veth peer name "${2}0" netns "$2" ||
		return 1
	ip -n "$1" addr add "$3.1/24" dev "${1}0" &&
		ip -n "$2" addr add "$3.2/24" dev "${2}0" &&
		ip -n "$1" addr add "${v6%0}1/120" dev "${1}0" nodad &&
		ip -n "$2" addr add "${v6%0}2/120" dev "${2}0" nodad || return 1
	for ns in "$1" "$2"; do
		ip -n "$ns" link set lo up && ip -n "$ns" link set "${ns}0" up &&
			wide_ports "$ns" || return 1
	done
}

# lossy_path - client xb-c, router xb-r, server xb-d; 1% loss both ways
# at the router, which sees and forwards single segments only
lossy_path() {
	local ns
	ip netns add xb-c && ip netns add xb-r && ip netns add xb-d || return 1
	ip link add xb-c0 netns xb-c type veth peer name xb-r0 netns xb-r &&
		ip link add xb-d0 netns xb-d type veth peer name xb-r1 netns xb-r &&
		ip -n xb-c addr add 10.12.0.1/24 dev xb-c0 &&
		ip -n xb-r addr add 10.12.0.2/24 dev xb-r0 &&
		ip -n xb-r addr add 10.13.0.2/24 dev xb-r1 &&
		ip -n xb-d addr add 10.13.0.1/24 dev xb-d0 || return 1
	for ns in xb-c xb-r xb-d; do
		ip -n "$ns" link set lo up || return 1
	done
	ip -n xb-c link set xb-c0 up && ip -n xb-d link set xb-d0 up &&
		ip -n xb-r link set xb-r0 up && ip -n xb-r link set xb-r1 up &&
		ip -n xb-c route add default via 10.12.0.2 &&
		ip -n xb-d route add default via 10.13.0.2 &&
		ip netns exec xb-r sysctl -qw net.ipv4.ip_forward=1 &&
		wide_ports xb-c && wide_ports xb-d || return 1
	ip netns exec xb-c ethtool -K xb-c0 tso off gso off >/dev/null &&
		ip netns exec xb-d ethtool -K xb-d0 tso off gso off >/dev/null &&
		ip netns exec xb-r ethtool -K xb-r0 gro off >/dev/null &&
		ip netns exec xb-r ethtool -K xb-r1 gro off >/dev/null &&
		tc -n xb-r qdisc add dev xb-r0 root netem loss 1% &&
		tc -n xb-r qdisc add dev xb-r1 root netem loss 1%
}

# loss_set PCT - each direction through the router loses PCT% of packets
loss_set() {
	tc -n xb-r qdisc change dev xb-r0 root netem loss "$1%" &&
		tc -n xb-r qdisc change dev xb-r1 root netem loss "$1%"
}

# dropped - packets netem dropped so far on the way to the server (xb-r1)
dropped() {
	tc -s -n xb-r qdisc show dev xb-r1 |
		sed -n 's/.*(dropped \([0-9]*\),.*/\1/p' | head -n1
}

# counters PROTO NAME... - the client namespace's (xb-c) counters NAME,
# in that order, separated by "/" (0 for one the protocol lacks): TCP's
# from /proc/net/snmp and /proc/net/netstat (a line of names, then one of
# values, per group), xtcp's from /proc/net/xtcp_stat ("name value")
counters() {
	local proto=$1 f=(/proc/net/xtcp_stat)
	shift
	[ "$proto" != 6 ] || f=(/proc/net/snmp /proc/net/netstat)
	# shellcheck disable=SC2016 # awk's fields
	ip netns exec xb-c awk -v names="$*" -v tcp="$proto" '
		tcp != 6 { v[$1] = $2; next }
		$1 == g { for (i = 2; i <= NF; i++) v[k[i]] = $i; g = ""; next }
		{ g = $1; split($0, k) }
		END { n = split(names, w); for (i = 1; i <= n; i++)
			printf "%s%d", (i > 1 ? "/" : ""), v[w[i]] }' "${f[@]}"
}

# retrans PROTO - segments the client's namespace retransmitted
retrans() { counters "$1" RetransSegs; }

# The loss-recovery counters of a lossy stream, the client's (the sender),
# in details.txt: where the two protocols' repairs differ (an RTO costs a
# 200 ms stall at least, a loss probe or a SACK recovery does not).
rec_names="TCPTimeouts TCPLossProbes TCPLossProbeRecovery TCPSackRecovery TCPLostRetransmit TCPDSACKUndo TCPSACKReorder"

# recovery PROTO - the values of $rec_names, counters' way
recovery() {
	# shellcheck disable=SC2086 # one name a word
	counters "$1" $rec_names
}

# rec_add SUM NOW THEN - SUM + NOW - THEN, field by field ("/" between)
rec_add() {
	awk -v a="$1" -v b="$2" -v c="$3" 'BEGIN { n = split(b, y, "/");
		split(a, x, "/"); split(c, z, "/")
		for (i = 1; i <= n; i++) printf "%s%d", (i > 1 ? "/" : ""),
			x[i] + y[i] - z[i] }'
}

# cpu_ms - the guest's busy CPU time so far, all CPUs, in milliseconds
cpu_ms() {
	awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" {
		printf "%.0f", ($2 + $3 + $4 + $7 + $8) * 1000 / hz }' /proc/stat
}

setup() {
	modprobe -q veth 2>/dev/null
	modprobe -q sch_netem 2>/dev/null
	insmod "$ko" || die "insmod $ko failed"
	wide_ports || die "cannot set ip_local_port_range"
	pair xb-a xb-b 10.11.0 || die "cannot set up the veth pair"
	pair xb-e xb-f 10.14.0 || die "cannot set up the interop veth pair"
	if ! lossy_path; then
		die "cannot set up the lossy path (veth, forwarding, netem, ethtool)"
	fi
}

# measure PROTO LINK MODE - one measurement: sets $value and $detail, or
# $reason and returns 1. On the interop links xtcp's measurement has one
# end on the kernel's TCP and the other in interop mode.
measure() {
	local proto=$1 link=$2 mode=$3 addr pid out rc=0
	local -a cl=(-p "$1") sv=(-p "$1")
	if [ "$proto" != 6 ]; then
		case $link in
		iopc*) cl+=(-i) sv=(-p 6) ;;
		iops*) cl=(-p 6) sv+=(-i) ;;
		esac
	fi
	addr=${server_addr[$link]}:$port
	port=$((port + 1))
	if ! pid=$(in_server "$link" "$bench" server "${sv[@]}" -l "$addr" \
		2>"$tmp/server.err"); then
		reason="server: $(tail -n1 "$tmp/server.err")"
		return 1
	fi
	out=$(in_client "$link" timeout -k 2 $((limit + 5)) "$bench" client \
		"${cl[@]}" -c "$addr" -m "$mode" -t "$seconds" -w "$limit" \
		2>"$tmp/client.err") || rc=$?
	kill "$pid" 2>/dev/null
	if [ $rc = 0 ] && [ -n "$out" ]; then
		value=${out%% *}
		detail=${out#* }
		return 0
	fi
	case $rc in
	124|137) reason="killed after $((limit + 5)) s" ;;
	*) reason=$(tail -n1 "$tmp/client.err") ;;
	esac
	reason=${reason#xtcp_bench: }
	[ -n "$reason" ] || reason="client exit status $rc"
	# the server's own complaint, if it had one
	[ ! -s "$tmp/server.err" ] ||
		reason="$reason; server: $(tail -n1 "$tmp/server.err" | sed 's/^xtcp_bench: //')"
	return 1
}

# median VALUE... - the middle value, or the mean of the middle two
median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
		END { m = int((NR + 1) / 2); print (NR % 2) ? v[m] : (v[m] + v[m + 1]) / 2 }'
}

# number VALUE - as the table shows it: three or more significant digits
number() {
	awk -v v="$1" 'BEGIN {
		printf (v >= 100) ? "%.0f" : (v >= 10) ? "%.1f" : "%.2f", v }'
}

# klog - the kernel's warnings and worse so far, without timestamps
klog() {
	dmesg -l emerg,alert,crit,err,warn | sed -E 's/^\[[ 0-9.]*\] //'
}

# figure LINK-MODE - every round of one figure; its row and rounds go to
# $XTCP_OUT
figure() {
	local link=${1%-*} mode=${1#*-} r p order title t='' x='' ratio row seen
	local d0 r0 c0 mb n k0
	local -A vals=() failure=() drops=() rexmit=() cpu=() mbs=() rec=()

	title="${name[$link]} ${name[$mode]}"
	seen=$(klog | wc -l)
	[ -z "${loss_pct[$link]:-}" ] || loss_set "${loss_pct[$link]}" ||
		die "cannot set netem loss ${loss_pct[$link]}%"
	: >"$XTCP_OUT/partial.txt"
	for ((r = 1; r <= rounds; r++)); do
		# alternate which protocol goes first, so drift hits both
		order="6 253"
		[ $((r % 2)) = 1 ] || order="253 6"
		for p in $order; do
			[ -z "${failure[$p]:-}" ] || continue
			printf '%s\n%s round %d\n' "$title" "${label[$p]}" "$r" \
				>"$XTCP_OUT/current.txt"
			sync
			if [ -n "${loss_pct[$link]:-}" ] && [ "$mode" = stream ]; then
				d0=$(dropped) r0=$(retrans "$p") k0=$(recovery "$p")
			fi
			c0=$(cpu_ms)
			if measure "$p" "$link" "$mode"; then
				vals[$p]="${vals[$p]:-} $value"
				if [ -n "${loss_pct[$link]:-}" ] &&
					[ "$mode" != stream ]; then
					:
				elif [ "$mode" != stream ]; then
					# us per transaction or connection:
					# CPU ms over thousands of them
					n=$(awk -v v="$value" -v s="$seconds" \
						'BEGIN { print v * s / 1000 }')
					cpu[$p]=$(( ${cpu[$p]:-0} + $(cpu_ms) - c0 ))
					mbs[$p]=$(awk -v a="${mbs[$p]:-0}" -v b="$n" \
						'BEGIN { print a + b }')
				elif [ -n "${loss_pct[$link]:-}" ]; then
					drops[$p]=$(( ${drops[$p]:-0} + $(dropped) - d0 ))
					rexmit[$p]=$(( ${rexmit[$p]:-0} + $(retrans "$p") - r0 ))
					rec[$p]=$(rec_add "${rec[$p]:-}" "$(recovery "$p")" "$k0")
				else
					# MB/s times the seconds measured
					mb=$(awk -v v="$value" -v s="$seconds" \
						'BEGIN { print v * s }')
					cpu[$p]=$(( ${cpu[$p]:-0} + $(cpu_ms) - c0 ))
					mbs[$p]=$(awk -v a="${mbs[$p]:-0}" -v b="$mb" \
						'BEGIN { print a + b }')
				fi
				echo "${label[$p]} $value" >>"$XTCP_OUT/partial.txt"
				printf '  %-40s round %d  %-4s  %s %s\n' "$title" "$r" \
					"${label[$p]}" "$value" "$detail"
			else
				failure[$p]=$reason
				printf '  %-40s round %d  %-4s  failed: %s\n' "$title" \
					"$r" "${label[$p]}" "$reason"
			fi
		done
	done

	# shellcheck disable=SC2086 # the values are numbers, split on purpose
	[ -n "${failure[6]:-}" ] || t=$(median ${vals[6]})
	# shellcheck disable=SC2086
	[ -n "${failure[253]:-}" ] || x=$(median ${vals[253]})
	if [ -n "${failure[6]:-}" ]; then
		row=$(printf '%-40s TCP failed: %s (xtcp: %s)' "$title" "${failure[6]}" \
			"${x:+$(number "$x")}${failure[253]:+failed}")
	elif [ -n "${failure[253]:-}" ]; then
		row=$(printf '%-40s %10s  failed: %s' "$title" "$(number "$t")" \
			"${failure[253]}")
	else
		ratio=$(awk -v t="$t" -v x="$x" 'BEGIN {
			if (t > 0) printf "%.2f", x / t; else print "-" }')
		row=$(printf '%-40s %10s %10s %9s' "$title" "$(number "$t")" \
			"$(number "$x")" "$ratio")
	fi
	echo "$row" >>"$XTCP_OUT/rows.txt"
	if [ -n "${loss_pct[$link]:-}" ] && [ "$mode" != stream ]; then
		:
	elif [ "$mode" != stream ]; then
		cost_row "${name[$link]} $mode CPU (${unit[$mode]})" cpu mbs
		printf '%-40s guest CPU ms/thousand TCP: %s/%s  xtcp: %s/%s\n' \
			"$title" "${cpu[6]:--}" "${mbs[6]:--}" \
			"${cpu[253]:--}" "${mbs[253]:--}" >>"$XTCP_OUT/details.txt"
	elif [ -n "${loss_pct[$link]:-}" ]; then
		cost_row "${name[$link]} $mode retrans/drop" rexmit drops
		printf '%-40s retransmitted/dropped TCP: %s/%s  xtcp: %s/%s\n' \
			"$title" "${rexmit[6]:--}" "${drops[6]:--}" \
			"${rexmit[253]:--}" "${drops[253]:--}" >>"$XTCP_OUT/details.txt"
		printf '%-40s %s: TCP %s, xtcp %s\n' "$title" \
			"${rec_names// //}" "${rec[6]:--}" "${rec[253]:--}" \
			>>"$XTCP_OUT/details.txt"
	else
		cost_row "${name[$link]} stream CPU (ms/MB)" cpu mbs
		printf '%-40s guest CPU ms/MB TCP: %s/%s  xtcp: %s/%s\n' \
			"$title" "${cpu[6]:--}" "${mbs[6]:--}" \
			"${cpu[253]:--}" "${mbs[253]:--}" >>"$XTCP_OUT/details.txt"
	fi
	printf '%-40s TCP:%s  xtcp:%s\n' "$title" \
		"${vals[6]:-}${failure[6]:+ failed}" \
		"${vals[253]:-}${failure[253]:+ failed}" >>"$XTCP_OUT/details.txt"
	figure_done "$1" "$title" "$seen"
}

# cost_row TITLE NUM DEN - a row of NUM / DEN, summed over the rounds, of
# each protocol (arrays named NUM and DEN of the caller, by protocol), and
# xtcp's over TCP's: a cost, lower is better
cost_row() {
	local -n num=$2 den=$3
	local p
	local -A v=()
	for p in 6 253; do
		v[$p]=$(awk -v a="${num[$p]:-}" -v b="${den[$p]:-0}" 'BEGIN {
			if (a != "" && b > 0) printf "%.2f", a / b; else print "-" }')
	done
	printf '%-40s %10s %10s %9s\n' "$1" "${v[6]}" "${v[253]}" \
		"$(awk -v t="${v[6]}" -v x="${v[253]}" 'BEGIN {
			if (t + 0 > 0 && x != "-") printf "%.2f", x / t; else print "-" }')" \
		>>"$XTCP_OUT/rows.txt"
}

# figure_done FIGURE TITLE SEEN - what every figure does at its end: the
# kernel's complaints since line SEEN of its log, a quiet second, FIGURE
# in done.txt (the host goes on after it if the kernel crashes later)
figure_done() {
	local title=$2 seen=$3
	klog | tail -n +$((seen + 1)) | sed -E 's/[0-9a-f]{16}/(pointer)/g' |
		sort | uniq -c | sort -rn | head -n 5 | awk -v t="$title" '
		NR == 1 { print t ":" }
		{ n = $1; sub(/^ *[0-9]+ /, ""); printf "  %d x %s\n", n, $0 }' \
		>>"$XTCP_OUT/klog.txt"
	# a quiet second, so that what the figure leaves behind (the last
	# segments, TIME-WAIT expiries) is not charged to the next one
	sleep 1
	echo "$1" >>"$XTCP_OUT/done.txt"
	rm -f "$XTCP_OUT/current.txt" "$XTCP_OUT/partial.txt"
	sync
}

# Scale figures (scale-est, scale-tw): xtcp_bench scale, each protocol
# once; a run's values by "PROTO.KEY", and why a protocol failed
declare -A sval=() sdetail=() sfail=()

# scale_tune - room for 100,000s of connections, for both protocols alike:
# descriptors, the accept backlog, and TIME-WAIT entries that neither
# protocol may drop for want of room (tcp_max_tw_buckets)
scale_tune() {
	sysctl -qw fs.file-max=4194304 net.core.somaxconn=4096 \
		net.ipv4.tcp_max_tw_buckets=1048576 \
		net.xtcp.tcp_max_tw_buckets=1048576
}

# left - sockets and TIME-WAIT entries of both protocols: TCP's in use and
# in TIME-WAIT (/proc/net/sockstat), the lines of /proc/net/xtcp
left() {
	awk '/^TCP:/ { print $3 + $7 }' /proc/net/sockstat
	tail -n +2 /proc/net/xtcp | wc -l
}

# scale_quiet - wait (up to 90 s: TIME-WAIT lasts 60) until nothing is
# left of what ran before, whose freeing would blur the memory measured
scale_quiet() {
	local i n
	for ((i = 0; i < 90; i++)); do
		n=$(left | paste -sd' ')
		[ "$n" != "0 0" ] || return 0
		sleep 1
	done
	echo "  (still left after 90 s, TCP and xtcp: $n)"
}

# scale_run PROTO MODE N - one run of xtcp_bench scale: sets sval[KEY]
# and sdetail[KEY] for every line it prints ("KEY VALUE DETAIL"), or
# $reason and returns 1
scale_run() {
	local line key out rc=0
	scale_quiet
	out=$(timeout -k 5 $((scale_limit + 30)) "$bench" scale -p "$1" \
		-l 127.0.0.1:$port -m "$2" -n "$3" -t "$seconds" \
		-w $scale_limit 2>"$tmp/scale.err") || rc=$?
	port=$((port + 2))
	while read -r key line; do
		[ -n "$key" ] || continue
		sval[$1.$key]=${line%% *}
		sdetail[$1.$key]=$line
	done <<<"$out"
	[ $rc != 0 ] || return 0
	case $rc in
	124|137) reason="killed after $((scale_limit + 30)) s" ;;
	*) reason=$(tail -n1 "$tmp/scale.err") ;;
	esac
	reason=${reason#xtcp_bench: }
	[ -n "$reason" ] || reason="exit status $rc"
	return 1
}

# scale_row TITLE KEY - a row of the table: both protocols' KEY
scale_row() {
	local t=${sval[6.$2]:-} x=${sval[253.$2]:-} ratio row
	if [ -n "${sfail[6]:-}" ] && [ -z "$t" ]; then
		row=$(printf '%-40s TCP failed: %s' "$1" "${sfail[6]}")
	elif [ -n "${sfail[253]:-}" ] && [ -z "$x" ]; then
		row=$(printf '%-40s %10s  failed: %s' "$1" "$(number "$t")" \
			"${sfail[253]}")
	elif [ -z "$t" ] || [ -z "$x" ]; then
		row=$(printf '%-40s %10s %10s %9s' "$1" "$(number "${t:-0}")" \
			"$(number "${x:-0}")" "-")
	else
		ratio=$(awk -v t="$t" -v x="$x" 'BEGIN {
			if (t > 0) printf "%.2f", x / t; else print "-" }')
		row=$(printf '%-40s %10s %10s %9s' "$1" "$(number "$t")" \
			"$(number "$x")" "$ratio")
	fi
	echo "$row" >>"$XTCP_OUT/rows.txt"
	printf '%-40s TCP: %s  xtcp: %s\n' "$1" \
		"${sdetail[6.$2]:-${sfail[6]:-}}" \
		"${sdetail[253.$2]:-${sfail[253]:-}}" >>"$XTCP_OUT/details.txt"
}

# scale_share TITLE KEY BASE - a row of fractions: KEY / BASE of each
# protocol (no xtcp/TCP ratio)
scale_share() {
	local p v
	local -A f=()
	for p in 6 253; do
		v=${sval[$p.$2]:-}
		if [ -z "$v" ] || [ -z "${sval[$p.$3]:-}" ]; then
			continue
		fi
		f[$p]=$(awk -v a="$v" -v b="${sval[$p.$3]}" 'BEGIN {
			if (b > 0) printf "%.2f", a / b; else print "-" }')
	done
	printf '%-40s %10s %10s %9s\n' "$1" "${f[6]:--}" "${f[253]:--}" "-" \
		>>"$XTCP_OUT/rows.txt"
}

# scale_each MODE N TITLE - run both protocols, TCP first
scale_each() {
	local p
	sval=() sdetail=() sfail=()
	for p in 6 253; do
		printf '%s\n%s, %s connections\n' "$3" "${label[$p]}" "$2" \
			>"$XTCP_OUT/current.txt"
		sync
		if scale_run "$p" "$1" "$2"; then
			printf '  %-40s %-4s  done\n' "$3" "${label[$p]}"
		else
			sfail[$p]=$reason
			printf '  %-40s %-4s  failed: %s\n' "$3" "${label[$p]}" \
				"$reason"
		fi
	done
}

scale_est() {
	local n t seen
	seen=$(klog | wc -l)
	: >"$XTCP_OUT/partial.txt"
	scale_tune
	for n in $est_sizes; do
		t="lo $n est."
		scale_each est "$n" "$t"
		scale_row "$t memory (B/conn)" memory
		scale_row "$t open (conn/s)" open
		scale_row "$t rr alone (trans/s)" alone
		scale_row "$t rr one (trans/s)" one
		scale_row "$t rr all (trans/s)" all
		scale_row "$t rr all, 2 CPUs (trans/s)" two
		scale_share "$t rr one / alone" one alone
		scale_share "$t rr all / alone" all alone
	done
	figure_done scale-est "scale-est" "$seen"
}

scale_tw() {
	local t seen
	seen=$(klog | wc -l)
	: >"$XTCP_OUT/partial.txt"
	scale_tune
	t="lo $tw_size TIME-WAIT"
	scale_each tw "$tw_size" "$t"
	# entries neither protocol may have dropped (tcp_max_tw_buckets)
	printf '  TIME-WAIT entries not made for want of room: TCP %s, xtcp %s\n' \
		"$(awk '/^TcpExt:/ && !h { split($0, k); h = 1; next }
			/^TcpExt:/ { for (i = 2; i <= NF; i++)
				if (k[i] == "TCPTimeWaitOverflow") print $i }' \
			/proc/net/netstat)" \
		"$(awk '$1 == "TCPTimeWaitOverflow" { print $2 }' /proc/net/xtcp_stat)"
	scale_row "$t memory (B/entry)" memory
	scale_row "$t made (conn/s)" made
	scale_row "$t entries" entries
	scale_row "lo crr, no TIME-WAIT (conn/s)" none
	scale_row "$t crr (conn/s)" with
	figure_done scale-tw "scale-tw" "$seen"
}

for f in "$@"; do
	[[ $f =~ ^((lo6?|veth6?|loss|loss5|loss10|iopc6?|iops6?)-(stream|rr|crr)|scale-(est|tw))$ ]] ||
		die "unknown figure '$f'"
done
setup
{
	printf '%-9s %s\n' "date:" "$(date -u '+%Y-%m-%d %H:%M UTC')"
	printf '%-9s %s\n' "kernel:" "$(uname -r) ($(uname -v))"
	printf '%-9s %s vCPUs, %s MiB\n' "VM:" "$(nproc)" \
		"$(awk '/^MemTotal/ { print int($2 / 1024) }' /proc/meminfo)"
	printf '%-9s TCP %s, xtcp %s (net.ipv4.tcp_congestion_control,\n' "cc:" \
		"$(sysctl -n net.ipv4.tcp_congestion_control)" \
		"$(sysctl -n net.xtcp.tcp_congestion_control 2>/dev/null || echo '?')"
	printf '%-9s %s\n' "" "net.xtcp.tcp_congestion_control: both ends alike)"
} >"$XTCP_OUT/header.txt"
echo "== measuring $*: ${seconds} s each, ${rounds} round(s)"
for f in "$@"; do
	case $f in
	scale-est) scale_est ;;
	scale-tw) scale_tw ;;
	*) figure "$f" ;;
	esac
done
rm -rf "$tmp"
exit 0
