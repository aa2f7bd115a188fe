#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A non-blocking connect() to a port where nothing listens fails
# with EINPROGRESS; poll() then reports POLLERR, and SO_ERROR gives
# ECONNREFUSED once, then 0.
# (xtcp_api.py connect_nonblock_refused, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case connect_nonblock_refused
