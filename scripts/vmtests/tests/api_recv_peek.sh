#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# recv(MSG_PEEK) returns the queued data and leaves it queued: the
# next recv() returns it again.
# (xtcp_api.py recv_peek, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case recv_peek
