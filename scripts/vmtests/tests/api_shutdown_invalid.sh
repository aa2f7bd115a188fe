#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shutdown() with an invalid how (3, -1) fails with EINVAL, on a
# connected socket and on a new one (the argument is checked first).
# (xtcp_api.py shutdown_invalid, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case shutdown_invalid
