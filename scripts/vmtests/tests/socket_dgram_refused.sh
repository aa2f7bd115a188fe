#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# xtcp registers SOCK_STREAM only: SOCK_DGRAM on its protocol is refused
# with EPROTONOSUPPORT, as for any unknown (type, protocol) pair.
. "$(dirname "$0")/../lib.sh"

out=$(sockcheck -p 253 -t dgram) && fail "SOCK_DGRAM opened: $out"
expect_eq "socket(SOCK_DGRAM)" EPROTONOSUPPORT "$out"
