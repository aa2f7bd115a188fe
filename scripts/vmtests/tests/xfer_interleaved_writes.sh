#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Small writes to two connections in turn (512 octets each, 1 MiB to each
# connection, on 127.0.0.1): each write lands in its own page fragment,
# so a segment's data span many of them and one segment cannot carry
# them all (xtcp shortens it to MAX_SKB_FRAGS fragments). Both streams
# arrive whole, with the SHA-256 they were sent with, and a packet socket
# on lo sees no IP fragment. (xtcp_interleave.py, xtcp_segs.py.)
. "$(dirname "$0")/../lib.sh"

H=$XTCP_TOP/scripts/vmtests/helpers
trap lib_cleanup EXIT
segs_start lo
xpy "$H/xtcp_interleave.py" --proto "$XTCP_PROTO" --limit 90 ||
	fail "interleaved writes over protocol $XTCP_PROTO"
segs_stop
echo "lo: $SEGS_SUMMARY"
read -r _ n _ _ _ frags _ <<<"$SEGS_SUMMARY"
[ "${n:-0}" -gt 0 ] || fail "no segment seen on lo: $(cat "$SEGS_OUT")"
expect_eq "IP fragments" 0 "$frags"
