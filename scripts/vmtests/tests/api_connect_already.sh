#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# connect() again while a non-blocking connect() is still in
# progress (the listener's queue is full, so its SYN goes unanswered)
# fails with EALREADY; poll() reports nothing meanwhile.
# (xtcp_api.py connect_already, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case connect_already
