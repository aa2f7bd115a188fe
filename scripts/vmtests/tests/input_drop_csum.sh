#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A well-formed segment with one bit of its checksum flipped is dropped
# and counted in InCsumErrors.
# No other counter of /proc/net/xtcp_stat moves.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"

inject_expect bad_csum 1 InSegs=1 InCsumErrors=1
