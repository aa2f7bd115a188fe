#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_ecn.py SERVER_NS CLIENT_NS CHECK... [--proto N] [--family 4|6] -
ECN (RFC 3168) between two namespaces joined by a veth pair (ecn_wire.sh:
CLIENT_NS's nc 10.9.0.1, SERVER_NS's ns 10.9.0.2; fd00::a09:1 and
fd00::a09:2 with --family 6), from one process that opens each socket in
its namespace (setns). A packet socket on nc sees every segment of the
protocol both ways, with its IP header's ECN field. The checks, in the
order given:

  negotiate  one connection for each (client, server) pair of tcp_ecn
             values (net.xtcp, or net.ipv4 with --proto 6): 1/1, 1/2,
             1/0, 2/1, 0/1, 2/2. Each sends 8 KiB each way. ECN is on
             when the client's is 1 and the server's not 0: then the SYN
             carries ECE and CWR, the SYN,ACK ECE without CWR, every data
             segment ECT(0), and TCP_INFO says TCPI_OPT_ECN and
             TCPI_OPT_ECN_SEEN at both ends. Otherwise the SYN carries
             ECE and CWR only if the client's is 1, the SYN,ACK no ECE,
             no segment is ECN-capable and TCP_INFO says nothing. Never
             ECT on a SYN, a SYN,ACK or a segment without data, never CE.
  cookie     both 1, the server's tcp_syncookies 2 (a SYN cookie for
             every SYN): the SYN,ACK agrees (ECE) and the connection the
             cookie's ACK makes has ECN, kept in the TSval the ACK echoes,
             with ECT(0) on the data both ways.
  fallback   both 1, netem on nc dropping every packet (loss 100%) for
             half a second after connect() starts, so that the SYN that
             gets through is a retransmission (tcpi_total_retrans): with
             the client's tcp_ecn_fallback 1 it carries neither ECE nor
             CWR and the connection has no ECN; with 0 it carries both
             and the connection has ECN.
  ce         both 1; 256 KiB from the client, then netem on nc (loss 20%
             ecn: CE instead of a drop, on ECN-capable packets) and 1 MiB
             more: the server's ACKs carry ECE, not all of them (a CWR
             ends the echo), the client's new data carries CWR (on data
             segments only), its congestion window ends below what it
             was before netem and its ssthresh is set, TCP_INFO counts
             ACKs with ECE in tcpi_delivered_ce, and CE is no loss: at
             most 2 segments sent again (tcpi_total_retrans; a loss
             probe that a slow emulated path may draw, never ECT), not
             one a mark.
  interop    an interop xtcp client (TCP on the wire) with net.xtcp's
             tcp_ecn 1 against the kernel's TCP with net.ipv4's 1: ECN
             on both ends (TCP_INFO), ECT(0) on the data both ways.

Prints what it saw; "FAIL: ..." and exit status 1 when an expectation
does not hold, 0 when all do.
"""
import argparse
import errno
import select
import fcntl
import os
import socket
import struct
import subprocess
import sys
import threading
import time

from xtcp_interop import enter

ETH_P_ALL = 3
PACKET_OUTGOING = 4
SO_RCVBUFFORCE = 33
SIOCOUTQ = 0x5411
XTCP_INTEROP = 1000
TH_FIN, TH_SYN, TH_ACK, TH_ECE, TH_CWR = 0x01, 0x02, 0x10, 0x40, 0x80
NOT_ECT, ECT_1, ECT_0, CE = 0, 1, 2, 3
OPT_ECN, OPT_ECN_SEEN = 8, 16
INFINITE_SSTHRESH = 0x7fffffff

ARGS = None


class Fail(Exception):
    """An expectation did not hold."""


def sysctl(ns, proto, name, val):
    """Set name (tcp_ecn...) of net.xtcp, or net.ipv4 for proto 6, in ns."""
    path = f"/proc/sys/net/{'ipv4' if proto == 6 else 'xtcp'}/{name}"
    enter(ns)
    with open(path, "w") as f:
        f.write(f"{val}\n")
    with open(path) as f:
        got = int(f.read())
    if got != val:
        raise Fail(f"{path} in {ns} reads {got} after writing {val}")


def addr(host):
    return f"fd00::a09:{host}" if ARGS.family == 6 else f"10.9.0.{host}"


def family():
    return socket.AF_INET6 if ARGS.family == 6 else socket.AF_INET


class Capture:
    """The segments of protocols on nc, both ways, read by a thread: as
    (out, ecn, flags, data length, sport, dport, seq); out: sent by the
    client."""

    def __init__(self, protos):
        enter(ARGS.client_ns)
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                          socket.htons(ETH_P_ALL))
        s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 32 << 20)
        s.bind(("nc", ETH_P_ALL))
        s.settimeout(0.2)
        self.s, self.protos, self.segs = s, protos, []
        self.done = threading.Event()
        self.t = threading.Thread(target=self.run, daemon=True)
        self.t.start()

    def run(self):
        while not self.done.is_set():
            try:
                pkt, sa = self.s.recvfrom(256)
            except socket.timeout:
                continue
            self.parse(pkt, sa[2] == PACKET_OUTGOING)

    def parse(self, pkt, out):
        etype, ip = struct.unpack("!H", pkt[12:14])[0], pkt[14:]
        if etype == 0x0800 and len(ip) >= 20 and ip[9] in self.protos:
            ecn, hl = ip[1] & 3, (ip[0] & 15) * 4
            plen = struct.unpack("!H", ip[2:4])[0] - hl
        elif etype == 0x86DD and len(ip) >= 40 and ip[6] in self.protos:
            ecn, hl = (ip[1] >> 4) & 3, 40
            plen = struct.unpack("!H", ip[4:6])[0]
        else:
            return
        th = ip[hl:hl + 20]
        if len(th) < 20:
            return
        sport, dport, seq = struct.unpack("!HHI", th[:8])
        dlen = plen - (th[12] >> 4) * 4
        self.segs.append((out, ecn, th[13], dlen, sport, dport, seq))

    def of(self, port):
        """The segments of the connection to server port port."""
        return [x for x in list(self.segs) if port in (x[4], x[5])]

    def stop(self):
        time.sleep(0.3)
        self.done.set()
        self.t.join()


def info(s, level):
    """(options, snd_ssthresh, snd_cwnd, total_retrans, delivered_ce) of
    TCP_INFO."""
    buf = s.getsockopt(level, socket.TCP_INFO, 232)
    opts = buf[5]
    ssthresh, cwnd = struct.unpack_from("<II", buf, 76)
    retrans = struct.unpack_from("<I", buf, 100)[0]
    ce = struct.unpack_from("<I", buf, 196)[0]
    return opts, ssthresh, cwnd, retrans, ce


def outq(s):
    return struct.unpack("i", fcntl.ioctl(s.fileno(), SIOCOUTQ,
                                          b"\0\0\0\0"))[0]


def acked(s, what):
    end = time.monotonic() + 30
    while outq(s):
        if time.monotonic() > end:
            raise Fail(f"{what}: {outq(s)} octets unacknowledged after 30 s")
        time.sleep(0.02)


def recv_all(s, n):
    got = 0
    while got < n:
        d = s.recv(min(n - got, 1 << 20))
        if not d:
            raise Fail(f"EOF after {got} of {n} octets")
        got += len(d)


def send_recv(snd, rcv, n):
    """n octets from snd, all read by rcv (a thread writes)."""
    t = threading.Thread(target=snd.sendall, args=(b"e" * n,))
    t.start()
    recv_all(rcv, n)
    t.join()
    acked(snd, "send")


def pair(cproto, sproto, port, cinterop=False):
    """(client, accepted): the listener in the server's namespace, the
    client in the client's."""
    enter(ARGS.server_ns)
    lst = socket.socket(family(), socket.SOCK_STREAM, sproto)
    lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lst.bind((addr(2), port))
    lst.listen(1)
    enter(ARGS.client_ns)
    c = socket.socket(family(), socket.SOCK_STREAM, cproto)
    if cinterop:
        c.setsockopt(cproto, XTCP_INTEROP, 1)
    c.settimeout(20)
    c.connect((addr(2), port))
    a, _ = lst.accept()
    a.settimeout(20)
    lst.close()
    for s in (a, c):
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return c, a


def expect(what, want, got):
    print(f"{what}: {got}")
    if want != got:
        raise Fail(f"{what}: {got}, expected {want}")


def first_sent(segs):
    """(new, again): data segments of one direction sent for the first
    time (from the highest octet sent so far on), and sent again (a loss
    probe, a retransmission)."""
    new, again, hi = [], [], None
    for x in segs:
        if hi is None or (x[6] - hi) & 0xffffffff < 1 << 31:
            new.append(x)
            hi = (x[6] + x[3]) & 0xffffffff
        else:
            again.append(x)
    return new, again


def wire_check(tag, segs, port, ok, asks):
    """What negotiate and interop expect of a connection's segments."""
    syns = [x for x in segs if x[0] and x[2] & (TH_SYN | TH_ACK) == TH_SYN]
    synacks = [x for x in segs
               if not x[0] and x[2] & (TH_SYN | TH_ACK) == TH_SYN | TH_ACK]
    data = [x for x in segs if x[3] > 0 and not x[2] & TH_SYN]
    bare = [x for x in segs if x[3] <= 0 or x[2] & TH_SYN]
    if not syns or not synacks or not data:
        raise Fail(f"{tag}: captured {len(syns)} SYNs, {len(synacks)} "
                   f"SYN,ACKs, {len(data)} data segments")
    expect(f"{tag}: SYNs with ECE and CWR", len(syns) if asks else 0,
           sum(x[2] & (TH_ECE | TH_CWR) == TH_ECE | TH_CWR for x in syns))
    expect(f"{tag}: SYN,ACKs with ECE, without CWR",
           len(synacks) if ok else 0,
           sum(x[2] & (TH_ECE | TH_CWR) == TH_ECE for x in synacks))
    expect(f"{tag}: SYN,ACKs with CWR", 0,
           sum(bool(x[2] & TH_CWR) for x in synacks))
    for out in (True, False):
        d, again = first_sent([x for x in data if x[0] == out])
        who = "client" if out else "server"
        expect(f"{tag}: {who}'s new data segments ECT(0) of {len(d)}",
               len(d) if ok else 0, sum(x[1] == ECT_0 for x in d))
        expect(f"{tag}: {who}'s retransmissions ECN-capable of "
               f"{len(again)}", 0, sum(x[1] != NOT_ECT for x in again))
    expect(f"{tag}: ECN-capable SYNs and segments without data", 0,
           sum(x[1] != NOT_ECT for x in bare))


def negotiate():
    proto, n = ARGS.proto, 8192
    cap = Capture({proto})
    conns = []
    for i, (cv, sv) in enumerate(((1, 1), (1, 2), (1, 0), (2, 1), (0, 1),
                                  (2, 2))):
        port = 5301 + i
        sysctl(ARGS.server_ns, proto, "tcp_ecn", sv)
        sysctl(ARGS.client_ns, proto, "tcp_ecn", cv)
        c, a = pair(proto, proto, port)
        send_recv(c, a, n)
        send_recv(a, c, n)
        conns.append((cv, sv, port, info(c, proto), info(a, proto)))
        c.close()
        a.close()
    cap.stop()
    print(f"counters: client's {counters(ARGS.client_ns)}; server's "
          f"{counters(ARGS.server_ns)}")
    for cv, sv, port, ci, ai in conns:
        tag = f"client {cv} server {sv}"
        ok = cv == 1 and sv != 0
        want = OPT_ECN | OPT_ECN_SEEN if ok else 0
        expect(f"{tag}: client's TCPI_OPT_ECN|ECN_SEEN", want,
               ci[0] & (OPT_ECN | OPT_ECN_SEEN))
        expect(f"{tag}: server's TCPI_OPT_ECN|ECN_SEEN", want,
               ai[0] & (OPT_ECN | OPT_ECN_SEEN))
        wire_check(tag, cap.of(port), port, ok, cv == 1)


def cookie():
    proto, port = ARGS.proto, 5341
    cap = Capture({proto})
    sysctl(ARGS.server_ns, proto, "tcp_ecn", 1)
    sysctl(ARGS.client_ns, proto, "tcp_ecn", 1)
    sysctl(ARGS.server_ns, proto, "tcp_syncookies", 2)
    try:
        c, a = pair(proto, proto, port)
        send_recv(c, a, 8192)
        send_recv(a, c, 8192)
        ci, ai = info(c, proto), info(a, proto)
        c.close()
        a.close()
    finally:
        sysctl(ARGS.server_ns, proto, "tcp_syncookies", 1)
    cap.stop()
    expect("cookie: client's TCPI_OPT_ECN|ECN_SEEN", OPT_ECN | OPT_ECN_SEEN,
           ci[0] & (OPT_ECN | OPT_ECN_SEEN))
    expect("cookie: server's TCPI_OPT_ECN|ECN_SEEN", OPT_ECN | OPT_ECN_SEEN,
           ai[0] & (OPT_ECN | OPT_ECN_SEEN))
    wire_check("cookie", cap.of(port), port, True, True)


def connect_lossy(proto, port):
    """(client, accepted), the client's first SYN dropped by netem."""
    netem = ["tc", "-n", ARGS.client_ns, "qdisc"]
    enter(ARGS.server_ns)
    lst = socket.socket(family(), socket.SOCK_STREAM, proto)
    lst.bind((addr(2), port))
    lst.listen(1)
    subprocess.run(netem + ["replace", "dev", "nc", "root", "netem", "loss",
                            "100%"], check=True)
    enter(ARGS.client_ns)
    c = socket.socket(family(), socket.SOCK_STREAM, proto)
    c.setblocking(False)
    try:
        err = c.connect_ex((addr(2), port))
        if err != errno.EINPROGRESS:
            raise Fail(f"connect: {errno.errorcode.get(err, err)}")
        time.sleep(0.5)
    finally:
        subprocess.run(netem + ["del", "dev", "nc", "root"], check=True)
    if not select.select([], [c], [], 20)[1]:
        raise Fail("connect() not done 20 s after the SYN got through")
    err = c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    if err:
        raise Fail(f"connect: {errno.errorcode.get(err, err)}")
    c.settimeout(20)
    lst.settimeout(20)
    a, _ = lst.accept()
    a.settimeout(20)
    lst.close()
    return c, a


def fallback():
    proto = ARGS.proto
    cap = Capture({proto})
    conns = []
    for i, fb in enumerate((1, 0)):
        port = 5311 + i
        sysctl(ARGS.server_ns, proto, "tcp_ecn", 1)
        sysctl(ARGS.client_ns, proto, "tcp_ecn", 1)
        sysctl(ARGS.client_ns, proto, "tcp_ecn_fallback", fb)
        c, a = connect_lossy(proto, port)
        send_recv(c, a, 4096)
        send_recv(a, c, 4096)
        conns.append((fb, port, info(c, proto), info(a, proto)))
        c.close()
        a.close()
    sysctl(ARGS.client_ns, proto, "tcp_ecn_fallback", 1)
    cap.stop()
    for fb, port, ci, ai in conns:
        tag = f"tcp_ecn_fallback {fb}"
        print(f"{tag}: client's retransmissions {ci[3]}")
        if ci[3] < 1:
            raise Fail(f"{tag}: no SYN was sent again")
        want = 0 if fb else OPT_ECN | OPT_ECN_SEEN
        expect(f"{tag}: client's TCPI_OPT_ECN|ECN_SEEN", want,
               ci[0] & (OPT_ECN | OPT_ECN_SEEN))
        expect(f"{tag}: server's TCPI_OPT_ECN|ECN_SEEN", want,
               ai[0] & (OPT_ECN | OPT_ECN_SEEN))
        wire_check(tag, cap.of(port), port, not fb, not fb)


def counters(ns):
    """The nonzero retransmission counters of ns (xtcp's, or TCP's)."""
    enter(ns)
    names = ("RetransSegs", "TCPTimeouts", "TCPLossProbes",
             "TCPLossProbeRecovery", "TCPSackRecovery", "TCPRenoRecovery",
             "TCPFastRetrans", "TCPSpuriousRTOs", "TCPLostRetransmit")
    out = []
    files = ("snmp", "netstat") if ARGS.proto == 6 else ("xtcp_stat",)
    for name in files:
        with open(f"/proc/thread-self/net/{name}") as f:
            rows = f.read().split("\n")
        if ARGS.proto == 6:
            for h, v in zip(rows[::2], rows[1::2]):
                out += [f"{k} {n}" for k, n in zip(h.split()[1:],
                                                   v.split()[1:])
                        if k in names and n != "0"]
        else:
            out += [r for r in rows if r.split()[:1] and
                    r.split()[0] in names and r.split()[1] != "0"]
    return ", ".join(out)


def ce():
    proto, port = ARGS.proto, 5321
    sysctl(ARGS.server_ns, proto, "tcp_ecn", 1)
    sysctl(ARGS.client_ns, proto, "tcp_ecn", 1)
    c, a = pair(proto, proto, port)
    send_recv(c, a, 256 << 10)
    before = info(c, proto)
    print(f"client before netem: cwnd {before[2]} ssthresh {before[1]} "
          f"retransmitted {before[3]}")
    cap = Capture({proto})
    netem = ["tc", "-n", ARGS.client_ns, "qdisc"]
    subprocess.run(netem + ["replace", "dev", "nc", "root", "netem", "loss",
                            "20%", "ecn"], check=True)
    try:
        send_recv(c, a, 1 << 20)
        after, peer = info(c, proto), info(a, proto)
    finally:
        subprocess.run(netem + ["del", "dev", "nc", "root"], check=True)
    cap.stop()
    qd = subprocess.run(netem + ["show", "dev", "nc"], capture_output=True,
                        text=True).stdout.strip()
    print(f"client after: cwnd {after[2]} ssthresh {after[1]} retransmitted "
          f"{after[3]} delivered_ce {after[4]}; qdisc now: {qd}")
    segs = cap.of(port)
    mine = [x for x in segs if x[0] and x[3] > 0]
    new, again = first_sent(mine)
    print(f"client's data segments sent again: {again}; its counters: "
          f"{counters(ARGS.client_ns)}")
    acks = [x for x in segs if not x[0]]
    marked = sum(x[1] == CE for x in mine)
    print(f"client's data segments {len(mine)}, CE-marked {marked}, "
          f"server's ACKs {len(acks)}")
    if not marked:
        raise Fail("netem marked no segment CE")
    expect("client's new data segments neither ECT(0) nor CE", 0,
           sum(x[1] not in (ECT_0, CE) for x in new))
    expect("client's data segments sent again ECN-capable", 0,
           sum(x[1] != NOT_ECT for x in again))
    eces = sum(bool(x[2] & TH_ECE) for x in acks)
    print(f"server's ACKs with ECE: {eces}")
    if not eces or eces == len(acks):
        raise Fail(f"{eces} of the server's {len(acks)} ACKs carry ECE "
                   "(some must, not all: a CWR ends the echo)")
    cwrs = [x for x in segs if x[0] and x[2] & TH_CWR]
    print(f"client's segments with CWR: {len(cwrs)}")
    if not cwrs:
        raise Fail("no CWR from the client")
    expect("CWR on segments without data", 0, sum(x[3] <= 0 for x in cwrs))
    # CE taken for a loss would resend about a segment a mark; an
    # emulated VM's slow ACK may draw a loss probe or two (both protocols)
    print(f"segments sent again (tcpi_total_retrans): {after[3]}")
    if after[3] > 2:
        raise Fail(f"{after[3]} segments sent again under {marked} CE "
                   "marks: at most 2 expected")
    if after[4] <= 0:
        raise Fail("tcpi_delivered_ce 0 after ACKs with ECE")
    if not after[2] < before[2]:
        raise Fail(f"cwnd {after[2]} after CE marks, {before[2]} before")
    if after[1] >= INFINITE_SSTHRESH:
        raise Fail("ssthresh not set after CE marks")
    expect("server's TCPI_OPT_ECN_SEEN", OPT_ECN_SEEN, peer[0] & OPT_ECN_SEEN)
    c.close()
    a.close()


def interop():
    port = 5331
    cap = Capture({6})
    sysctl(ARGS.server_ns, 6, "tcp_ecn", 1)
    sysctl(ARGS.client_ns, ARGS.proto, "tcp_ecn", 1)
    c, a = pair(ARGS.proto, 6, port, cinterop=True)
    send_recv(c, a, 8192)
    send_recv(a, c, 8192)
    ci, ai = info(c, ARGS.proto), info(a, 6)
    c.close()
    a.close()
    cap.stop()
    expect("interop client's TCPI_OPT_ECN|ECN_SEEN", OPT_ECN | OPT_ECN_SEEN,
           ci[0] & (OPT_ECN | OPT_ECN_SEEN))
    expect("TCP server's TCPI_OPT_ECN|ECN_SEEN", OPT_ECN | OPT_ECN_SEEN,
           ai[0] & (OPT_ECN | OPT_ECN_SEEN))
    wire_check("interop", cap.of(port), port, True, True)


CHECKS = {"negotiate": negotiate, "cookie": cookie, "fallback": fallback,
          "ce": ce, "interop": interop}


def main():
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("server_ns")
    ap.add_argument("client_ns")
    ap.add_argument("checks", nargs="+", choices=sorted(CHECKS))
    ap.add_argument("--proto", type=int,
                    default=int(os.environ.get("XTCP_PROTO", "253")))
    ap.add_argument("--family", type=int, choices=(4, 6), default=4)
    ARGS = ap.parse_args()
    try:
        for name in ARGS.checks:
            print(f"# {name}")
            t, cpu = time.monotonic(), time.process_time()
            CHECKS[name]()
            print(f"# {name}: {time.monotonic() - t:.1f} s, "
                  f"{time.process_time() - cpu:.1f} CPU-s of this process")
    except (Fail, OSError, subprocess.CalledProcessError) as e:
        print(f"FAIL: {e}")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
