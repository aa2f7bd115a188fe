#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Window scaling on the wire (RFC 7323), as tshark decodes it: the
# client's SYN carries a Window Scale option, and a server with a 4 MiB
# SO_RCVBUF answers with one and, once data flows, advertises a window
# above 65535 octets after scaling (its window field shifted by the shift
# its SYN,ACK announced). On protocol $XTCP_PROTO, default 253.
# Not on the debug kernel: window arithmetic (KUnit covers it there);
# 20 s of a debug VM (2026-12-05). Nor on 6.12: the same arithmetic, and
# tshark's first start in a VM costs it about 20 CPU-s.
# kernels: 6.1
. "$(dirname "$0")/../lib.sh"

port=$((20000 + RANDOM % 10000))
dir=$(mktemp -d)
pcap=$dir/wscale.pcap
rmem_max=$(cat /proc/sys/net/core/rmem_max)
tpid=
cleanup() {
	[ -z "$tpid" ] || { kill "$tpid"; wait "$tpid"; } 2>/dev/null
	echo "$rmem_max" >/proc/sys/net/core/rmem_max
	rm -rf "$dir"
}
trap cleanup EXIT

# let SO_RCVBUF take 4 MiB (the default net.core.rmem_max is 208 KiB)
echo 16777216 >/proc/sys/net/core/rmem_max || fail "cannot raise rmem_max"

# dumpcap (tshark's capture engine) starts faster than tshark on a VM.
# BPF knows ports only for protocol 6: match them at the header's offset.
th='ip[(ip[0] & 0xf) * 4'
dumpcap -i lo -s 128 -w "$pcap" -f "ip proto $XTCP_PROTO and \
($th : 2] = $port or $th + 2 : 2] = $port)" >"$dir/dumpcap.log" 2>&1 &
tpid=$!
capturing() {
	alive "$tpid" || fail "dumpcap: $(cat "$dir/dumpcap.log")"
	grep -q "^File: " "$dir/dumpcap.log"
}
wait_for 60 capturing

xpy - "$XTCP_PROTO" "$port" <<'PY' || fail "transfer failed"
import socket, sys, threading

proto, port = int(sys.argv[1]), int(sys.argv[2])
total = 4 << 20
lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
lst.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
lst.bind(("127.0.0.1", port))
lst.listen(1)
got = [0]

def serve():
    a, _ = lst.accept()
    while True:
        d = a.recv(1 << 20)
        if not d:
            break
        got[0] += len(d)
    a.close()

t = threading.Thread(target=serve)
t.start()
c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
c.settimeout(30)
c.connect(("127.0.0.1", port))
c.sendall(bytes(total))
c.close()
t.join(30)
if got[0] != total:
    sys.exit("received %d of %d octets" % (got[0], total))
PY

# give dumpcap the last segments, then stop it so the file is complete
sleep 1
kill -INT $tpid
wait $tpid 2>/dev/null
tpid=

decode=()
[ "$XTCP_PROTO" = 6 ] || decode=(-d "ip.proto==$XTCP_PROTO,tcp")
tshark -r "$pcap" "${decode[@]}" -T fields -E separator=, \
	-e tcp.srcport -e tcp.flags.syn -e tcp.flags.ack \
	-e tcp.window_size_value -e tcp.options.wscale.shift \
	>"$dir/fields.csv" 2>"$dir/tshark-read.log" ||
	fail "tshark -r: $(cat "$dir/tshark-read.log")"

xpy - "$port" "$dir/fields.csv" <<'PY' || fail "see above"
import sys

port = sys.argv[1]
rows = [l.rstrip("\n").split(",") for l in open(sys.argv[2]) if l.strip()]
syn = [r for r in rows if r[1] == "1" and r[2] == "0"]
synack = [r for r in rows if r[1] == "1" and r[2] == "1" and r[0] == port]
if not syn or not synack:
    sys.exit("no SYN or no SYN,ACK captured (%d segments)" % len(rows))
if not syn[0][4]:
    sys.exit("the SYN carries no Window Scale option: %s" % syn[0])
print("# SYN: window %s, wscale %s" % (syn[0][3], syn[0][4]))
if not synack[0][4]:
    sys.exit("the SYN,ACK carries no Window Scale option: %s" % synack[0])
shift = int(synack[0][4])
print("# SYN,ACK: window %s, wscale %d" % (synack[0][3], shift))
if int(synack[0][3]) > 65535:
    sys.exit("SYN,ACK window field above 65535")
wins = [int(r[3]) << shift for r in rows if r[0] == port and r[1] == "0"]
if not wins:
    sys.exit("no segment from the server after its SYN,ACK")
print("# server: %d segments, largest window %d octets (field << %d)" %
      (len(wins), max(wins), shift))
if max(wins) <= 65535:
    sys.exit("the server never advertised more than 65535 octets")
PY
