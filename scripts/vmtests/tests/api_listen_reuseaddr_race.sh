#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Two sockets sharing a port with SO_REUSEADDR, neither listening, call
# listen() at the same time from two CPUs, 900 times: each time exactly
# one succeeds, the other fails with EADDRINUSE, as on TCP. Before the
# check and the move to LISTEN were one step under the tables' lock, both
# could listen on one port.
# Before the fix both succeeded in 124 of 900 on 6.1; 5 s there. It needs
# two CPUs, and skips on the debug kernel, whose VM has one.
# (xtcp_api.py listen_reuseaddr_race, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case listen_reuseaddr_race
