#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# After the peer sends data and closes, recv() returns the data,
# then 0 (end of file), and 0 again.
# (xtcp_api.py recv_eof, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case recv_eof
