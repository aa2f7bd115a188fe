#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# accept() with no connection pending fails with EAGAIN on a
# non-blocking listener, and on a blocking one once SO_RCVTIMEO passes.
# (xtcp_api.py accept_eagain, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case accept_eagain
