#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# listen() on an unbound socket binds it to an ephemeral port
# (getsockname() shows one in ip_local_port_range) and accepts there.
# (xtcp_api.py listen_autobind, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case listen_autobind
