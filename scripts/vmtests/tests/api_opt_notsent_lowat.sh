#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP_NOTSENT_LOWAT and net.xtcp.tcp_notsent_lowat (UINT_MAX): EAGAIN and
# no POLLOUT with 16384 unsent octets or more, though the send buffer is
# far from full; POLLOUT with the option 0; an edge-triggered epoll
# reports EPOLLOUT once the peer reads.
# (xtcp_api.py opt_notsent_lowat, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_notsent_lowat
