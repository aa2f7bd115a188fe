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
out=$(mktemp) pid=
cleanup() {
	[ -z "$pid" ] || kill "$pid" 2>/dev/null
	rm -f "$out"
}
trap cleanup EXIT
python3 "$H/xtcp_segs.py" --iface lo --proto "$XTCP_PROTO" >"$out" 2>&1 &
pid=$!
wait_for 20 grep -q ready "$out"
python3 "$H/xtcp_xfer.py" --proto "$XTCP_PROTO" --mib 8 --limit 90 ||
	fail "8 MiB over protocol $XTCP_PROTO"
kill -TERM "$pid"
wait "$pid"
pid=
res=$(tail -n1 "$out")
echo "lo: $res"
read -r _ n _ most _ frags _ <<<"$res"
[ "${n:-0}" -gt 0 ] || fail "no segment seen on lo: $(cat "$out")"
[ "$most" -gt 16344 ] || fail "largest segment carried $most octets"
[ "$most" -le 65495 ] || fail "a segment carried $most octets"
expect_eq "IP fragments" 0 "$frags"
