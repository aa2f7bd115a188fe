#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SYN cookies and Fast Open, as Linux: with tcp_syncookies 2 a SYN with a
# Fast Open cookie and data gets a SYN cookie and no Fast Open; its data
# go after the handshake, read once.
# (xtcp_api.py fastopen_syncookies, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case fastopen_syncookies
