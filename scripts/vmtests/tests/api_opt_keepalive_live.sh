#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Keepalive against a live peer on loopback (idle 1 s, interval 1 s, count
# 2): for 7 idle seconds probes arrive at the peer and are answered, the
# connection stays ESTABLISHED and moves data afterwards; with
# SO_KEEPALIVE off again nothing is sent.
# (xtcp_api.py opt_keepalive_live, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_keepalive_live
