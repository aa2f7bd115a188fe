#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_interop.py SERVER_NS CLIENT_NS ADDR CHECK:PORT... [options] -
interop mode (xtcp speaking TCP on the wire) against the kernel's TCP,
from one process that opens each socket in its namespace (setns) and
serves the other end from a thread. The checks, run in the order given:

  xfer   two connections, one after the other, with --kib KiB each way
         on each: a kernel-TCP server with an interop xtcp client on
         ADDR:PORT, then an interop xtcp server with a kernel-TCP client
         on ADDR:PORT+10 (the first server's last socket may still be in
         LAST-ACK, which an interop bind() does not share). Each end compares what it read with what the other
         sent (SHA-256). The xtcp ends must say SO_PROTOCOL xtcp's
         number. The xtcp end closes first, so its TIME-WAIT entry holds
         the port. With --iface IF the segments on IF in SERVER_NS are
         captured: every one between the two must be IP protocol 6, none
         of xtcp's protocol, and every TCP checksum that is final (not
         left to a device: PACKET_AUXDATA) must verify; with
         --client-tso the kernel-TCP client's segments must include one
         larger than --mss (TSO on CLIENT_NS's side of the veth: the
         interop server takes such a segment whole, as it would a GRO
         merge); SERVER_NS's side of IF has no TSO, so no segment from
         it may carry more than --mss (aggregates cut in software, an
         interop socket's by TCP's offload). Prints "client port N" (the
         interop client's) and "ok xfer ...".
  opt    in SERVER_NS, whose net.xtcp.interop the caller set to 1: a new
         xtcp socket is an interop socket (XTCP_INTEROP reads 1); the
         option turns off and on before bind(), fails with EINVAL after
         it and for 2, and is not at SOL_TCP (ENOPROTOOPT).
  bind   in SERVER_NS: the kernel's TCP cannot bind ADDR:PORT, nor the
         wildcard address on it (even with SO_REUSEADDR), while an
         interop socket listens there, nor an ephemeral port an interop
         socket took with bind(port 0); an interop socket cannot bind a
         port a TCP listener holds (EADDRINUSE); and once the interop
         socket is closed (no connection) TCP binds the port again.
  dropped  CLIENT_NS connects to ADDR:PORT with a native and an interop
         xtcp socket; neither may connect nor be refused: a firewall drops
         their SYNs, so both connect()s time out after --drop-wait seconds.
  unreach  CLIENT_NS connects to ADDR:PORT with an interop xtcp socket;
         a firewall answers its SYN with ICMP host unreachable, which
         must end connect() with EHOSTUNREACH before --unreach-wait
         seconds (the ICMP error reaches xtcp through interop.c's or
         interop6.c's hook, not tcp_v4_err() or tcp_v6_err()). The first
         error may come while connect() itself still owns the socket,
         which makes it a soft error, as in Linux's TCP; the SYN's first
         retransmission, 1 s on, meets the next, so the default is 3 s
         (without the hook connect() would go on for minutes).
  tw     (after xfer; PORT unused) the kernel's TCP cannot bind the ports
         the xtcp ends' TIME-WAIT entries hold: the interop server's in
         SERVER_NS, the interop client's in CLIENT_NS (at --peer); a new
         interop listener (SO_REUSEADDR) binds the server's port all the
         same, as a restarted server would, and TCP still cannot once it
         is closed.
  tcpbind  can the kernel's TCP bind ADDR:PORT (SO_REUSEADDR) in
         CLIENT_NS? Prints "tcpbind free" or "tcpbind EADDRINUSE".

ADDR (and --peer) may be IPv6 addresses: every socket is then an IPv6
one, the wildcard "::", and the capture reads IPv6 packets (no extension
headers).

Exits 0 when the check holds, 1 with a reason otherwise.
"""
import argparse
import ctypes
import errno
import hashlib
import os
import random
import socket
import struct
import sys
import threading
import time
import array

CLONE_NEWNET = 0x40000000
XTCP_INTEROP = 1000
ETH_P_IP = 0x0800
ETH_P_IPV6 = 0x86dd
ETH_P_ALL = 0x0003
SO_PROTOCOL = 38
FAMILY = socket.AF_INET     # main() sets it from ADDR

libc = ctypes.CDLL(None, use_errno=True)


def die(msg):
    print(f"FAIL: {msg}", flush=True)
    os._exit(1)


def enter(ns):
    """Move the calling thread into network namespace ns."""
    fd = os.open(f"/run/netns/{ns}", os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET):
            e = ctypes.get_errno()
            raise OSError(e, f"setns {ns}: {os.strerror(e)}")
    finally:
        os.close(fd)


def xsock(proto, interop):
    s = socket.socket(FAMILY, socket.SOCK_STREAM, proto)
    if interop:
        s.setsockopt(proto, XTCP_INTEROP, 1)
    return s


def tcpsock():
    return socket.socket(FAMILY, socket.SOCK_STREAM, socket.IPPROTO_TCP)


def exchange(s, data, who, result):
    """Send data while reading as much; result[who] = sha of what came."""
    def send():
        s.sendall(data)
    t = threading.Thread(target=send)
    t.start()
    h = hashlib.sha256()
    n = 0
    while n < len(data):
        b = s.recv(1 << 16)
        if not b:
            break
        h.update(b)
        n += len(b)
    t.join()
    result[who] = (n, h.hexdigest())


def csum_ok(src, dst, seg):
    if len(src) == 16:
        data = src + dst + struct.pack("!IxxxB", len(seg), 6) + seg
    else:
        data = src + dst + struct.pack("!BBH", 0, 6, len(seg)) + seg
    if len(data) % 2:
        data += b"\0"
    s = sum(array.array("H", data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s == 0xffff


SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_CSUMNOTREADY = 8


class Capture(threading.Thread):
    """The IP packets on an interface, between a and b (the client)."""

    def __init__(self, ns, iface, a, b, proto):
        super().__init__(daemon=True)
        enter(ns)
        # ETH_P_ALL: a tap of one protocol sees only what comes in
        self.s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                               socket.htons(ETH_P_ALL))
        self.s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
        self.s.bind((iface, ETH_P_ALL))
        self.s.settimeout(0.2)
        self.b = socket.inet_pton(FAMILY, b)
        self.pair = {socket.inet_pton(FAMILY, a), self.b}
        self.etype = struct.pack("!H", ETH_P_IPV6 if FAMILY ==
                                 socket.AF_INET6 else ETH_P_IP)
        self.proto = proto
        self.tcp = self.bad = self.native = self.partial = 0
        self.client_max = self.server_max = 0
        self.done = False

    def run(self):
        while not self.done:
            try:
                p, anc, _, _ = self.s.recvmsg(70000, 64)
            except socket.timeout:
                continue
            status = 0
            for level, kind, data in anc:
                if level == SOL_PACKET and kind == PACKET_AUXDATA:
                    status = struct.unpack_from("I", data)[0]
            if len(p) < 34 or p[12:14] != self.etype:
                continue
            ip = p[14:]
            if self.etype == b"\x86\xdd":
                if len(ip) < 40:
                    continue
                src, dst, proto = ip[8:24], ip[24:40], ip[6]
                hl, tot = 40, 40 + struct.unpack("!H", ip[4:6])[0]
            else:
                if len(ip) < 20:
                    continue
                src, dst, proto = ip[12:16], ip[16:20], ip[9]
                hl = (ip[0] & 15) * 4
                tot = struct.unpack("!H", ip[2:4])[0]
            if {src, dst} != self.pair:
                continue
            if proto == self.proto:
                self.native += 1
            elif proto == 6:
                self.tcp += 1
                data = tot - hl - (ip[hl + 12] >> 4) * 4
                if src == self.b:
                    self.client_max = max(self.client_max, data)
                else:
                    self.server_max = max(self.server_max, data)
                if status & TP_STATUS_CSUMNOTREADY:
                    self.partial += 1
                elif not csum_ok(src, dst, ip[hl:tot]):
                    self.bad += 1

    def stop(self):
        self.done = True
        self.join()


def one_xfer(args, server_xtcp, data, port):
    """A connection; the xtcp end (interop) closes first."""
    enter(args.server_ns)
    ls = xsock(args.proto, True) if server_xtcp else tcpsock()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((args.addr, port))
    ls.listen(1)
    result = {}
    closed = threading.Event()

    def serve():
        a, _ = ls.accept()
        if server_xtcp:
            result["proto"] = a.getsockopt(socket.SOL_SOCKET, SO_PROTOCOL)
        exchange(a, data, "server", result)
        if server_xtcp:
            a.close()
            closed.set()
        else:
            closed.wait(args.limit)
            a.recv(1)	# the xtcp client's FIN
            a.close()
    t = threading.Thread(target=serve)
    t.start()
    enter(args.client_ns)
    c = tcpsock() if server_xtcp else xsock(args.proto, True)
    c.settimeout(args.limit)
    c.connect((args.addr, port))
    if not server_xtcp:
        result["proto"] = c.getsockopt(socket.SOL_SOCKET, SO_PROTOCOL)
        args.client_port = c.getsockname()[1]
        print(f"client port {args.client_port}", flush=True)
    exchange(c, data, "client", result)
    if server_xtcp:
        closed.wait(args.limit)
        c.recv(1)
    c.close()
    closed.set()
    t.join(args.limit)
    ls.close()
    want = (len(data), hashlib.sha256(data).hexdigest())
    kind = "interop server" if server_xtcp else "interop client"
    for who in ("server", "client"):
        if result.get(who) != want:
            die(f"{kind}: the {who} read {result.get(who)}, sent {want}")
    if result.get("proto") != args.proto:
        die(f"{kind}: SO_PROTOCOL {result.get('proto')}")
    print(f"ok {kind}: {len(data)} bytes each way, byte-exact", flush=True)


def xfer(args):
    data = random.Random(1).randbytes(args.kib * 1024)
    cap = None
    if args.iface:
        cap = Capture(args.server_ns, args.iface, args.addr, args.peer,
                      args.proto)
        cap.start()
    one_xfer(args, False, data, args.port)
    one_xfer(args, True, data, args.port + 10)
    if cap:
        time.sleep(0.3)
        cap.stop()
        print(f"capture: tcp {cap.tcp} bad_csum {cap.bad} partial "
              f"{cap.partial} proto{args.proto} {cap.native} client_max "
              f"{cap.client_max} server_max {cap.server_max}", flush=True)
        if not cap.tcp or cap.bad or cap.native or cap.partial == cap.tcp:
            die("the wire did not carry valid TCP only")
        if args.client_tso and cap.client_max <= args.mss:
            die("no segment of the client's larger than the MSS")
        if cap.server_max > args.mss:
            die(f"a segment of {cap.server_max} octets left SERVER_NS's "
                f"side (it has no TSO: aggregates must be cut to the MSS)")
    print("ok xfer", flush=True)


def opt(args):
    enter(args.server_ns)
    s = socket.socket(FAMILY, socket.SOCK_STREAM, args.proto)
    if s.getsockopt(args.proto, XTCP_INTEROP) != 1:
        die("net.xtcp.interop=1: a new socket is not an interop socket")
    s.setsockopt(args.proto, XTCP_INTEROP, 0)
    if s.getsockopt(args.proto, XTCP_INTEROP) != 0:
        die("XTCP_INTEROP 0 did not turn it off")
    s.setsockopt(args.proto, XTCP_INTEROP, 1)
    for level, val, err in ((args.proto, 2, errno.EINVAL),
                            (socket.IPPROTO_TCP, 1, errno.ENOPROTOOPT)):
        try:
            s.setsockopt(level, XTCP_INTEROP, val)
            die(f"XTCP_INTEROP {val} at level {level} succeeded")
        except OSError as e:
            if e.errno != err:
                die(f"XTCP_INTEROP {val} at level {level}: {e}")
    s.bind((args.addr, 0))
    try:
        s.setsockopt(args.proto, XTCP_INTEROP, 0)
        die("XTCP_INTEROP after bind() succeeded")
    except OSError as e:
        if e.errno != errno.EINVAL:
            die(f"XTCP_INTEROP after bind(): {e}")
    s.close()
    print("ok opt", flush=True)


def expect_inuse(what, fn):
    try:
        fn()
    except OSError as e:
        if e.errno != errno.EADDRINUSE:
            die(f"{what}: {e}")
        return
    die(f"{what}: succeeded")


def tcp_bind(addr, port, reuse=True):
    s = tcpsock()
    if reuse:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind((addr, port))
    finally:
        s.close()


def bind(args):
    enter(args.server_ns)
    x = xsock(args.proto, True)
    x.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    x.bind((args.addr, args.port))
    x.listen(1)
    expect_inuse("TCP bind on an interop listener's port",
                 lambda: tcp_bind(args.addr, args.port))
    expect_inuse("TCP bind of the wildcard on it",
                 lambda: tcp_bind("::" if FAMILY == socket.AF_INET6
                                  else "0.0.0.0", args.port))
    e = xsock(args.proto, True)
    e.bind((args.addr, 0))
    eport = e.getsockname()[1]
    expect_inuse("TCP bind on an interop ephemeral port",
                 lambda: tcp_bind(args.addr, eport, False))
    t = tcpsock()
    t.bind((args.addr, 0))
    t.listen(1)
    tport = t.getsockname()[1]
    expect_inuse("interop bind on a TCP listener's port",
                 lambda: xsock(args.proto, True).bind((args.addr, tport)))
    t.close()
    e.close()
    x.close()
    start = time.monotonic()
    while True:	# resv.c gives the port back from a workqueue
        try:
            tcp_bind(args.addr, args.port)
            break
        except OSError as err:
            if time.monotonic() - start > args.limit:
                die(f"TCP bind after the interop socket closed: {err}")
            time.sleep(0.02)
    print("ok bind", flush=True)


def dropped(args):
    enter(args.client_ns)
    for interop in (False, True):
        kind = "interop" if interop else "native"
        c = xsock(args.proto, interop)
        c.settimeout(args.drop_wait)
        try:
            c.connect((args.addr, args.port))
        except socket.timeout:
            print(f"ok dropped ({kind})", flush=True)
            continue
        except OSError as e:
            die(f"{kind} connect: {e}, not a timeout")
        finally:
            c.close()
        die(f"{kind} connect succeeded")


def unreach(args):
    enter(args.client_ns)
    c = xsock(args.proto, True)
    c.settimeout(args.unreach_wait)
    try:
        c.connect((args.addr, args.port))
    except socket.timeout:
        die("interop connect: timed out, the ICMP error did not end it")
    except OSError as e:
        if e.errno != errno.EHOSTUNREACH:
            die(f"interop connect: {e}, not EHOSTUNREACH")
        print("ok unreach (interop)", flush=True)
        return
    finally:
        c.close()
    die("interop connect succeeded")


def tw(args):
    enter(args.server_ns)
    sport = args.xfer_port + 10
    expect_inuse("TCP bind on the interop server's port in TIME-WAIT",
                 lambda: tcp_bind(args.addr, sport))
    x = xsock(args.proto, True)
    x.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    x.bind((args.addr, sport))
    x.listen(1)
    x.close()
    expect_inuse("TCP bind on it after an interop listener came and went",
                 lambda: tcp_bind(args.addr, sport))
    enter(args.client_ns)
    expect_inuse("TCP bind on the interop client's port in TIME-WAIT",
                 lambda: tcp_bind(args.peer, args.client_port))
    print("ok tw", flush=True)


def tcpbind(args):
    enter(args.client_ns)
    try:
        tcp_bind(args.addr, args.port)
    except OSError as e:
        print(f"tcpbind {errno.errorcode.get(e.errno, e.errno)}", flush=True)
        return
    print("tcpbind free", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("server_ns")
    ap.add_argument("client_ns")
    ap.add_argument("addr")
    ap.add_argument("checks", nargs="+", metavar="CHECK:PORT")
    ap.add_argument("--peer", help="the client's address (--iface)")
    ap.add_argument("--iface", help="xfer: capture on it in SERVER_NS")
    ap.add_argument("--proto", type=int,
                    default=int(os.environ.get("XTCP_PROTO", "253")))
    ap.add_argument("--kib", type=int, default=1024)
    ap.add_argument("--client-tso", action="store_true",
                    help="xfer: the client's side of the veth has TSO")
    ap.add_argument("--mss", type=int, default=1460,
                    help="xfer: the path's MSS")
    ap.add_argument("--limit", type=float, default=30,
                    help="seconds a step may take")
    ap.add_argument("--drop-wait", type=float, default=1.0,
                    help="dropped: seconds a connect() waits")
    ap.add_argument("--unreach-wait", type=float, default=3.0,
                    help="unreach: seconds a connect() may take")
    args = ap.parse_args()
    global FAMILY
    if ":" in args.addr:
        FAMILY = socket.AF_INET6
    for c in args.checks:
        name, _, port = c.partition(":")
        if name not in ("xfer", "bind", "dropped", "unreach", "tw",
                        "tcpbind", "opt"):
            die(f"no check {name}")
        args.port = int(port)
        if name == "xfer":
            args.xfer_port = args.port
        try:
            globals()[name](args)
        except OSError as e:
            die(f"{name}: {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
