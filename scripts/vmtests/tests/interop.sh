#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Interop mode (XTCP_INTEROP): xtcp speaking TCP to the kernel's TCP.
#
#   $A: 10.13.0.1 (xa, tx off) ---- veth ---- (xb) 10.13.0.2 $B
#
# - A kernel-TCP server in $A and an interop xtcp client in $B, then an
#   interop xtcp server in $A and a kernel-TCP client in $B, 128 KiB each
#   way on each connection, arrive byte-exact; the xtcp ends say
#   SO_PROTOCOL 253. A packet socket on xa sees only IP protocol 6
#   between the two, every final checksum right ($A sums in software, so
#   the interop server's sums are checked; $B keeps TSO, and the interop
#   server takes the kernel-TCP client's 64 KiB skbs whole, as it would a
#   GRO merge). The interop server builds aggregates (OutAggregates grows
#   in $A), which TCP's offload cuts in software before xa (no TSO there):
#   no segment from $A carries more than the MSS.
# - net.xtcp.interop=1 in $A makes new sockets interop sockets;
#   XTCP_INTEROP turns it off and on before bind(), EINVAL after.
# - The kernel's TCP cannot bind a port an interop socket holds (listener,
#   ephemeral bind, TIME-WAIT entry), and xtcp cannot bind a TCP
#   listener's port; a new interop listener binds (SO_REUSEADDR) the port
#   its predecessor's connections hold in TIME-WAIT, sharing their hold.
# - With nf_tables (not in the debug kernel): a ruleset with
#   `ct state invalid drop` passes interop connections, and a rule dropping
#   a port (tcp dport, and th dport for protocol 253) stops native and
#   interop connections to it.
#   An ICMP host unreachable a rule answers an interop SYN with ends its
#   connect() with EHOSTUNREACH (through interop.c's ICMP hook, or
#   interop6.c's: without it, connect() would time out). (nft's reject sent no ICMP for a
#   protocol-253 SYN here, so native xtcp is not checked so.)
# - Unloading xtcp with an interop connection in TIME-WAIT is safe and
#   gives its port back to TCP.
# Over IPv6 with XTCP_FAMILY=6 (stress_ipv6): the same, on fam's addresses.
# kernels: 6.1 debug
# timeout: 120
. "$(dirname "$0")/../lib.sh"

[ "$XTCP_PROTO" != 6 ] || skip "interop mode is xtcp's"
command -v ethtool >/dev/null || skip "no ethtool"
A=xtcp-a-$RANDOM B=xtcp-b-$RANDOM
trap lib_cleanup EXIT
veth_pair "$A" xa 10.13.0.1 "$B" xb 10.13.0.2
# xa sums in software (its segments' sums are final in the capture); xb
# keeps TSO, so the kernel's TCP sends the interop server 64 KiB skbs
ip netns exec "$A" ethtool -K xa tx off >/dev/null || fail "ethtool -K tx off"
ip netns exec "$A" sysctl -qw net.xtcp.interop=1 || fail "net.xtcp.interop=1"

h=$XTCP_TOP/scripts/vmtests/helpers/xtcp_interop.py
lib_tmp
fw=
if command -v nft >/dev/null &&
	ip netns exec "$A" nft -f - 2>"$XTCP_TMP/nft" <<-EOF
		table inet fwtest {
			chain input {
				type filter hook input priority 0; policy accept;
				ct state invalid counter drop
				tcp dport 5102 drop
				meta l4proto $XTCP_PROTO th dport 5102 drop
				tcp dport 5103 reject with icmpx type host-unreachable
			}
		}
	EOF
then
	fw="dropped:5102 unreach:5103"
else
	echo "no nf_tables here: firewall checks left out: $(cat "$XTCP_TMP/nft")"
fi

out=$XTCP_TMP/interop
# out_aggregates - $A's OutAggregates
out_aggregates() {
	# shellcheck disable=SC2016 # awk's fields
	ip netns exec "$A" awk '$1 == "OutAggregates" { print $2 }' \
		/proc/net/xtcp_stat
}
agg=$(out_aggregates)
# shellcheck disable=SC2086 # $fw: none, or checks, one word each
xpy "$h" "$A" "$B" "$(fam 10.13.0.1)" opt:0 xfer:5100 bind:5101 $fw tw:0 \
	--peer "$(fam 10.13.0.2)" --iface xa --client-tso --mss 1448 --kib 128 \
	>"$out" 2>&1 || fail "$(cat "$out")"
cat "$out"
agg2=$(out_aggregates)
echo "OutAggregates in $A: $agg -> $agg2"
[ "$agg2" -gt "$agg" ] ||
	fail "the interop server built no aggregates (OutAggregates $agg -> $agg2)"
cport=$(sed -n 's/^client port //p' "$out")
[ -z "$fw" ] || ip netns exec "$A" nft list chain inet fwtest input |
	sed -n 's/.*ct state invalid counter packets \([0-9]*\).*/conntrack-invalid packets dropped: \1/p'

xtcp_unload || fail "rmmod with interop connections in TIME-WAIT"
r=$(xpy "$h" "$A" "$B" "$(fam 10.13.0.2)" tcpbind:"$cport")
xtcp_load || fail "insmod after the unload"
expect_eq "TCP bind after the unload" "tcpbind free" "$r"
