#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# net.xtcp.mem (net.ipv4.tcp_mem for XTCP_PROTO=6) set to 256 384 512
# pages (1, 1.5, 2 MiB): three clients write 4 MiB each to children
# nobody reads. The memory all six sockets hold (SO_MEMINFO, sampled all
# along: sk_rmem_alloc + sk_wmem_queued + forward allocation) stays under
# the hard limit plus what the accounting lets past it: the per-CPU
# caches in front of the protocol's counter (net.core.mem_pcpu_rsv pages
# a CPU) and one 128 KiB segment a socket (the first into an empty
# receive queue goes in whatever the limit). Without the limit each
# connection holds about 6 MiB. The protocol enters memory pressure
# (TCPMemoryPressures), and once the servers read, every octet arrives
# in order. (xtcp_mem.py, on $XTCP_PROTO.)
# kernels: 6.1 debug
. "$(dirname "$0")/../lib.sh"

if [ "$XTCP_PROTO" = 6 ]; then
	mem=/proc/sys/net/ipv4/tcp_mem
	pressures() { awk '$1 == "TcpExt:" && !h { for (i = 1; i <= NF; i++)
		if ($i == "TCPMemoryPressures") c = i; h = 1; next }
		$1 == "TcpExt:" { print $c }' /proc/net/netstat; }
else
	mem=/proc/sys/net/xtcp/mem
	pressures() { awk '$1 == "TCPMemoryPressures" { print $2 }' \
		/proc/net/xtcp_stat; }
fi
[ -w "$mem" ] || fail "no $mem: no protocol memory limit"
old=$(cat "$mem")
trap 'echo "$old" >"$mem"' EXIT
echo "256 384 512" >"$mem"

conns=3
rsv=$(cat /proc/sys/net/core/mem_pcpu_rsv 2>/dev/null || echo 256)
bound=$(((512 + $(nproc) * rsv) * 4096 + 2 * conns * 131072))
before=$(pressures)
xpy "$XTCP_TOP/scripts/vmtests/helpers/xtcp_mem.py" --conns $conns \
	--bytes $((4 << 20)) --bound $bound ||
	fail "memory past $bound octets, or data lost (protocol $XTCP_PROTO)"
after=$(pressures)
echo "# TCPMemoryPressures $before -> $after"
[ "${after:-0}" -gt "${before:-0}" ] || fail "never under memory pressure"
