# SPDX-License-Identifier: GPL-2.0
"""xtcp_csum.py - the Internet checksum (RFC 1071), for the helpers that
build segments and ICMP messages by hand (xtcp_inject.py, xtcp_play.py,
xtcp_icmp.py, xtcp_synflood.py, xtcp_listen_churn.py)."""
import struct


def csum(data):
    """The Internet checksum of data: the ones' complement of the ones'
    complement sum of its 16-bit words (an odd length padded with 0)."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF
