#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1
# xtcpize (scripts/xtcpize) runs unmodified programs on xtcp:
# - socat under xtcpize sends 1 MiB to a socat server under xtcpize,
#   byte-exact; the listener is in /proc/net/xtcp and the port nowhere in
#   /proc/net/tcp, so the kernel's TCP carried nothing; the same over IPv6
#   (TCP6-LISTEN on [::1], /proc/net/xtcp6 and tcp6);
# - Python under xtcpize (helpers/xtcp_ize.py ized): asyncio's
#   open_connection() to 127.0.0.1 and to "localhost", and sockets of
#   protocol 253 connected by sock_connect() (getaddrinfo() with protocol
#   253, which glibc refuses), all in /proc/net/xtcp only; the same to an
#   asyncio server on ::1 (/proc/net/xtcp6); SO_PROTOCOL answers
#   IPPROTO_TCP, TCP_INFO works;
# - under run -i (interop mode) socat's AF_INET6 socket is an xtcp socket
#   (xtcpize -d says so) that sends 64 KiB byte-exact to a socat server on
#   the kernel's TCP over IPv6 ([::1]);
# - the same Python not under xtcpize (plain) stays on the kernel's TCP,
#   its sock_connect() of a protocol-253 socket fails with EAI_SOCKTYPE,
#   and a blocking connect() then open_connection(sock=) works;
# - with the module loaded with protocol=254, socat under xtcpize uses it;
# (run -i, interop mode, with curl, python3 -m http.server and iperf3:
# stress_interop.)
# - enable/disable write and remove a systemd drop-in (--root); enable -i
#   sets XTCPIZE_INTEROP there (interop mode).
# Not on the kernel's TCP (XTCP_PROTO=6): xtcpize makes xtcp sockets.
. "$(dirname "$0")/../lib.sh"

[ "$XTCP_PROTO" != 6 ] || skip "xtcpize makes xtcp sockets: nothing to compare"
ize=$XTCP_HELPERS/xtcpize
[ -x "$ize" ] || fail "no $ize"
srv=
trap '[ -z "$srv" ] || kill "$srv" 2>/dev/null; lib_cleanup' EXIT
lib_tmp
port=$((20000 + RANDOM % 10000))
hexport=$(printf '%04X' "$port")

head -c 1048576 /dev/urandom >"$XTCP_TMP/src"
# socat_copy V ADDR LADDR SRC - socat under xtcpize copies SRC to a server on
# ADDR (IPv4 for V "", IPv6 for V 6) whose listener /proc/net/xtcp$V lists
# as LADDR (hex), and not /proc/net/tcp$V
socat_copy() {
	local v=$1 a=$2 hex=$3 src=$4 any
	any=${hex//?/0}
	"$ize" run socat -u "TCP$v-LISTEN:$port,bind=$a,reuseaddr" \
		CREATE:"$XTCP_TMP/dst$v" &
	srv=$!
	wait_for 10 has_line "/proc/net/xtcp$v" \
		"^ *[0-9]+: $hex:$hexport $any:0000 0A "
	! has_line "/proc/net/tcp$v" "^ *[0-9]+: [0-9A-F]+:$hexport " ||
		fail "port $port in /proc/net/tcp$v"
	"$ize" run socat -u OPEN:"$src" "TCP$v:$a:$port" ||
		fail "socat TCP$v client under xtcpize failed"
	wait "$srv" || fail "socat TCP$v server under xtcpize failed"
	srv=
	cmp -s "$src" "$XTCP_TMP/dst$v" ||
		fail "socat TCP$v: the data differ"
	! has_line "/proc/net/tcp$v" "^ *[0-9]+: [0-9A-F]+:$hexport " ||
		fail "port $port in /proc/net/tcp$v"
}
socat_copy "" 127.0.0.1 0100007F "$XTCP_TMP/src"
# /proc/net/xtcp6 prints ::1 as /proc/net/tcp6 does; 64 KiB is enough
head -c 65536 "$XTCP_TMP/src" >"$XTCP_TMP/src6"
socat_copy 6 "[::1]" 00000000000000000000000001000000 "$XTCP_TMP/src6"

h=$XTCP_TOP/scripts/vmtests/helpers/xtcp_ize.py
"$ize" run python3 "$h" --proto "$XTCP_PROTO" ized || fail "xtcp_ize.py ized"
# interop mode over IPv6: an xtcp client, a kernel-TCP server
socat -u "TCP6-LISTEN:$port,bind=[::1],reuseaddr" CREATE:"$XTCP_TMP/dsti6" &
srv=$!
wait_for 10 has_line /proc/net/tcp6 \
	"^ *[0-9]+: 0{24}01000000:$hexport 0{32}:0000 0A "
"$ize" run -d -i socat -u OPEN:"$XTCP_TMP/src6" "TCP6:[::1]:$port" \
	2>"$XTCP_TMP/i6.err" ||
	fail "run -i: socat over IPv6 failed: $(cat "$XTCP_TMP/i6.err")"
wait "$srv" || fail "socat TCP6 server on the kernel's TCP failed"
srv=
cmp -s "$XTCP_TMP/src6" "$XTCP_TMP/dsti6" ||
	fail "run -i over IPv6: the data differ"
grep -Eq "^xtcpize: socket\(AF_INET6, [0-9]+, [0-9]+\) -> protocol $XTCP_PROTO: fd [0-9]+\$" \
	"$XTCP_TMP/i6.err" ||
	fail "run -i: socat's IPv6 socket not an xtcp one: $(cat "$XTCP_TMP/i6.err")"
xpy "$h" --proto "$XTCP_PROTO" plain || fail "xtcp_ize.py plain"

# The module loaded with protocol=254: xtcpize finds it in /sys/module.
xtcp_unload
xtcp_load protocol=254 || fail "insmod protocol=254"
"$ize" run socat -u TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr \
	CREATE:"$XTCP_TMP/dst254" &
srv=$!
wait_for 10 has_line /proc/net/xtcp "^ *[0-9]+: 0100007F:$hexport 00000000:0000 0A "
echo "over 254" | "$ize" run socat -u - TCP:127.0.0.1:$port ||
	fail "socat client under xtcpize, protocol=254, failed"
wait "$srv" || fail "socat server under xtcpize, protocol=254, failed"
srv=
expect_eq "data over protocol 254" "over 254" "$(<"$XTCP_TMP/dst254")"
xtcp_unload

root=$XTCP_TMP/root
conf=$root/etc/systemd/system/demo.service.d/xtcpize.conf
"$ize" enable --root "$root" demo >/dev/null || fail "enable failed"
lib=$(realpath "$XTCP_HELPERS/libxtcpize.so")
has_line "$conf" "^Environment=LD_PRELOAD=$lib\$" ||
	fail "enable: $(cat "$conf")"
! has_line "$conf" "XTCPIZE_INTEROP" || fail "enable without -i: $(cat "$conf")"
"$ize" enable -i --root "$root" demo >/dev/null || fail "enable -i failed"
has_line "$conf" "^Environment=LD_PRELOAD=$lib\$" &&
	has_line "$conf" "^Environment=XTCPIZE_INTEROP=1\$" ||
	fail "enable -i: $(cat "$conf")"
"$ize" disable --root "$root" demo.service >/dev/null || fail "disable failed"
if [ -e "${conf%/*}" ]; then
	fail "disable left ${conf%/*}"
fi
