#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_window.py - both ends of the window and ACK VM tests
(scripts/vmtests/tests/data_zero_window_probe.sh, data_delayed_ack.sh), on
protocol $XTCP_PROTO (default 253; 6 for the kernel's TCP). Files in SYNC
order the two ends: the server creates "listening", the zero-window
client "blocked".

  xtcp_window.py zwin-server ADDR:PORT SYNC STALL_S
      Accept one connection with a 4 KiB receive buffer, read nothing
      until the client is blocked and STALL_S seconds more, then read to
      EOF: prints "recv sha256 HEX N".
  xtcp_window.py zwin-client ADDR:PORT SYNC BYTES
      Send BYTES (seeded random) until send() would block, create
      "blocked", send the rest, shut down: prints "sent sha256 HEX N" and
      "stalled S" (the longest send() stayed blocked).
  xtcp_window.py hold-server ADDR:PORT SYNC
      Accept one connection with a 4 KiB receive buffer and never read;
      close once SYNC has "done".
  xtcp_window.py zwin-give-up ADDR:PORT SYNC USER_TIMEOUT_MS
      With TCP_USER_TIMEOUT, send until send() blocks for good: prints
      "error ENAME after S" (S: seconds since send() first blocked).
  xtcp_window.py rr-server ADDR:PORT SYNC ROUNDS DELAY_MS
      Echo ROUNDS 10-octet requests; the last one after DELAY_MS.
  xtcp_window.py rr-client ADDR:PORT ROUNDS
      Send ROUNDS 10-octet requests (TCP_NODELAY), each after the
      previous answer.
  xtcp_window.py sink-server ADDR:PORT SYNC
      Read one connection to EOF: prints "recv N".
  xtcp_window.py bulk-client ADDR:PORT BYTES
      Send BYTES and close.
  xtcp_window.py analyse-zwin CAPTURE CLIENT_ADDR
      Count zero-window probes in a capture of the client's device
      (xtcp_play.py capture): segments with no data and SEG.SEQ one below
      the highest sequence number sent so far. Prints "probes N".
  xtcp_window.py analyse-rr CLIENT_CAPTURE SERVER_CAPTURE
      For each request, how the server acknowledged it: "round I
      piggybacked" or "round I ack after MS ms".
  xtcp_window.py analyse-bulk CLIENT_CAPTURE SERVER_CAPTURE
      Prints "data-bytes N acks N".
"""
import errno
import hashlib
import os
import random
import re
import select
import socket
import sys
import time

import xtcp_poll

PROTO = int(os.environ.get("XTCP_PROTO", "253"))
BOUND = 60
SOL_TCP, TCP_NODELAY, TCP_USER_TIMEOUT = 6, 1, 18
LINE = re.compile(r"t=(\S+) (\S+):(\d+)>(\S+):(\d+) (\S*) seq=(\d+) "
                  r"ack=(\d+) len=(\d+)")


def out(*args):
    print(*args, flush=True)


def addr(arg):
    host, port = arg.rsplit(":", 1)
    return host, int(port)


def wait_file(sync, name):
    start = time.monotonic()
    while not os.path.exists(os.path.join(sync, name)):
        if time.monotonic() > start + BOUND:
            sys.exit("timed out waiting for " + name)
        xtcp_poll.nap(start)


def mark(sync, name):
    open(os.path.join(sync, name), "w").close()


def listener(where, sync, rcvbuf=0):
    sk = socket.socket(socket.AF_INET, socket.SOCK_STREAM, PROTO)
    sk.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if rcvbuf:
        sk.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sk.bind(addr(where))
    sk.listen(1)
    mark(sync, "listening")
    sk.settimeout(BOUND)
    child, _ = sk.accept()
    child.settimeout(BOUND)
    return child


def connect(where, sndbuf=0):
    sk = socket.socket(socket.AF_INET, socket.SOCK_STREAM, PROTO)
    if sndbuf:
        sk.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, sndbuf)
    sk.settimeout(BOUND)
    sk.connect(addr(where))
    return sk


def read_all(sk):
    h, n = hashlib.sha256(), 0
    while True:
        data = sk.recv(65536)
        if not data:
            return h.hexdigest(), n
        h.update(data)
        n += len(data)


def zwin_server(where, sync, stall):
    sk = listener(where, sync, 4096)
    wait_file(sync, "blocked")
    time.sleep(float(stall))
    digest, n = read_all(sk)
    out("recv sha256 %s %d" % (digest, n))


def zwin_client(where, sync, nbytes):
    data = random.Random(1).randbytes(int(nbytes))
    sk = connect(where, 16384)
    sk.setblocking(False)
    off, stalled = 0, None
    while off < len(data):
        try:
            off += sk.send(data[off:off + 65536])
        except BlockingIOError:
            t0 = time.monotonic()
            if stalled is None:
                mark(sync, "blocked")
            if not select.select([], [sk], [], BOUND)[1]:
                sys.exit("send blocked for %ds" % BOUND)
            stalled = max(stalled or 0, time.monotonic() - t0)
    sk.setblocking(True)
    sk.settimeout(BOUND)
    sk.shutdown(socket.SHUT_WR)
    sk.recv(1)
    out("sent sha256 %s %d" % (hashlib.sha256(data).hexdigest(), len(data)))
    out("stalled %.2f" % (stalled or 0))


def hold_server(where, sync):
    sk = listener(where, sync, 4096)
    wait_file(sync, "done")
    sk.close()


def zwin_give_up(where, sync, ms):
    sk = connect(where, 16384)
    sk.setsockopt(SOL_TCP, TCP_USER_TIMEOUT, int(ms))
    sk.setblocking(False)
    chunk, t0 = bytes(65536), None
    while True:
        try:
            sk.send(chunk)
            continue
        except BlockingIOError:
            if t0 is None:
                t0 = time.monotonic()
                mark(sync, "blocked")
        except OSError as e:
            out("error %s after %.1f" % (errno.errorcode[e.errno],
                                         time.monotonic() - (t0 or 0)))
            return
        if time.monotonic() - (t0 or 0) > BOUND:
            sys.exit("still connected %ds after send() blocked" % BOUND)
        select.select([], [sk], [sk], 1)


def rr_server(where, sync, rounds, delay_ms):
    sk = listener(where, sync)
    for i in range(int(rounds)):
        req = b""
        while len(req) < 10:
            got = sk.recv(10 - len(req))
            if not got:
                sys.exit("EOF in round %d" % i)
            req += got
        if i == int(rounds) - 1:
            time.sleep(int(delay_ms) / 1000)
        sk.sendall(req)
    sk.recv(1)


def rr_client(where, rounds):
    sk = connect(where)
    sk.setsockopt(SOL_TCP, TCP_NODELAY, 1)
    for i in range(int(rounds)):
        req = b"req%07d" % i
        sk.sendall(req)
        ans = b""
        while len(ans) < 10:
            got = sk.recv(10 - len(ans))
            if not got:
                sys.exit("EOF in round %d" % i)
            ans += got
        if ans != req:
            sys.exit("round %d: got %r" % (i, ans))
    sk.close()
    out("rounds %s" % rounds)


def sink_server(where, sync):
    sk = listener(where, sync)
    out("recv %d" % read_all(sk)[1])


def bulk_client(where, nbytes):
    sk = connect(where)
    sk.sendall(random.Random(2).randbytes(int(nbytes)))
    sk.shutdown(socket.SHUT_WR)
    sk.recv(1)
    sk.close()


def segments(path):
    """(t, src, flags, seq, ack, len) of each line of a capture."""
    segs = []
    with open(path) as f:
        for line in f:
            m = LINE.match(line)
            if m:
                segs.append((float(m[1]), m[2], m[6].replace("P", ""),
                             int(m[7]), int(m[8]), int(m[9])))
    return segs


def analyse_zwin(path, client):
    probes, top = 0, None
    for _, src, flags, seq, _, n in segments(path):
        if src != client:
            continue
        end = (seq + n + ("S" in flags) + ("F" in flags)) % 2**32
        if top is not None and flags == "A" and n == 0 and \
                (seq + 1) % 2**32 == top:
            probes += 1
        if top is None or 0 < (end - top) % 2**32 < 2**31:
            top = end
    out("probes %d" % probes)


def analyse_rr(cpath, spath):
    reqs = [s for s in segments(cpath) if s[5] == 10]
    answers = segments(spath)
    for i, (t, _, _, seq, _, n) in enumerate(reqs):
        end = (seq + n) % 2**32
        for ta, _, flags, _, ack, na in answers:
            if ta < t or "A" not in flags or ack != end:
                continue
            if na:
                out("round %d piggybacked" % i)
            else:
                out("round %d ack after %d ms" % (i, (ta - t) * 1000))
            break
        else:
            out("round %d not acknowledged" % i)


def analyse_bulk(cpath, spath):
    data = sum(s[5] for s in segments(cpath))
    acks = sum(1 for s in segments(spath) if s[5] == 0 and s[2] == "A")
    out("data-bytes %d acks %d" % (data, acks))


def main():
    cmds = {"zwin-server": zwin_server, "zwin-client": zwin_client,
            "hold-server": hold_server, "zwin-give-up": zwin_give_up,
            "rr-server": rr_server, "rr-client": rr_client,
            "sink-server": sink_server, "bulk-client": bulk_client,
            "analyse-zwin": analyse_zwin, "analyse-rr": analyse_rr,
            "analyse-bulk": analyse_bulk}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        sys.exit(__doc__)
    cmds[sys.argv[1]](*sys.argv[2:])


if __name__ == "__main__":
    main()
