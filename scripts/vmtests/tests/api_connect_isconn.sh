#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# connect() on a connected socket, or on an accepted one, fails
# with EISCONN.
# (xtcp_api.py connect_isconn, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case connect_isconn
