#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP_DEFER_ACCEPT: seconds as SYN,ACK timeouts (5 reads 7); a
# connection without data is not accepted until data comes, or until the
# first SYN,ACK timeout (about 1 s of wall time).
# (xtcp_api.py opt_defer_accept, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_defer_accept
