#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Stress, memory: with the protocol's memory limited (net.xtcp.mem, or
# net.ipv4.tcp_mem for XTCP_PROTO=6, at 512 768 1024 pages: hard limit
# 4 MiB),
#  1. clients send 1-octet segments (TCP_NODELAY, one octet a send()) to
#     children nobody reads;
#  2. in an unprivileged user and network namespace (unshare -Ur -n), root
#     raises the buffer sysctls to 1 GiB (xtcp refuses past
#     net.core.[rw]mem_max; Linux lets tcp_rmem and tcp_wmem go) and
#     floods its own connections with 64 KiB writes.
# Measured: the sum over every socket of both ends of sk_rmem_alloc +
# sk_wmem_queued + a positive forward allocation (getsockopt SO_MEMINFO,
# sampled all along by xtcp_mem.py), which must stay under the hard limit
# plus what accounting lets past it (net.core.mem_pcpu_rsv pages a CPU,
# one 128 KiB segment a socket); every octet arrives once the children
# read. Short (make check): 4 connections, 3 s of 1-octet segments, 3
# connections of 4 MiB in the namespace; XTCP_STRESS=1 (make stress): 16
# connections, 60 s, and 16 connections of 8 MiB. Part 2 needs user
# namespaces, which the debug kernel does not have.
# timeout: 600
# kernels: 6.1 debug
. "$(dirname "$0")/../lib.sh"

if [ "$XTCP_PROTO" = 6 ]; then
	mem=/proc/sys/net/ipv4/tcp_mem
	bufs=(net/ipv4/tcp_rmem net/ipv4/tcp_wmem)
	tag=tcp
else
	mem=/proc/sys/net/xtcp/mem
	bufs=(net/xtcp/rmem_default net/xtcp/wmem_default)
	tag=xtcp
fi
[ -w "$mem" ] || fail "no $mem: no protocol memory limit"
old=$(cat "$mem")
trap 'echo "$old" >"$mem"; lib_cleanup' EXIT
echo "512 768 1024" >"$mem"

if [ "${XTCP_STRESS:-}" = 1 ]; then
	c1=16 secs=60 c2=16 bytes=$((8 << 20))
else
	c1=4 secs=3 c2=3 bytes=$((4 << 20))
fi
h=$XTCP_TOP/scripts/vmtests/helpers/xtcp_mem.py
rsv=$(cat /proc/sys/net/core/mem_pcpu_rsv 2>/dev/null || echo 256)
bound() { echo $(((1024 + $(nproc) * rsv) * 4096 + 2 * $1 * 131072)); }
lib_tmp

# 1. 1-octet segments to a non-reading application
b=$(bound $c1)
# for $secs whatever happens: then only what was sent must arrive
xpy "$h" --conns $c1 --chunk 1 --bytes $((1 << 30)) --seconds $secs \
	--stall $((secs + 1)) --bound "$b" >"$XTCP_TMP/one" 2>&1
rc=$?
sed 's/^/# /' "$XTCP_TMP/one"
peak=$(awk '$1 == "peak-sock-mem" { print $2 }' "$XTCP_TMP/one")
echo "figure: mem_1octet_$tag ${peak:-0} bytes (peak memory of $c1 connections' sockets under 1-octet segments, bound $b)"
[ $rc = 0 ] || fail "1-octet segments: memory past $b, or data lost"

# 2. a user namespace raises its buffers, then floods
if ! command -v unshare >/dev/null || ! unshare -Ur -n true 2>/dev/null; then
	echo "# no user namespaces in this kernel: part 2 not run"
	exit 0
fi
b=$(bound $c2)
unshare -Ur -n bash -c "
	ip link set lo up || exit 1
	for f in ${bufs[*]}; do
		if [ $XTCP_PROTO = 6 ]; then
			read -r lo def _ </proc/sys/\$f
			echo \"\$lo \$def $((1 << 30))\" >/proc/sys/\$f
		else
			echo $((1 << 30)) >/proc/sys/\$f
		fi 2>/dev/null && echo \"raised \$f: \$(cat /proc/sys/\$f)\" ||
			echo \"refused \$f: \$(cat /proc/sys/\$f)\"
	done
	exec python3 $h --conns $c2 --bytes $bytes --bound $b
" >"$XTCP_TMP/ns" 2>&1
rc=$?
sed 's/^/# /' "$XTCP_TMP/ns"
peak=$(awk '$1 == "peak-sock-mem" { print $2 }' "$XTCP_TMP/ns")
echo "figure: mem_userns_$tag ${peak:-0} bytes (peak memory of $c2 connections' sockets in a user namespace that tried to raise its buffers to 1 GiB, bound $b)"
[ $rc = 0 ] || fail "user namespace: memory past $b, or data lost"
if [ "$XTCP_PROTO" = 253 ] && grep -q '^raised' "$XTCP_TMP/ns"; then
	fail "a user namespace raised xtcp's buffers past net.core.*mem_max"
fi
