#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP_FASTOPEN_KEY: a listener's own key reads back and makes its cookies
# (SipHash-2-4 of the addresses under it, computed here); with a backup
# key, the old key's cookie is taken (TCPFastOpenPassiveAltKey) and the
# SYN,ACK brings the primary's; EINVAL for 10 octets.
# (xtcp_api.py fastopen_listener_key, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case fastopen_listener_key
