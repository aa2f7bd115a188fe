#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A closed socket does not wait for ever in FIN-WAIT-2: when the peer
# never sends its FIN, the connection is reset after 2MSL (as Linux's
# tcp_fin_timeout), and the peer, still in CLOSE-WAIT, reads ECONNRESET
# or EPIPE on its next call. net.xtcp.msl_ms 500 makes that 1 s.
. "$(dirname "$0")/../lib.sh"

[ "$XTCP_PROTO" = 253 ] || skip "net.xtcp.msl_ms is xtcp's"
ns=xtcp-$RANDOM
ip netns add $ns || fail "ip netns add failed"
trap 'ip netns del $ns 2>/dev/null' EXIT
ip -n $ns link set lo up
ip netns exec $ns sysctl -qw net.xtcp.msl_ms=500 || fail "cannot set msl_ms"

ip netns exec $ns xpy - "$XTCP_PROTO" <<'PY' || fail "see above"
import socket, sys, time
proto = int(sys.argv[1])
def rows():
    with open("/proc/net/xtcp") as f:
        return [l.split() for l in f.readlines()[1:]]
lsn = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
lsn.bind(("127.0.0.1", 6002))
lsn.listen(1)
c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
c.connect(("127.0.0.1", 6002))
port = "%04X" % c.getsockname()[1]
a = lsn.accept()[0]
c.close()
t0 = time.time()
def client_state():
    return [r[3] for r in rows() if r[1].endswith(":" + port)]
while client_state() != ["05"]:
    assert time.time() - t0 < 5, "no FIN-WAIT-2: %s" % client_state()
    time.sleep(0.01)
while client_state():
    assert time.time() - t0 < 10, "still there after 10 s: %s" % client_state()
    time.sleep(0.02)
print("orphan in FIN-WAIT-2 gone after %.2f s" % (time.time() - t0))
assert a.recv(10) == b"", "the peer did not see our FIN"
# the reset came before the orphan left the listing: the peer is closed
try:
    a.send(b"x")
    sys.exit("the peer could still send")
except (ConnectionResetError, BrokenPipeError) as e:
    print("the peer's send:", type(e).__name__)
PY
