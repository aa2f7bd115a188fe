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
#   not move (no socket of the program was left on the kernel's TCP).
# Short (make check): 4 MiB each way over HTTP and iperf3 -n 4M each way,
# under interop mode (native xtcp on both ends: the xtcpize test's
# socat). Long (XTCP_STRESS=1): 64 MiB the three ways, iperf3 -t 10 the
# three ways (debug kernel: 16 MiB, -t 5). The server on the kernel's TCP
# runs http.server in the Python fork server (xpy), as `python3 -m
# http.server` would; those under xtcpize are python3 itself (a start
# costs 2-3 CPU-s in the emulated VM).
# Measured on 6.1 (TCG): short 14.3 to 16.6 CPU-s of QEMU, host load 3
# to 29; long 99 s, 40 CPU-s; debug kernel long 162 s, 65 CPU-s.
# Figures: each curl's MB/s (its own count) and iperf3's receiver Mbit/s;
# not asserted. On the kernel's TCP (XTCP_PROTO=6) the same programs run
# without xtcpize, TCP on both ends: the figures to compare.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stress.sh"

command -v curl >/dev/null || skip "no curl"
command -v iperf3 >/dev/null || skip "no iperf3"
ize=$XTCP_HELPERS/xtcpize
[ "$XTCP_PROTO" = 6 ] || [ -x "$ize" ] || fail "no $ize"
mib=4 iperf_len=(-n 4M) long=
if stress_long; then
	mib=64 iperf_len=(-t 10) long=1
	# the debug kernel (KASAN, make stress): a quarter
	[ "${XTCP_KERNEL:-}" != debug ] || mib=16 iperf_len=(-t 5)
fi

A=xtcp-ia-$RANDOM B=xtcp-ib-$RANDOM
SA=10.14.0.1
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; lib_cleanup' EXIT
veth_pair "$A" ia $SA "$B" ib 10.14.0.2
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

# opens PID - "XA XP TA TP": xtcp's and TCP's ActiveOpens and PassiveOpens
# in PID's namespace (builtins only).
opens() {
	local k v i xa=0 xp=0 ta=0 tp=0
	local -a f hdr
	if [ -r "/proc/$1/net/xtcp_stat" ]; then
		while read -r k v; do
			case $k in
			ActiveOpens) xa=$v ;;
			PassiveOpens) xp=$v ;;
			esac
		done <"/proc/$1/net/xtcp_stat"
	fi
	while read -ra f; do
		[ "${f[0]}" = Tcp: ] || continue
		if [ ${#hdr[@]} = 0 ]; then
			hdr=("${f[@]}")
			continue
		fi
		for i in "${!hdr[@]}"; do
			case ${hdr[i]} in
			ActiveOpens) ta=${f[i]} ;;
			PassiveOpens) tp=${f[i]} ;;
			esac
		done
	done <"/proc/$1/net/snmp"
	echo "$xa $xp $ta $tp"
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
	local args=(-b $SA -d "$www" $port)
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

# curl_case NAME CMODE SMODE - the file over HTTP, curl in CMODE, the
# server in SMODE
curl_case() {
	local b a pre rate out=$XTCP_TMP/got
	port=$((port + 1))
	http_server "$3"
	b=$(opens "$nb") a=$(opens "$na")
	pre=$(how "$2")
	rm -f "$out"
	# shellcheck disable=SC2086
	rate=$(ip netns exec "$B" $pre curl -sS --fail --noproxy '*' -o "$out" \
		-w '%{speed_download}' "http://$SA:$port/file" 2>"$XTCP_TMP/curl") ||
		fail "$1: curl failed: $(cat "$XTCP_TMP/curl")
server: $(cat "$XTCP_TMP/server")"
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
	local b a pre rx rate json=$XTCP_TMP/iperf.json
	port=$((port + 1))
	server "$3" iperf3 -s -1 -4 -B $SA -p $port
	b=$(opens "$nb") a=$(opens "$na")
	pre=$(how "$2")
	# shellcheck disable=SC2086
	ip netns exec "$B" $pre iperf3 -c $SA -p $port -4 "${iperf_len[@]}" -J \
		>"$json" 2>&1 || fail "$1: iperf3 -c failed: $(cat "$json")
server: $(cat "$XTCP_TMP/server")"
	wait "$spid" || fail "$1: iperf3 -s failed: $(cat "$XTCP_TMP/server")"
	# "sum_received": { ... "bytes": N, ... "bits_per_second": R
	read -r rx rate < <(awk '/"sum_received"/ { s = 1 }
		s && /"bytes"/ { gsub(/[^0-9]/, "", $2); b = $2 }
		s && /"bits_per_second"/ { gsub(/[^0-9.e+]/, "", $2)
			print b, $2; exit }' "$json")
	[ "${rx:-0}" -gt 0 ] || fail "$1: the iperf3 server received nothing: $(cat "$json")"
	check_opens "$1" "$2" "$3" "$b" "$a"
	figure "$1" "$(awk -v r="$rate" 'BEGIN { printf "%.1f", r / 1e6 }')" \
		Mbit/s "iperf3 ${iperf_len[*]}, received at the server ($rx bytes)"
}

curl_case curl_interop_client interop tcp
curl_case curl_interop_server tcp interop
[ -z "$long" ] || curl_case curl_native native native
iperf_case iperf3_interop_client interop tcp
iperf_case iperf3_interop_server tcp interop
[ -z "$long" ] || iperf_case iperf3_native native native
