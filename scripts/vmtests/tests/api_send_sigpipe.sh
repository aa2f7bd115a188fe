#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Once the peer has closed and answered more data with a RST,
# send() without MSG_NOSIGNAL fails with EPIPE and raises SIGPIPE.
# (xtcp_api.py send_sigpipe, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case send_sigpipe
