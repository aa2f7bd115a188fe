#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP_QUICKACK: 1 on a new socket, 0 once set 0, 1 once set non-zero.
# (xtcp_api.py opt_quickack, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_quickack
