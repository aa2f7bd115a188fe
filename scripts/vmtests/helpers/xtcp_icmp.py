#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_icmp.py connect ADDR PORT --expect ERRNAME [options] - connect()
to ADDR:PORT on protocol --proto (default XTCP_PROTO or 253) and check how
an ICMP error ends it, for the icmp_* tests.

The connect() blocks at most --timeout seconds (SO_SNDTIMEO; it then fails
with EINPROGRESS, as a SYN answered by nothing would, for --timeout plus
the retries). It must fail with ERRNAME, and the socket's error queue
(recvmsg(MSG_ERRQUEUE), which TCP fills on such a failure whether or not
IP_RECVERR is set) must hold the ICMP message: origin SO_EE_ORIGIN_ICMP,
its type and code (--type, --code) and the same errno.

With --inject TYPE,CODE the ICMP message does not come from the network:
the helper watches DEV (--dev) for the SYN and sends the error itself,
from ADDR to the SYN's source, quoting the SYN's IP header and first 8
octets as a router would, through a raw socket (the message is delivered
locally). A host where nothing handles the protocol answers 3,2
(protocol unreachable): a peer without xtcp.

Prints what happened; exits 0 if all checks hold, 1 otherwise.
"""
import argparse
import errno
import os
import socket
import struct
import sys
import threading
import time

SO_EE_ORIGIN_ICMP = 2
ETH_P_IP = 0x0800
PACKET_OUTGOING = 4
IP_RECVERR = 11


def csum(data):
    """The Internet checksum (RFC 1071) of data."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def icmp_error(src, dst, typ, code, quoted):
    """An IPv4 packet from src to dst: ICMP typ/code quoting quoted."""
    icmp = struct.pack("!BBHI", typ, code, 0, 0) + quoted
    icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), 0, 0, 64,
                     socket.IPPROTO_ICMP, 0, socket.inet_aton(src),
                     socket.inet_aton(dst))
    return ip + icmp


def watch_and_inject(cap, args, done):
    """Wait for the SYN to ADDR on cap; answer it with the ICMP error."""
    while not done.is_set():
        try:
            frame, addr = cap.recvfrom(65535)
        except socket.timeout:
            continue
        if addr[2] != PACKET_OUTGOING or len(frame) < 14 + 20 + 8:
            continue
        ip = frame[14:]
        ihl = (ip[0] & 15) * 4
        if ip[9] != args.proto or socket.inet_ntoa(ip[16:20]) != args.addr:
            continue
        flags = ip[ihl + 13]
        if not flags & 0x02:		# not a SYN
            continue
        src = socket.inet_ntoa(ip[12:16])
        typ, code = args.inject
        pkt = icmp_error(args.addr, src, typ, code, ip[:ihl + 8])
        with socket.socket(socket.AF_INET, socket.SOCK_RAW,
                           socket.IPPROTO_RAW) as raw:
            raw.sendto(pkt, (src, 0))
        print(f"injected ICMP {typ}/{code} from {args.addr} to {src} "
              f"quoting the SYN (seq {struct.unpack('!I', ip[ihl + 4:ihl + 8])[0]})")
        return


def error_queue(s):
    """(errno, origin, type, code) of the first entry, or None."""
    try:
        _, anc, _, _ = s.recvmsg(1, 512, socket.MSG_ERRQUEUE |
                                 socket.MSG_DONTWAIT)
    except BlockingIOError:
        return None
    for level, kind, data in anc:
        if level == socket.SOL_IP and kind == IP_RECVERR:
            return struct.unpack("=IBBBB", data[:8])
    return None


def ename(e):
    return errno.errorcode.get(e, str(e))


def connect(args):
    ok = True
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, args.proto)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO,
                 struct.pack("ll", args.timeout, 0))
    cap = done = thread = None
    if args.inject:
        cap = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                            socket.htons(ETH_P_IP))
        cap.bind((args.dev, 0))
        cap.settimeout(0.2)
        done = threading.Event()
        thread = threading.Thread(target=watch_and_inject,
                                  args=(cap, args, done))
        thread.start()
    t0 = time.monotonic()
    try:
        s.connect((args.addr, args.port))
        got = 0
    except OSError as e:
        got = e.errno
    dt = time.monotonic() - t0
    if thread:
        done.set()
        thread.join()
        cap.close()
    print(f"connect() to {args.addr}:{args.port} on protocol {args.proto}: "
          f"{ename(got) if got else 'success'} after {dt:.2f} s")
    if ename(got) != args.expect:
        print(f"expected {args.expect}")
        ok = False
    ee = error_queue(s)
    print(f"error queue: {ee and tuple(ee[:4])} (errno, origin, type, code)")
    want = (getattr(errno, args.expect, -1), SO_EE_ORIGIN_ICMP, args.type,
            args.code)
    if not ee or tuple(ee[:4]) != want:
        print(f"expected {want}")
        ok = False
    s.close()
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cmd", choices=("connect",))
    ap.add_argument("addr")
    ap.add_argument("port", type=int)
    ap.add_argument("--proto", type=int,
                    default=int(os.environ.get("XTCP_PROTO", "253")))
    ap.add_argument("--expect", required=True, help="errno name")
    ap.add_argument("--type", type=int, default=3, help="ICMP type")
    ap.add_argument("--code", type=int, required=True, help="ICMP code")
    ap.add_argument("--timeout", type=int, default=10,
                    help="seconds connect() may block")
    ap.add_argument("--inject", metavar="TYPE,CODE",
                    type=lambda v: tuple(int(x) for x in v.split(",")))
    ap.add_argument("--dev", help="with --inject: where the SYN leaves")
    args = ap.parse_args()
    return connect(args)


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    sys.exit(main())
