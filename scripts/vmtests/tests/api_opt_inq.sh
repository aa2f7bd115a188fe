#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP_INQ: 0 or 1, else EINVAL; recvmsg() carries TCP_CM_INQ (SOL_TCP),
# the octets left to read, plus 1 once the peer's FIN came; none without.
# (xtcp_api.py opt_inq, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_inq
