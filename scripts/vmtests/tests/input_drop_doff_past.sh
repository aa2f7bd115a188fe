#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A 40-byte segment whose data offset says 15 words (a 60-byte header,
# past its end) is dropped and counted in InBadDoff.
# No other counter of /proc/net/xtcp_stat moves.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"

inject_expect doff_past 1 InSegs=1 InBadDoff=1
