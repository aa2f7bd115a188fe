#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP_CORK and MSG_MORE as on Linux TCP: full segments go, the short rest
# waits (SIOCOUTQNSD) until uncorked, TCP_NODELAY set, the next write
# without MSG_MORE, or the probe timer's RTO (never before 200 ms).
# (xtcp_api.py opt_cork, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_cork
