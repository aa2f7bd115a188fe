#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# socket(AF_INET, SOCK_STREAM, 253) opens an xtcp socket: SO_DOMAIN,
# SO_TYPE and SO_PROTOCOL say what the user asked for.
. "$(dirname "$0")/../lib.sh"

out=$(sockcheck -p 253 -t stream) || fail "socket() failed: $out"
expect_eq "socket()" "ok domain=2 type=1 protocol=253" "$out"
