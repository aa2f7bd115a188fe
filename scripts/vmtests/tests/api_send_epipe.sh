#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Once the peer has closed and answered more data with a RST,
# send(MSG_NOSIGNAL) fails with EPIPE, again and again, and raises no
# SIGPIPE.
# (xtcp_api.py send_epipe, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case send_epipe
