#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP Fast Open with a cookie of an old key (net.xtcp.fastopen_key
# changed): not taken (TCPFastOpenPassiveFail), the SYN,ACK brings the
# new key's cookie, the data go after the handshake; the new cookie's
# data are taken.
# (xtcp_api.py fastopen_bad_cookie, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case fastopen_bad_cookie
