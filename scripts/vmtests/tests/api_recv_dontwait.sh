#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# recv(MSG_DONTWAIT) with nothing queued fails with EAGAIN on a
# blocking socket, and returns the data once some is there.
# (xtcp_api.py recv_dontwait, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case recv_dontwait
