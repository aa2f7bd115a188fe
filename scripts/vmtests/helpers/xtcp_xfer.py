#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_xfer.py [--proto N] [--mib N] [--duplex] [--limit S] - move N MiB
(default 64) of pseudo-random data over one connection on 127.0.0.1 and
check that it arrives intact.

One process, two threads: a client connects to a listener and sends the
data; the accepting side reads to EOF and hashes what it got. With
--duplex the accepting side sends its own N MiB back at the same time,
which the client reads and hashes. The SHA-256 of what was sent and of
what was received must match, and the received byte count too. Prints the
digests, the time and the rate; exits 0 when the data matched, 1 when it
did not or a side failed, or when --limit seconds (default 600) passed.
The protocol is --proto, default XTCP_PROTO or 253.
"""
import argparse
import hashlib
import os
import random
import socket
import sys
import threading
import time

CHUNK = 1 << 20


def chunks(seed, mib):
    """mib pseudo-random MiB chunks from seed."""
    rnd = random.Random(seed)
    for _ in range(mib):
        yield rnd.randbytes(CHUNK)


def send_all(s, seed, mib, res):
    h = hashlib.sha256()
    for c in chunks(seed, mib):
        s.sendall(c)
        h.update(c)
    s.shutdown(socket.SHUT_WR)
    res["sent"] = h.hexdigest()


def recv_all(s, res):
    h = hashlib.sha256()
    n = 0
    buf = bytearray(256 * 1024)
    while True:
        k = s.recv_into(buf)
        if not k:
            break
        h.update(memoryview(buf)[:k])
        n += k
    res["received"] = h.hexdigest()
    res["bytes"] = n


def run(fn, *args):
    """Run fn(*args, res) in a thread; returns (thread, res)."""
    res = {}

    def body():
        try:
            fn(*args, res)
        except Exception as e:  # reported by the main thread
            res["error"] = repr(e)
    t = threading.Thread(target=body, daemon=True)
    t.start()
    return t, res


def server(lst, mib, duplex, res):
    a, _ = lst.accept()
    with a:
        back = run(send_all, a, 2, mib) if duplex else None
        recv_all(a, res)
        if back:
            back[0].join()
            res.update(("back_" + k, v) for k, v in back[1].items())


def client(addr, proto, mib, duplex, res):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto) as c:
        c.connect(addr)
        back = run(recv_all, c) if duplex else None
        send_all(c, 1, mib, res)
        if back:
            back[0].join()
            res.update(("back_" + k, v) for k, v in back[1].items())


def check(what, tx, rx, mib):
    """Compare one direction; returns a list of problems."""
    bad = [f"{what}: {k}: {d[k]}" for d in (tx, rx) for k in
           ("error", "back_error") if k in d]
    if bad:
        return bad
    print(f"{what}: sent sha256 {tx['sent']}")
    print(f"{what}: recv sha256 {rx['received']} ({rx['bytes']} bytes)")
    if rx["bytes"] != mib * CHUNK:
        bad.append(f"{what}: received {rx['bytes']} bytes of {mib * CHUNK}")
    if tx["sent"] != rx["received"]:
        bad.append(f"{what}: the data received differs from the data sent")
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--proto", type=int,
                    default=int(os.environ.get("XTCP_PROTO", "253")))
    ap.add_argument("--mib", type=int, default=64)
    ap.add_argument("--duplex", action="store_true")
    ap.add_argument("--limit", type=float, default=600)
    args = ap.parse_args()

    try:
        lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM, args.proto)
        lst.bind(("127.0.0.1", 0))
        lst.listen(1)
    except OSError as e:
        print(f"FAIL: listener on protocol {args.proto}: {e}")
        return 1
    t0 = time.monotonic()
    st, sres = run(server, lst, args.mib, args.duplex)
    ct, cres = run(client, lst.getsockname(), args.proto, args.mib,
                   args.duplex)
    # Wait for both sides, but not for the other once one side failed.
    end = t0 + args.limit
    while (ct.is_alive() or st.is_alive()) and time.monotonic() < end:
        if "error" in cres or "error" in sres:
            print(f"FAIL: client {cres}, server {sres}")
            return 1
        time.sleep(0.1)
    dt = time.monotonic() - t0
    if ct.is_alive() or st.is_alive():
        print(f"FAIL: transfer not done after {args.limit:.0f} s "
              f"(client {cres}, server {sres})")
        return 1
    bad = check("client to server", cres, sres, args.mib)
    if args.duplex and not bad:
        back_tx = {"sent": sres.get("back_sent")}
        back_rx = {"received": cres.get("back_received"),
                   "bytes": cres.get("back_bytes")}
        bad = check("server to client", back_tx, back_rx, args.mib)
    total = args.mib * (2 if args.duplex else 1)
    print(f"protocol {args.proto}: {total} MiB in {dt:.1f} s, "
          f"{total / dt:.1f} MiB/s")
    for b in bad:
        print(f"FAIL: {b}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    sys.exit(main())
