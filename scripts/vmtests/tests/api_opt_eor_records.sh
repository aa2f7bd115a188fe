#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# MSG_EOR: on the wire, no segment carries octets of two records (three
# corked writes of 700 octets); without it the same writes merge into
# segments across them; the reader gets every octet in order.
# (xtcp_api.py opt_eor_records, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_eor_records
