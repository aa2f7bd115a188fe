#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# close() with SO_LINGER {1, 0} sends a RST: recv() on the peer
# fails with ECONNRESET, then returns 0.
# (xtcp_api.py close_linger0, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case close_linger0
