#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# tools-check.sh - the userland tools, on the host, in seconds (make check
# runs it beside the VMs):
#   dissector  scripts/xtcp.lua in tshark: segments xtcp summed itself (a
#              capture the VM test tool_states_figure6 made,
#              scripts/testdata/states-walks.pcap: those to and from its
#              scripted peer, on a device without offload) are Good, the same
#              segments with a flipped bit in the header or the payload
#              Bad, with the right calculated checksum; protocol 6 is left
#              to TCP; -o xtcp.protocol:N follows a module's protocol=N.
#   figure6    xtcp-states draw renders the connections of that test's
#              record (scripts/testdata/states-walks.json) to SVG with
#              graphviz, and
#              the SVG highlights exactly each end's transitions, numbered
#              in order, in the diagram and in the chart
#              (xtcp_figure6_check.py).
# Each is a result, as make check records them (scripts/results.sh); run
# alone, it prints them and "N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

. "$XTCP_TOP/scripts/results.sh"
alone=
results_alone tools-check tools && alone=1
mkdir -p "$XTCP_CHECK"
need_packages tshark graphviz python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=$XTCP_TOP/scripts/testdata
py=/usr/bin/python3

# The dissector's capture: the VM's segments, each again with a bit
# flipped (checksum, header, payload by turns), a TCP segment and an xtcp
# one on protocol 254.
"$py" - "$data/states-walks.pcap" "$work/csum.pcap" >"$work/n" <<'PY'
import socket, struct, sys

def csum(d):
    d += b"\0" * (len(d) % 2)
    s = sum(struct.unpack("!%dH" % (len(d) // 2), d))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF

def seg(proto, payload=b"data"):
    src, dst = socket.inet_aton("10.0.0.1"), socket.inet_aton("10.0.0.2")
    s = struct.pack("!HHIIBBHHH", 5002, 40000, 1, 1, 0x50, 0x18, 1024, 0,
                    0) + payload
    c = csum(src + dst + struct.pack("!BBH", 0, proto, len(s)) + s)
    s = s[:16] + struct.pack("!H", c) + s[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(s), 0, 0, 64, proto,
                     0, src, dst)
    return ip[:10] + struct.pack("!H", csum(ip)) + ip[12:] + s

data = open(sys.argv[1], "rb").read()
pkts, off = [], 24
while off < len(data):
    n = struct.unpack("<I", data[off + 8:off + 12])[0]
    p = data[off + 16:off + 16 + n]
    off += 16 + n
    if p[12:15] == bytes([10, 0, 0]):  # the scripted peer's: no offload
        pkts.append(p)
good = list(pkts)
bad = []
for i, p in enumerate(pkts):
    p = bytearray(p)
    at = (20 + 17, 20 + 4, len(p) - 1)[i % 3]  # checksum, seq, last octet
    p[at] ^= 0x10
    bad.append(bytes(p))
extra = [seg(6), seg(254)]
with open(sys.argv[2], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 101))
    for i, p in enumerate(good + bad + extra):
        f.write(struct.pack("<IIII", 1000 + i, 0, len(p), len(p)) + p)
print(len(good))
PY
n=$(cat "$work/n")

# shark [OPTIONS...] - the frame number, IP protocol, xtcp checksum status,
# calculated checksum, TCP flags and checksum sent of every frame.
shark() {
	tshark -X lua_script:"$XTCP_TOP/scripts/xtcp.lua" "$@" \
		-r "$work/csum.pcap" -T fields -e frame.number -e ip.proto \
		-e xtcp.checksum.status -e xtcp.checksum.calculated \
		-e tcp.flags.str -e tcp.checksum 2>"$work/tshark.err"
}
rc=0
{
	shark >"$work/fields" || rc=1
	cat "$work/fields" "$work/tshark.err"
	# frames 1..n Good (1) and decoded as TCP; n+1..2n Bad (0), those
	# whose checksum field was flipped (every third from n+1) with the
	# original's checksum as the calculated one; 2n+1 TCP's, untouched;
	# 2n+2 (protocol 254) not xtcp's
	awk -v n="$n" -F'\t' '
		function no(why) { print "frame " NR ": " why; bad = 1 }
		{ sent[NR] = $6 }
		NR <= n && ($3 != 1 || $5 == "") { no("not Good") }
		NR > n && NR <= 2 * n && $3 != 0 { no("not Bad") }
		NR > n && NR <= 2 * n && (NR - n - 1) % 3 == 0 &&
			$4 != sent[NR - n] { no("calculated " $4) }
		NR == 2 * n + 1 && ($2 != 6 || $3 != "" || $5 == "") {
			no("TCP decoded as xtcp") }
		NR == 2 * n + 2 && $3 != "" { no("protocol 254 decoded as xtcp") }
		END {
			if (NR != 2 * n + 2 || n < 4) { print NR " frames"; bad = 1 }
			exit bad
		}
	' "$work/fields" || rc=1
	shark -o xtcp.protocol:254 | tail -n 1 |
		awk -F'\t' '$3 != 1 { exit 1 }' ||
		{ echo "-o xtcp.protocol:254: not Good"; rc=1; }
} >"$work/dissector.out" 2>&1
cp "$work/dissector.out" "$XTCP_CHECK/tools-dissector.out"
record "tools/xtcp.lua: checksums Good and Bad in tshark" "$(status $rc)" \
	"$XTCP_CHECK/tools-dissector.out"

# figure6 NAME LPORT:RPORT A:ROWS B:ROWS - that connection's SVG against
# the rows.
figure6() {
	local out=$XTCP_CHECK/tools-figure6-$1.out rc=0
	{
		"$py" "$XTCP_TOP/scripts/xtcp-states" draw -c "$2" -o "$work/$1.svg" \
			"$data/states-walks.json" &&
			"$py" "$XTCP_TOP/scripts/vmtests/helpers/xtcp_figure6_check.py" \
				"$work/$1.svg" "$data/states-walks.json" "$3" "$4"
	} >"$out" 2>&1 || rc=1
	record "tools/xtcp-states draw: Figure 6 of $1" "$(status $rc)" "$out"
}
figure6 open 5002:5001 A:T02,T08,T12,T14,T17,T21 B:T01,T04,T09,T13,T19,T20
figure6 simul 5003:5004 A:T02,T06,T09,T12,T15,T18,T21 \
	B:T02,T06,T09,T12,T15,T18,T21
figure6 refin 5005:40000 A:T02,T08,T12,T16,T22,T21 B:

[ -n "$alone" ] || exit 0
results_print "$XTCP_RESULTS"
