#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SO_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT as on Linux
# TCP: defaults 7200 s, 75 s and 9, EINVAL outside 1..32767 (1..127 for
# the count), read back as set, inherited by an accepted socket from its
# listener.
# (xtcp_api.py opt_keepalive, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_keepalive
