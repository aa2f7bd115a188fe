#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP_MAXSEG as on Linux TCP: 536 on a new socket, EINVAL outside 0 and
# 88..32767, read back as set; set before connect() on a client, or on a
# listener, it clamps the MSS both ends of the connection send with.
# (xtcp_api.py opt_maxseg, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_maxseg
