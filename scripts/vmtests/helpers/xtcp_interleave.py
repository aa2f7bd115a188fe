#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_interleave.py [--proto N] [--kib N] [--write N] [--limit S] - one
thread writes to two connections on 127.0.0.1 in turn, --write octets
(default 512) at a time, --kib KiB (default 1024) to each; a reader per
connection reads to EOF. Consecutive writes to one socket then never
share a page fragment, so its send queue holds many small fragments.
Both streams must arrive whole: same length and SHA-256 as sent. Exits
0 if so, 1 otherwise or after --limit seconds (default 100).
"""
import argparse
import hashlib
import os
import random
import signal
import socket
import sys
import threading


def reader(c, res):
    h = hashlib.sha256()
    n = 0
    while True:
        b = c.recv(1 << 16)
        if not b:
            break
        h.update(b)
        n += len(b)
    res["bytes"] = n
    res["sha"] = h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--proto", type=int,
                    default=int(os.environ.get("XTCP_PROTO", "253")))
    ap.add_argument("--kib", type=int, default=1024)
    ap.add_argument("--write", type=int, default=512)
    ap.add_argument("--limit", type=int, default=100)
    args = ap.parse_args()
    signal.alarm(args.limit)
    lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM, args.proto)
    lst.bind(("127.0.0.1", 0))
    lst.listen(2)
    outs, res, threads = [], [], []
    for _ in range(2):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, args.proto)
        c.connect(lst.getsockname())
        a, _ = lst.accept()
        r = {}
        t = threading.Thread(target=reader, args=(a, r))
        t.start()
        outs.append(c)
        res.append(r)
        threads.append(t)
    rnd = random.Random(3)
    data = [rnd.randbytes(args.kib << 10) for _ in outs]
    for off in range(0, args.kib << 10, args.write):
        for c, d in zip(outs, data):
            c.sendall(d[off:off + args.write])
    for c in outs:
        c.shutdown(socket.SHUT_WR)
    for t in threads:
        t.join()
    bad = 0
    for i, (d, r) in enumerate(zip(data, res)):
        sha = hashlib.sha256(d).hexdigest()
        print(f"connection {i}: sent {len(d)} {sha}, "
              f"received {r.get('bytes')} {r.get('sha')}")
        bad += r.get("sha") != sha or r.get("bytes") != len(d)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    sys.exit(main())
