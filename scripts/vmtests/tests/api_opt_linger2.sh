#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP_LINGER2: the default (2MSL; tcp_fin_timeout on TCP), -1, at most
# 120; an orphan set to 1 s leaves FIN-WAIT-2 after 1 s, one with the
# default stays, one set to -1 is reset at once.
# (xtcp_api.py opt_linger2, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_linger2
