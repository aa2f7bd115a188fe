#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# send() with SO_SNDTIMEO 0.5 s to a peer that does not read, once
# the buffers are full, fails with EAGAIN after 0.5 to 2.5 s; SO_ERROR stays
# 0.
# (xtcp_api.py opt_sndtimeo, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_sndtimeo
