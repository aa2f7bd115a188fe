#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SIOCATMARK: 0 without a mark and before it, 1 at it until a read
# passes it (recv(MSG_OOB) or not), 0 after.
# (xtcp_api.py urg_atmark, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case urg_atmark
