#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T23 TIME-WAIT: no new connection on the same 4-tuple while TIME-WAIT
# holds. After the client's active close, a new socket bound to the same
# port and connecting to the same server is refused (bind() EADDRINUSE or
# connect() EADDRNOTAVAIL/EADDRINUSE), the TIME_WAIT row is untouched and
# the server sees nothing. Once TIME-WAIT ends (net.xtcp.msl_ms 2500 on
# xtcp: 5 s; 60 s on the kernel's TCP, with tcp_tw_reuse off), the same
# 4-tuple connects.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_states.sh"

if [ "$XTCP_PROTO" = 6 ]; then
	sysctl -qw net.ipv4.tcp_tw_reuse=0 || fail "cannot set tcp_tw_reuse"
	len=60000
else
	sysctl -qw net.xtcp.msl_ms=2500 || fail "cannot set net.xtcp.msl_ms"
	len=5000
fi
xs_sock srv bind:5001 listen mark:listening accept:c c.recv=EOF c.close \
	accept:d mark:again await:end
xs_wait 10 xs_marked listening
xs_sock cli bind:5002@127.0.0.1 connect:5001 close await:end
xs_wait 10 xs_is 5002 5001 TIME_WAIT
xs_wait 10 xs_none 5001 5002

out=$(python3 "$XS_PLAY" sock bind:5002@127.0.0.1=ok/EADDRINUSE) || fail "$out"
echo "$out"
if [ "$out" = "s.bind ok" ]; then
	out=$(python3 "$XS_PLAY" sock bind:5002@127.0.0.1 \
		connect:5001=EADDRNOTAVAIL/EADDRINUSE) || fail "$out"
	echo "$out"
fi
xs_expect_state 5002 5001 TIME_WAIT
xs_none 5001 5002 || fail "the server has a row: $(xs_st 5001 5002)"
! xs_marked again || fail "the server accepted a connection: $(xs_out srv)"

xs_wait $((len / 1000 + 10)) xs_none 5002 5001
out=$(python3 "$XS_PLAY" sock bind:5002@127.0.0.1 connect:5001) || fail "after TIME-WAIT: $out"
xs_wait 10 xs_marked again
