#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_mem.py [options] - flood receivers that do not read, and measure
the memory the sockets take (tests/data_mem_pressure.sh,
tests/memcg_sock.sh, tests/stress_memory.sh), on protocol $XTCP_PROTO
(default 253; 6 for the kernel's TCP), over 127.0.0.1.

--conns N connections to a listener whose children are not read; each
client writes --bytes octets, --chunk at a time (with TCP_NODELAY: 1
makes 1-octet segments), non-blocking, round robin, until everything is
out or no client has found room for --stall seconds, or --seconds have
passed (then only what was sent must arrive). All along it samples:
  - sock-mem: the sum over every socket (both ends) of sk_rmem_alloc +
    sk_wmem_queued + a positive sk_forward_alloc (getsockopt
    SO_MEMINFO): the memory the sockets hold, whatever the protocol
    counts;
  - proto-pages: the protocol's "memory" in /proc/net/protocols (pages
    charged to it), and whether it said "yes" under "press";
  - with --cgroup DIR: "sock" of DIR/memory.stat and DIR/memory.current.
Then the servers read while the clients write the rest, and every octet
must arrive in order. Prints "peak-sock-mem N", "peak-proto-pages N",
"pressure yes|no", "peak-cg-sock N", "peak-cg-current N", "sent N" and
"ok", or "FAIL: ..." and exits 1: data lost or out of order, sock-mem past
--bound (octets), or, with --cgroup, the cgroup's "sock" never past
--cg-min (octets).
"""
import argparse
import os
import select
import socket
import struct
import sys
import time

PROTO = int(os.environ.get("XTCP_PROTO", "253"))
NAME = "TCP" if PROTO == 6 else "XTCP"
SO_MEMINFO = 55                 # include/uapi/asm-generic/socket.h
BOUND = 120                     # s: a stuck run fails, never hangs
PAT = bytes(range(251)) * (65536 // 251 + 2)


def chunk(pos, n):
    """The n octets of the stream at pos (a 251-periodic pattern)."""
    o = pos % 251
    return PAT[o:o + n]


def sock_mem(s):
    """rmem_alloc + wmem_queued + positive forward_alloc of s."""
    raw = s.getsockopt(socket.SOL_SOCKET, SO_MEMINFO, 4 * 9)
    v = struct.unpack(f"{len(raw) // 4}i", raw)
    return v[0] + v[5] + max(v[4], 0)


def proto_mem():
    """(pages, under pressure) of the protocol, from /proc/net/protocols."""
    with open("/proc/net/protocols") as f:
        for line in f:
            w = line.split()
            if w and w[0] == NAME:
                return int(w[3]), w[4] == "yes"
    return -1, False


def cg_mem(d):
    """(sock, current) of cgroup d, in octets."""
    sock = 0
    with open(os.path.join(d, "memory.stat")) as f:
        for line in f:
            k, v = line.split()
            if k == "sock":
                sock = int(v)
    with open(os.path.join(d, "memory.current")) as f:
        return sock, int(f.read())


class Peaks:
    """The largest values seen."""

    def __init__(self, args, socks):
        self.args, self.socks = args, socks
        self.sock_mem = self.pages = self.cg_sock = self.cg_cur = 0
        self.pressure = False

    def sample(self):
        total = sum(sock_mem(s) for s in self.socks)
        self.sock_mem = max(self.sock_mem, total)
        pages, press = proto_mem()
        self.pages = max(self.pages, pages)
        self.pressure |= press
        if self.args.cgroup:
            sock, cur = cg_mem(self.args.cgroup)
            self.cg_sock = max(self.cg_sock, sock)
            self.cg_cur = max(self.cg_cur, cur)


def flood(args, clis, peaks):
    """Write until done, stalled or out of time; return how much each
    client sent, and whether time ran out."""
    sent = [0] * len(clis)
    start = last = time.monotonic()
    n = 0
    while min(sent) < args.bytes:
        moved = False
        for i, c in enumerate(clis):
            if sent[i] >= args.bytes:
                continue
            want = min(args.chunk, args.bytes - sent[i])
            try:
                sent[i] += c.send(chunk(sent[i], want))
                moved = True
            except BlockingIOError:
                pass
        n += 1
        now = time.monotonic()
        if moved:
            last = now
        if n % 16 == 0 or not moved:
            peaks.sample()
        if now - start > args.seconds:
            peaks.sample()
            return sent, True
        if now - last > args.stall:
            break
        if not moved:
            select.select([], clis, [], 0.02)
    peaks.sample()
    return sent, False


def drain(clis, srvs, sent, total):
    """Read everything while the clients write the rest, up to total[i]
    octets each, in one thread (no thread stack to charge to a full
    cgroup); check it."""
    bad, pos = [], [0] * len(srvs)
    for c in clis + srvs:
        c.setblocking(False)
    end = time.monotonic() + BOUND
    while time.monotonic() < end:
        rs = [s for i, s in enumerate(srvs) if pos[i] < total[i]]
        ws = [c for i, c in enumerate(clis) if sent[i] < total[i]]
        if not rs:
            break
        r, w, _ = select.select(rs, ws, [], 1.0)
        for s in r:
            i = srvs.index(s)
            try:
                data = s.recv(65536)
            except BlockingIOError:
                continue
            if not data:
                bad.append(f"connection {i}: end of stream at {pos[i]}")
                return bad
            if data != chunk(pos[i], len(data)):
                bad.append(f"connection {i}: wrong octets at {pos[i]}")
                return bad
            pos[i] += len(data)
        for c in w:
            i = clis.index(c)
            try:
                sent[i] += c.send(chunk(sent[i],
                                        min(65536, total[i] - sent[i])))
            except BlockingIOError:
                pass
    for i, p in enumerate(pos):
        if p != total[i]:
            bad.append(f"connection {i}: {p} of {total[i]} octets")
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--conns", type=int, default=3)
    ap.add_argument("--bytes", type=int, default=4 << 20)
    ap.add_argument("--chunk", type=int, default=65536)
    ap.add_argument("--stall", type=float, default=1.0)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--bound", type=int, default=0)
    ap.add_argument("--cgroup")
    ap.add_argument("--cg-min", type=int, default=0)
    args = ap.parse_args()

    clis = [socket.socket(socket.AF_INET, socket.SOCK_STREAM, PROTO)
            for _ in range(args.conns)]
    lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM, PROTO)
    lst.bind(("127.0.0.1", 0))
    lst.listen(args.conns)
    srvs = []
    for c in clis:
        c.settimeout(BOUND)
        c.connect(lst.getsockname())
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        c.setblocking(False)
        s, _ = lst.accept()
        s.settimeout(BOUND)
        srvs.append(s)
    peaks = Peaks(args, clis + srvs)
    sent, timed_out = flood(args, clis, peaks)
    print(f"sent-before-reading {sum(sent)}")
    print(f"peak-sock-mem {peaks.sock_mem}")
    print(f"peak-proto-pages {peaks.pages}")
    print(f"pressure {'yes' if peaks.pressure else 'no'}")
    if args.cgroup:
        print(f"peak-cg-sock {peaks.cg_sock}")
        print(f"peak-cg-current {peaks.cg_cur}")
    # out of time: what was sent must arrive; stalled: the rest too
    total = list(sent) if timed_out else [args.bytes] * len(clis)
    bad = drain(clis, srvs, sent, total)
    for c in clis + srvs:
        c.close()
    lst.close()
    if args.bound and peaks.sock_mem > args.bound:
        bad.append(f"socket memory {peaks.sock_mem} past {args.bound}")
    if args.cgroup and peaks.cg_sock < args.cg_min:
        bad.append(f"cgroup sock {peaks.cg_sock} never reached {args.cg_min}")
    for b in bad:
        print(f"FAIL: {b}")
    if bad:
        return 1
    print(f"received {sum(total)}")
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
