#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# recv() with SO_RCVTIMEO 0.5 s and no data fails with EAGAIN after
# 0.5 to 2.5 s.
# (xtcp_api.py opt_rcvtimeo, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_rcvtimeo
