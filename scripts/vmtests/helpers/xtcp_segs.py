#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_segs.py --iface IF [--proto N] [--verify] - watch the segments of
protocol N (default XTCP_PROTO or 253) that pass through interface IF, as
a packet socket sees them, until SIGTERM or SIGINT; then print

  segments N max_data M fragments F bad_csum B

M is the most data octets one segment carried (IP total length less the
IP header and the segment's data offset), F the IP fragments seen (MF
set or an offset), B the segments whose checksum does not verify (counted
only with --verify: a segment a device is still to sum, as on loopback,
carries only the pseudo-header's sum). It prints "ready" once it listens.
"""
import argparse
import os
import signal
import socket
import struct
import sys

ETH_P_IP = 0x0800


def csum_ok(src, dst, proto, seg):
    data = src + dst + struct.pack("!BBH", 0, proto, len(seg)) + seg
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s == 0xffff


class Stop(Exception):
    pass


def stop(*_):
    raise Stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--iface", required=True)
    ap.add_argument("--proto", type=int,
                    default=int(os.environ.get("XTCP_PROTO", "253")))
    ap.add_argument("--verify", action="store_true")
    args = ap.parse_args()
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                      socket.htons(ETH_P_IP))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 << 20)
    s.bind((args.iface, 0))
    n = most = frags = bad = 0
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("ready", flush=True)
    try:
        while True:
            pkt = s.recv(1 << 17)
            ip = pkt[14:]
            if len(ip) < 20 or ip[0] >> 4 != 4 or ip[9] != args.proto:
                continue
            ihl = (ip[0] & 15) * 4
            tot, frag = struct.unpack("!H2xH", ip[2:8])
            if frag & 0x3fff:
                frags += 1
                continue
            seg = ip[ihl:tot]
            if len(seg) < 20:
                continue
            n += 1
            most = max(most, len(seg) - (seg[12] >> 4) * 4)
            if args.verify and not csum_ok(ip[12:16], ip[16:20],
                                           args.proto, seg):
                bad += 1
    except Stop:
        pass
    print(f"segments {n} max_data {most} fragments {frags} bad_csum {bad}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
