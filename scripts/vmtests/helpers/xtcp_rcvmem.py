#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_rcvmem.py BYTES - the receive buffer's memory under 1-octet
segments (scripts/vmtests/tests/data_rcvbuf_tiny_segments.sh), on protocol
$XTCP_PROTO (default 253; 6 for the kernel's TCP), over 127.0.0.1.

A server with SO_RCVBUF 4096 (8192 once the kernel doubles it) accepts
one connection and reads nothing. The client, with TCP_NODELAY, writes
BYTES one octet per send() (non-blocking) until they are all out or
send() has found no room for a second. All along, the server socket's
memory is read with getsockopt(SO_MEMINFO): SK_MEMINFO_RMEM_ALLOC
(sk_rmem_alloc, the truesize of its receive and out-of-order queues)
and SK_MEMINFO_RCVBUF. Then the server reads while the client writes the
rest, and every octet must arrive, in order.

Prints "rcvbuf N", "queued N" (FIONREAD when the client stopped),
"peak-rmem N" and "ok", or "FAIL: ..." and exits 1 if the memory went
past twice the buffer plus 64 KiB (Linux lets the queue pass the buffer
by one skb) or data was lost.
"""
import errno
import fcntl
import os
import select
import socket
import struct
import sys
import termios
import threading

PROTO = int(os.environ.get("XTCP_PROTO", "253"))
SO_MEMINFO = 55                 # include/uapi/asm-generic/socket.h
SK_MEMINFO_RMEM_ALLOC, SK_MEMINFO_RCVBUF = 0, 1
BOUND = 60                      # s: a stuck run fails, never hangs


def meminfo(s):
    """sk_rmem_alloc and sk_rcvbuf of s (SO_MEMINFO)."""
    raw = s.getsockopt(socket.SOL_SOCKET, SO_MEMINFO, 4 * 9)
    vals = struct.unpack(f"{len(raw) // 4}I", raw)
    return vals[SK_MEMINFO_RMEM_ALLOC], vals[SK_MEMINFO_RCVBUF]


def inq(s):
    """Octets waiting in s's receive queue (FIONREAD)."""
    buf = fcntl.ioctl(s.fileno(), termios.FIONREAD, b"\0" * 4)
    return struct.unpack("i", buf)[0]


def octet(i):
    return bytes([i % 251])


def main():
    total = int(sys.argv[1])
    lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM, PROTO)
    lst.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    lst.bind(("127.0.0.1", 0))
    lst.listen(1)
    cli = socket.socket(socket.AF_INET, socket.SOCK_STREAM, PROTO)
    cli.settimeout(BOUND)
    cli.connect(lst.getsockname())
    cli.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    srv, _ = lst.accept()
    srv.settimeout(BOUND)
    cli.setblocking(False)
    rmem, rcvbuf = meminfo(srv)
    peak = rmem
    sent = 0
    while sent < total:
        try:
            cli.send(octet(sent))
            sent += 1
        except BlockingIOError:
            peak = max(peak, meminfo(srv)[0])
            if not select.select([], [cli], [], 1.0)[1]:
                break       # no room for a second: the window is shut
        if sent % 64 == 0:
            peak = max(peak, meminfo(srv)[0])
    peak = max(peak, meminfo(srv)[0])
    print(f"rcvbuf {rcvbuf}")
    print(f"sent-before-reading {sent}")
    print(f"queued {inq(srv)}")
    print(f"peak-rmem {peak}")
    limit = 2 * rcvbuf + 65536
    if peak > limit:
        print(f"FAIL: receive memory {peak} past {limit}")
        return 1

    got = bytearray()

    def reader():
        while len(got) < total:
            data = srv.recv(65536)
            if not data:
                break
            got.extend(data)

    thr = threading.Thread(target=reader, daemon=True)
    thr.start()
    cli.setblocking(True)
    cli.settimeout(BOUND)
    while sent < total:
        cli.sendall(octet(sent))
        sent += 1
    thr.join(BOUND)
    want = bytes(i % 251 for i in range(total))
    if bytes(got) != want:
        print(f"FAIL: {len(got)} of {total} octets arrived"
              f"{' (not in order)' if len(got) == total else ''}")
        return 1
    print(f"received {len(got)}")
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
