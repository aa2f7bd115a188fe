#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A header with an option of length 1 (below 2) is dropped and counted in
# InBadOption, its checksum being right.
# No other counter of /proc/net/xtcp_stat moves.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"

inject_expect bad_option 1 InSegs=1 InBadOption=1
