#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# close() with received data left unread sends a RST: recv() on
# the peer fails with ECONNRESET.
# (xtcp_api.py close_unread_rst, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case close_unread_rst
