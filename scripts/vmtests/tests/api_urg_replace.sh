#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A newer urgent pointer replaces the older; the older urgent octet,
# unread, leaves the stream (tcp_check_urg()).
# (xtcp_api.py urg_replace, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case urg_replace
