#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP_WINDOW_CLAMP: 0 on a new socket, the kernel TCP's floor, EINVAL for
# 0 once connected; with a listener's 8192 its child offers windows (on
# the wire, a packet socket on lo) under half of what one without does
# (6.1's TCP and xtcp: 8192 at most; 6.12's TCP 65535).
# (xtcp_api.py opt_window_clamp, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_window_clamp
