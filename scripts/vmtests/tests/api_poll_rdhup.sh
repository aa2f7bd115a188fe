#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# After the peer's shutdown(SHUT_WR), poll() reports
# POLLIN|POLLRDNORM|POLLRDHUP|POLLOUT|POLLWRNORM; the side that shut down
# reports POLLOUT|POLLWRNORM, and after its own SHUT_RD also POLLIN,
# POLLRDNORM, POLLRDHUP and POLLHUP.
# (xtcp_api.py poll_rdhup, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case poll_rdhup
