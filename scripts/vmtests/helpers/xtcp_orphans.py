# SPDX-License-Identifier: GPL-2.0
"""Orphans behind a zero-window peer, for the orphan and TIME-WAIT tests.

xtcp_orphans.py orphans PROTO PEER_NS PEER_DEV PORT N [OPTIONS]
    Run in the sender's namespace (10.1.0.1, veth_pair's A); the peer,
    10.1.0.2:PORT, listens in PEER_NS (entered with setns(2)) with a
    4 KiB receive buffer and never reads. N senders connect, queue 32 KiB
    (more than the peer's window and buffer) and close: N orphans whose
    data waits on a closed window. Prints "figure:"-style lines:
      made N            orphans made (closed)
      reset K           peers that got a reset (SO_ERROR ECONNRESET)
      left L            the senders' rows still in /proc/net/xtcp (tcp)
      counted C         the orphan count of /proc/net/xtcp_sockstat
                        (/proc/net/sockstat), over every namespace
      mem KIB           MemTotal - MemAvailable grown since the start,
                        at the end of the making, in KiB
      alive A           the senders' rows in /proc/net/xtcp (tcp) then
      gone S            seconds from the last close (or the dark) to no
                        row left (with --wait-gone)
    Options:
      --gap S           seconds between two closes (Linux's orphan count
                        is sampled every 100 ms)
      --settle S        wait S seconds after the last close, then count
      --dark            after the making, the peer's device drops all it
                        sends (netem loss 100%): the probes go unanswered
      --then-retries R  with --dark, set tcp_orphan_retries to R in the
                        senders' namespace at the same time
      --wait-gone S     wait at most S seconds for every row to go
xtcp_orphans.py tw PROTO N
    In one namespace on lo: N connections the client closes first; prints
    "tw K", the TIME-WAIT rows then in /proc/net/xtcp (tcp).
xtcp_orphans.py stat PROTO NAME
    Prints the counter NAME (xtcp_stat, or TcpExt for TCP).
"""
import ctypes
import errno
import os
import socket
import subprocess
import sys
import time

PEER = "10.1.0.2"
CLONE_NEWNET = 0x40000000


def proc_file(proto):
    return "/proc/net/xtcp" if proto != 6 else "/proc/net/tcp"


def stat(proto, name):
    if proto != 6:
        with open("/proc/net/xtcp_stat") as f:
            for line in f:
                k, v = line.split()
                if k == name:
                    return int(v)
        raise KeyError(name)
    with open("/proc/net/netstat") as f:
        lines = [l.split() for l in f if l.startswith("TcpExt:")]
    return int(lines[1][lines[0].index(name)])


def rows(proto, port=None, state=None):
    with open(proc_file(proto)) as f:
        out = [l.split() for l in f.readlines()[1:]]
    if port is not None:
        out = [r for r in out if r[2] == "0200010A:%04X" % port]
    if state is not None:
        out = [r for r in out if r[3] == state]
    return out


def sockstat_orphans(proto):
    """The orphan count of the sockstat line: xtcp's or TCP's, over every
    namespace."""
    path, key = ("/proc/net/sockstat", "TCP:") if proto == 6 else \
        ("/proc/net/xtcp_sockstat", "XTCP:")
    with open(path) as f:
        for line in f:
            w = line.split()
            if w and w[0] == key:
                return int(w[w.index("orphan") + 1])
    return -1


def meminfo_used_kib():
    m = {}
    with open("/proc/meminfo") as f:
        for line in f:
            k, v = line.split(":")
            m[k] = int(v.split()[0])
    return m["MemTotal"] - m["MemAvailable"]


def setns(path):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET):
            raise OSError(ctypes.get_errno(), "setns " + path)
    finally:
        os.close(fd)


def orphans(proto, peer_ns, peer_dev, port, n, opts):
    own = "/proc/self/ns/net"
    own_fd = os.open(own, os.O_RDONLY)
    setns("/run/netns/" + peer_ns)
    lsn = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
    lsn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    lsn.bind((PEER, port))
    lsn.listen(128)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.setns(own_fd, CLONE_NEWNET):
        sys.exit("setns back failed")
    os.close(own_fd)
    used0 = meminfo_used_kib()
    peers = []
    for i in range(n):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
        c.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536)
        c.connect((PEER, port))
        peers.append(lsn.accept()[0])
        c.setblocking(False)
        left = 32768
        while left:
            try:
                left -= c.send(b"x" * min(left, 8192))
            except BlockingIOError:
                break
        c.close()
        if opts.get("gap") and i < n - 1:
            time.sleep(opts["gap"])
    t0 = time.time()
    print("made %d" % n)
    print("mem %d" % (meminfo_used_kib() - used0))
    print("alive %d" % len(rows(proto, port)))
    if opts.get("settle"):
        time.sleep(opts["settle"])
    if opts.get("dark"):
        subprocess.run(["ip", "netns", "exec", peer_ns, "tc", "qdisc",
                        "add", "dev", peer_dev, "root", "netem", "loss",
                        "100%"], check=True)
        if "then_retries" in opts:
            path = "/proc/sys/net/%s/tcp_orphan_retries" % \
                ("ipv4" if proto == 6 else "xtcp")
            with open(path, "w") as f:
                f.write("%d\n" % opts["then_retries"])
        t0 = time.time()
    if opts.get("wait_gone"):
        while rows(proto, port):
            if time.time() - t0 > opts["wait_gone"]:
                break
            time.sleep(0.05)
        else:
            print("gone %.2f" % (time.time() - t0))
    reset = 0
    for p in peers:
        if p.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == \
                errno.ECONNRESET:
            reset += 1
    print("reset %d" % reset)
    print("left %d" % len(rows(proto, port)))
    print("counted %d" % sockstat_orphans(proto))
    sys.stdout.flush()
    if opts.get("dark"):
        subprocess.run(["ip", "netns", "exec", peer_ns, "tc", "qdisc",
                        "del", "dev", peer_dev, "root"])


def tw(proto, n):
    lsn = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
    lsn.bind(("127.0.0.1", 6005))
    lsn.listen(16)
    for _ in range(n):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
        c.connect(("127.0.0.1", 6005))
        a = lsn.accept()[0]
        c.close()
        assert a.recv(1) == b""
        a.close()
    t0 = time.time()
    # the client's last ACK may still be on its way to the server
    while [r for r in rows(proto) if r[3] not in ("06", "0A")]:
        assert time.time() - t0 < 5, "sockets left: %s" % rows(proto)
        time.sleep(0.02)
    print("tw %d" % len(rows(proto, state="06")))


def main():
    mode, proto = sys.argv[1], int(sys.argv[2])
    if mode == "stat":
        print(stat(proto, sys.argv[3]))
    elif mode == "tw":
        tw(proto, int(sys.argv[3]))
    elif mode == "orphans":
        peer_ns, peer_dev = sys.argv[3], sys.argv[4]
        port, n = int(sys.argv[5]), int(sys.argv[6])
        opts, args = {}, sys.argv[7:]
        while args:
            a = args.pop(0)
            if a == "--dark":
                opts["dark"] = True
            else:
                opts[a[2:].replace("-", "_")] = float(args.pop(0))
        orphans(proto, peer_ns, peer_dev, port, n, opts)
    else:
        sys.exit("unknown mode " + mode)


main()
