#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP_SAVE_SYN and TCP_SAVED_SYN: a child's SYN headers from the IP header
# (1) or the link header (2), read once, EINVAL into a short buffer.
# (xtcp_api.py opt_save_syn, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_save_syn
