#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_inject.py KIND [COUNT] - send COUNT (default 1) segments of KIND
from 127.0.0.1 (XTCP_SRC overrides it: an address of the namespace) to
127.0.0.1 (XTCP_DST overrides it: a broadcast address works too) on IP
protocol 253 (XTCP_PROTO overrides it) through a raw
socket. It packs the IP header itself (the kernel fills in the length,
the header checksum and an ID) and cuts the fragments itself: built by
scapy, a thousand segments took 20 to 60 s in a TCG guest, and importing
scapy 15 s or more.

KIND says what the segment looks like:
  good        a well-formed 20-byte header (SYN), right checksum
  short       10 bytes, shorter than any header
  doff_low    data offset 4 (< 5), right checksum
  doff_past   data offset 15 (60 bytes) on a 40-byte segment, right checksum
  bad_option  data offset 6 with an option of length 1, right checksum
  bad_csum    the good segment with one bit of its checksum flipped
  garbage     0 to 99 random bytes, random checksum
  good_frag   a well-formed segment with 3000 bytes of data, checksum
              right, sent in IP fragments: reassembled, it is a non-linear
              skb
  bad_csum_frag  good_frag with one data byte changed after the checksum
"""
import os
import random
import socket
import struct
import sys
import time
from xtcp_csum import csum


SRC = os.environ.get("XTCP_SRC", "127.0.0.1")
DST = os.environ.get("XTCP_DST", "127.0.0.1")
PROTO = int(os.environ.get("XTCP_PROTO", "253"))


def with_csum(seg):
    """seg with its checksum (bytes 16-17) over the pseudo-header and seg."""
    pseudo = socket.inet_aton(SRC) + socket.inet_aton(DST) + \
        struct.pack("!BBH", 0, PROTO, len(seg))
    seg = seg[:16] + b"\0\0" + seg[18:]
    return seg[:16] + struct.pack("!H", csum(pseudo + seg)) + seg[18:]


def header(doff, options=b"", payload=b""):
    """A header with data offset doff (words), SYN, then options, payload."""
    hdr = struct.pack("!HHIIBBHHH", 40000, 5001, 1000, 0, doff << 4,
                      0x02, 65535, 0, 0)
    return hdr + options + payload


def segment(kind):
    if kind == "good":
        return with_csum(header(5))
    if kind == "short":
        return b"\x9c\x40\x13\x89" + bytes(6)
    if kind == "doff_low":
        return with_csum(header(4))
    if kind == "doff_past":
        return with_csum(header(15, payload=bytes(20)))
    if kind == "bad_option":
        return with_csum(header(6, options=b"\x08\x01\x00\x00"))
    if kind == "bad_csum":
        seg = bytearray(segment("good"))
        seg[17] ^= 0x01
        return bytes(seg)
    if kind == "good_frag":
        return with_csum(header(5, payload=bytes(range(256)) * 12)[:3020])
    if kind == "bad_csum_frag":
        seg = bytearray(segment("good_frag"))
        seg[2000] ^= 0xFF
        return bytes(seg)
    if kind == "garbage":
        return random.randbytes(random.randrange(100))
    sys.exit("unknown kind: " + kind)


def ip_header(ident=0, frag=0):
    """An IPv4 header from SRC to DST on PROTO with ID ident and the flags
    and fragment offset frag; raw_send_hdrinc fills in the total length,
    the header checksum and, if ident is 0, an ID."""
    return struct.pack("!BBHHHBBH4s4s", 0x45, 0, 0, ident, frag, 64, PROTO,
                       0, socket.inet_aton(SRC), socket.inet_aton(DST))


def fragments(seg, size=1000):
    """seg in IP fragments of size octets (a multiple of 8) each, the last
    shorter, all with one ID: More Fragments on all but the last."""
    ident = random.randrange(1, 0x10000)
    frags = []
    for off in range(0, len(seg), size):
        more = 0x2000 if off + size < len(seg) else 0
        frags.append(ip_header(ident, more | off // 8) + seg[off:off + size])
    return frags


def main():
    kind = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    # XTCP_INJECT_PPS: at most that many segments a second (0: no limit)
    pps = int(os.environ.get("XTCP_INJECT_PPS", "0"))
    gap = 1.0 / pps if pps > 0 else 0
    for _ in range(count):
        if gap:
            time.sleep(gap)
        seg = segment(kind)
        pkts = fragments(seg) if "frag" in kind else [ip_header() + seg]
        for pkt in pkts:
            sock.sendto(pkt, (DST, 0))


if __name__ == "__main__":
    main()
