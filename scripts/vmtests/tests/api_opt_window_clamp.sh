#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP_WINDOW_CLAMP: 0 on a new socket, the kernel TCP's floor, EINVAL for
# 0 once connected; a listener's 8192 bounds every window its child
# offers on the wire (a packet socket on lo); without, they are larger.
# (xtcp_api.py opt_window_clamp, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_window_clamp
