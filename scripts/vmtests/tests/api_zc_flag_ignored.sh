#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# MSG_ZEROCOPY without SO_ZEROCOPY (or with it set to 0 again) is ignored,
# as TCP ignores it: the data arrive, no notification comes.
# (xtcp_api.py zc_flag_ignored, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case zc_flag_ignored
