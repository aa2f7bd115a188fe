#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# On the wire (a packet socket on lo): URG and the urgent pointer
# one past the urgent octet on every segment of a MSG_OOB write (MSS 1000)
# and the ACKs meanwhile, none before or after; on its retransmissions
# (a filter on the reader drops the first sendings).
# (xtcp_api.py urg_wire, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case urg_wire
