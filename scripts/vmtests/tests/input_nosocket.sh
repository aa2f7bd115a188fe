#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T26 at the counter level: a well-formed SYN (checksum right, protocol 253
# in the pseudo-header) to a port nobody listens on is counted in InSegs and
# InNoSocket and answered with one reset (OutSegs, OutRsts). The reset
# loops back to 127.0.0.1, where nobody wants it either: InSegs and
# InNoSocket again, and no answer to a reset. No other counter moves.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"

inject_expect good 1 InSegs=2 InNoSocket=2 OutSegs=1 OutRsts=1
