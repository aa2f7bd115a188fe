#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Once every user has closed its xtcp sockets, rmmod succeeds even with
# connections still in TIME-WAIT and in FIN-WAIT-1 (their FIN lost to
# netem, so their retransmission timers run): the unload resets and frees
# them. The debug kernel's run checks that this leaves no leak and no
# report in the kernel log.
#
#   $ns: lo, netem loss 100% once the connections are up
. "$(dirname "$0")/../lib.sh"

ns=xtcp-$RANDOM
ip netns add $ns || fail "ip netns add failed"
trap 'ip netns del $ns 2>/dev/null' EXIT
ip -n $ns link set lo up

ip netns exec $ns xpy - "$XTCP_PROTO" <<'PY' || fail "could not set up the connections"
import socket, subprocess, sys
proto = int(sys.argv[1])
lsn = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
lsn.bind(("127.0.0.1", 6000))
lsn.listen(16)
def pair():
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
    c.connect(("127.0.0.1", 6000))
    return c, lsn.accept()[0]
for _ in range(3):			# client closes first: TIME-WAIT
    c, a = pair()
    c.close()
    assert a.recv(1) == b""
    a.close()
held = [pair() for _ in range(2)]
subprocess.run(["tc", "qdisc", "add", "dev", "lo", "root", "netem",
                "loss", "100%"], check=True)
for c, a in held:			# FINs lost: FIN-WAIT-1 on both sides
    c.close()
    a.close()
lsn.close()
PY

rows() { ip netns exec $ns awk -v st="$1" '$4 == st' /proc/net/xtcp | wc -l; }
tw_and_fw1() { [ "$(rows 06)" -ge 3 ] && [ "$(rows 04)" -ge 4 ]; }
wait_for 10 tw_and_fw1
echo "TIME-WAIT: $(rows 06), FIN-WAIT-1: $(rows 04)"
rmmod xtcp || fail "rmmod refused with only closing connections left"
! xtcp_loaded || fail "xtcp still loaded"
