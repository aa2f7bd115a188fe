#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# After rmmod, socket(AF_INET, SOCK_STREAM, 253) fails with
# EPROTONOSUPPORT (no module to autoload here); after insmod it works again.
. "$(dirname "$0")/../lib.sh"

xtcp_unload || fail "rmmod failed"
out=$(sockcheck -p 253) && fail "socket() opened without the module: $out"
expect_eq "socket() after rmmod" EPROTONOSUPPORT "$out"
xtcp_load || fail "insmod failed"
sockcheck -p 253 >/dev/null || fail "socket() failed after insmod again"
