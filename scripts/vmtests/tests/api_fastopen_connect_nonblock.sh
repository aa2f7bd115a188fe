#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP_FASTOPEN_CONNECT, non-blocking: EINPROGRESS and a cookie request
# without a cookie; with it, connect() returns 0 and sends nothing,
# poll() says POLLOUT, the first send() goes in the SYN.
# (xtcp_api.py fastopen_connect_nonblock, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case fastopen_connect_nonblock
