#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# getsockopt(TCP_INFO) after a 100000-byte transfer: ESTABLISHED, an
# MSS, an RTO, a congestion window, bytes acknowledged and received,
# segment counts; as much of struct tcp_info as the buffer holds.
# (xtcp_api.py opt_tcp_info, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_tcp_info
