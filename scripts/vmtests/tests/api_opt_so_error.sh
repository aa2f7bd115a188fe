#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SO_ERROR is 0 on a new and on a connected socket, and cannot be
# set (ENOPROTOOPT).
# (xtcp_api.py opt_so_error, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_so_error
