#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Urgent data: send(MSG_OOB) makes the write's last octet urgent;
# recv(MSG_OOB) returns it (MSG_PEEK leaves it, EINVAL once read), the
# stream goes without it, a read stops at the mark (MSG_WAITALL too).
# (xtcp_api.py urg_oob, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case urg_oob
