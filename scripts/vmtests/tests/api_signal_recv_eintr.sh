#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A blocking recv() is interrupted by SIGALRM (handler installed
# without SA_RESTART): libc's recv() returns -1 with EINTR, Python's
# raises the handler's exception; the socket works afterwards.
# (xtcp_api.py signal_recv_eintr, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case signal_recv_eintr
