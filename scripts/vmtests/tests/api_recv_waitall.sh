#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# recv(10, MSG_WAITALL) does not return after the first 5 bytes;
# it returns all 10 once the rest arrives.
# (xtcp_api.py recv_waitall, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case recv_waitall
