# SPDX-License-Identifier: GPL-2.0
"""xtcp_diag.py --proto N [--other-ns NS] - xtcp-ss against the sockets
it lists: opens a listener, an established pair and a TIME-WAIT entry on
127.0.0.1, then checks

  - xtcp-ss -tan: the rows of /proc/net/xtcp (/proc/net/tcp for 6), with
    their states, addresses and queues (a listener's Send-Q its backlog);
  - xtcp-ss -tien: TCP_INFO read from the same sockets (ss -i's fields:
    MSS, cwnd, RTO, RTT, window scales, byte and segment counts), the
    congestion control's name, and /proc's uid and inode;
  - filters: state established with sport, dport (a connection and the
    TIME-WAIT entry), state time-wait, sport in all states (the listener
    and a connection, not the TIME-WAIT entry), dport !=;
  - in namespace NS, none of these sockets;
  - xtcp-ss -K on the server's end: it gets ECONNABORTED, its peer a
    reset; on the TIME-WAIT entry and the listener: they are gone, the
    listener's SO_ERROR is ECONNABORTED, accept() fails with EINVAL, as
    tcp_abort() leaves them (skipped where the kernel has no
    CONFIG_INET_DIAG_DESTROY);
  - IPv6: a dual-stack listener on [::], a pair over ::1, an IPv4 client
    accepted by it (an AF_INET6 socket of v4-mapped addresses) and a
    TIME-WAIT entry over ::1: xtcp-ss -6 -tan lists the rows of
    /proc/net/xtcp6 (tcp6), -4 those of /proc/net/xtcp, no option both;
    a filter on ports and state, and -K (dump-one over AF_INET6) on a
    connection and on the TIME-WAIT entry.

Prints what it checked; exits 1 at the first mismatch.
"""
import argparse
import errno
import socket
import struct
import subprocess
import sys
import time

from xtcp_api import tcp_info
from xtcp_poll import nap

PROC_STATE = {1: "ESTAB", 6: "TIME-WAIT", 10: "LISTEN"}
BACKLOG = 5


def fail(msg):
    print(f"FAIL: {msg}")
    sys.exit(1)


def ss(*args, ns=None):
    """xtcp-ss's output lines, without the header."""
    cmd = ["xtcp-ss", "-H", "-P", str(PROTO)] + list(args)
    if ns:
        cmd = ["ip", "netns", "exec", ns] + cmd
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        fail(f"{' '.join(cmd)}: status {r.returncode}: {r.stderr}")
    return r.stdout.splitlines()


def rows(lines):
    """{(local, peer): (state, recvq, sendq, extra words)} of socket lines."""
    out = {}
    for line in lines:
        if line.startswith("\t"):
            continue
        w = line.split()
        out[(w[3], w[4])] = (w[0], int(w[1]), int(w[2]), w[5:])
    return out


def addr(col):
    """/proc/net/xtcp's (or xtcp6's) address:port as ss prints it."""
    a, p = col.split(":")
    port = int(p, 16)
    if len(a) == 8:
        ip = socket.inet_ntoa(struct.pack("<I", int(a, 16)))
    else:
        ip = "[" + socket.inet_ntop(socket.AF_INET6, b"".join(
            struct.pack("<I", int(a[i:i + 8], 16)) for i in range(0, 32, 8))
            ) + "]"
    return f"{ip}:{port}" if port else f"{ip}:*"


def proc(v6=False):
    """{(local, peer): (state, tx, rx, uid, inode)} of /proc/net/xtcp
    (xtcp6 if v6)."""
    path = "/proc/net/tcp" if PROTO == 6 else "/proc/net/xtcp"
    path += "6" if v6 else ""
    out = {}
    with open(path) as f:
        for row in f.readlines()[1:]:
            c = row.split()
            tx, rx = (int(x, 16) for x in c[4].split(":"))
            out[(addr(c[1]), addr(c[2]))] = (
                PROC_STATE.get(int(c[3], 16), c[3]), tx, rx, int(c[7]),
                int(c[9]))
    return out


def wait_for(what, cond, limit=30):
    start = time.monotonic()
    while not cond():
        if time.monotonic() - start > limit:
            fail(f"timed out waiting for {what}")
        nap(start)


def name(s, peer=False):
    a = s.getpeername() if peer else s.getsockname()
    if s.family == socket.AF_INET6:
        return f"[{a[0]}]:{a[1]}"
    return f"{a[0]}:{a[1]}"


def check_listing(lsk, pair, twname):
    """-tan against /proc and against what the test opened."""
    got, want = rows(ss("-tan")), proc()
    if {k: v[0] for k, v in got.items()} != {k: v[0] for k, v in want.items()}:
        fail(f"xtcp-ss -tan {got} is not /proc's {want}")
    for k, (state, rq, wq, _) in got.items():
        p = want[k]
        if state == "LISTEN":
            if (rq, wq) != (p[2], BACKLOG):
                fail(f"listener {k}: Recv-Q/Send-Q {rq}/{wq}, "
                     f"expected {p[2]}/{BACKLOG}")
        elif (rq, wq) != (p[2], p[1]):
            fail(f"{k}: Recv-Q/Send-Q {rq}/{wq}, /proc {p[2]}/{p[1]}")
    expect = {(name(lsk), "0.0.0.0:*"): "LISTEN",
              (name(pair[0]), name(pair[0], True)): "ESTAB",
              (name(pair[1]), name(pair[1], True)): "ESTAB",
              twname: "TIME-WAIT"}
    for k, state in expect.items():
        if got.get(k, ("none",))[0] != state:
            fail(f"{k}: expected {state} in {got}")
    print(f"-tan: {len(got)} rows as /proc's: listener, pair, TIME-WAIT")


def info_words(line):
    """ss -i's line as {key: value}; the congestion control as 'cong'."""
    out = {}
    w = line.split()
    if w and ":" not in w[0]:
        out["cong"] = w[0]
    for word in w:
        if ":" in word:
            k, v = word.split(":", 1)
            out[k] = v
    return out


def expected_words(i):
    """What xtcp-ss -i prints for tcp_info i (ss's conditions)."""
    e = {"mss": i["snd_mss"], "rcvmss": i["rcv_mss"], "advmss": i["advmss"],
         "cwnd": i["snd_cwnd"], "bytes_acked": i["bytes_acked"],
         "bytes_received": i["bytes_received"], "segs_out": i["segs_out"],
         "segs_in": i["segs_in"], "data_segs_out": i["data_segs_out"],
         "data_segs_in": i["data_segs_in"], "rcv_space": i["rcv_space"],
         "pmtu": i["pmtu"], "snd_wnd": i["snd_wnd"],
         "delivered": i["delivered"]}
    e = {k: str(v) for k, v in e.items() if v}
    if i["rcv_rtt"]:
        e["rcv_rtt"] = "%g" % (i["rcv_rtt"] / 1000)
    if i["rto"] and i["rto"] != 3000000:
        e["rto"] = "%g" % (i["rto"] / 1000)
    if i["rtt"]:
        e["rtt"] = "%g/%g" % (i["rtt"] / 1000, i["rttvar"] / 1000)
    if 0 < i["snd_ssthresh"] < 0xFFFF:
        e["ssthresh"] = str(i["snd_ssthresh"])
    if i["options"] & 4:        # TCPI_OPT_WSCALE
        e["wscale"] = f"{i['wscale'] & 15},{i['wscale'] >> 4}"
    return e


def check_info(pair):
    """-tien against TCP_INFO, TCP_CONGESTION and /proc's uid and inode;
    TCP_INFO read before and after, again if what ss shows of it (not
    the times since the last segment) moved meanwhile."""
    for _ in range(5):
        before = [expected_words(tcp_info(s)) for s in pair]
        lines = ss("-tien")
        after = [tcp_info(s) for s in pair]
        if before == [expected_words(i) for i in after]:
            break
    else:
        fail("TCP_INFO kept changing on idle sockets")
    want_proc = proc()
    for s, i in zip(pair, after):
        k = (name(s), name(s, True))
        at = [n for n, line in enumerate(lines) if line.split()[3:5] ==
              list(k)]
        if not at or at[0] + 1 >= len(lines):
            fail(f"{k}: no row with an info line in {lines}")
        extra = rows([lines[at[0]]])[k][3]
        words = info_words(lines[at[0] + 1])
        cong = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION,
                            16).rstrip(b"\0").decode()
        if words.get("cong") != cong:
            fail(f"{k}: congestion control {words.get('cong')}, "
                 f"TCP_CONGESTION {cong}")
        want = expected_words(i)
        for key, v in want.items():
            if words.get(key) != v:
                fail(f"{k}: {key}:{words.get(key)}, TCP_INFO says {v} "
                     f"({lines[at[0] + 1]})")
        uid, ino = want_proc[k][3], want_proc[k][4]
        if f"uid:{uid}" not in extra or f"ino:{ino}" not in extra:
            fail(f"{k}: {extra}, /proc has uid {uid} inode {ino}")
        print(f"-tien {k[0]}: {len(want)} fields as TCP_INFO's, {cong}, "
              f"uid and inode as /proc's")


def check_filters(lsk, pair, twname):
    lport = lsk.getsockname()[1]
    server = (name(pair[1]), name(pair[1], True))
    client = (name(pair[0]), name(pair[0], True))
    cases = [
        (["-tan", "state", "established", f"sport = :{lport}"], {server}),
        (["-tan", f"dport = :{lport}"], {client, twname}),
        (["-tn", "state", "time-wait"], {twname}),
        # the TIME-WAIT entry (sport its own) left out by the bytecode
        (["-tan", f"sport = :{lport}"],
         {(name(lsk), "0.0.0.0:*"), server}),
        (["-tan", "state", "established", f"dport != :{lport}"], {server}),
    ]
    for args, want in cases:
        got = set(rows(ss(*args)))
        if got != want:
            fail(f"xtcp-ss {' '.join(args)}: {got}, expected {want}")
        print(f"xtcp-ss {' '.join(args)}: {len(want)} rows, as expected")


def kill(*args):
    """xtcp-ss -K ARGS: True if it ended one entry, False if the kernel
    has no SOCK_DESTROY."""
    r = subprocess.run(["xtcp-ss", "-HK", "-P", str(PROTO)] + list(args),
                       capture_output=True, text=True)
    if "not supported" in r.stderr:
        return False
    if r.returncode or len(r.stdout.splitlines()) != 1:
        fail(f"xtcp-ss -K {args}: status {r.returncode} {r.stdout} "
             f"{r.stderr}")
    return True


def check_destroy(lsk, pair, lport):
    """-K on a connection, the TIME-WAIT entry, the listener."""
    if not kill("state", "established", f"sport = :{lport}"):
        print("destroy: SOCK_DESTROY not supported here "
              "(no CONFIG_INET_DIAG_DESTROY): not checked")
        return
    for s, err, who in ((pair[1], errno.ECONNABORTED, "destroyed end"),
                        (pair[0], errno.ECONNRESET, "its peer")):
        s.settimeout(10)
        try:
            data = s.recv(10)
            fail(f"{who}: recv gave {data!r}, not an error")
        except OSError as e:
            if e.errno != err:
                fail(f"{who}: {e}, expected {errno.errorcode[err]}")
    print("xtcp-ss -K: ECONNABORTED on the destroyed end, "
          "ECONNRESET on its peer")
    kill("state", "time-wait")
    kill("-l")
    left = ss("-tan")
    if left:
        fail(f"after -K on each, xtcp-ss -tan lists {left}")
    err = lsk.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    if err != errno.ECONNABORTED:
        fail(f"the destroyed listener's SO_ERROR is {err}")
    try:
        lsk.accept()
        fail("accept() on the destroyed listener succeeded")
    except OSError as e:
        if e.errno != errno.EINVAL:
            fail(f"accept() on the destroyed listener: {e}, not EINVAL")
    print("xtcp-ss -K on the TIME-WAIT entry and the listener: gone; "
          "the listener's SO_ERROR ECONNABORTED, accept() EINVAL")


def sock(family=socket.AF_INET):
    return socket.socket(family, socket.SOCK_STREAM, PROTO)


def time_wait(lsk, host, port):
    """A TIME-WAIT entry from host to lsk (the client closes first):
    its (local, peer)."""
    t = sock(lsk.family)
    t.connect((host, port))
    ts, _ = lsk.accept()
    twname = (name(t), name(t, True))
    t.close()
    ts.recv(1)
    ts.close()
    wait_for(f"the TIME-WAIT entry to {host}",
             lambda: proc(lsk.family == socket.AF_INET6).get(
                 twname, ("",))[0] == "TIME-WAIT")
    return twname


def states(listing):
    return {k: v[0] for k, v in listing.items()}


def check_ipv6():
    """-6, -4 and both, filters and -K over IPv6."""
    lsk = sock(socket.AF_INET6)
    lsk.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    lsk.bind(("::", 0))
    lsk.listen(BACKLOG)
    port = lsk.getsockname()[1]
    c6 = sock(socket.AF_INET6)
    c6.connect(("::1", port))
    s6, _ = lsk.accept()
    c4 = sock()
    c4.connect(("127.0.0.1", port))
    s4m, _ = lsk.accept()
    twname = time_wait(lsk, "::1", port)
    expect = {(f"[::]:{port}", "[::]:*"): "LISTEN",
              (name(c6), name(c6, True)): "ESTAB",
              (name(s6), name(s6, True)): "ESTAB",
              (name(s4m), name(s4m, True)): "ESTAB",
              twname: "TIME-WAIT"}
    if not name(s4m).startswith("[::ffff:127.0.0.1]:"):
        fail(f"the IPv4 client's accepted end is {name(s4m)}")
    got6, got4 = states(rows(ss("-6", "-tan"))), states(rows(ss("-4", "-tan")))
    if got6 != states(proc(True)) or got6 != expect:
        fail(f"xtcp-ss -6 -tan {got6}, /proc {states(proc(True))}, "
             f"expected {expect}")
    c4row = (name(c4), name(c4, True))
    if got4 != states(proc()) or got4.get(c4row) != "ESTAB":
        fail(f"xtcp-ss -4 -tan {got4}, /proc {states(proc())}, "
             f"expected {c4row} in it")
    both = states(rows(ss("-tan")))
    if both != {**got4, **got6}:
        fail(f"xtcp-ss -tan {both} is not -4's and -6's")
    print(f"-6 -tan: {len(got6)} rows as /proc/net/xtcp6's (listener, "
          f"pair over ::1, v4-mapped end, TIME-WAIT); -4: {len(got4)} as "
          f"/proc/net/xtcp's; both: {len(both)}")
    args = ["-6", "-tan", "state", "established", f"dport = :{port}"]
    got = set(rows(ss(*args)))
    if got != {(name(c6), name(c6, True))}:
        fail(f"xtcp-ss {' '.join(args)}: {got}")
    print(f"xtcp-ss {' '.join(args)}: the IPv6 client only")
    s6row = (name(s6), name(s6, True))
    if not kill("-6", "state", "established",
                f"dport = :{c6.getsockname()[1]}"):
        print("IPv6 destroy: SOCK_DESTROY not supported here: not checked")
        return
    s6.settimeout(10)
    try:
        s6.recv(10)
        fail("IPv6: the destroyed end's recv gave no error")
    except OSError as e:
        if e.errno != errno.ECONNABORTED:
            fail(f"IPv6: the destroyed end: {e}, expected ECONNABORTED")
    kill("-6", "state", "time-wait")
    left = states(rows(ss("-6", "-tan")))
    if twname in left or s6row in left:
        fail(f"after -K over IPv6, xtcp-ss -6 -tan lists {left}")
    print("xtcp-ss -6 -K: ECONNABORTED on the destroyed end; the TIME-WAIT "
          "entry gone")


def main():
    global PROTO
    ap = argparse.ArgumentParser()
    ap.add_argument("--proto", type=int, default=253)
    ap.add_argument("--other-ns")
    a = ap.parse_args()
    PROTO = a.proto

    lsk = sock()
    lsk.bind(("127.0.0.1", 0))
    lsk.listen(BACKLOG)
    dst = lsk.getsockname()
    c = sock()
    c.connect(dst)
    s, _ = lsk.accept()
    c.sendall(b"x" * 1000)
    got = 0
    while got < 1000:
        got += len(s.recv(1000))
    s.sendall(b"y" * 100)
    c.recv(100)
    twname = time_wait(lsk, *dst)

    check_listing(lsk, (c, s), twname)
    check_info((c, s))
    check_filters(lsk, (c, s), twname)
    if a.other_ns:
        other = ss("-tan", ns=a.other_ns)
        if other:
            fail(f"namespace {a.other_ns} lists {other}")
        print(f"namespace {a.other_ns}: no rows")
    check_destroy(lsk, (c, s), dst[1])
    check_ipv6()


if __name__ == "__main__":
    PROTO = 253
    main()
