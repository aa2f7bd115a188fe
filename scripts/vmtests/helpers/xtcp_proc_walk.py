#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_proc_walk.py [--proto N] [--conns N] [--tw N] [--port P] [--hold]

Opens a listener on 127.0.0.1:PORT, CONNS connections to it, and closes
TW of them from the client's side (so each leaves a TIME-WAIT entry),
then reads /proc/net/xtcp (/proc/net/tcp for --proto 6) twice: in reads
of 61 octets (seq_file starts again at each one) and in one read. Checks
that both show the same rows, that the sl column counts 0, 1, 2 ... and
that every socket opened here is there exactly once, in the state it is
in. Prints the row counts. With --hold it then prints "ready" and waits
for stdin to close, keeping its sockets open.
"""
import argparse
import os
import resource
import socket
import sys
import time

LOOP = "127.0.0.1"


def read_rows(path, chunk):
    """The rows of path read chunk octets at a time, header dropped."""
    fd = os.open(path, os.O_RDONLY)
    data = b""
    try:
        while True:
            b = os.read(fd, chunk)
            if not b:
                break
            data += b
    finally:
        os.close(fd)
    return data.decode().splitlines()[1:]


def parse(rows):
    """[(sl, local, remote, state)] of /proc/net/tcp-style rows."""
    out = []
    for r in rows:
        f = r.split()
        local = (int(f[1].split(":")[0], 16), int(f[1].split(":")[1], 16))
        remote = (int(f[2].split(":")[0], 16), int(f[2].split(":")[1], 16))
        out.append((int(f[0].rstrip(":")), local, remote, int(f[3], 16)))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--proto", type=int,
                    default=int(os.environ.get("XTCP_PROTO", "253")))
    ap.add_argument("--conns", type=int, default=200)
    ap.add_argument("--tw", type=int, default=20)
    ap.add_argument("--port", type=int, default=7300)
    ap.add_argument("--hold", action="store_true")
    a = ap.parse_args()
    path = "/proc/net/tcp" if a.proto == 6 else "/proc/net/xtcp"
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    lsn = socket.socket(socket.AF_INET, socket.SOCK_STREAM, a.proto)
    lsn.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsn.bind((LOOP, a.port))
    lsn.listen(a.conns)
    pairs = []
    for _ in range(a.conns):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, a.proto)
        c.connect((LOOP, a.port))
        s, _ = lsn.accept()
        pairs.append((c, s))
    want = {}                       # (local port, remote port) -> state
    lo = socket.htonl(0x7f000001)   # as the file prints a __be32
    want[(a.port, 0)] = 0x0A        # LISTEN
    tw_ports = []
    for i, (c, s) in enumerate(pairs):
        cp = c.getsockname()[1]
        if i < a.tw:
            # the client closes first and the server only once it has
            # read the FIN: closed at once, both ends could close at the
            # same time and both go to TIME-WAIT (seen once in make check)
            c.close()               # FIN-WAIT-2 ... TIME-WAIT
            s.settimeout(30)
            if s.recv(1) != b"":
                sys.exit("FAIL: data instead of the client's FIN")
            s.close()               # CLOSE-WAIT, LAST-ACK ... CLOSED
            tw_ports.append(cp)
            continue
        want[(cp, a.port)] = 0x01
        want[(a.port, cp)] = 0x01
    # the closed pairs: the client's end in TIME-WAIT once the server's
    # FIN is acknowledged; wait for that (bounded)
    for _ in range(500):
        st = {(r[1][1], r[2][1]): r[3] for r in parse(read_rows(path, 65536))}
        if all(st.get((p, a.port)) == 0x06 and (a.port, p) not in st
               for p in tw_ports):
            break
        time.sleep(0.02)
    for p in tw_ports:
        want[(p, a.port)] = 0x06

    t0 = time.monotonic()
    small = parse(read_rows(path, 61))
    t1 = time.monotonic()
    whole = parse(read_rows(path, 1 << 20))
    t2 = time.monotonic()
    print(f"rows: {len(small)} in reads of 61 octets ({t1 - t0:.3f} s), "
          f"{len(whole)} in one ({t2 - t1:.3f} s)")
    fail = []
    if [r[1:] for r in small] != [r[1:] for r in whole]:
        fail.append("the two reads differ")
    for rows, how in ((small, "61-octet reads"), (whole, "one read")):
        sls = [r[0] for r in rows]
        if sls != list(range(len(rows))):
            fail.append(f"sl in {how} is not 0..{len(rows) - 1}: {sls[:10]}")
        mine = [(r[1][1], r[2][1], r[3]) for r in rows
                if r[1][0] == lo and (r[1][1], r[2][1]) in want]
        seen = {}
        for lp, rp, stt in mine:
            seen[(lp, rp)] = seen.get((lp, rp), 0) + 1
            if want[(lp, rp)] != stt:
                fail.append(f"{how}: {lp}->{rp} state {stt:#x}, "
                            f"want {want[(lp, rp)]:#x}")
        missing = [k for k in want if k not in seen]
        twice = [k for k, n in seen.items() if n > 1]
        if missing:
            fail.append(f"{how}: {len(missing)} missing: {missing[:5]}")
        if twice:
            fail.append(f"{how}: {len(twice)} shown twice: {twice[:5]}")
        print(f"{how}: {len(mine)} of this test's {len(want)} sockets")
    if fail:
        for f in fail[:10]:
            print(f"FAIL: {f}")
        sys.exit(1)
    if a.hold:
        print("ready", flush=True)
        sys.stdin.read()
    print("ok")


if __name__ == "__main__":
    main()
