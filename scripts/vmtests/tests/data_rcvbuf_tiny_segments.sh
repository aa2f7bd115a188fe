#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 1-octet segments (TCP_NODELAY, one octet per send()) to a server that
# does not read, with SO_RCVBUF 4096: the receive queue is bounded by
# memory, not by octets. The server socket's sk_rmem_alloc, read with
# getsockopt(SO_MEMINFO) all along, stays within twice its buffer plus
# 64 KiB; small segments are coalesced and collapsed (RcvCoalesce,
# RcvCollapsed in /proc/net/xtcp_stat), and what still does not fit is
# dropped unacknowledged (RcvQDrop) and sent again. Then the server reads
# and every octet arrives in order. (xtcp_rcvmem.py, on $XTCP_PROTO.)
# kernels: 6.1 debug
. "$(dirname "$0")/../lib.sh"

xstat() {
	[ "$XTCP_PROTO" = 6 ] || awk '/^(RcvCoalesce|RcvCollapsed|RcvQDrop) /' \
		/proc/net/xtcp_stat | tr '\n' ' '
}

before=$(xstat)
xpy "$XTCP_TOP/scripts/vmtests/helpers/xtcp_rcvmem.py" 6000 ||
	fail "receive memory not bounded, or data lost (protocol $XTCP_PROTO)"
echo "# counters before: $before"
echo "# counters after:  $(xstat)"
