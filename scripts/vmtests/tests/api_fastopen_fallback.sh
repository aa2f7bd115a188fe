#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP Fast Open refused: data and a cookie in the SYN to a listener
# without TCP_FASTOPEN go after the handshake, read once;
# tcpi_fastopen_client_fail TFO_DATA_NOT_ACKED, TCPFastOpenActiveFail. An
# unanswered cookie request makes the next one go in the experimental
# option (254, magic 0xF989), the one after in 34 again, as Linux's.
# (xtcp_api.py fastopen_fallback, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case fastopen_fallback
