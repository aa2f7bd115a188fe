#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# getpeername() on a new socket or a listener fails with ENOTCONN;
# getsockname() on a new socket gives 0.0.0.0 port 0.
# (xtcp_api.py getpeername_notconn, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case getpeername_notconn
