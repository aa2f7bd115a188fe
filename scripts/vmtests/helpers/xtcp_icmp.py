#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_icmp.py connect|soft ADDR PORT [options] - ICMP errors on protocol
--proto (default XTCP_PROTO or 253), for the icmp_* tests.

connect ADDR PORT --expect ERRNAME: connect() to ADDR:PORT and check how
an ICMP error ends it.

The connect() blocks at most --timeout seconds (SO_SNDTIMEO; it then fails
with EINPROGRESS, as a SYN answered by nothing would, for --timeout plus
the retries). It must fail with ERRNAME, and the socket's error queue
(recvmsg(MSG_ERRQUEUE), which TCP fills on such a failure whether or not
IP_RECVERR is set) must hold the ICMP message: origin SO_EE_ORIGIN_ICMP,
its type and code (--type, --code) and the same errno.

With --inject TYPE,CODE the ICMP message does not come from the network:
the helper answers each SYN it sees leave on DEV (--dev) itself, from ADDR
to the SYN's source, quoting the SYN's IP header and first 8 octets as a
router would, through a raw socket (the message is delivered locally,
through the loopback device, which must be up). A host where nothing handles the protocol answers 3,2
(protocol unreachable): a peer without xtcp.

soft ADDR PORT: a connection to a listener this helper opens on ADDR:PORT
(a local address, loopback say, watched on --dev) gets ICMP errors quoting
its segments, sent by the helper as above, and must live on, as TCP's
does (RFC 1122 4.2.3.9):
  1. port unreachable quoting a sequence number far past SND.NXT: ignored
     (the protocol's OutOfWindowIcmps counts it; SO_ERROR stays 0);
  2. host unreachable quoting SND.NXT: a soft error, which SO_ERROR
     reads (EHOSTUNREACH) and poll() does not show; data still flows;
  3. with IP_RECVERR, port unreachable quoting SND.NXT: the socket's
     error, poll() shows POLLERR, SO_ERROR reads ECONNREFUSED; data still
     flows.

An IPv6 ADDR (one with a colon) makes it all IPv6: AF_INET6 sockets,
ICMPv6 messages (--type and --code are ICMPv6's, --inject 4,1, a parameter
problem pointing at the unknown next header, is what a host without xtcp
answers), origin SO_EE_ORIGIN_ICMP6 on the error queue, which TCP over
IPv6 fills only with IPV6_RECVERR (ipv6_icmp_error()), so connect sets it
there; soft sends address unreachable (3) for host unreachable and port
unreachable (4), and sets IPV6_RECVERR for step 3.

Prints what happened; exits 0 if all checks hold, 1 otherwise.
"""
import argparse
import errno
import os
import select
import socket
import struct
import sys
import threading
import time

import xtcp_poll
from xtcp_csum import csum


SO_EE_ORIGIN_ICMP = 2
SO_EE_ORIGIN_ICMP6 = 3
ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
ETH_P_IPV6 = 0x86DD
PACKET_OUTGOING = 4
IP_RECVERR = 11
IPV6_RECVERR = 25


def v6(addr):
    return ":" in addr


def icmp_error(src, dst, typ, code, quoted, info=0):
    """An IP packet from src to dst: ICMP (ICMPv6 between IPv6 addresses)
    typ/code quoting quoted, with info in the header's second word."""
    icmp = struct.pack("!BBHI", typ, code, 0, info) + quoted
    if v6(src):
        s6 = socket.inet_pton(socket.AF_INET6, src)
        d6 = socket.inet_pton(socket.AF_INET6, dst)
        pseudo = s6 + d6 + struct.pack("!IxxxB", len(icmp),
                                       socket.IPPROTO_ICMPV6)
        icmp = icmp[:2] + struct.pack("!H", csum(pseudo + icmp)) + icmp[4:]
        return struct.pack("!IHBB16s16s", 6 << 28, len(icmp),
                           socket.IPPROTO_ICMPV6, 64, s6, d6) + icmp
    icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), 0, 0, 64,
                     socket.IPPROTO_ICMP, 0, socket.inet_aton(src),
                     socket.inet_aton(dst))
    return ip + icmp


def send_raw(pkt, dst):
    """Send pkt, an IP packet with its header, to dst."""
    fam = socket.AF_INET6 if v6(dst) else socket.AF_INET
    with socket.socket(fam, socket.SOCK_RAW, socket.IPPROTO_RAW) as raw:
        raw.sendto(pkt, (dst, 0))


def segment(frame, proto):
    """(IP header and the segment's first 8 octets, source, destination,
    the segment) of an IPv4 or IPv6 frame of proto, or None."""
    etype = struct.unpack("!H", frame[12:14])[0]
    ip = frame[14:]
    if etype == ETH_P_IP and len(ip) >= 28 and ip[9] == proto:
        ihl = (ip[0] & 15) * 4
        return (ip[:ihl + 8], socket.inet_ntoa(ip[12:16]),
                socket.inet_ntoa(ip[16:20]), ip[ihl:])
    if etype == ETH_P_IPV6 and len(ip) >= 48 and ip[6] == proto:
        return (ip[:48], socket.inet_ntop(socket.AF_INET6, ip[8:24]),
                socket.inet_ntop(socket.AF_INET6, ip[24:40]), ip[40:])
    return None


def watch_and_inject(cap, args, done):
    """Answer each SYN to ADDR seen on cap with the ICMP error, until done.

    Every SYN, not the first only: an answer that finds the socket still
    owned by connect() (which sends the SYN under the socket lock) is only
    a soft error, for xtcp as for TCP, and the retransmitted SYN then
    draws the one that ends it."""
    while not done.is_set():
        try:
            frame, addr = cap.recvfrom(65535)
        except socket.timeout:
            continue
        seg = segment(frame, args.proto) \
            if addr[2] == PACKET_OUTGOING and len(frame) > 14 else None
        if not seg or seg[2] != args.addr or len(seg[3]) < 14 or \
                not seg[3][13] & 0x02:		# not a SYN
            continue
        quoted, src, _, th = seg
        typ, code = args.inject
        # a parameter problem points at the next header field (6)
        info = 6 if v6(src) and typ == 4 else 0
        send_raw(icmp_error(args.addr, src, typ, code, quoted, info), src)
        print(f"injected ICMP {typ}/{code} from {args.addr} to {src} "
              f"quoting the SYN (seq {struct.unpack('!I', th[4:8])[0]})")


def error_queue(s):
    """(errno, origin, type, code) of the first entry, or None."""
    try:
        _, anc, _, _ = s.recvmsg(1, 512, socket.MSG_ERRQUEUE |
                                 socket.MSG_DONTWAIT)
    except BlockingIOError:
        return None
    for level, kind, data in anc:
        if (level, kind) in ((socket.SOL_IP, IP_RECVERR),
                             (socket.IPPROTO_IPV6, IPV6_RECVERR)):
            return struct.unpack("=IBBBB", data[:8])
    return None


def ename(e):
    return errno.errorcode.get(e, str(e))


def out_of_window_icmps(proto):
    """The OutOfWindowIcmps count of the protocol, in this namespace."""
    if proto != 6:
        with open("/proc/net/xtcp_stat") as f:
            for line in f:
                name, val = line.split()
                if name == "OutOfWindowIcmps":
                    return int(val)
        return None
    with open("/proc/net/netstat") as f:
        lines = [ln.split() for ln in f if ln.startswith("TcpExt:")]
    return int(lines[1][lines[0].index("OutOfWindowIcmps")])


def wait(what, cond, limit=10):
    """Wait (at most limit seconds) until cond() is true; its value."""
    start = time.monotonic()
    while True:
        v = cond()
        if v or time.monotonic() - start > limit:
            if not v:
                print(f"timed out waiting for {what}")
            return v
        xtcp_poll.nap(start)


def quote(src, sport, dst, dport, proto, seq):
    """The IP header and first 8 octets of a segment we could have sent."""
    if v6(src):
        ip = struct.pack("!IHBB16s16s", 6 << 28, 20, proto, 64,
                         socket.inet_pton(socket.AF_INET6, src),
                         socket.inet_pton(socket.AF_INET6, dst))
    else:
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40, 0, 0x4000, 64, proto,
                         0, socket.inet_aton(src), socket.inet_aton(dst))
    return ip + struct.pack("!HHI", sport, dport, seq)


def soft(args):
    ok = True
    cport = args.port + 1
    fam = socket.AF_INET6 if v6(args.addr) else socket.AF_INET
    # ICMP's type and codes: destination unreachable, host (address) and
    # port unreachable
    unreach, host, port = (1, 3, 4) if v6(args.addr) else (3, 1, 3)
    lst = socket.socket(fam, socket.SOCK_STREAM, args.proto)
    lst.bind((args.addr, args.port))
    lst.listen(1)
    cap = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                        socket.htons(ETH_P_ALL))
    cap.bind((args.dev, 0))
    c = socket.socket(fam, socket.SOCK_STREAM, args.proto)
    c.bind((args.addr, cport))
    c.connect((args.addr, args.port))
    a, _ = lst.accept()
    iss = None
    cap.settimeout(5)
    while iss is None:
        seg = segment(cap.recv(65535), args.proto)
        if not seg or len(seg[3]) < 14:
            continue
        sport, _, seq = struct.unpack("!HHI", seg[3][:8])
        if sport == cport and seg[3][13] & 0x12 == 0x02:
            iss = seq
    cap.close()
    print(f"connected from port {cport}, ISS {iss}")

    def inject(code, seq):
        send_raw(icmp_error(args.addr, args.addr, unreach, code,
                            quote(args.addr, cport, args.addr, args.port,
                                  args.proto, seq)), args.addr)

    def so_error():
        return c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)

    def pollerr():
        p = select.poll()
        p.register(c, select.POLLIN)
        return any(ev & select.POLLERR for _, ev in p.poll(0))

    def flows(n):
        c.send(b"x")
        got = a.recv(1)
        if got != b"x":
            print(f"data after ICMP error {n} did not arrive: {got!r}")
            return False
        return True

    before = out_of_window_icmps(args.proto)
    inject(port, iss + 1 + 100000)
    moved = wait("OutOfWindowIcmps", lambda: out_of_window_icmps(args.proto)
                 != before, args.timeout)
    err = so_error()
    print(f"1. out of the window: OutOfWindowIcmps {before} -> "
          f"{out_of_window_icmps(args.proto)}, SO_ERROR {ename(err)}")
    ok &= bool(moved) and err == 0

    inject(host, iss + 1)
    err = wait("SO_ERROR", so_error, args.timeout)
    print(f"2. host unreachable: SO_ERROR {ename(err)}")
    ok &= err == errno.EHOSTUNREACH and flows(2)

    if v6(args.addr):
        c.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVERR, 1)
    else:
        c.setsockopt(socket.SOL_IP, IP_RECVERR, 1)
    inject(port, iss + 2)
    seen = wait("POLLERR", pollerr, args.timeout)
    err = so_error()
    print(f"3. IP_RECVERR, port unreachable: POLLERR {seen}, "
          f"SO_ERROR {ename(err)}")
    ok &= seen and err == errno.ECONNREFUSED and flows(3)
    for s in (c, a, lst):
        s.close()
    return 0 if ok else 1


def connect(args):
    ok = True
    fam = socket.AF_INET6 if v6(args.addr) else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM, args.proto)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO,
                 struct.pack("ll", args.timeout, 0))
    if v6(args.addr):
        s.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVERR, 1)
    cap = done = thread = None
    if args.inject:		# only ETH_P_ALL sockets see what leaves
        cap = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                            socket.htons(ETH_P_ALL))
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
    want = (getattr(errno, args.expect, -1),
            SO_EE_ORIGIN_ICMP6 if v6(args.addr) else SO_EE_ORIGIN_ICMP,
            args.type, args.code)
    if not ee or tuple(ee[:4]) != want:
        print(f"expected {want}")
        ok = False
    s.close()
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cmd", choices=("connect", "soft"))
    ap.add_argument("addr")
    ap.add_argument("port", type=int)
    ap.add_argument("--proto", type=int,
                    default=int(os.environ.get("XTCP_PROTO", "253")))
    ap.add_argument("--expect", help="connect: errno name")
    ap.add_argument("--type", type=int, default=3, help="ICMP type")
    ap.add_argument("--code", type=int, help="connect: ICMP code")
    ap.add_argument("--timeout", type=int, default=10,
                    help="seconds connect() may block, or a wait last")
    ap.add_argument("--inject", metavar="TYPE,CODE",
                    type=lambda v: tuple(int(x) for x in v.split(",")))
    ap.add_argument("--dev", help="with --inject, soft: where the SYN "
                    "leaves")
    args = ap.parse_args()
    return (connect if args.cmd == "connect" else soft)(args)


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    sys.exit(main())
