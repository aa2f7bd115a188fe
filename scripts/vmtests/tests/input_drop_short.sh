#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A 10-byte segment, shorter than the fixed header, is dropped and counted
# in InShort.
# No other counter of /proc/net/xtcp_stat moves.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"

inject_expect short 1 InSegs=1 InShort=1
