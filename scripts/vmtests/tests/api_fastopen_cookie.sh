#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP Fast Open: a first sendto(MSG_FASTOPEN) asks for a cookie (an
# empty option 34 on its SYN) and gets 8 octets on the SYN,ACK; the
# second sends the cookie and its data in the SYN, the SYN,ACK
# acknowledges them, the server reads them; TCPI_OPT_SYN_DATA on both
# ends; TCPFastOpenCookieReqd, TCPFastOpenActive, TCPFastOpenPassive.
# The SYNs as a packet socket on lo sees them.
# (xtcp_api.py fastopen_cookie, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case fastopen_cookie
