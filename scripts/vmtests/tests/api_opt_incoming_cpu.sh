#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SO_INCOMING_CPU: -1 on a new socket, a CPU once segments arrived.
# (xtcp_api.py opt_incoming_cpu, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_incoming_cpu
