#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernels: 6.1 debug
# timeout: 600
# Many connections, nothing left (make stress; a short version here): in a
# namespace of its own with net.xtcp.msl_ms at 100 (TIME-WAIT 200 ms), N
# connections are opened to one listener and all kept open
# (/proc/net/protocols must count the listener and both ends of each);
# then an octet goes each way on each of them; then every client closes,
# then every server. Every octet must arrive, and then the namespace must
# be empty: no row in /proc/net/xtcp (no socket, no TIME-WAIT entry) and
# 0 sockets in the tables. Long (XTCP_STRESS=1): 10,000 connections
# (2,000 on the debug kernel); short: 300 (100). Figures: the rate of
# opening, and the time until the namespace was empty (not asserted).
# Against TCP, whose TIME-WAIT lasts 60 s, its TIME-WAIT rows are left out.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stress.sh"
trap lib_cleanup EXIT

n=300
[ "${XTCP_KERNEL:-}" != debug ] || n=100
if stress_long; then
	n=10000
	[ "${XTCP_KERNEL:-}" != debug ] || n=2000
fi
ns=xtcp-conns-$RANDOM
netns_add $ns || fail "ip netns add failed"
ip -n $ns link set lo up
# TCP's TIME-WAIT (60 s) cannot be shortened: against TCP, the check
# below leaves its TIME-WAIT rows out
[ "$XTCP_PROTO" = 6 ] || ip netns exec $ns sysctl -qw net.xtcp.msl_ms=100 ||
	fail "cannot set net.xtcp.msl_ms"

proto_name=XTCP
[ "$XTCP_PROTO" != 6 ] || proto_name=TCP
# in_tables - the namespace's sockets of the protocol in its tables
in_tables() {
	ip netns exec $ns awk -v p=$proto_name '$1 == p { print $3 }' \
		/proc/net/protocols
}

ip netns exec $ns xpy - "$XTCP_PROTO" $n <<'PY' || fail "connections failed"
import resource, socket, sys, time
proto, n = int(sys.argv[1]), int(sys.argv[2])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
want = 2 * n + 64
if soft < want:
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, max(hard, want)))
lsn = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
lsn.bind(("127.0.0.1", 6101))
lsn.listen(1024)
pairs = []
t = time.monotonic()
for i in range(n):
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
    c.connect(("127.0.0.1", 6101))
    pairs.append((c, lsn.accept()[0]))
t = time.monotonic() - t
print(f"figure: conns_open {n / t:.0f} conn/s ({n} connections opened and kept)")
name = "TCP" if proto == 6 else "XTCP"
with open("/proc/net/protocols") as f:
    inuse = [int(l.split()[2]) for l in f if l.split()[0] == name][0]
if inuse != 2 * n + 1:
    sys.exit(f"/proc/net/protocols: {inuse} {name} sockets in the tables, "
             f"not {2 * n + 1} (the listener and both ends of each connection)")
for i, (c, a) in enumerate(pairs):
    c.sendall(b"q")
    if a.recv(1) != b"q":
        sys.exit(f"connection {i}: the request did not arrive")
    a.sendall(b"a")
    if c.recv(1) != b"a":
        sys.exit(f"connection {i}: the answer did not arrive")
for c, a in pairs:
    c.close()
for c, a in pairs:
    if a.recv(1) != b"":
        sys.exit("a server read data, not the client's FIN")
    a.close()
lsn.close()
print(f"{n} connections: an octet each way on each, all closed")
PY

rows() { ip netns exec $ns tail -n +2 /proc/net/"$1" | wc -l; }
empty() {
	if [ "$XTCP_PROTO" = 6 ]; then
		[ "$(ip netns exec $ns awk 'NR > 1 && $4 != "06"' /proc/net/tcp |
		     wc -l)" -eq 0 ]
	else
		[ "$(rows xtcp)" -eq 0 ] && [ "$(in_tables)" -eq 0 ]
	fi
}
start=$(date +%s%N)
wait_for 60 empty
echo "figure: conns_drained $((($(date +%s%N) - start) / 1000000)) ms (until no socket or TIME-WAIT entry was left)"
if [ "$XTCP_PROTO" != 6 ]; then
	expect_eq "rows of /proc/net/xtcp" 0 "$(rows xtcp)"
	expect_eq "xtcp sockets in the tables (/proc/net/protocols)" 0 "$(in_tables)"
fi
echo "PASS: $n connections, nothing left"
