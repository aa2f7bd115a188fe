#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# After the peer's RST, poll() reports POLLIN|POLLRDNORM|POLLRDHUP|
# POLLOUT|POLLWRNORM|POLLHUP|POLLERR; SO_ERROR gives ECONNRESET, and then
# POLLERR is gone.
# (xtcp_api.py poll_rst, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case poll_rst
