#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SO_OOBINLINE: the urgent octet stays in the stream, recv(MSG_OOB)
# is EINVAL, a read still stops at the mark (SIOCATMARK 1 there).
# (xtcp_api.py urg_oobinline, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case urg_oobinline
