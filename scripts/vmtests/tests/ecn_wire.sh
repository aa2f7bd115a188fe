#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ECN (RFC 3168, module/ecn.c) between two namespaces through a veth
# pair, on protocol $XTCP_PROTO (net.ipv4.tcp_ecn for the kernel's TCP),
# as a packet socket on the client's end and TCP_INFO see it
# (helpers/xtcp_ecn.py):
# - negotiate: the client's and the server's tcp_ecn 1/1, 1/2, 1/0,
#   2/1, 0/1, 2/2: ECE and CWR on the SYN only from a client with 1, ECE
#   on the SYN,ACK and ECT(0) on every data segment only when the client
#   asked and the server is not 0, never ECT on a SYN, SYN,ACK or segment
#   without data; TCPI_OPT_ECN and TCPI_OPT_ECN_SEEN as negotiated;
# - cookie: with SYN cookies for every SYN (tcp_syncookies 2), ECN kept
#   through the cookie (its TSval) as Linux keeps it;
# - fallback: the first SYN lost (netem loss 100% for half a second),
#   the SYN sent again carries no ECE and CWR with tcp_ecn_fallback 1 (no
#   ECN), both with 0 (ECN);
# - ce: netem on the client's end marks CE instead of dropping (loss 20%
#   ecn): the server echoes ECE until a CWR, the client sends CWR on
#   data, its cwnd shrinks and its ssthresh is set, tcpi_delivered_ce
#   counts, and CE is no loss (2 segments sent again at most: a loss
#   probe on a slow emulated path, not one a mark);
# - interop (xtcp only): an interop xtcp client and the kernel's TCP
#   server negotiate ECN and mark their data ECT(0).
#
#   $C: client 10.9.0.1 (nc, capture, netem) ==== veth ==== (ns) 10.9.0.2 $S
#
# Over IPv6 with XTCP_FAMILY=6. gso_max_segs 1 on both ends, as
# netem.sh's, so netem marks the kernel's TCP a segment at a time.
# kernels: 6.1 6.12
# timeout: 300
. "$(dirname "$0")/../lib.sh"

C=xtcp-ec-$RANDOM S=xtcp-es-$RANDOM
trap lib_cleanup EXIT
modprobe -q sch_netem 2>/dev/null
veth_pair "$C" nc 10.9.0.1 "$S" ns 10.9.0.2
if ! ip -n "$C" link set nc gso_max_segs 1 ||
	! ip -n "$S" link set ns gso_max_segs 1; then
	fail "cannot set gso_max_segs 1 on the veth pair"
fi
checks=(negotiate cookie fallback ce)
[ "$XTCP_PROTO" = 6 ] || checks+=(interop)
xpy "$XTCP_TOP/scripts/vmtests/helpers/xtcp_ecn.py" "$S" "$C" \
	"${checks[@]}" --proto "$XTCP_PROTO" --family "${XTCP_FAMILY:-4}" ||
	fail "xtcp_ecn.py ${checks[*]} on protocol $XTCP_PROTO"
