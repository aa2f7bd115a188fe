#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shutdown() on a socket that is not connected fails with
# ENOTCONN.
# (xtcp_api.py shutdown_notconn, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case shutdown_notconn
