#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shutdown(SHUT_WR) sends a FIN after the data: the peer reads the
# data, then end of file; the socket still receives the peer's reply, and
# send() on it fails with EPIPE.
# (xtcp_api.py shutdown_wr, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case shutdown_wr
