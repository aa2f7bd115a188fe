#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1
# timeout: 600
# Unmodified programs over xtcp, and against the kernel's TCP (issue 13),
# between two namespaces over a veth pair:
#
#   $A: 10.14.0.1 (ia) ---- veth ---- (ib) 10.14.0.2 $B
#       servers                             clients
#
# - curl: a file of N MiB from `python3 -m http.server` in $A to curl in
#   $B, byte-exact (cmp), three ways: curl under `xtcpize run -i` from a
#   server on the kernel's TCP; curl on the kernel's TCP from a server
#   under `xtcpize run -i`; both under `xtcpize run` (native xtcp);
# - iperf3 -c in $B to iperf3 -s in $A, the same three ways: it exits 0
#   and the server received data;
# - for each, the opens counted in each namespace say who carried the
#   connections: xtcp's ActiveOpens in $B and PassiveOpens in $A
#   (/proc/net/xtcp_stat) where an end is under xtcpize, TCP's
#   (/proc/net/snmp) where it is not, and the other protocol's count does
#   not move (no socket of the program was left on the kernel's TCP);
# - the kernel's TCP beside them, unaffected: for the whole run a transfer
#   from $B to $A on another port, TCP on both ends (xtcp_netxfer.py
#   --mib 0, paced: 0.25 MiB/s short, 1 MiB/s long), was still running
#   at the end and arrived byte-exact (SHA-256 at each end); TCP's
#   EstabResets, OutRsts, InErrs and InCsumErrors (/proc/PID/net/snmp)
#   moved in neither namespace but for iperf3's own reset: its server
#   may close the data connection with data unread (TCP to TCP too: +1
#   EstabResets in each namespace, +1 OutRsts in the server's, and one
#   more OutRsts for each segment then in flight), so in an iperf3 case
#   an end on the kernel's TCP may count one reset, and a server's end
#   that did may send resets;
# - long version only (tshark's first start costs about 20 CPU-s): both
#   veth ends with tx off (every checksum on the wire final), dumpcap on
#   ia captures each case with an interop end (whole packets, its first
#   4000, not the transfer beside), and tshark, verifying TCP checksums
#   (tcp.checksum.status 1 good, 0 bad, 2 not verified), finds each
#   case's connections on IP protocol 6 both ways with every checksum
#   good and nothing else between $SA and $SB (no protocol 253); a
#   control segment, TCP with a wrong checksum from $SA to 10.14.0.3 (a
#   MAC address ib does not take), must show as bad, once.
# Short (make check): 4 MiB each way over HTTP and iperf3 -n 4M each way,
# under interop mode (native xtcp on both ends: the xtcpize test's
# socat). Long (XTCP_STRESS=1): 64 MiB the three ways, iperf3 -t 10 the
# three ways (debug kernel: 16 MiB, -t 5). The server on the kernel's TCP
# runs http.server in the Python fork server (xpy), as `python3 -m
# http.server` would; those under xtcpize are python3 itself (a start
# costs 2-3 CPU-s in the emulated VM).
# Measured on 6.1 (TCG): short 14.3 to 16.6 CPU-s of QEMU, host load 3
# to 29; long 99 s, 40 CPU-s; debug kernel long 162 s, 65 CPU-s. The
# transfer beside adds about 2.5 CPU-s to the short version (the start
# and stop of its two helpers; 20 s of it at 0.25 MiB/s cost no more
# within the noise), host load 9 to 17.
# Figures: each curl's MB/s (its own count) and iperf3's receiver Mbit/s;
# not asserted. On the kernel's TCP (XTCP_PROTO=6) the same programs run
# without xtcpize, TCP on both ends: the figures to compare.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stress.sh"

command -v curl >/dev/null || skip "no curl"
command -v iperf3 >/dev/null || skip "no iperf3"
ize=$XTCP_HELPERS/xtcpize
hdir=$XTCP_TOP/scripts/vmtests/helpers
[ "$XTCP_PROTO" = 6 ] || [ -x "$ize" ] || fail "no $ize"
mib=4 iperf_len=(-n 4M) bulk_rate=0.25 long=
if stress_long; then
	mib=64 iperf_len=(-t 10) long=1 bulk_rate=1
	# the debug kernel (KASAN, make stress): a quarter
	[ "${XTCP_KERNEL:-}" != debug ] || mib=16 iperf_len=(-t 5)
	for t in ethtool dumpcap mergecap tshark; do
		command -v $t >/dev/null || skip "no $t"
	done
fi

A=xtcp-ia-$RANDOM B=xtcp-ib-$RANDOM
SA=10.14.0.1 SB=10.14.0.2
SX=10.14.0.3 mac_x=02:00:0a:0e:00:03	# nobody's: the capture's control
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; lib_cleanup' EXIT
veth_pair "$A" ia $SA "$B" ib $SB
if [ -n "$long" ]; then
	# each end sums in software: every checksum in the capture is final
	ip netns exec "$A" ethtool -K ia tx off >/dev/null &&
		ip netns exec "$B" ethtool -K ib tx off >/dev/null ||
		fail "ethtool -K tx off"
	# $SX's frames leave ia for a MAC address that ib does not take
	ip -n "$A" neigh replace $SX lladdr $mac_x dev ia nud permanent ||
		fail "neighbour $SX"
fi
lib_tmp
# a process in each namespace, whose /proc/PID/net the checks read
ip netns exec "$A" sleep 100000 &
na=$!
ip netns exec "$B" sleep 100000 &
nb=$!
pids+=("$na" "$nb")
www=$XTCP_TMP/www
mkdir "$www"
head -c $((mib << 20)) /dev/urandom >"$www/file"
port=$((20000 + RANDOM % 10000))
bport=$port	# the kernel's TCP's bulk transfer; the cases take port + 1 on
printf -v hexaddr '%02X%02X%02X%02X' 1 0 14 10	# $SA as /proc shows it

# how MODE - the command prefix for an end in MODE: tcp (the kernel's
# TCP), interop (xtcpize run -i) or native (xtcpize run); on TCP, none.
how() {
	case $XTCP_PROTO:$1 in
	6:* | *:tcp) echo ;;
	*:interop) echo "$ize run -i" ;;
	*:native) echo "$ize run" ;;
	esac
}

# snmp_tcp PID NAME... - the Tcp counters NAME... of PID's namespace
# (/proc/PID/net/snmp), their values on one line in that order (builtins
# only)
snmp_tcp() {
	local i n
	local -a f hdr val
	local -A v
	while read -ra f; do
		[ "${f[0]}" = Tcp: ] || continue
		if [ ${#hdr[@]} = 0 ]; then
			hdr=("${f[@]}")
			continue
		fi
		for i in "${!hdr[@]}"; do
			v[${hdr[i]}]=${f[i]}
		done
	done <"/proc/$1/net/snmp"
	for n in "${@:2}"; do
		val+=("${v[$n]:-0}")
	done
	echo "${val[*]}"
}

# opens PID - "XA XP TA TP": xtcp's and TCP's ActiveOpens and PassiveOpens
# in PID's namespace (builtins only).
opens() {
	local k v xa=0 xp=0
	if [ -r "/proc/$1/net/xtcp_stat" ]; then
		while read -r k v; do
			case $k in
			ActiveOpens) xa=$v ;;
			PassiveOpens) xp=$v ;;
			esac
		done <"/proc/$1/net/xtcp_stat"
	fi
	echo "$xa $xp $(snmp_tcp "$1" ActiveOpens PassiveOpens)"
}

# listening PID PORT - PID's namespace has a listener on $SA:PORT, of xtcp
# or of TCP
listening() {
	local re
	printf -v re '^ *[0-9]+: %s:%04X 00000000:0000 0A ' "$hexaddr" "$2"
	has_line "/proc/$1/net/tcp" "$re" || has_line "/proc/$1/net/xtcp" "$re"
}

# server MODE CMD... - start server CMD in $A in MODE; sets spid once it
# listens on $port
server() {
	local pre
	pre=$(how "$1")
	# shellcheck disable=SC2086 # $pre: none, or the command and its words
	ip netns exec "$A" $pre "${@:2}" >"$XTCP_TMP/server" 2>&1 &
	spid=$!
	pids+=("$spid")
	wait_until 30 listening "$spid" "$port" ||
		fail "no listener on $SA:$port: $(cat "$XTCP_TMP/server")"
}

# check_opens WHAT CMODE SMODE BEFORE_B BEFORE_A - the client's end (in
# $B) opened connections on the protocol of CMODE only, the server's (in
# $A) on SMODE's only.
check_opens() {
	local b a
	read -ra b <<<"$4"
	read -ra a <<<"$5"
	local -a nb_ na_
	read -ra nb_ <<<"$(opens "$nb")"
	read -ra na_ <<<"$(opens "$na")"
	local dxa=$((nb_[0] - b[0])) dta=$((nb_[2] - b[2]))
	local dxp=$((na_[1] - a[1])) dtp=$((na_[3] - a[3]))
	echo "$1: opens: client's end xtcp $dxa, TCP $dta; server's end xtcp $dxp, TCP $dtp"
	if [ "$XTCP_PROTO" = 6 ] || [ "$2" = tcp ]; then
		[ $dta -gt 0 ] && [ $dxa = 0 ] || fail "$1: the client's connections were not TCP's alone"
	else
		[ $dxa -gt 0 ] && [ $dta = 0 ] || fail "$1: the client's connections were not xtcp's alone"
	fi
	if [ "$XTCP_PROTO" = 6 ] || [ "$3" = tcp ]; then
		[ $dtp -gt 0 ] && [ $dxp = 0 ] || fail "$1: the server's connections were not TCP's alone"
	else
		[ $dxp -gt 0 ] && [ $dtp = 0 ] || fail "$1: the server's connections were not xtcp's alone"
	fi
}

# http_server MODE - python3 -m http.server on $SA:$port, serving $www,
# in MODE (on the kernel's TCP: run by the fork server)
http_server() {
	local args=(-b "$SA" -d "$www" "$port")
	if [ -n "$(how "$1")" ]; then
		server "$1" python3 -m http.server "${args[@]}"
		return
	fi
	[ -f "$XTCP_TMP/httpd.py" ] || cat >"$XTCP_TMP/httpd.py" <<-EOF
		import runpy, sys
		sys.argv[0] = "http.server"
		runpy.run_module("http.server", run_name="__main__", alter_sys=True)
	EOF
	server tcp xpy "$XTCP_TMP/httpd.py" "${args[@]}"
}

# TCP's counters of errors (/proc/net/snmp) that the cases must leave
# alone; tcp_errs: their values in $A, then in $B
errs=(EstabResets OutRsts InErrs InCsumErrors)
errs_iperf=(0 0 0 0 0 0 0 0)
tcp_errs() {
	echo "$(snmp_tcp "$na" "${errs[@]}") $(snmp_tcp "$nb" "${errs[@]}")"
}

# bulk_start - the kernel's TCP under load beside the cases: a transfer
# from $B to $A on $bport, TCP on both ends (xtcp_netxfer.py, paced to
# $bulk_rate MiB/s) that runs until bulk_stop. Notes TCP's counters of
# errors first.
bulk_start() {
	errs_base=$(tcp_errs)
	ip netns exec "$A" xpy "$hdir/xtcp_netxfer.py" server $SA $bport \
		--proto 6 --mib 0 --limit 900 >"$XTCP_TMP/bulk_server" 2>&1 &
	bulk_spid=$!
	pids+=("$bulk_spid")
	wait_for 30 has_line "$XTCP_TMP/bulk_server" '^listening'
	ip netns exec "$B" xpy "$hdir/xtcp_netxfer.py" client $SA $bport \
		--proto 6 --mib 0 --rate $bulk_rate --limit 900 \
		>"$XTCP_TMP/bulk_client" 2>&1 &
	bulk_cpid=$!
	pids+=("$bulk_cpid")
	wait_for 30 has_line "$XTCP_TMP/bulk_client" '^client: connected'
}

# iperf_resets NAME CMODE SMODE BEFORE - TCP's counters of errors in an
# iperf3 case (BEFORE: tcp_errs at its start). iperf3 may end a test with
# a reset of its own: its server closes the data connection with data
# unread (measured on TCP alone: EstabResets +1 in each namespace,
# OutRsts +1 in the server's), and answers with a reset each segment
# then in flight (long version, no TSO: 298 of them once). So an end on
# the kernel's TCP may count one reset, and a server's end, if it did,
# send resets; nothing else may move. Adds what moved to errs_iperf,
# which bulk_stop takes off the whole run's count.
iperf_resets() {
	local i d ns
	local -a b n max=(0 0 0 0 0 0 0 0)
	read -ra b <<<"$4"
	read -ra n <<<"$(tcp_errs)"
	[ "$XTCP_PROTO" != 6 ] && [ "$3" != tcp ] || max[0]=1
	[ $((n[0] - b[0])) = 0 ] || max[1]=1000000
	[ "$XTCP_PROTO" != 6 ] && [ "$2" != tcp ] || max[4]=1
	for i in "${!n[@]}"; do
		d=$((n[i] - b[i]))
		errs_iperf[i]=$((errs_iperf[i] + d))
		ns=$A
		((i < 4)) || ns=$B
		[ $d -le "${max[i]}" ] || fail "$1: TCP's ${errs[i % 4]} +$d in $ns"
	done
	echo "$1: iperf3's end: TCP's EstabResets +$((n[0] - b[0]))," \
		"OutRsts +$((n[1] - b[1])) in $A; EstabResets" \
		"+$((n[4] - b[4])), OutRsts +$((n[5] - b[5])) in $B"
}

# bulk_stop - end bulk_start's transfer: it was still running, it arrived
# byte-exact, and TCP's counters of errors moved in neither namespace
# but for iperf3's own resets
bulk_stop() {
	local i d ns sent recv moved=
	local -a b n
	alive "$bulk_cpid" ||
		fail "the transfer beside ended early: $(cat "$XTCP_TMP/bulk_client")"
	kill -USR1 "$bulk_cpid"
	wait "$bulk_cpid" ||
		fail "the kernel's TCP transfer's client: $(cat "$XTCP_TMP/bulk_client")"
	wait "$bulk_spid" ||
		fail "the kernel's TCP transfer's server: $(cat "$XTCP_TMP/bulk_server")"
	sent=$(xfer_sum "$XTCP_TMP/bulk_client")
	recv=$(xfer_sum "$XTCP_TMP/bulk_server")
	[ -n "$sent" ] || fail "no digest: $(cat "$XTCP_TMP/bulk_client")"
	expect_eq "the kernel's TCP transfer beside the cases" "$sent" "$recv"
	read -ra b <<<"$errs_base"
	read -ra n <<<"$(tcp_errs)"
	for i in "${!n[@]}"; do
		d=$((n[i] - b[i]))
		ns=$A
		((i < 4)) || ns=$B
		echo "TCP ${errs[i % 4]} in $ns: +$d, iperf3's own +${errs_iperf[i]}"
		[ $d = "${errs_iperf[i]}" ] || moved+=" ${errs[i % 4]}"
	done
	[ -z "$moved" ] || fail "TCP's counters moved:$moved"
	figure tcp_beside "$(awk -v b="${sent%% *}" 'BEGIN { printf "%.1f", b / 1048576 }')" \
		MiB "the kernel's TCP, paced to $bulk_rate MiB/s beside the cases, byte-exact"
}

# cap_start NAME - long version, a case with an interop end: capture on
# ia in $A what the case sends between $SA and $SB (not the bulk
# transfer) and what goes to $SX, whole packets, the first $cap_max;
# the first capture gets the control, a TCP segment to $SX with a wrong
# checksum
cap_max=4000 cap_n=0 cap_ports=() cap_pid=
cap_start() {
	[ -n "$long" ] || return 0
	cap_n=$((cap_n + 1))
	cap_ports+=("$port:$1")
	ip netns exec "$A" dumpcap -i ia -c $cap_max -w "$XTCP_TMP/cap$cap_n.pcap" \
		-f "(host $SA and host $SB and not tcp port $bport) or host $SX" \
		>"$XTCP_TMP/dumpcap" 2>&1 &
	cap_pid=$!
	pids+=("$cap_pid")
	wait_for 60 capturing
	[ $cap_n != 1 ] || XTCP_SRC=$SA XTCP_DST=$SX XTCP_PROTO=6 \
		ip netns exec "$A" xpy "$hdir/xtcp_inject.py" bad_csum ||
		fail "cannot send the control segment"
}
capturing() {
	alive "$cap_pid" || fail "dumpcap: $(cat "$XTCP_TMP/dumpcap")"
	has_line "$XTCP_TMP/dumpcap" '^File: '
}
# cap_case NAME CMODE SMODE - cap_start NAME if an end is in interop mode
cap_case() {
	[ "$2" != interop ] && [ "$3" != interop ] || cap_start "$1"
}
# cap_stop - end cap_start's capture (dumpcap -c may have ended it)
cap_stop() {
	[ -n "$cap_pid" ] || return 0
	kill -INT "$cap_pid" 2>/dev/null
	wait "$cap_pid" || fail "dumpcap: $(cat "$XTCP_TMP/dumpcap")"
	cap_pid=
}

# cap_check - what tshark, verifying TCP checksums, makes of the captures:
# each case's connections (on its server's port) carried IP protocol 6
# both ways, every checksum good (tshark's tcp.checksum.status: 0 bad, 1
# good, 2 not verified); nothing else between $SA and $SB (no protocol
# 253); the control to $SX found bad, once (the check can fail).
cap_check() {
	local txt=$XTCP_TMP/cap.txt
	mergecap -w "$XTCP_TMP/cap.pcap" "$XTCP_TMP"/cap[0-9]*.pcap ||
		fail "mergecap"
	tshark -r "$XTCP_TMP/cap.pcap" -o tcp.check_checksum:TRUE -T fields \
		-E occurrence=f -E separator=, -e ip.proto -e ip.dst -e tcp.srcport \
		-e tcp.dstport -e tcp.checksum.status >"$txt" \
		2>"$XTCP_TMP/tshark" || fail "tshark -r: $(cat "$XTCP_TMP/tshark")"
	# shellcheck disable=SC2016 # $1..$5: awk's fields
	awk -F, -v x=$SX -v ports="${cap_ports[*]}" '
		BEGIN { n = split(ports, pn, " ")
			for (i = 1; i <= n; i++) {
				split(pn[i], q, ":"); name[q[1]] = q[2]; order[i] = q[1]
			} }
		$2 == x { ctl[$5 == "" ? "none" : $5]++; next }
		$1 == 6 && $3 in name && $5 == 1 { out[$3]++; next }
		$1 == 6 && $4 in name && $5 == 1 { in_[$4]++; next }
		{ bad++; if (bad <= 5) print "unexpected: proto " $1 " to " $2 \
			" ports " $3 " " $4 " checksum status " $5 }
		END {
			for (i = 1; i <= n; i++) {
				p = order[i]
				print name[p] ": " in_[p] + 0 " segments to the server, " \
					out[p] + 0 " from it, checksums good"
				if (!in_[p] || !out[p]) bad++
			}
			for (k in ctl)
				print "control: " ctl[k] " with checksum status " k
			if (ctl[0] != 1) bad++
			for (k in ctl)
				if (k != 0) bad++
			print "others (not TCP of a case, or a checksum not good): " bad + 0
			exit (bad > 0)
		}' "$txt" || fail "the capture: $(wc -l <"$txt") packets, see above"
}

# curl_case NAME CMODE SMODE - the file over HTTP, curl in CMODE, the
# server in SMODE
curl_case() {
	local b a pre rate out=$XTCP_TMP/got
	port=$((port + 1))
	http_server "$3"
	cap_case "$1" "$2" "$3"
	b=$(opens "$nb") a=$(opens "$na")
	pre=$(how "$2")
	rm -f "$out"
	# shellcheck disable=SC2086
	rate=$(ip netns exec "$B" $pre curl -sS --fail --noproxy '*' -o "$out" \
		-w '%{speed_download}' "http://$SA:$port/file" 2>"$XTCP_TMP/curl") ||
		fail "$1: curl failed: $(cat "$XTCP_TMP/curl")
server: $(cat "$XTCP_TMP/server")"
	cap_stop
	kill "$spid"
	wait "$spid" 2>/dev/null
	cmp "$www/file" "$out" || fail "$1: the file differs"
	check_opens "$1" "$2" "$3" "$b" "$a"
	figure "$1" "$(awk -v r="${rate%%[!0-9.]*}" 'BEGIN { printf "%.1f", r / 1e6 }')" \
		MB/s "curl, $mib MiB, byte-exact"
}

# iperf_case NAME CMODE SMODE - iperf3 ($iperf_len), the client in CMODE,
# the server in SMODE
iperf_case() {
	local b a e pre rx rate json=$XTCP_TMP/iperf.json
	port=$((port + 1))
	server "$3" iperf3 -s -1 -4 -B $SA -p $port
	cap_case "$1" "$2" "$3"
	b=$(opens "$nb") a=$(opens "$na") e=$(tcp_errs)
	pre=$(how "$2")
	# shellcheck disable=SC2086
	ip netns exec "$B" $pre iperf3 -c $SA -p $port -4 "${iperf_len[@]}" -J \
		>"$json" 2>&1 || fail "$1: iperf3 -c failed: $(cat "$json")
server: $(cat "$XTCP_TMP/server")"
	wait "$spid" || fail "$1: iperf3 -s failed: $(cat "$XTCP_TMP/server")"
	cap_stop
	# "sum_received": { ... "bytes": N, ... "bits_per_second": R
	read -r rx rate < <(awk '/"sum_received"/ { s = 1 }
		s && /"bytes"/ { gsub(/[^0-9]/, "", $2); b = $2 }
		s && /"bits_per_second"/ { gsub(/[^0-9.e+]/, "", $2)
			print b, $2; exit }' "$json")
	[ "${rx:-0}" -gt 0 ] || fail "$1: the iperf3 server received nothing: $(cat "$json")"
	check_opens "$1" "$2" "$3" "$b" "$a"
	iperf_resets "$1" "$2" "$3" "$e"
	figure "$1" "$(awk -v r="$rate" 'BEGIN { printf "%.1f", r / 1e6 }')" \
		Mbit/s "iperf3 ${iperf_len[*]}, received at the server ($rx bytes)"
}

bulk_start
curl_case curl_interop_client interop tcp
curl_case curl_interop_server tcp interop
[ -z "$long" ] || curl_case curl_native native native
iperf_case iperf3_interop_client interop tcp
iperf_case iperf3_interop_server tcp interop
[ -z "$long" ] || iperf_case iperf3_native native native
bulk_stop
[ -z "$long" ] || cap_check
