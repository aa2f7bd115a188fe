#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The IPPROTO_TCP options also work at the level of the protocol's own
# number (253 for xtcp; for XTCP_PROTO=6 that is IPPROTO_TCP itself):
# set at one level, read at the other, the same errno for bad values.
# (xtcp_api.py opt_proto_level, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_proto_level
