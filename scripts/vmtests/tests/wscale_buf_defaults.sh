#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A new socket's SO_RCVBUF and SO_SNDBUF are the namespace's defaults:
# net.xtcp.rmem_default and wmem_default (4 MiB each) for xtcp, the middle
# values of net.ipv4.tcp_rmem and tcp_wmem for TCP. A changed default
# applies to sockets created afterwards; SO_RCVBUF set by the user wins,
# and a listener's accepted socket has the listener's buffer.
# On protocol $XTCP_PROTO, default 253.
. "$(dirname "$0")/../lib.sh"

if [ "$XTCP_PROTO" = 6 ]; then
	rfile=/proc/sys/net/ipv4/tcp_rmem
	wfile=/proc/sys/net/ipv4/tcp_wmem
else
	rfile=/proc/sys/net/xtcp/rmem_default
	wfile=/proc/sys/net/xtcp/wmem_default
	expect_eq "net.xtcp.rmem_default" 4194304 "$(cat $rfile)"
	expect_eq "net.xtcp.wmem_default" 4194304 "$(cat $wfile)"
fi
rsave=$(cat $rfile)
wsave=$(cat $wfile)
trap 'echo "$rsave" >$rfile; echo "$wsave" >$wfile' EXIT

# the default: one value, or the middle one of three
middle() { set -- $1; [ $# = 3 ] && echo "$2" || echo "$1"; }
# set_default FILE VALUE: the middle value only, for tcp_[rw]mem
set_default() {
	set -- "$1" "$2" $(cat "$1")
	if [ $# = 5 ]; then echo "$3 $2 $5" >"$1"; else echo "$2" >"$1"; fi
}

bufs() {
	xpy - "$XTCP_PROTO" "$1" <<'PY'
import socket, sys

proto, what = int(sys.argv[1]), sys.argv[2]
SOL, RCV, SND = socket.SOL_SOCKET, socket.SO_RCVBUF, socket.SO_SNDBUF
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
if what == "new":
    print(s.getsockopt(SOL, RCV), s.getsockopt(SOL, SND))
elif what == "user":
    s.setsockopt(SOL, RCV, 65536)
    print(s.getsockopt(SOL, RCV))
elif what == "child":
    s.setsockopt(SOL, RCV, 300000)
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
    c.connect(s.getsockname())
    a, _ = s.accept()
    print(s.getsockopt(SOL, RCV), a.getsockopt(SOL, RCV))
PY
}

expect_eq "SO_RCVBUF SO_SNDBUF of a new socket" \
	"$(middle "$(cat $rfile)") $(middle "$(cat $wfile)")" "$(bufs new)"

set_default $rfile 1048576
set_default $wfile 2097152
expect_eq "after changing the defaults" "1048576 2097152" "$(bufs new)"
expect_eq "SO_RCVBUF set to 65536" 131072 "$(bufs user)"

read -r lbuf abuf <<<"$(bufs child)"
expect_eq "the accepted socket's SO_RCVBUF" "$lbuf" "$abuf"
