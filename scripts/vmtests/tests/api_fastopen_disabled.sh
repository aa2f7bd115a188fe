#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# net.xtcp.fastopen 0: TCP_FASTOPEN_CONNECT and sendto(MSG_FASTOPEN)
# give EOPNOTSUPP, no option on the wire; 1: a cookie request gets no
# cookie. The Fast Open options' EINVAL cases.
# (xtcp_api.py fastopen_disabled, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case fastopen_disabled
