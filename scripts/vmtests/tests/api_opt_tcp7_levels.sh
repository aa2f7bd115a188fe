#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The options of issue 16 at level 253 (xtcp's own), read back at
# IPPROTO_TCP.
# (xtcp_api.py opt_tcp7_levels, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_tcp7_levels
