#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Segments on loopback are as large as its MTU lets one IP packet carry:
# while 8 MiB go over a connection on 127.0.0.1, a packet socket on lo
# sees a segment with more than 16344 data octets (xtcp's old limit) and
# none with more than 65495 (65535 less the IP header and a bare segment
# header), and no IP fragment: IP never fragments a segment.
# (xtcp_segs.py, xtcp_xfer.py, on protocol $XTCP_PROTO.)
. "$(dirname "$0")/../lib.sh"

H=$XTCP_TOP/scripts/vmtests/helpers
trap lib_cleanup EXIT
segs_start lo
xpy "$H/xtcp_xfer.py" --proto "$XTCP_PROTO" --mib 8 --limit 90 ||
	fail "8 MiB over protocol $XTCP_PROTO"
segs_stop
echo "lo: $SEGS_SUMMARY"
read -r _ n _ most _ frags _ <<<"$SEGS_SUMMARY"
[ "${n:-0}" -gt 0 ] || fail "no segment seen on lo: $(cat "$SEGS_OUT")"
[ "$most" -gt 16344 ] || fail "largest segment carried $most octets"
[ "$most" -le 65495 ] || fail "a segment carried $most octets"
expect_eq "IP fragments" 0 "$frags"
