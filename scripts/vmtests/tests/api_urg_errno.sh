#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# recv(MSG_OOB): EINVAL (new socket, no urgent data), ENOTCONN
# (listener), EAGAIN while the pointer came (on the sender's ACK, the
# receiver's window closed) and its octet did not; SIGURG then.
# (xtcp_api.py urg_errno, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case urg_errno
