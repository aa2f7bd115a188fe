#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Segments that arrive in IP fragments are reassembled into non-linear
# skbs: the checksum is still verified over all of the data. A well-formed
# 3020-byte SYN in four fragments counts as InNoSocket and is answered
# with a reset, which loops back (InSegs and InNoSocket again); the same
# with one data byte changed counts as InCsumErrors and gets no answer.
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/vmtests/helpers/xtcp_stat.sh"

inject_expect good_frag 1 InSegs=2 InNoSocket=2 OutSegs=1 OutRsts=1
inject_expect bad_csum_frag 1 InSegs=1 InCsumErrors=1
