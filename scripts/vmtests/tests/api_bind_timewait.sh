#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# After a connection on a port is closed (this side first, so it
# waits in TIME-WAIT), bind() to that port fails with EADDRINUSE, and
# succeeds with SO_REUSEADDR (set on the old listener too), and listen()
# there works.
# (xtcp_api.py bind_timewait, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case bind_timewait
