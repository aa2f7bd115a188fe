#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# xtcp-ss over xtcp_diag (issue 15): with xtcp_diag installed where
# modprobe looks and not loaded, the first query loads it (its alias
# net-pf-16-proto-4-type-2-253); then helpers/xtcp_diag.py checks, in a
# namespace of its own, a listener, an established pair and a TIME-WAIT
# entry: xtcp-ss -tan against /proc/net/xtcp, -tien against TCP_INFO of
# the same sockets, filters on state and ports, another namespace seeing
# none of them, and -K (SOCK_DESTROY) where the kernel has it. Against
# the kernel's TCP (tcp_diag) with XTCP_PROTO=6, without the module part.
# kernels: 6.1 debug
. "$(dirname "$0")/../lib.sh"

ns=xtcp-diag-$RANDOM
helper=/proc/sys/kernel/modprobe
old=$(cat $helper)
root=
cleanup() {
	echo "$old" >$helper
	[ -z "$root" ] || rm -rf "$root"
	[ ! -d /sys/module/xtcp_diag ] || rmmod xtcp_diag
	lib_cleanup
}
trap cleanup EXIT
netns_add $ns && netns_add $ns-other || fail "ip netns add failed"
ip -n $ns link set lo up

if [ "$XTCP_PROTO" != 6 ]; then
	diag_ko=${XTCP_KO%/*}/xtcp_diag.ko
	[ -f "$diag_ko" ] || fail "no $diag_ko"
	modinfo -F alias "$diag_ko" | grep -qx 'net-pf-16-proto-4-type-2-253' ||
		fail "xtcp_diag.ko lacks the alias net-pf-16-proto-4-type-2-253"
	[ ! -d /sys/module/xtcp_diag ] || fail "xtcp_diag is loaded already"
	# inet_diag from the kernel's own modules (built in on debug)
	modprobe -q inet_diag 2>/dev/null
	# xtcp_diag from a tree of our own (the host root is read-only)
	root=$(mktemp -d)
	kver=$(uname -r)
	mkdir -p "$root/lib/modules/$kver/extra"
	cp "$XTCP_KO" "$diag_ko" "$root/lib/modules/$kver/extra/"
	touch "$root/lib/modules/$kver/modules."{order,builtin,builtin.modinfo}
	depmod -b "$root" "$kver" 2>/dev/null || fail "depmod failed"
	printf '#!/bin/sh\nexec /sbin/modprobe -d "%s" "$@"\n' "$root" \
		>"$root/modprobe"
	chmod +x "$root/modprobe"
	echo "$root/modprobe" >$helper
fi

ip netns exec $ns xpy "$XTCP_TOP/scripts/vmtests/helpers/xtcp_diag.py" \
	--proto "$XTCP_PROTO" --other-ns $ns-other || fail "xtcp_diag.py"
[ "$XTCP_PROTO" = 6 ] || [ -d /sys/module/xtcp_diag ] ||
	fail "xtcp-ss worked, but xtcp_diag is not loaded"
