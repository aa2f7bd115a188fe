#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# poll() adds POLLIN|POLLRDNORM when data arrives, and drops them
# once it is read.
# (xtcp_api.py poll_in, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case poll_in
