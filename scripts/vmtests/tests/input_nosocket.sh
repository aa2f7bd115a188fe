#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A well-formed segment (checksum right, protocol 253 in the pseudo-header)
# is counted in InSegs and, with no socket to take it yet, in InNoSocket.
# No other counter of /proc/net/xtcp_stat moves.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"

inject_expect good 1 InSegs=1 InNoSocket=1
