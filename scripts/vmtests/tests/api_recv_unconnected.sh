#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# recv() on a socket that never connected, or on a listener, fails
# with ENOTCONN.
# (xtcp_api.py recv_unconnected, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case recv_unconnected
