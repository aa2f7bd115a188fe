#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# send() on a socket that never connected fails with EPIPE.
# (xtcp_api.py send_unconnected, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case send_unconnected
