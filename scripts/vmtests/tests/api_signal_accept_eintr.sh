#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A blocking accept() is interrupted by SIGALRM (handler installed
# without SA_RESTART): libc's accept() returns -1 with EINTR, Python's
# raises the handler's exception; the listener works afterwards.
# (xtcp_api.py signal_accept_eintr, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case signal_accept_eintr
