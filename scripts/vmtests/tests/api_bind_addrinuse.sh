#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bind() to a port another socket is bound to, or listens on, fails
# with EADDRINUSE.
# (xtcp_api.py bind_addrinuse, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case bind_addrinuse
