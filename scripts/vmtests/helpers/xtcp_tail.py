#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_tail.py - request/response rounds whose last request is a burst,
for the tail loss test (scripts/vmtests/tests/rack_tail_loss.sh).

  xtcp_tail.py server ADDR PORT --proto P
      Accepts one connection; answers each request with one octet: first
      --rounds requests of --small octets, then one of --segs segments of
      the connection's TCP_MAXSEG. Prints "listening" once it listens.

  xtcp_tail.py client ADDR PORT --proto P
      Connects and makes those rounds (the small ones give the RTT
      estimate: each in two writes, two segments, so that the receiver
      acknowledges at once), then sends the burst in one write and waits
      for its answer. Prints "mss M", then "burst MS rto_ms R rto0_ms R0 rtt_us T
      min_rtt_us M retrans N backoff B": the milliseconds from the write to the answer,
      TCP_INFO's tcpi_rto (in ms) when the answer came and (R0) just
      before the write, and tcpi_rtt, tcpi_min_rtt, tcpi_total_retrans and
      tcpi_backoff when the answer came.
Exits 1 on a short read or a timeout (10 s a read).
"""
import argparse
import socket
import struct
import sys
import time

TCP_INFO_LEN = 152
# struct tcp_info: 8 octets of u8 fields, u32s from tcpi_rto to
# tcpi_total_retrans, 4 u64s, u32s up to tcpi_min_rtt
INFO_FMT = "8B24I4Q4I"


def recv_exact(c, n):
    buf = b""
    while len(buf) < n:
        d = c.recv(n - len(buf))
        if not d:
            sys.exit(f"short read: {len(buf)} of {n}")
        buf += d
    return buf


def tcp_info(s):
    return struct.unpack_from(INFO_FMT, s.getsockopt(
        socket.IPPROTO_TCP, socket.TCP_INFO, TCP_INFO_LEN))


def server(args):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, args.proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((args.addr, args.port))
        s.listen(1)
        print("listening", flush=True)
        c, _ = s.accept()
        c.settimeout(10)
        mss = c.getsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG)
        for _ in range(args.rounds):
            recv_exact(c, args.small)
            c.sendall(b"k")
        recv_exact(c, args.segs * mss)
        c.sendall(b"k")
        c.recv(1)       # the client's close
        c.close()


def client(args):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, args.proto) as s:
        s.settimeout(10)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.connect((args.addr, args.port))
        mss = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG)
        print(f"mss {mss}", flush=True)
        for _ in range(args.rounds):
            # two segments: the second draws the ACK at once, before the
            # server wakes, so the RTT samples are the path's
            s.sendall(b"x" * (args.small // 2))
            s.sendall(b"x" * (args.small - args.small // 2))
            recv_exact(s, 1)
        rto0 = tcp_info(s)[8]
        t0 = time.monotonic()
        s.sendall(b"y" * (args.segs * mss))
        recv_exact(s, 1)
        ms = (time.monotonic() - t0) * 1000
        info = tcp_info(s)
        rto, rtt, retrans, backoff = info[8], info[8 + 15], info[8 + 23], \
            info[4]
        min_rtt = info[-1]
        print(f"burst {ms:.0f} rto_ms {rto // 1000} rto0_ms {rto0 // 1000} "
              f"rtt_us {rtt} min_rtt_us {min_rtt} "
              f"retrans {retrans} backoff {backoff}", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["server", "client"])
    ap.add_argument("addr")
    ap.add_argument("port", type=int)
    ap.add_argument("--proto", type=int, default=253)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--small", type=int, default=1200)
    ap.add_argument("--segs", type=int, default=10)
    args = ap.parse_args()
    (server if args.mode == "server" else client)(args)


if __name__ == "__main__":
    main()
