#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A non-blocking connect() to a listener fails with EINPROGRESS;
# poll() then reports POLLOUT, SO_ERROR is 0 and getpeername() gives the
# listener.
# (xtcp_api.py connect_nonblock, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case connect_nonblock
