#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_synflood.py PORT BACKLOG COUNT EXPECT - a SYN flood, then a real
client, on IP protocol $XTCP_PROTO (253, or 6 for the kernel's TCP), in
the network of xtcp_states.sh's xs_peer_net.

A listener on 0.0.0.0:PORT with listen(BACKLOG) gets COUNT SYNs (MSS 1460,
window shift 7) sent through a raw socket to 10.0.0.1:PORT from spoofed
addresses 10.0.0.3-10.0.0.250, no two from the same address and port:
the answers go out through
the dummy device, where they end, so every SYN leaves a connection
request nobody completes. Once the stack has taken all COUNT (each made
a child in SYN-RECEIVED, got a cookie or was dropped: the SYN_RECV rows
of the state file and the TCPReqQFull* counters add up to COUNT), it
prints

  embryos N          the SYN_RECV rows of PORT

then a client connects from 127.0.0.1 (with SO_RCVBUF 256 KiB, for
a window shift other than the server's). EXPECT says what must happen:

  connect  connect() succeeds; the server accepts the connection, 256 KiB
           goes from the client to the server and 64 KiB back, byte
           exact; prints "xfer ok" and "wscale A B C D", the client's
           send and receive window shifts and the accepted socket's
           (TCP_INFO), "wscale_ok X Y" (TCPI_OPT_WSCALE on each) and
           "ts_ok X Y" (TCPI_OPT_TIMESTAMPS on each)
  drop     the client's SYN is dropped (TCPReqQFullDrop counts it), and
           the connection is still pending; prints "connect pending"

Counters are read from /proc/net/xtcp_stat, or /proc/net/netstat (TcpExt)
for the kernel's TCP: the names are the same. Exits 1, saying why, if
something did not happen as EXPECT says (within a bound).
"""
import os
import random
import select
import socket
import struct
import sys
import threading
import time

import xtcp_poll
from xtcp_csum import csum


PROTO = int(os.environ.get("XTCP_PROTO", "253"))
STATE_FILE = "/proc/net/tcp" if PROTO == 6 else "/proc/net/xtcp"
SUT = "10.0.0.1"
BOUND = 60                      # seconds any wait may last
SYN_RECV = 3
TCPI_OPT_TIMESTAMPS = 1
TCPI_OPT_WSCALE = 4


def die(msg):
    print("xtcp_synflood: " + msg, file=sys.stderr, flush=True)
    sys.exit(1)


def mib(name):
    """A counter of the namespace, by its TcpExt name."""
    if PROTO != 6:
        with open("/proc/net/xtcp_stat") as f:
            for line in f:
                key, val = line.split()
                if key == name:
                    return int(val)
        die("no counter " + name)
    with open("/proc/net/netstat") as f:
        lines = f.read().splitlines()
    for keys, vals in zip(lines[::2], lines[1::2]):
        if keys.startswith("TcpExt:"):
            return dict(zip(keys.split()[1:], map(int, vals.split()[1:])))[name]
    die("no TcpExt in /proc/net/netstat")


def embryos(port):
    """The SYN_RECV rows whose local port is port."""
    n = 0
    with open(STATE_FILE) as f:
        next(f)
        for line in f:
            fields = line.split()
            if (int(fields[1].split(":")[1], 16) == port and
                    int(fields[3], 16) == SYN_RECV):
                n += 1
    return n


def spoofed_syn(port, i):
    """An IP packet: SYN number i, with MSS 1460 and window shift 7, to
    SUT:port from an address of 10.0.0.0/24 that nobody has; no two
    alike."""
    src = "10.0.0.%d" % (3 + i % 248)
    opts = struct.pack("!BBH", 2, 4, 1460) + bytes([1, 3, 3, 7])
    seg = struct.pack("!HHIIBBHHH", 1024 + i // 248, port,
                      random.getrandbits(32), 0, (20 + len(opts)) // 4 << 4,
                      0x02, 65535, 0, 0) + opts
    pseudo = socket.inet_aton(src) + socket.inet_aton(SUT) + \
        struct.pack("!BBH", 0, PROTO, len(seg))
    seg = seg[:16] + struct.pack("!H", csum(pseudo + seg)) + seg[18:]
    iph = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 0, 0, 0, 64, PROTO, 0,
                      socket.inet_aton(src), socket.inet_aton(SUT))
    return iph + seg


def wait(what, cond):
    start = time.monotonic()
    while not cond():
        if time.monotonic() > start + BOUND:
            die("timed out waiting for " + what)
        xtcp_poll.nap(start)


def info(s):
    buf = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    options, wscale = buf[5], buf[6]
    return (wscale & 15, wscale >> 4, bool(options & TCPI_OPT_WSCALE),
            bool(options & TCPI_OPT_TIMESTAMPS))


def recv_exact(s, n):
    data = bytearray()
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            die("EOF after %d of %d octets" % (len(data), n))
        data += chunk
    return bytes(data)


def transfer(lsock, client):
    up = random.randbytes(256 << 10)
    down = random.randbytes(64 << 10)
    got = {}

    def serve():
        conn, _ = lsock.accept()
        conn.settimeout(BOUND)
        got["up"] = recv_exact(conn, len(up))
        conn.sendall(down)
        got["info"] = info(conn)
        got["conn"] = conn

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    client.sendall(up)
    back = recv_exact(client, len(down))
    t.join(BOUND)
    if t.is_alive() or "info" not in got:
        die("the server did not get the data")
    if got["up"] != up or back != down:
        die("the data differ")
    print("xfer ok", flush=True)
    csnd, crcv, cok, cts = info(client)
    ssnd, srcv, sok, sts = info(got["conn"])
    print("wscale %d %d %d %d" % (csnd, crcv, ssnd, srcv), flush=True)
    print("wscale_ok %d %d" % (cok, sok), flush=True)
    print("ts_ok %d %d" % (cts, sts), flush=True)
    got["conn"].close()


def main():
    port, backlog, count = map(int, sys.argv[1:4])
    expect = sys.argv[4]
    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, PROTO)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("0.0.0.0", port))
    lsock.listen(backlog)
    lsock.settimeout(BOUND)

    def taken():
        return (embryos(port) + mib("TCPReqQFullDoCookies") +
                mib("TCPReqQFullDrop"))

    base = taken()
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    for i in range(count):
        raw.sendto(spoofed_syn(port, i), (SUT, 0))
    wait("the stack to take %d SYNs" % count,
         lambda: taken() - base >= count)
    print("embryos %d" % embryos(port), flush=True)

    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM, PROTO)
    if expect == "drop":
        drops = mib("TCPReqQFullDrop")
        client.setblocking(False)
        client.connect_ex(("127.0.0.1", port))
        wait("the client's SYN to be dropped",
             lambda: mib("TCPReqQFullDrop") > drops)
        _, w, _ = select.select([], [client], [], 0)
        err = client.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if w or err:
            die("the connection ended (error %d) instead of waiting" % err)
        print("connect pending", flush=True)
        return
    # a window shift of its own, not the server's: a mix-up shows
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 256 << 10)
    client.settimeout(BOUND)
    client.connect(("127.0.0.1", port))
    transfer(lsock, client)


if __name__ == "__main__":
    main()
