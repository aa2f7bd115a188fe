#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_stress.py MODE ... - the sockets of the stress scenarios
(tests/stress_*.sh); the segments come from xinject (xinject.c). Every
mode uses protocol --proto (default XTCP_PROTO or 253) and prints its
figures as "figure: NAME VALUE UNIT (what it is)" lines.

  server ADDR PORT
        listen (backlog 128) and answer each connection with one octet,
        then close it; print "listening"; until killed.
  connect ADDR PORT --count N [--timeout S] [--interval I]
        open N connections, one started every I seconds (default 0.05),
        each given S seconds (default 10) to connect and read the
        server's octet; print how many succeeded and how long they took.
        Exit 0 if all did.
  blind ADDR PORT --go FILE
        a client and a server connected on ADDR; print "tuple CLIENT
        SERVER" (ADDR:PORT each) and wait for FILE to exist (the attack
        is over); then the client sends "hello" and the server must read
        exactly that, answer "world", find nothing more queued, and both
        sockets must still be ESTABLISHED. Exit 0 if so.
  fuzz ADDR --rounds R --count N --net NET/LEN [--seed S]
        R rounds; each sets up a listener on ADDR:7200 (and a child of it
        in SYN-RECEIVED, from a silent source of NET), and on ADDR with a
        listener on 7201 connections in ESTABLISHED, FIN-WAIT-2 and
        TIME-WAIT, then runs "xinject fuzz" with N segments at them all,
        then closes everything.
  life ADDR PORT --cycles N [--ko PATH]
        N lifetime cycles (stress_lifetime.sh), each: load the module
        (PATH, default XTCP_KO), and in a new network namespace leave
        three connections in TIME-WAIT, move 64 KiB, and close two
        connections with lo down: FIN-WAIT-1 on both sides, their FINs
        failing to leave; every socket closed, the module's reference
        count must be 0 and it must unload. The module is loaded and
        unloaded, the namespace made and lo set up by system calls: a
        program started costs 0.2 to 1 s in the emulated VM.
"""
import argparse
import ctypes
import fcntl
import os
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time

TCP_ESTABLISHED = 1


def state(s):
    """The socket's state, from TCP_INFO's first octet."""
    return s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)[0]


def sock(proto):
    return socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)


def figure(name, value, unit, what):
    print(f"figure: {name} {value} {unit} ({what})", flush=True)


def server(a):
    s = sock(a.proto)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((a.addr, a.port))
    s.listen(128)
    print("listening", flush=True)
    while True:
        c, _ = s.accept()
        try:
            c.send(b"x")
        except OSError:
            pass
        c.close()


def connect_one(a, times, errors):
    s = sock(a.proto)
    s.settimeout(a.timeout)
    t0 = time.monotonic()
    step = "connect"
    try:
        s.connect((a.addr, a.port))
        step = "recv"
        if s.recv(1) != b"x":
            raise OSError("no octet from the server")
        times.append(time.monotonic() - t0)
    except OSError as e:
        # where it stopped: in connect() (no SYN,ACK came) or waiting for
        # the octet (the handshake's last ACK made no child), and the state
        try:
            st = state(s)
        except OSError:
            st = "?"
        errors.append((f"{e!r} in {step} (state {st})",
                       time.monotonic() - t0))
    s.close()


def connect(a):
    times, errors, threads = [], [], []
    for _ in range(a.count):
        t = threading.Thread(target=connect_one, args=(a, times, errors))
        t.start()
        threads.append(t)
        time.sleep(a.interval)
    for t in threads:
        t.join()
    kinds = {}
    for e in errors:				# one line per kind of error
        kinds.setdefault(e[0], []).append(e[1])
    for k, ts in kinds.items():
        print(f"connect: {len(ts)} failed with {k}, after "
              f"{min(ts):.2f} to {max(ts):.2f} s")
    figure("connected", len(times), f"of {a.count}", "real connections "
           "that opened and read the server's octet during the flood")
    if times:
        ms = sorted(t * 1000 for t in times)
        figure("connect_median", f"{statistics.median(ms):.0f}", "ms",
               "connect() to the server's octet, median of the successful")
        figure("connect_max", f"{ms[-1]:.0f}", "ms", "the same, the longest")
    return 0 if not errors else 1


def pair(proto, addr, lsn):
    c = sock(proto)
    c.connect(lsn.getsockname())
    s, _ = lsn.accept()
    return c, s


def ap(s, peer=False):
    h, p = s.getpeername() if peer else s.getsockname()
    return f"{h}:{p}"


def blind(a):
    lsn = sock(a.proto)
    lsn.bind((a.addr, a.port))
    lsn.listen(1)
    c, s = pair(a.proto, a.addr, lsn)
    lsn.close()
    print(f"tuple {ap(c)} {ap(s)}", flush=True)
    while not os.path.exists(a.go):
        time.sleep(0.05)
    bad = []
    for name, x in (("client", c), ("server", s)):
        if state(x) != TCP_ESTABLISHED:
            bad.append(f"{name} in state {state(x)}, not ESTABLISHED")
    try:
        c.sendall(b"hello")
        s.settimeout(10)
        got = b""
        while len(got) < 5:
            k = s.recv(5 - len(got))
            if not k:
                break
            got += k
        if got != b"hello":
            bad.append(f"server read {got!r}, not b'hello'")
        s.sendall(b"world")
        c.settimeout(10)
        got = c.recv(5)
        if got != b"world":
            bad.append(f"client read {got!r}, not b'world'")
        for name, x in (("client", c), ("server", s)):
            x.setblocking(False)	# with a timeout, recv() would wait
            try:
                more = x.recv(4096)
                bad.append(f"{name} had more queued: {more[:32]!r}")
            except BlockingIOError:
                pass
    except OSError as e:
        bad.append(f"the connection failed: {e!r}")
    figure("injected_accepted", 0 if not bad else 1, "",
           "the connection broke or injected bytes reached the application")
    for b in bad:
        print("blind:", b)
    return 1 if bad else 0


def fuzz_round(a, r, xinject):
    """One round: the targets, xinject at them, everything closed."""
    lsn = sock(a.proto)
    lsn.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsn.bind((a.addr, 7200))
    lsn.listen(64)
    lsn2 = sock(a.proto)
    lsn2.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsn2.bind((a.addr, 7201))
    lsn2.listen(8)
    est = pair(a.proto, a.addr, lsn2)
    fw2 = pair(a.proto, a.addr, lsn2)
    fw2[0].shutdown(socket.SHUT_WR)		# FIN-WAIT-2; server CLOSE-WAIT
    assert fw2[1].recv(1) == b""
    tw = pair(a.proto, a.addr, lsn2)
    tw[0].close()				# the client ends in TIME-WAIT
    assert tw[1].recv(1) == b""
    tw_addr = (ap(tw[1]), ap(tw[1], peer=True))
    tw[1].close()
    base = a.net.split("/")[0].rsplit(".", 1)[0]
    targets = [
        f"syn:{base}.1:{40000 + r},{a.addr}:7200",	# SYN-RECEIVED
        f"{ap(est[0])},{ap(est[1])}",			# ESTABLISHED, both
        f"{ap(est[1])},{ap(est[0])}",
        f"{ap(fw2[1])},{ap(fw2[0])}",			# at FIN-WAIT-2
        f"{ap(fw2[0])},{ap(fw2[1])}",			# at CLOSE-WAIT
        f"{tw_addr[0]},{tw_addr[1]}",			# at TIME-WAIT
    ]
    cmd = [xinject, "fuzz", "-P", str(a.proto), "-n", str(a.count),
           "-S", str(a.seed + r), "-l", f"{a.addr}:7200", "-s", a.net]
    for t in targets:
        cmd += ["-t", t]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    print(f"round {r}: " + out.stdout.replace("\n", "; "), flush=True)
    for x in (lsn, lsn2, *est, *fw2):
        x.close()
    return out.returncode


def fuzz(a):
    xinject = os.path.join(os.environ.get("XTCP_HELPERS", "."), "xinject")
    rc = 0
    for r in range(a.rounds):
        rc |= fuzz_round(a, r, xinject)
    return rc


libc = ctypes.CDLL(None, use_errno=True)
SYS_FINIT_MODULE, SYS_DELETE_MODULE = 313, 176	# x86_64
CLONE_NEWNET = 0x40000000
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1


def check(r, what):
    if r != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"{what}: {os.strerror(e)}")


def lo(up):
    """lo up or down, by ioctl (no ip(8) to start)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        req = struct.pack("16sH14x", b"lo", 0)
        flags = struct.unpack("16sH14x", fcntl.ioctl(s, SIOCGIFFLAGS, req))[1]
        flags = flags | IFF_UP if up else flags & ~IFF_UP
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags))


def states(proto):
    """Counts of each state in /proc/net/xtcp (tcp) of this namespace."""
    path = "/proc/net/tcp" if proto == 6 else "/proc/net/xtcp"
    with open(path) as f:
        st = [ln.split()[3] for ln in f.readlines()[1:]]
    return st.count("06"), st.count("04")


def use(a):
    """Three connections to TIME-WAIT, 64 KiB moved, and two whose FINs
    cannot leave (lo down): FIN-WAIT-1 on both sides. All closed."""
    lsn = sock(a.proto)
    lsn.bind(("127.0.0.1", a.port))
    lsn.listen(16)
    for _ in range(3):				# client closes first: TIME-WAIT
        c, s = pair(a.proto, "127.0.0.1", lsn)
        c.close()
        assert s.recv(1) == b""
        s.close()
    c, s = pair(a.proto, "127.0.0.1", lsn)
    data = os.urandom(65536)
    c.sendall(data)
    c.shutdown(socket.SHUT_WR)
    got = bytearray()
    while True:
        k = s.recv(65536)
        if not k:
            break
        got += k
    assert got == data, "64 KiB transfer differs"
    s.close()
    c.close()
    held = [pair(a.proto, "127.0.0.1", lsn) for _ in range(2)]
    lsn.close()
    deadline = time.monotonic() + 10
    while states(a.proto)[0] < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    lo(False)
    for c, s in held:				# FINs cannot leave: FIN-WAIT-1
        c.send(b"unsent")
        c.close()
        s.close()
    return states(a.proto)


def life(a):
    """--cycles load, use, unload cycles, each use in a new namespace."""
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    for i in range(1, a.cycles + 1):
        fd = os.open(a.ko, os.O_RDONLY)
        check(libc.syscall(SYS_FINIT_MODULE, fd, b"", 0), f"cycle {i}: load")
        os.close(fd)
        check(libc.unshare(CLONE_NEWNET), "unshare")
        lo(True)
        tw, fw1 = use(a)
        check(libc.setns(home, CLONE_NEWNET), "setns")
        if i == 1 or tw < 3 or fw1 < 4:
            print(f"cycle {i}: TIME-WAIT {tw}, FIN-WAIT-1 {fw1} at rmmod")
        if tw < 3 or fw1 < 4:
            return 1
        with open("/sys/module/xtcp/refcnt") as f:
            ref = f.read().strip()
        if ref != "0":
            print(f"cycle {i}: module refcount {ref}, every socket closed")
            return 1
        check(libc.syscall(SYS_DELETE_MODULE, b"xtcp", os.O_NONBLOCK),
              f"cycle {i}: rmmod")
        if os.path.exists("/sys/module/xtcp"):
            print(f"cycle {i}: xtcp still loaded after rmmod")
            return 1
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("mode", choices=("server", "connect", "blind", "fuzz",
                                    "life"))
    p.add_argument("addr")
    p.add_argument("port", type=int, nargs="?", default=0)
    p.add_argument("--proto", type=int,
                   default=int(os.environ.get("XTCP_PROTO", "253")))
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--timeout", type=float, default=10)
    p.add_argument("--interval", type=float, default=0.05)
    p.add_argument("--go")
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--net", default="10.99.0.0/16")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--cycles", type=int, default=1)
    p.add_argument("--ko", default=os.environ.get("XTCP_KO"))
    a = p.parse_args()
    return globals()[a.mode](a)


if __name__ == "__main__":
    sys.exit(main())
