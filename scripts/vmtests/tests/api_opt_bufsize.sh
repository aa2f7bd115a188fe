#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SO_RCVBUF and SO_SNDBUF read back twice the value set (65536 gives
# 131072), on a new socket and on a connected one.
# (xtcp_api.py opt_bufsize, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_bufsize
