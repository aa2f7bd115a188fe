#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# poll() on both ends of an idle connection reports
# POLLOUT|POLLWRNORM only.
# (xtcp_api.py poll_connected, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case poll_connected
