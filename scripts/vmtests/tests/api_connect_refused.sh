#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# connect() to a port where nothing listens fails with
# ECONNREFUSED.
# (xtcp_api.py connect_refused, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case connect_refused
