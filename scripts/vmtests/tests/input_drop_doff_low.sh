#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A header whose data offset is 4 words (below the minimum of 5) is
# dropped and counted in InBadDoff.
# No other counter of /proc/net/xtcp_stat moves.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"

inject_expect doff_low 1 InSegs=1 InBadDoff=1
