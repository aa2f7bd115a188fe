#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# After shutdown(SHUT_RD), recv() returns 0 at once, and the
# socket still sends.
# (xtcp_api.py shutdown_rd, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case shutdown_rd
