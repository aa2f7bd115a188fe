#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_netxfer.py server|client ADDR PORT [options] - one bulk transfer
between two processes (two network namespaces), for the netem tests
(netem.sh) and lib.sh's ns_xfer.

  server  listen on ADDR:PORT, print "listening", accept one connection,
          read to EOF, hashing what arrives, then close; it prints
          "server: N MiB in after T s" every quarter of --mib MiB (every
          4 MiB when --mib is 0 or 16 or more). With
          --pause-after M --pause S it stops reading for S seconds once M
          MiB have arrived (the sender sees a zero window), then resumes.
          Exits 0 when exactly --mib MiB arrived.
  client  connect to ADDR:PORT, send --mib MiB of pseudo-random data
          (--mib 0: until an error), shut down its side and read until the
          server's EOF. Exits 0 when all of it went out and the server
          closed cleanly. With --report-mtu it waits, before shutting
          down, until the server has acknowledged everything (SIOCOUTQ
          0) and prints "client: IP_MTU N TCP_MAXSEG M": the path MTU
          the route learned (IPV6_MTU for IPv6), and the send MSS.
          With --rate R it sends at most R MiB a second (in 64 KiB
          writes). With --mib 0, SIGUSR1 ends the sending as --mib would
          (after the 1 MiB being written, or with --rate the 64 KiB): a
          background transfer that runs until the test is done with it.

Each side prints its SHA-256 ("sent sha256 H" / "recv sha256 H"), the
byte count, the elapsed time and the rate; the test compares the two
digests. A failing call prints "error ERRNAME after T s at WALL" (WALL is
time.time(), to compare with `date +%s.%N` in the test) and exits 2.
Every other failure, and --limit seconds passing (SIGALRM interrupts the
blocked call), exits 1. The protocol is --proto, default XTCP_PROTO or 253;
--interop makes the xtcp socket an interop socket (XTCP_INTEROP: TCP on
the wire), to talk to the kernel's TCP (--proto 6) on the other end.
An IPv6 ADDR (one with a colon) makes AF_INET6 sockets.
"""
import argparse
import array
import errno
import fcntl
import hashlib
import os
import random
import signal
import socket
import sys
import time

import xtcp_poll

CHUNK = 1 << 20
SLICE = 64 << 10  # --rate: the write between two looks at the clock
MARK = 4 * CHUNK  # the server prints its progress every MARK bytes at most
SEED = 1
IP_MTU = 14
IPV6_MTU = 24
SIOCOUTQ = 0x5411
XTCP_INTEROP = 1000


class Expired(Exception):
    """--limit seconds passed."""


def on_alarm(signum, frame):
    raise Expired()


STOP = []


def on_usr1(signum, frame):
    """client --mib 0: end the sending after the write under way."""
    STOP.append(signum)


def report(who, what, n, t0):
    dt = max(time.monotonic() - t0, 1e-6)
    print(f"{who}: {what} ({n} bytes) in {dt:.2f} s, "
          f"{n / dt / CHUNK:.2f} MiB/s")


def server(s, args):
    s.bind((args.addr, args.port))
    s.listen(1)
    print("listening")
    a, peer = s.accept()
    t0 = time.monotonic()
    print(f"server: connection from {peer[0]}:{peer[1]}")
    h = hashlib.sha256()
    n = 0
    buf = bytearray(256 * 1024)
    paused = args.pause_after is None
    mark = MARK
    if args.mib:
        mark = max(min(MARK, args.mib * CHUNK // 4), CHUNK)
    with a:
        while True:
            if not paused and n >= args.pause_after * CHUNK:
                print(f"server: not reading for {args.pause} s "
                      f"after {n} bytes")
                time.sleep(args.pause)
                print("server: reading again")
                paused = True
            want = len(buf)
            if not paused:
                want = min(want, args.pause_after * CHUNK - n)
            k = a.recv_into(buf, want)
            if not k:
                break
            h.update(memoryview(buf)[:k])
            n += k
            if n // mark != (n - k) // mark:
                print(f"server: {n // CHUNK} MiB in after "
                      f"{time.monotonic() - t0:.2f} s")
    report("server", f"recv sha256 {h.hexdigest()}", n, t0)
    if args.mib and n != args.mib * CHUNK:
        print(f"server: received {n} bytes of {args.mib * CHUNK}")
        return 1
    return 0


def report_mtu(s):
    """Once all is acknowledged: the socket's path MTU and send MSS."""
    outq = array.array("i", [1])
    start = time.monotonic()
    while True:
        fcntl.ioctl(s, SIOCOUTQ, outq)
        if not outq[0]:
            break
        xtcp_poll.nap(start)
    if s.family == socket.AF_INET6:
        mtu = s.getsockopt(socket.IPPROTO_IPV6, IPV6_MTU)
    else:
        mtu = s.getsockopt(socket.IPPROTO_IP, IP_MTU)
    print(f"client: IP_MTU {mtu} "
          f"TCP_MAXSEG {s.getsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG)}")


def paced_send(s, c, n, t0, rate, stoppable):
    """Send c, the octets after the n sent since t0, at rate octets a
    second at most; if stoppable, only until SIGUSR1. Returns what of c
    it sent."""
    for off in range(0, len(c), SLICE):
        if stoppable and STOP:
            return c[:off]
        ahead = (n + off) / rate - (time.monotonic() - t0)
        if ahead > 0:
            time.sleep(ahead)
        s.sendall(c[off:off + SLICE])
    return c


def client(s, args):
    if args.sndbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, args.sndbuf)
    if args.user_timeout is not None:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT,
                     args.user_timeout)
    s.connect((args.addr, args.port))
    t0 = time.monotonic()
    print("client: connected")
    rnd = random.Random(SEED)
    h = hashlib.sha256()
    n = 0
    while (n < args.mib * CHUNK) if args.mib else not STOP:
        c = rnd.randbytes(CHUNK)
        if args.rate:
            c = paced_send(s, c, n, t0, args.rate * CHUNK, not args.mib)
        else:
            s.sendall(c)
        h.update(c)
        n += len(c)
    if args.report_mtu:
        report_mtu(s)
    s.shutdown(socket.SHUT_WR)
    report("client", f"sent sha256 {h.hexdigest()}", n, t0)
    if s.recv(1):
        print("client: the server sent data")
        return 1
    report("client", "closed by the server", n, t0)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("role", choices=("server", "client"))
    ap.add_argument("addr")
    ap.add_argument("port", type=int)
    ap.add_argument("--proto", type=int,
                    default=int(os.environ.get("XTCP_PROTO", "253")))
    ap.add_argument("--mib", type=int, default=16)
    ap.add_argument("--limit", type=int, default=100,
                    help="seconds before giving up")
    ap.add_argument("--pause-after", type=int, metavar="MIB",
                    help="server: stop reading after MIB MiB")
    ap.add_argument("--pause", type=float, default=4,
                    help="server: seconds not reading")
    ap.add_argument("--rcvbuf", type=int, help="server: SO_RCVBUF")
    ap.add_argument("--sndbuf", type=int, help="client: SO_SNDBUF")
    ap.add_argument("--user-timeout", type=int, metavar="MS",
                    help="client: TCP_USER_TIMEOUT")
    ap.add_argument("--rate", type=float, metavar="MIB",
                    help="client: send at most MIB MiB a second")
    ap.add_argument("--report-mtu", action="store_true",
                    help="client: print IP_MTU and TCP_MAXSEG")
    ap.add_argument("--interop", action="store_true",
                    help="XTCP_INTEROP on the xtcp socket")
    args = ap.parse_args()

    signal.signal(signal.SIGALRM, on_alarm)
    signal.signal(signal.SIGUSR1, on_usr1)
    signal.alarm(args.limit)
    t0 = time.monotonic()
    try:
        family = socket.AF_INET6 if ":" in args.addr else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM, args.proto) as s:
            if args.interop:
                s.setsockopt(args.proto, XTCP_INTEROP, 1)
            if args.rcvbuf:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF,
                             args.rcvbuf)
            return (server if args.role == "server" else client)(s, args)
    except Expired:
        print(f"{args.role}: not done after {args.limit} s")
        return 1
    except OSError as e:
        name = errno.errorcode.get(e.errno, str(e.errno))
        print(f"{args.role}: error {name} after "
              f"{time.monotonic() - t0:.2f} s at {time.time():.3f} ({e})")
        return 2


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    sys.exit(main())
