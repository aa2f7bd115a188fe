#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_listen_churn.py - close listeners while their children change state

  xtcp_listen_churn.py ROUNDS PORT

Each round opens a listener on 0.0.0.0:PORT+round (backlog 1024) and forks
a sender, pinned to the second CPU (the parent to the first), that gives it
children:

  - SYNs from scripted peers 10.0.0.2-254 (xtcp_states.sh's xs_peer_net:
    their SYN-ACKs end on the dummy device, unanswered), so the children
    stay in SYN-RECEIVED until their retransmissions run out (the test
    sets tiny RTO bounds);
  - non-blocking connect()s from 127.0.0.1 with SO_LINGER {1, 0}, whose
    handshakes complete (the children go to the accept queue, never
    accepted).

Then the parent closes the listener while the sender, on the other CPU,
ends three children in four in softirq: the peers' RSTs at RCV.NXT (T11),
newest child first, so that they meet the close's walk over the children,
and the clients' aborts (a RST to the child). Prints how many children
the closes met and the slowest close; exits 0, or 1 on an unexpected
error. Whether the kernel survived it is the test's to check.
"""
import os
import random
import socket
import struct
import sys
import time

from xtcp_csum import csum

PROTO = int(os.environ.get("XTCP_PROTO", "253"))
SUT = "10.0.0.1"
SYNS = 120       # scripted SYNs per round
CONNECTS = 20    # real connections per round
STATE_FILE = "/proc/net/tcp" if PROTO == 6 else "/proc/net/xtcp"


def segment(src, sport, dport, seq, flags):
    """An IPv4 packet (header packed here) with an option-less segment."""
    seg = struct.pack("!HHIIBBHHH", sport, dport, seq, 0, 5 << 4, flags,
                      65535, 0, 0)
    pseudo = socket.inet_aton(src) + socket.inet_aton(SUT) + \
        struct.pack("!BBH", 0, PROTO, len(seg))
    seg = seg[:16] + struct.pack("!H", csum(pseudo + seg)) + seg[18:]
    return struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(seg), 0, 0x4000,
                       64, PROTO, 0, socket.inet_aton(src),
                       socket.inet_aton(SUT)) + seg


def plan(port):
    """The scripted peers' SYNs of a round, and the RST of each, at
    RCV.NXT (T11), newest first."""
    syns, rsts = [], []
    for _ in range(SYNS):
        src = "10.0.0.%d" % random.randint(2, 254)
        sport, seq = random.randint(1024, 65535), random.getrandbits(32)
        syns.append(segment(src, sport, port, seq, 0x02))
        rsts.insert(0, segment(src, sport, port, (seq + 1) & 0xFFFFFFFF,
                               0x04))
    return syns, rsts


def connect_one(port):
    sk = socket.socket(socket.AF_INET, socket.SOCK_STREAM, PROTO)
    sk.setblocking(False)
    sk.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                  struct.pack("ii", 1, 0))
    try:
        sk.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    return sk


def sender(port, syns, rsts, ready, go):
    """Make the children; once the parent closes the listener, reset half
    of them from the peers' side, newest first."""
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    clients = []
    per = len(syns) // CONNECTS
    for i, pkt in enumerate(syns):
        raw.sendto(pkt, (SUT, 0))
        if i % per == 0:
            clients.append(connect_one(port))
    os.write(ready, b"r")
    if os.read(go, 1) != b"g":
        os._exit(1)
    for i, pkt in enumerate(rsts):
        if i % 4:
            raw.sendto(pkt, (SUT, 0))
        if i % per == 0 and clients:
            clients.pop().close()       # SO_LINGER {1, 0}: a RST
    for sk in clients:
        sk.close()
    os._exit(0)


def children(port):
    n = 0
    with open(STATE_FILE) as f:
        next(f)
        for line in f:
            col = line.split()
            if int(col[1].split(":")[1], 16) == port and col[3] != "0A":
                n += 1
    return n


def pin(cpu):
    """Run on CPU cpu (of two or more): the listener's close on one, the
    softirq work the sender's segments cause on the other."""
    if len(os.sched_getaffinity(0)) > 1:
        os.sched_setaffinity(0, {cpu})


def round_(port):
    lsk = socket.socket(socket.AF_INET, socket.SOCK_STREAM, PROTO)
    lsk.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsk.bind(("0.0.0.0", port))
    lsk.listen(1024)
    syns, rsts = plan(port)
    ready_r, ready_w = os.pipe()
    go_r, go_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        lsk.close()     # the parent's close() must be the last
        pin(1)
        sender(port, syns, rsts, ready_w, go_r)
    os.close(ready_w)
    os.close(go_r)
    if os.read(ready_r, 1) != b"r":
        print("port %d: sender died early" % port, file=sys.stderr)
        return None
    kids = children(port)
    os.write(go_w, b"g")
    t0 = time.monotonic()
    lsk.close()
    took = time.monotonic() - t0
    _, status = os.waitpid(pid, 0)
    for fd in (ready_r, go_w):
        os.close(fd)
    if status:
        print("port %d: sender status %d" % (port, status), file=sys.stderr)
        return None
    return kids, took


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: xtcp_listen_churn.py ROUNDS PORT")
    rounds, port = int(sys.argv[1]), int(sys.argv[2])
    start = time.monotonic()
    pin(0)
    kids, slowest = 0, 0
    for r in range(rounds):
        res = round_(port + r)
        if not res:
            sys.exit(1)
        kids += res[0]
        slowest = max(slowest, res[1])
    print("%d rounds in %.1f s: %d children at the closes, the slowest "
          "close %.1f ms" % (rounds, time.monotonic() - start, kids,
                             slowest * 1000))


if __name__ == "__main__":
    main()
