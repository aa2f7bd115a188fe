#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_churn.py [--proto N] [--port P] [--conns N] [--idle N] [--secs S]

Lookups under churn, on both vCPUs (stress_lookup.sh). Four processes,
two pinned to each CPU, so that both receive (on loopback a segment is
received on the CPU that sent it):
  rr     one per CPU: a listener on 127.0.0.1:PORT+cpu and CONNS/2
         connections to it; for SECS seconds, round-robin over them, the
         client sends 8 octets naming the connection and the round, the
         accepted end must read exactly those and send them back, and the
         client must read them back: a segment given to the wrong socket
         shows as a wrong or missing answer.
  churn  one per CPU: a listener on PORT+2+cpu; for SECS seconds, a
         connection opened, one octet each way, the client's close first
         and the server's after the FIN: sockets and TIME-WAIT entries
         come and go in the chains the rr lookups walk.
With --idle N, N connections on PORT+4 are opened first and stay idle
(the table's load). Prints figures; exits 1 on any wrong answer or error.
"""
import argparse
import os
import resource
import socket
import struct
import sys
import time

LOOP = "127.0.0.1"


def figure(name, value, unit, what):
    print(f"figure: {name} {value} {unit} ({what})", flush=True)


def sock(proto):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
    s.settimeout(20)
    return s


def read_exactly(s, n):
    b = b""
    while len(b) < n:
        got = s.recv(n - len(b))
        if not got:
            raise OSError(f"EOF after {len(b)} of {n} octets")
        b += got
    return b


def pairs(proto, port, n):
    lsn = sock(proto)
    lsn.bind((LOOP, port))
    lsn.listen(128)
    out = []
    for _ in range(n):
        c = sock(proto)
        c.connect((LOOP, port))
        s, _ = lsn.accept()
        s.settimeout(20)
        out.append((c, s))
    return lsn, out


def rr(a, cpu):
    _, conns = pairs(a.proto, a.port + cpu, max(1, a.conns // 2))
    end = time.monotonic() + a.secs
    rounds = 0
    while time.monotonic() < end:
        for i, (c, s) in enumerate(conns):
            msg = struct.pack("!II", i, rounds)
            c.sendall(msg)
            got = read_exactly(s, 8)
            if got != msg:
                raise OSError(f"connection {i} read {got.hex()} on the "
                              f"server side, want {msg.hex()}")
            s.sendall(got)
            back = read_exactly(c, 8)
            if back != msg:
                raise OSError(f"connection {i} read {back.hex()} back, "
                              f"want {msg.hex()}")
        rounds += 1
    for c, s in conns:
        c.close()
        s.close()
    return rounds * len(conns)


def churn(a, cpu):
    lsn = sock(a.proto)
    lsn.bind((LOOP, a.port + 2 + cpu))
    lsn.listen(128)
    end = time.monotonic() + a.secs
    n = 0
    while time.monotonic() < end:
        c = sock(a.proto)
        c.connect(lsn.getsockname())
        s, _ = lsn.accept()
        s.settimeout(20)
        c.sendall(b"q")
        if read_exactly(s, 1) != b"q":
            raise OSError("churn: wrong octet at the server")
        s.sendall(b"r")
        if read_exactly(c, 1) != b"r":
            raise OSError("churn: wrong octet at the client")
        c.close()
        if s.recv(1) != b"":
            raise OSError("churn: data instead of the client's FIN")
        s.close()
        n += 1
    return n


def worker(fn, a, cpu, wfd):
    """Run fn in a child pinned to cpu; it writes its count to wfd."""
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        os.sched_setaffinity(0, {cpu})
        n = fn(a, cpu)
        os.write(wfd, f"{fn.__name__} {cpu} {n}\n".encode())
    except OSError as e:
        os.write(wfd, f"error {fn.__name__} {cpu} {e}\n".encode())
        code = 1
    os._exit(code)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--proto", type=int,
                    default=int(os.environ.get("XTCP_PROTO", "253")))
    ap.add_argument("--port", type=int, default=7900)
    ap.add_argument("--conns", type=int, default=20)
    ap.add_argument("--idle", type=int, default=0)
    ap.add_argument("--secs", type=float, default=3)
    a = ap.parse_args()
    # both ends of every connection, and room for the churn (as root,
    # past the hard limit if need be)
    want = 2 * (a.idle + a.conns) + 1024
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE,
                       (max(hard, want), max(hard, want)))
    cpus = sorted(os.sched_getaffinity(0))[:2]

    t0 = time.monotonic()
    idle = pairs(a.proto, a.port + 4, a.idle)[1] if a.idle else []
    if a.idle:
        figure("lookup_idle_open", f"{time.monotonic() - t0:.1f}", "s",
               f"opening {a.idle} idle connections")
    r, w = os.pipe()
    pids = [worker(fn, a, cpu, w) for cpu in cpus for fn in (rr, churn)]
    os.close(w)
    bad = 0
    for pid in pids:
        _, status = os.waitpid(pid, 0)
        bad |= status != 0
    counts = {}
    with os.fdopen(r) as f:
        for line in f:
            if line.startswith("error"):
                print(f"FAIL: {line.strip()}")
                bad = 1
                continue
            name, _, n = line.split()
            counts[name] = counts.get(name, 0) + int(n)
    for c, s in idle:
        c.close()
        s.close()
    if bad:
        return 1
    figure("lookup_rr", f"{counts.get('rr', 0) / a.secs:.0f}", "/s",
           f"8-octet round trips over {a.conns} connections, "
           f"{a.idle} idle, both CPUs")
    figure("lookup_churn", f"{counts.get('churn', 0) / a.secs:.0f}", "/s",
           "connect, one octet each way, close, meanwhile")
    print("ok")
    return 0


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    sys.exit(main())
