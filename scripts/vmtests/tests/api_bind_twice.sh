#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bind() on a socket that is already bound fails with EINVAL.
# (xtcp_api.py bind_twice, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case bind_twice
