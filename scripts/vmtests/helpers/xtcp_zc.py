#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_zc.py sink|send ADDR PORT [options] - MSG_ZEROCOPY between two
network namespaces (zc_veth.sh).

  sink  listen on ADDR:PORT, print "listening", accept one connection,
        read to EOF and print "recv sha256 H (N bytes)".
  send  connect to ADDR:PORT, set SO_ZEROCOPY (XTCP_ZEROCOPY at xtcp's
        level where 6.1's socket layer refuses it: EOPNOTSUPP), send
        --kib KiB of pseudo-random data in --writes sendmsg(MSG_ZEROCOPY)
        calls, print "sent sha256 H (N bytes)", and wait (--limit s) for
        the notification of every write: ranges of write numbers from 0,
        each once. --copied 0|1: what SO_EE_CODE_ZEROCOPY_COPIED must be
        on every one; exits 1 otherwise.
        --blackhole DEV: after connecting, with TCP_USER_TIMEOUT 1 s,
        add "netem loss 100%" to DEV, so that nothing sent arrives: the
        connection ends with ETIMEDOUT, its data are freed unsent, never
        copied, and notified so.

The protocol is --proto, default XTCP_PROTO or 253. An IPv6 ADDR (one
with a colon) makes AF_INET6 sockets.
"""
import argparse
import errno
import hashlib
import os
import random
import select
import socket
import struct
import subprocess
import sys
import time

SO_ZEROCOPY = 60
MSG_ZEROCOPY = 0x4000000
SO_EE_ORIGIN_ZEROCOPY = 5
SO_EE_CODE_ZEROCOPY_COPIED = 1
XTCP_ZEROCOPY = 1001
TCP_USER_TIMEOUT = 18


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def sink(args):
    lst = socket.socket(family(args.addr), socket.SOCK_STREAM, args.proto)
    lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lst.bind((args.addr, args.port))
    lst.listen(1)
    print("listening", flush=True)
    s, _ = lst.accept()
    h, n = hashlib.sha256(), 0
    while True:
        d = s.recv(1 << 16)
        if not d:
            break
        h.update(d)
        n += len(d)
    print(f"recv sha256 {h.hexdigest()} ({n} bytes)", flush=True)
    return 0


def set_zerocopy(s, proto):
    try:
        s.setsockopt(socket.SOL_SOCKET, SO_ZEROCOPY, 1)
        print("SO_ZEROCOPY: ok")
    except OSError as e:
        if e.errno != errno.EOPNOTSUPP or proto == socket.IPPROTO_TCP:
            raise
        print("SO_ZEROCOPY: EOPNOTSUPP (6.1), XTCP_ZEROCOPY instead")
        s.setsockopt(proto, XTCP_ZEROCOPY, 1)


def notes(s):
    """The notifications waiting on s's error queue: (lo, hi, copied)."""
    out = []
    while True:
        try:
            _, anc, _, _ = s.recvmsg(0, 512, socket.MSG_ERRQUEUE |
                                     socket.MSG_DONTWAIT)
        except BlockingIOError:
            return out
        for _, _, data in anc:
            err, origin, _, code, _, lo, hi = struct.unpack("=IBBBBII",
                                                            data[:16])
            if origin != SO_EE_ORIGIN_ZEROCOPY or err:
                raise RuntimeError(f"origin {origin} errno {err} queued")
            out.append((lo, hi, code & SO_EE_CODE_ZEROCOPY_COPIED))


def send(args):
    s = socket.socket(family(args.addr), socket.SOCK_STREAM, args.proto)
    # room for all of it unacknowledged (--blackhole)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
    s.connect((args.addr, args.port))
    set_zerocopy(s, args.proto)
    if args.blackhole:
        s.setsockopt(socket.IPPROTO_TCP, TCP_USER_TIMEOUT, 1000)
        subprocess.run(["tc", "qdisc", "replace", "dev", args.blackhole,
                        "root", "netem", "loss", "100%"], check=True)
    rnd = random.Random(1)
    total = args.kib << 10
    bufs, left = [], total
    for i in range(args.writes):
        n = left // (args.writes - i)
        bufs.append(rnd.randbytes(n))
        left -= n
    h = hashlib.sha256()
    for b in bufs:
        if s.sendmsg([b], [], MSG_ZEROCOPY) != len(b):
            print("FAIL: a short sendmsg(MSG_ZEROCOPY)")
            return 1
        h.update(b)
    print(f"sent sha256 {h.hexdigest()} ({total} bytes)", flush=True)
    if not args.blackhole:
        s.shutdown(socket.SHUT_WR)
    got, deadline = [], time.monotonic() + args.limit
    while sum(hi - lo + 1 for lo, hi, _ in got) < args.writes:
        if time.monotonic() > deadline:
            print(f"FAIL: after {args.limit} s, notifications {got}")
            return 1
        select.select([], [], [s], 0.2)
        got += notes(s)
    seen = sorted(i for lo, hi, _ in got for i in range(lo, hi + 1))
    print(f"notifications {len(got)} for {args.writes} writes: "
          f"{[(lo, hi) for lo, hi, _ in got]}; COPIED "
          f"{sum(1 for *_, c in got if c)} of {len(got)}")
    if seen != list(range(args.writes)):
        print(f"FAIL: writes notified {seen}")
        return 1
    if args.blackhole:
        err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        print(f"SO_ERROR {errno.errorcode.get(err, err)}")
    if args.copied is not None and any(c != args.copied for *_, c in got):
        print(f"FAIL: COPIED must be {args.copied} on every notification")
        return 1
    if not args.blackhole:
        while s.recv(1 << 16):
            pass
    return 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=("sink", "send"))
    p.add_argument("addr")
    p.add_argument("port", type=int)
    p.add_argument("--proto", type=int,
                   default=int(os.environ.get("XTCP_PROTO", 253)))
    p.add_argument("--kib", type=int, default=1024)
    p.add_argument("--writes", type=int, default=16)
    p.add_argument("--copied", type=int, choices=(0, 1))
    p.add_argument("--blackhole")
    p.add_argument("--limit", type=float, default=30)
    args = p.parse_args()
    return sink(args) if args.mode == "sink" else send(args)


if __name__ == "__main__":
    sys.exit(main())
