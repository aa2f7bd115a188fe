#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_same_tuple.py [--proto N] --token T [--port P] [--cport C]

In the namespace it runs in: a listener on 127.0.0.1:PORT and a client
bound to 127.0.0.1:CPORT connected to it, so every namespace that runs
this has the same 4-tuple. Each end sends its side and TOKEN and must read
the other end's back; then /proc/net/xtcp (/proc/net/tcp for --proto 6)
must show exactly the listener and the two ends on PORT. Prints "ready"
and waits for stdin to close; then the client closes first, the server
after the client's FIN, and the file must show the client's end in
TIME-WAIT and the listener, and nothing else on PORT.
"""
import argparse
import os
import socket
import sys
import time

LOOP = "127.0.0.1"
LISTEN, ESTABLISHED, TIME_WAIT = 0x0A, 0x01, 0x06


def rows(path, port):
    """{(local port, remote port): [states]} of the rows on port."""
    out = {}
    with open(path) as f:
        for line in f.read().splitlines()[1:]:
            f = line.split()
            lp = int(f[1].split(":")[1], 16)
            rp = int(f[2].split(":")[1], 16)
            if port in (lp, rp):
                out.setdefault((lp, rp), []).append(int(f[3], 16))
    return out


def check(path, port, want, what):
    """rows on port must become want (10 s at most)."""
    for _ in range(500):
        got = rows(path, port)
        if got == want:
            print(f"{what}: {got}")
            return
        time.sleep(0.02)
    sys.exit(f"FAIL: {what}: {path} shows {got}, want {want}")


def exchange(mine, theirs, side, token):
    """mine sends SIDE:TOKEN, which theirs must read."""
    want = f"{side}:{token}".encode()
    mine.sendall(want)
    got = b""
    theirs.settimeout(10)
    while len(got) < len(want):
        b = theirs.recv(len(want) - len(got))
        if not b:
            break
        got += b
    if got != want:
        sys.exit(f"FAIL: read {got!r}, want {want!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--proto", type=int,
                    default=int(os.environ.get("XTCP_PROTO", "253")))
    ap.add_argument("--token", required=True)
    ap.add_argument("--port", type=int, default=7800)
    ap.add_argument("--cport", type=int, default=7801)
    a = ap.parse_args()
    path = "/proc/net/tcp" if a.proto == 6 else "/proc/net/xtcp"

    lsn = socket.socket(socket.AF_INET, socket.SOCK_STREAM, a.proto)
    lsn.bind((LOOP, a.port))
    lsn.listen(1)
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, a.proto)
    c.bind((LOOP, a.cport))
    c.connect((LOOP, a.port))
    s, _ = lsn.accept()
    exchange(c, s, "c", a.token)
    exchange(s, c, "s", a.token)
    check(path, a.port, {(a.port, 0): [LISTEN],
                         (a.cport, a.port): [ESTABLISHED],
                         (a.port, a.cport): [ESTABLISHED]}, "open")
    print("ready", flush=True)
    sys.stdin.read()
    c.close()
    s.settimeout(10)
    if s.recv(1) != b"":
        sys.exit("FAIL: data instead of the client's FIN")
    s.close()
    check(path, a.port, {(a.port, 0): [LISTEN],
                         (a.cport, a.port): [TIME_WAIT]}, "closed")
    print("ok")


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    main()
