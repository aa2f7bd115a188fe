#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The IPPROTO_TCP options programs set work as on Linux TCP: TCP_NODELAY,
# TCP_SYNCNT and TCP_USER_TIMEOUT are read back as set, out-of-range values
# give EINVAL, TCP_CONGESTION takes "reno" and "cubic" and gives ENOENT
# for an unknown name, a listener's algorithm goes to its accepted
# connections, and a connection moves data after it is set.
# (xtcp_api.py opt_tcp_level, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_tcp_level
