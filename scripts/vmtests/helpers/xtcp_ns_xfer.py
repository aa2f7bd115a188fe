#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_ns_xfer.py [--proto N] (--listen ADDR:PORT | --connect ADDR:PORT
[--mib N]) [--limit S] - one side of a transfer between two processes,
for tests whose ends live in different network namespaces.

--listen: accept one connection, read it to EOF and print
"received BYTES SHA256". It prints "listening" once it listens (its
stdout should go to a file the test watches).
--connect: send --mib MiB (default 16) of pseudo-random data, shut down
writing, wait for the peer to close, and print "sent BYTES SHA256".

Either side exits 1 on an error or after --limit seconds (default 100).
The protocol is --proto, default XTCP_PROTO or 253.
"""
import argparse
import hashlib
import os
import random
import signal
import socket
import sys

CHUNK = 1 << 20


def addr(text):
    host, port = text.rsplit(":", 1)
    return host, int(port)


def listen(proto, where):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto) as lst:
        lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        lst.bind(where)
        lst.listen(1)
        print("listening")
        c, _ = lst.accept()
        with c:
            h = hashlib.sha256()
            n = 0
            while True:
                b = c.recv(CHUNK)
                if not b:
                    break
                h.update(b)
                n += len(b)
    print(f"received {n} {h.hexdigest()}")


def connect(proto, where, mib):
    rnd = random.Random(7)
    h = hashlib.sha256()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto) as c:
        c.connect(where)
        for _ in range(mib):
            b = rnd.randbytes(CHUNK)
            c.sendall(b)
            h.update(b)
        c.shutdown(socket.SHUT_WR)
        c.recv(1)		# the peer's close
    print(f"sent {mib * CHUNK} {h.hexdigest()}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--proto", type=int,
                    default=int(os.environ.get("XTCP_PROTO", "253")))
    ap.add_argument("--listen", type=addr)
    ap.add_argument("--connect", type=addr)
    ap.add_argument("--mib", type=int, default=16)
    ap.add_argument("--limit", type=int, default=100)
    args = ap.parse_args()
    signal.alarm(args.limit)
    try:
        if args.listen:
            listen(args.proto, args.listen)
        elif args.connect:
            connect(args.proto, args.connect, args.mib)
        else:
            ap.error("--listen or --connect")
    except OSError as e:
        print(f"FAIL: {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    sys.exit(main())
