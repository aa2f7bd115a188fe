#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# PSH on the wire (a packet socket on lo) only on the segment that carries
# the last octet of a write, as Linux's tcp_push() sets it: not on the
# other segments of a write of 150000 octets (three on lo), not at
# the end of a MSG_MORE write.
# (xtcp_api.py opt_psh_write_end, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_psh_write_end
