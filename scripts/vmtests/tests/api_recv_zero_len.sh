#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# recv() of 0 octets: EAGAIN with MSG_DONTWAIT and nothing queued; 0, at
# once, with data queued, blocking or not, and the data stays to be read.
# (xtcp_api.py recv_zero_len, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case recv_zero_len
