#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP_FASTOPEN 1: a Fast Open connection whose client never answers the
# SYN,ACK is accepted in SYN-RECEIVED, its data readable; it fills the
# queue, so the next SYN's data wait for the handshake
# (TCPFastOpenListenOverflow).
# (xtcp_api.py fastopen_queue_full, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case fastopen_queue_full
