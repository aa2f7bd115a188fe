#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A listener with backlog 1 accepts one connection, then another
# and another after each accept(), each from the client that connected.
# (xtcp_api.py listen_backlog, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case listen_backlog
