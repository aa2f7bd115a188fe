#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# poll() on a new or bound socket reports POLLOUT|POLLWRNORM|POLLHUP;
# on a listener with nothing pending, nothing.
# (xtcp_api.py poll_fresh, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case poll_fresh
