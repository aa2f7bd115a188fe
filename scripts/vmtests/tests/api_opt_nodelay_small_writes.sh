#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fifty 4-byte writes in a row arrive whole and in order, with Nagle's
# algorithm on (the default) and off (TCP_NODELAY).
# (xtcp_api.py opt_nodelay_small_writes, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_nodelay_small_writes
