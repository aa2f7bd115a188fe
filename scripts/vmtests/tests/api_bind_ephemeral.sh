#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bind() to 127.0.0.1 port 0 picks a port inside
# net.ipv4.ip_local_port_range; getsockname() shows it and the address.
# (xtcp_api.py bind_ephemeral, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case bind_ephemeral
