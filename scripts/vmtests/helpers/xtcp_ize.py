#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_ize.py [--proto N] ized|plain - Python's sockets and
asyncio with and without xtcpize (scripts/xtcpize), on 127.0.0.1 and ::1.

ized (run as "xtcpize run python3 xtcp_ize.py ized"): an asyncio server
and open_connection() to "127.0.0.1" and to "localhost" echo a line, and
so do sockets the program opens itself with protocol N and connects with
loop.sock_connect(), which resolves through getaddrinfo() with the
socket's protocol; the same over IPv6 to an asyncio server on ::1, and
open_connection() to a "localhost" that is ::1 and 127.0.0.1 reaches ::1.
Every connection must be listed in /proc/net/xtcp (xtcp6 for IPv6) and
not in /proc/net/tcp (tcp6); SO_PROTOCOL answers IPPROTO_TCP (xtcpize's
choice), TCP_INFO says ESTABLISHED, getaddrinfo() with protocol N gives N
for AF_INET and AF_INET6.

plain (not under xtcpize): the same asyncio echo runs on the kernel's TCP
(in /proc/net/tcp, not in /proc/net/xtcp, SO_PROTOCOL 6), and
sock_connect() of a protocol-N socket fails in getaddrinfo() with
EAI_SOCKTYPE: the trap xtcpize takes away; a blocking connect() of such a
socket to "localhost" and asyncio.open_connection(sock=) work (the way
round it Documentation/xtcp.rst gives).

Prints what failed; exits 0 if nothing did, 1 otherwise.
"""
import argparse
import asyncio
import os
import socket
import sys

TCP_ESTABLISHED = 1
errors = []


def check(what, ok, detail=""):
    if not ok:
        errors.append(f"{what}{': ' if detail else ''}{detail}")
        print(f"FAIL {what} {detail}", flush=True)


def proc_ports(path):
    """(local port, remote port) of every entry of /proc/net/{tcp,xtcp}."""
    ports = set()
    with open(path) as f:
        next(f)
        for line in f:
            cols = line.split()
            ports.add((int(cols[1].split(":")[1], 16),
                       int(cols[2].split(":")[1], 16)))
    return ports


def where(sock):
    """Which tables list sock's connection: a subset of {"xtcp", "tcp"}
    (/proc/net/xtcp6 and tcp6 for an IPv6 socket)."""
    pair = (sock.getsockname()[1], sock.getpeername()[1])
    v6 = "6" if sock.family == socket.AF_INET6 else ""
    return {t for t in ("xtcp", "tcp")
            if pair in proc_ports(f"/proc/net/{t}{v6}")}


def state(sock):
    """tcpi_state of TCP_INFO."""
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)[0]


async def echo(reader, writer):
    writer.write(await reader.readline())
    await writer.drain()
    writer.close()


async def streams(host, port, table, peer="127.0.0.1"):
    """open_connection() to host: the peer, the echo, the table,
    SO_PROTOCOL."""
    reader, writer = await asyncio.open_connection(host, port)
    sock = writer.get_extra_info("socket")
    check(f"open_connection({host}) peer", sock.getpeername()[0] == peer,
          str(sock.getpeername()))
    check(f"open_connection({host}) listed in /proc/net/{table} only",
          where(sock) == {table}, str(where(sock)))
    proto = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PROTOCOL)
    check(f"open_connection({host}) SO_PROTOCOL", proto == socket.IPPROTO_TCP,
          str(proto))
    check(f"open_connection({host}) TCP_INFO state", state(sock) == TCP_ESTABLISHED,
          str(state(sock)))
    writer.write(b"hello " + host.encode() + b"\n")
    line = await reader.readline()
    check(f"open_connection({host}) echo", line == b"hello " + host.encode() + b"\n",
          repr(line))
    writer.close()


async def own_socket(host, port, proto, family=socket.AF_INET):
    """A socket(family, SOCK_STREAM, proto) connected by sock_connect()."""
    loop = asyncio.get_running_loop()
    with socket.socket(family, socket.SOCK_STREAM, proto) as s:
        s.setblocking(False)
        await loop.sock_connect(s, (host, port))
        check(f"sock_connect({host}) listed in /proc/net/xtcp only",
              where(s) == {"xtcp"}, str(where(s)))
        got = s.getsockopt(socket.SOL_SOCKET, socket.SO_PROTOCOL)
        check(f"sock_connect({host}) SO_PROTOCOL", got == socket.IPPROTO_TCP,
              str(got))
        await loop.sock_sendall(s, b"own\n")
        line = await loop.sock_recv(s, 100)
        check(f"sock_connect({host}) echo", line == b"own\n", repr(line))


async def dual_stack(port):
    """open_connection("localhost") as on a host whose localhost is ::1
    and 127.0.0.1 (the VM's /etc/hosts has only 127.0.0.1), with port
    open on ::1: it connects to ::1, on xtcp."""
    loop = asyncio.get_running_loop()

    async def both(host, port, **kw):
        return [(socket.AF_INET6, socket.SOCK_STREAM, socket.IPPROTO_TCP, "",
                 ("::1", port, 0, 0)),
                (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "",
                 ("127.0.0.1", port))]
    loop.getaddrinfo = both
    try:
        await streams("localhost", port, "xtcp", "::1")
    finally:
        del loop.getaddrinfo


async def ized(proto):
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    check("listener listed in /proc/net/xtcp only",
          (port, 0) in proc_ports("/proc/net/xtcp") and
          (port, 0) not in proc_ports("/proc/net/tcp"))
    for host in ("127.0.0.1", "localhost"):
        await streams(host, port, "xtcp")
        await own_socket(host, port, proto)
    server6 = await asyncio.start_server(echo, "::1", 0)
    port6 = server6.sockets[0].getsockname()[1]
    check("IPv6 listener listed in /proc/net/xtcp6 only",
          (port6, 0) in proc_ports("/proc/net/xtcp6") and
          (port6, 0) not in proc_ports("/proc/net/tcp6"))
    await streams("::1", port6, "xtcp", "::1")
    await own_socket("::1", port6, proto, socket.AF_INET6)
    await dual_stack(port6)
    for family, host in ((socket.AF_INET, "localhost"),
                         (socket.AF_INET6, "::1")):
        ai = socket.getaddrinfo(host, port, family, socket.SOCK_STREAM,
                                proto)
        check(f"getaddrinfo({host}, protocol {proto}) gives it",
              ai and all(a[2] == proto and a[0] == family for a in ai),
              str(ai))
    for srv in (server, server6):
        srv.close()
        await srv.wait_closed()


async def plain(proto):
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    await streams("127.0.0.1", port, "tcp")
    loop = asyncio.get_running_loop()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto) as s:
        got = s.getsockopt(socket.SOL_SOCKET, socket.SO_PROTOCOL)
        check("own socket's SO_PROTOCOL", got == proto, str(got))
        s.setblocking(False)
        try:
            await loop.sock_connect(s, ("127.0.0.1", port))
            check("sock_connect() without xtcpize fails in getaddrinfo",
                  False, "it connected")
        except socket.gaierror as e:
            check("sock_connect() without xtcpize: EAI_SOCKTYPE",
                  e.errno == socket.EAI_SOCKTYPE, str(e))
    server.close()
    await server.wait_closed()
    await workaround(proto)


async def workaround(proto):
    """What Documentation/xtcp.rst tells a program that opens xtcp sockets
    itself: a blocking connect() (which resolves with protocol 0), then
    asyncio.open_connection(sock=)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto) as lsn:
        lsn.bind(("127.0.0.1", 0))
        lsn.listen()
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
        s.connect(("localhost", lsn.getsockname()[1]))
        reader, writer = await asyncio.open_connection(sock=s)
        conn, _ = lsn.accept()
        with conn:
            check("connect() then open_connection(sock=) on xtcp",
                  where(s) == {"xtcp"}, str(where(s)))
            conn.sendall(b"workaround\n")
            line = await reader.readline()
            check("open_connection(sock=) reads", line == b"workaround\n",
                  repr(line))
        writer.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--proto", type=int,
                    default=int(os.environ.get("XTCP_PROTO", "253")))
    ap.add_argument("mode", choices=("ized", "plain"))
    args = ap.parse_args()
    run = ized if args.mode == "ized" else plain
    asyncio.run(asyncio.wait_for(run(args.proto), 60))
    print(f"{args.mode}: {len(errors)} failed", flush=True)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
