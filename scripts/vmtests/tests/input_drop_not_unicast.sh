#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A well-formed segment sent to a broadcast address (127.255.255.255) is
# dropped and counted in InNotUnicast.
# No other counter of /proc/net/xtcp_stat moves.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"

XTCP_DST=127.255.255.255 inject_expect good 1 InSegs=1 InNotUnicast=1
