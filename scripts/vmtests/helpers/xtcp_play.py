#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_play.py - socket choreography for the T01-T28 VM tests
(scripts/vmtests/tests/tNN_*.sh; shell side: xtcp_states.sh).

The protocol is $XTCP_PROTO (default 253; 6 runs the same test against the
kernel's TCP), the family $XTCP_FAMILY (4, default, or 6: AF_INET6 sockets,
IPv6 segments, /proc/net/xtcp6 or tcp6; the addresses from XS_LO, XS_SUT and
XS_PEER, which xtcp_states.sh sets). An IPv6 address is printed in brackets,
[fd00::a00:1]:5002. Steps synchronise with the test through files in $XS_SYNC:
mark:NAME creates one, await:NAME waits (bounded) until it exists.

  xtcp_play.py sock STEP...
      Drives sockets of the system under test. STEP is
      [SOCK.]OP[:ARG][=RESULT[/RESULT...]]: SOCK names a socket (default
      "s", created on first use), RESULT what the step must give (default
      ok; an errno name such as ECONNREFUSED, EOF for a recv() of 0 bytes,
      data:TEXT for a recv() of TEXT). Each step prints "SOCK.OP RESULT";
      an unexpected result exits 1. OPs:
        reuse, linger0, syncnt:N   SO_REUSEADDR, SO_LINGER {1, 0}, TCP_SYNCNT
        bind:PORT[@ADDR]           ADDR defaults to 0.0.0.0 (::)
        listen[:BACKLOG], accept:NEWSOCK   BACKLOG defaults to 8
        connect:PORT[@ADDR]        blocking; ADDR defaults to XS_LO
        nbconnect:PORT[@ADDR]      non-blocking; EINPROGRESS counts as ok
        waitconn                   wait (bounded) for a non-blocking
                                   connect() to end; result from SO_ERROR
        waitstate:STATE            poll the state file until this socket's
                                   row has STATE (ESTABLISHED, SYN_RECV...;
                                   CLOSED: until it has none); works after
                                   close too
        send:TEXT, recv, shutwr, close
        mark:NAME, await:NAME      (no SOCK)

  xtcp_play.py peer PEER_PORT SUT_PORT STEP...
      A scripted peer XS_PEER:PEER_PORT (10.0.0.2) of the system under test
      at XS_SUT:SUT_PORT (10.0.0.1), which reaches the peer through the
      dummy device $XS_IFACE (xtcp_states.sh: xs_peer_net). Segments go in
      through a raw socket (so they arrive on lo), the system's answers are
      read from the dummy device, where they end: no stack ever sees them,
      so no stack answers them with a RST, whatever the protocol. STEPs:
        send:FLAGS      a segment with FLAGS (letters of SAFR), seq snd_nxt,
                        ack rcv_nxt when A; S and F advance snd_nxt
        resend          the last segment sent, again; prints
                        "resent t=SECONDS" (the time before sending it)
        sleep:MS        wait MS milliseconds (timed here, in one process,
                        not by the test's shell)
        probe:MS        a bare ACK out of the window (seq 2^30 past
                        snd_nxt, ack rcv_nxt) every MS milliseconds
                        (TIME-WAIT answers it, a bare ACK at snd_nxt
                        not), each answer printed as "got", until
                        one is a reset (bounded): how long a connection
                        in TIME-WAIT lasts, from the system's own times
        flood:KIND:N    N segments a blind attacker could send, each answer
                        counted (not printed), then "answers N" once a
                        SYN to SUT_PORT + 1 (closed) from PEER_PORT + 1
                        has drawn its reset, which comes after every
                        answer to the flood. KINDs: oldack (4 octets at
                        snd_nxt, ack 2^30 below rcv_nxt), newack (the same,
                        ack 2^30 above), oow (a bare ACK, seq 2^30 past
                        snd_nxt), inwin (a bare ACK at snd_nxt)
        data:TEXT       TEXT at snd_nxt, ack rcv_nxt
        expect:FLAGS    wait (bounded) for the next segment of the system:
                        its flags (P ignored) must be FLAGS and, when it has
                        A, it must acknowledge all we sent; a retransmission
                        of the segment before, if not FLAGS, is skipped
        ts:N            from now on the segments sent carry a Timestamps
                        option (RFC 7323), TSval N (one more each segment),
                        TSecr the last TSval received; ts:off, none
        stale:TEXT      TEXT at snd_nxt with a TSval 1000 below the last
                        one, snd_nxt unchanged: an old duplicate for PAWS
        mark:NAME, await:NAME
      Each segment received prints "got FLAGS seq=N ack=N len=N t=SECONDS",
      then " ts=TSVAL,TSECR" if it carries a Timestamps option.
      SECONDS are CLOCK_REALTIME (as date +%s.%N in the test): for "got",
      the kernel's timestamp of the segment on the device, just after the
      system under test sent it.

  xtcp_play.py capture IFACE
      Prints every segment of the protocol that IFACE transmits, one line
      each: "t=SECONDS SRC:PORT>DST:PORT FLAGS seq=N ack=N len=N" (IPv6:
      [SRC]:PORT), after a first line "capturing"; on SIGTERM a last line
      "capture: N frames, D dropped" (D: frames its queue had no room for).
"""
import errno
import os
import re
import select
import signal
import socket
import struct
import sys
import time

import xtcp_poll
from xtcp_csum import csum


PROTO = int(os.environ.get("XTCP_PROTO", "253"))
V6 = os.environ.get("XTCP_FAMILY", "4") == "6"
FAMILY = socket.AF_INET6 if V6 else socket.AF_INET
SYNC = os.environ.get("XS_SYNC", ".")
IFACE = os.environ.get("XS_IFACE", "xpeer0")
STATE_FILE = ("/proc/net/tcp" if PROTO == 6 else "/proc/net/xtcp") + \
    ("6" if V6 else "")


def canon(addr):
    """addr as the kernel's and inet_ntop()'s text (fd00::a00:1)."""
    return socket.inet_ntop(FAMILY, socket.inet_pton(FAMILY, addr))


PEER_ADDR = canon(os.environ.get("XS_PEER",
                                 "fd00::a00:2" if V6 else "10.0.0.2"))
SUT_ADDR = canon(os.environ.get("XS_SUT", "fd00::a00:1" if V6 else "10.0.0.1"))
LO_ADDR = os.environ.get("XS_LO", "::1" if V6 else "127.0.0.1")
ANY_ADDR = "::" if V6 else "0.0.0.0"
ETH_P_IP, ETH_P_IPV6 = 0x0800, 0x86DD
BOUND = 60  # seconds a wait for the system under test may last
AWAIT_BOUND = 300  # seconds await:NAME may last (the test's own limit is less)

STATES = {"ESTABLISHED": 1, "SYN_SENT": 2, "SYN_RECV": 3, "FIN_WAIT1": 4,
          "FIN_WAIT2": 5, "TIME_WAIT": 6, "CLOSE": 7, "CLOSE_WAIT": 8,
          "LAST_ACK": 9, "LISTEN": 10, "CLOSING": 11}
FLAGS = "FSRPAU"  # bit 0 is FIN
SOL_TCP, TCP_SYNCNT = 6, 7


def out(*args):
    print(*args, flush=True)


def die(msg):
    print("xtcp_play: " + msg, file=sys.stderr, flush=True)
    sys.exit(1)


def await_file(name):
    path = os.path.join(SYNC, name)
    start = time.monotonic()
    while not os.path.exists(path):
        if time.monotonic() > start + AWAIT_BOUND:
            die("timed out waiting for " + path)
        xtcp_poll.nap(start)


def mark(name):
    open(os.path.join(SYNC, name), "w").close()


def flag_str(bits):
    return "".join(c for i, c in enumerate(FLAGS) if bits & (1 << i))


def flag_bits(s):
    return sum(1 << FLAGS.index(c) for c in s)


def state_rows():
    """(local port, remote port, state) of every row of the state file."""
    rows = []
    with open(STATE_FILE) as f:
        next(f)
        for line in f:
            col = line.split()
            rows.append((int(col[1].split(":")[1], 16),
                         int(col[2].split(":")[1], 16), int(col[3], 16)))
    return rows


# --- sock ------------------------------------------------------------------

def addr_arg(arg, default):
    port, _, addr = arg.partition("@")
    return (addr or default, int(port))


def endpoint(addr, port):
    """ADDR:PORT, or [ADDR]:PORT for IPv6."""
    return ("[%s]:%d" if ":" in addr else "%s:%d") % (addr, port)


class Sock:
    def __init__(self, sk=None):
        self.sk = sk or socket.socket(FAMILY, socket.SOCK_STREAM, PROTO)
        self.rport = sk.getpeername()[1] if sk else 0
        self.lport = sk.getsockname()[1] if sk else 0

    def in_state(self, name):
        """This socket's row is in state name; CLOSED: it has none."""
        rows = [r for r in state_rows() if r[:2] == (self.lport, self.rport)]
        if name == "CLOSED":
            return not rows
        return (self.lport, self.rport, STATES[name]) in rows

    def run(self, op, arg, socks):
        """Do one step; return its result as a string."""
        res = self.step(op, arg, socks)
        if self.sk.fileno() >= 0:
            self.lport = self.sk.getsockname()[1]
        return res

    def step(self, op, arg, socks):
        sk = self.sk
        if op == "reuse":
            sk.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        elif op == "linger0":
            sk.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                          struct.pack("ii", 1, 0))
        elif op == "syncnt":
            sk.setsockopt(SOL_TCP, TCP_SYNCNT, int(arg))
        elif op == "bind":
            sk.bind(addr_arg(arg, ANY_ADDR))
        elif op == "listen":
            sk.listen(int(arg) if arg else 8)
        elif op == "accept":
            child, peer = sk.accept()
            socks[arg] = Sock(child)
            return "ok " + endpoint(*peer[:2])
        elif op == "connect":
            self.rport = addr_arg(arg, "")[1]
            sk.connect(addr_arg(arg, LO_ADDR))
        elif op == "nbconnect":
            self.rport = addr_arg(arg, "")[1]
            sk.setblocking(False)
            e = sk.connect_ex(addr_arg(arg, LO_ADDR))
            sk.setblocking(True)
            if e not in (0, errno.EINPROGRESS):
                raise OSError(e, os.strerror(e))
        elif op == "waitconn":
            if not select.select([], [sk], [], BOUND)[1]:
                return "still connecting after %ds" % BOUND
            e = sk.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if e:
                raise OSError(e, os.strerror(e))
        elif op == "waitstate":
            start = time.monotonic()
            while not self.in_state(arg):
                if time.monotonic() > start + BOUND:
                    return "timeout, rows %s" % state_rows()
                xtcp_poll.nap(start)
        elif op == "send":
            sk.sendall(arg.encode())
        elif op == "recv":
            data = sk.recv(4096)
            return "data:" + data.decode() if data else "EOF"
        elif op == "shutwr":
            sk.shutdown(socket.SHUT_WR)
        elif op == "close":
            sk.close()
        else:
            die("unknown step " + op)
        return "ok"


def sock_main(steps):
    socks = {}
    for step in steps:
        step, _, want = step.partition("=")
        want = want.split("/") if want else ["ok"]
        named = re.match(r"(\w+)\.(.*)", step)
        name, rest = named.groups() if named else ("s", step)
        op, _, arg = rest.partition(":")
        if op in ("mark", "await"):
            (mark if op == "mark" else await_file)(arg)
            continue
        if name not in socks:
            socks[name] = Sock()
        try:
            got = socks[name].run(op, arg, socks)
        except OSError as e:
            got = errno.errorcode.get(e.errno, str(e))
        out("%s.%s %s" % (name, op, got))
        if got.split()[0] not in want and got not in want:
            die("%s: expected %s, got %s" % (step, "/".join(want), got))


# --- peer and capture -----------------------------------------------------


def packet_socket(iface):
    # ETH_P_ALL: only those see what the device transmits
    sk = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
    sk.bind((iface, 0))
    return sk


def timestamps(opts):
    """(TSval, TSecr) of the Timestamps option in opts, or None."""
    i = 0
    while i < len(opts) and opts[i] != 0:
        if opts[i] == 1:
            i += 1
            continue
        if i + 1 >= len(opts) or opts[i + 1] < 2:
            return None
        if opts[i] == 8 and opts[i + 1] == 10 and i + 10 <= len(opts):
            return struct.unpack("!II", opts[i + 2:i + 10])
        i += opts[i + 1]
    return None


def parse(frame):
    """(src, sport, dst, dport, flags, seq, ack, len, timestamps) of an IPv4
    or IPv6 frame of the protocol (no IPv6 extension headers), or None."""
    ip = frame[14:]
    etype = struct.unpack("!H", frame[12:14])[0] if len(frame) >= 14 else 0
    if etype == ETH_P_IP and len(ip) >= 20 and ip[0] >> 4 == 4 and \
            ip[9] == PROTO:
        ihl = (ip[0] & 15) * 4
        seg = ip[ihl:struct.unpack("!H", ip[2:4])[0]]
        src, dst = socket.inet_ntoa(ip[12:16]), socket.inet_ntoa(ip[16:20])
    elif etype == ETH_P_IPV6 and len(ip) >= 40 and ip[0] >> 4 == 6 and \
            ip[6] == PROTO:
        seg = ip[40:40 + struct.unpack("!H", ip[4:6])[0]]
        src = socket.inet_ntop(socket.AF_INET6, ip[8:24])
        dst = socket.inet_ntop(socket.AF_INET6, ip[24:40])
    else:
        return None
    if len(seg) < 20:
        return None
    sport, dport, seq, ack, off, flags = struct.unpack("!HHIIBB", seg[:14])
    return (src, sport, dst, dport, flags, seq, ack,
            len(seg) - (off >> 4) * 4, timestamps(seg[20:(off >> 4) * 4]))


SO_TIMESTAMPNS = 35    # also SCM_TIMESTAMPNS; not in Python's socket module


def stamping(sk):
    """Have the kernel timestamp each frame sk receives (SO_TIMESTAMPNS)."""
    sk.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    return sk


def recv_stamped(sk):
    """(frame, address, "SECONDS.USEC" when the device saw it): a busy VM
    may read a frame much later, and the times between segments must not
    depend on that."""
    frame, anc, _, addr = sk.recvmsg(65535, socket.CMSG_SPACE(16))
    stamp = [d for lvl, typ, d in anc
             if lvl == socket.SOL_SOCKET and typ == SO_TIMESTAMPNS]
    if not stamp:
        die("no kernel timestamp on a frame")
    sec, nsec = struct.unpack("qq", stamp[0][:16])
    return frame, addr, "%d.%06d" % (sec, nsec // 1000)


SO_RCVBUFFORCE, SOL_PACKET, PACKET_STATISTICS = 33, 263, 6
CAPTURE_BUF = 32 << 20


def capture_main(iface):
    """Print each segment the device sends, with the kernel's timestamp.
    The socket queues CAPTURE_BUF bytes of frames (root may exceed
    rmem_max), so a reader that a busy VM stalls for seconds loses none;
    on SIGTERM it prints "capture: N frames, D dropped" (PACKET_STATISTICS:
    D frames did not fit), for tests that place segments in time."""
    sk = stamping(packet_socket(iface))
    sk.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, CAPTURE_BUF)

    def stop(*_):
        frames, dropped = struct.unpack(
            "II", sk.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8))
        out("capture: %d frames, %d dropped" % (frames, dropped))
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    out("capturing")
    while True:
        frame, addr, t = recv_stamped(sk)
        seg = parse(frame)
        if seg and addr[2] == socket.PACKET_OUTGOING:
            src, sp, dst, dp, fl, seq, ack, n, _ = seg
            out("t=%s %s>%s %s seq=%d ack=%d len=%d" %
                (t, endpoint(src, sp), endpoint(dst, dp), flag_str(fl), seq,
                 ack, n))


class Peer:
    def __init__(self, pport, sport):
        self.pport, self.sport = pport, sport
        self.rx = stamping(packet_socket(IFACE))
        # IPPROTO_RAW: we write the IP header (IPv6's too, RFC 3542's
        # IPV6_HDRINCL being implied by it)
        self.tx = socket.socket(FAMILY, socket.SOCK_RAW, socket.IPPROTO_RAW)
        self.snd_nxt, self.rcv_nxt, self.last = 100000, 0, None
        self.last_rx = None
        self.tsval, self.ts_recent = None, 0

    def packet(self, flags, seq, ack, data=b"", ports=None):
        pport, sport = ports or (self.pport, self.sport)
        opts = b""
        if self.tsval is not None:
            opts = struct.pack("!BBBBII", 1, 1, 8, 10,
                               self.tsval & 0xFFFFFFFF, self.ts_recent)
            self.tsval += 1
        seg = struct.pack("!HHIIBBHHH", pport, sport, seq & 0xFFFFFFFF,
                          ack & 0xFFFFFFFF, (5 + len(opts) // 4) << 4,
                          flag_bits(flags), 65535, 0, 0) + opts + data
        src = socket.inet_pton(FAMILY, PEER_ADDR)
        dst = socket.inet_pton(FAMILY, SUT_ADDR)
        if V6:
            pseudo = src + dst + struct.pack("!IxxxB", len(seg), PROTO)
        else:
            pseudo = src + dst + struct.pack("!BBH", 0, PROTO, len(seg))
        seg = seg[:16] + struct.pack("!H", csum(pseudo + seg)) + seg[18:]
        if V6:
            ip = struct.pack("!IHBB16s16s", 6 << 28, len(seg), PROTO, 64,
                             src, dst)
        else:
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(seg), 0,
                             0x4000, 64, PROTO, 0, src, dst)
        return ip + seg

    def send(self, flags, data=b""):
        seq = self.snd_nxt
        ack = self.rcv_nxt if "A" in flags else 0
        self.last = self.packet(flags, seq, ack, data)
        self.tx.sendto(self.last, (SUT_ADDR, 0))
        self.snd_nxt += ("S" in flags) + ("F" in flags) + len(data)
        out("sent %s seq=%d ack=%d len=%d" % (flags, seq, ack, len(data)))

    def flood(self, kind, n):
        seq, ack, data = self.snd_nxt, self.rcv_nxt, b""
        if kind in ("oldack", "newack"):
            ack += -(1 << 30) if kind == "oldack" else 1 << 30
            data = b"EVIL"
        elif kind == "oow":
            seq += 1 << 30
        elif kind != "inwin":
            die("unknown flood " + kind)
        seg = self.packet("A", seq, ack, data)
        for _ in range(n):
            self.tx.sendto(seg, (SUT_ADDR, 0))
        # the reset of a closed port, after every answer to the flood
        self.tx.sendto(self.packet("S", 1, 0, ports=(self.pport + 1,
                                                     self.sport + 1)),
                       (SUT_ADDR, 0))
        answers, end = 0, time.monotonic() + BOUND
        while time.monotonic() < end:
            if not select.select([self.rx], [], [], end - time.monotonic())[0]:
                break
            seg = parse(recv_stamped(self.rx)[0])
            if not seg or seg[0] != SUT_ADDR or seg[2] != PEER_ADDR:
                continue
            if seg[1:4:2] == (self.sport, self.pport):
                answers += 1
            elif seg[1:4:2] == (self.sport + 1, self.pport + 1):
                out("flood %s %d: answers %d" % (kind, n, answers))
                return
        die("no reset from port %d in %ds" % (self.sport + 1, BOUND))

    def receive(self, end):
        """The next segment of the system under test, printed, as (flags,
        seq, ack, len); None if none came by time.monotonic() end."""
        while True:
            left = end - time.monotonic()
            if left <= 0 or not select.select([self.rx], [], [], left)[0]:
                return None
            frame, _, t = recv_stamped(self.rx)
            seg = parse(frame)
            if not seg or seg[:4] != (SUT_ADDR, self.sport, PEER_ADDR,
                                      self.pport):
                continue
            fl, seq, ack, n, ts = seg[4:]
            got = flag_str(fl & ~flag_bits("P"))
            out("got %s seq=%d ack=%d len=%d t=%s%s" %
                (got, seq, ack, n, t, " ts=%d,%d" % ts if ts else ""))
            if ts:
                self.ts_recent = ts[0]
            return got, seq, ack, n

    def expect(self, flags):
        end = time.monotonic() + BOUND
        while True:
            seg = self.receive(end)
            if not seg:
                die("no %s segment in %ds" % (flags, BOUND))
            got, seq, ack, n = seg
            if sorted(got) != sorted(flags) and \
                    (got, seq, n) == self.last_rx:
                out("(a retransmission: skipped)")
                continue
            self.last_rx = (got, seq, n)
            if sorted(got) != sorted(flags):
                die("expected %s, got %s" % (flags, got))
            if "A" in got and ack != self.snd_nxt:
                die("ack %d, expected %d" % (ack, self.snd_nxt))
            nxt = seq + n + ("S" in got) + ("F" in got)
            if "S" in got or nxt - self.rcv_nxt > 0:
                self.rcv_nxt = nxt & 0xFFFFFFFF
            return

    def probe(self, ms):
        end = time.monotonic() + BOUND
        pkt = self.packet("A", self.snd_nxt + (1 << 30), self.rcv_nxt)
        while time.monotonic() < end:
            self.tx.sendto(pkt, (SUT_ADDR, 0))
            nxt = min(time.monotonic() + ms / 1000, end)
            while seg := self.receive(nxt):
                if "R" in seg[0]:
                    return
        die("no reset in %ds of probes" % BOUND)

    def run(self, op, arg):
        if op == "send":
            self.send(arg)
        elif op == "data":
            self.send("A", arg.encode())
        elif op == "flood":
            kind, _, n = arg.partition(":")
            self.flood(kind, int(n))
        elif op == "ts":
            self.tsval = None if arg == "off" else int(arg)
        elif op == "stale":
            nxt, tsval = self.snd_nxt, self.tsval
            self.tsval -= 1000
            self.send("A", arg.encode())
            self.snd_nxt, self.tsval = nxt, tsval
        elif op == "resend":
            t = time.time()
            self.tx.sendto(self.last, (SUT_ADDR, 0))
            out("resent t=%.6f" % t)
        elif op == "sleep":
            time.sleep(int(arg) / 1000)
        elif op == "expect":
            self.expect(arg)
        elif op == "probe":
            self.probe(int(arg))
        elif op == "mark":
            mark(arg)
        elif op == "await":
            await_file(arg)
        else:
            die("unknown step " + op)


def main():
    if len(sys.argv) < 2:
        die("usage: xtcp_play.py sock|peer|capture ...")
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "sock":
        sock_main(args)
    elif mode == "peer":
        peer = Peer(int(args[0]), int(args[1]))
        for step in args[2:]:
            op, _, arg = step.partition(":")
            peer.run(op, arg)
    elif mode == "capture":
        capture_main(args[0])
    else:
        die("unknown mode " + mode)


if __name__ == "__main__":
    main()
