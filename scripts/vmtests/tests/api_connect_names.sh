#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# After connect(), getpeername() and getsockname() on both ends
# name each other, and the client's port was picked from
# ip_local_port_range.
# (xtcp_api.py connect_names, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case connect_names
