#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh - make demo: build xtcp for Debian's stock kernel (XTCP_KERNEL to
# pick another), boot it in QEMU and show a client and a server over xtcp.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kernel=${XTCP_KERNEL:-6.1}
need_packages $XTCP_PACKAGES
log "building xtcp for the $kernel kernel"
bdir=$("$XTCP_TOP/scripts/build.sh" "$kernel")
make -s -C "$XTCP_TOP/scripts/vmtests/helpers" O="$XTCP_BUILD/helpers"
log "booting the $kernel kernel in QEMU"
cd "$XTCP_TOP"
out=$XTCP_BUILD/demo
rm -rf "$out" && mkdir -p "$out"
rc=0
"$XTCP_TOP/scripts/vm-run.sh" -k "$kernel" -t 300 -o "$out" -- \
	scripts/vm/demo-guest.sh "$bdir/module/xtcp.ko" "$XTCP_BUILD/helpers" |
	grep -v -E '^\[ *[0-9]+\.[0-9]+\] reboot:|^xtcp-vm: exit status' || rc=$?
# The demo ran to the end whether or not the exchange completed (it says
# which); anything else is a failure of the harness.
# The walk of the connection through RFC 793's Figure 6, drawn here (not
# in the emulated VM) from what the VM recorded.
if [ -s "$out/xtcp-states.json" ]; then
	printf '\n== the connection through RFC 793 Figure 6 (scripts/xtcp-states)\n'
	"$XTCP_TOP/scripts/xtcp-states" draw --text -o "$out/xtcp-states.svg" \
		"$out/xtcp-states.json" | sed 's/^/   /' || rc=3
	log "the picture: $out/xtcp-states.svg (the segments:" \
		"$out/xtcp-states.pcap, tshark -X lua_script:scripts/xtcp.lua -r it)"
fi
case $rc in
0) log "demo finished: the exchange completed" ;;
1) log "demo finished: the exchange did not complete (see above)" ;;
*) die "demo failed (exit status $rc)" ;;
esac
