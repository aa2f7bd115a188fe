#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# recv(MSG_OOB): EINVAL (new socket, no urgent data), ENOTCONN
# (listener), EAGAIN while the pointer came (the receiver's window
# closed) and its octet did not; SIGURG then; on the wire (a packet socket
# on lo) the zero-window probes at SND.UNA and SND.UNA - 1 carry it.
# (xtcp_api.py urg_errno, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case urg_errno
