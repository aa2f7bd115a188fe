#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The loaded module is listed in /proc/net/protocols as XTCP, and not once
# it is unloaded.
. "$(dirname "$0")/../lib.sh"

grep -q '^XTCP ' /proc/net/protocols || fail "XTCP missing from /proc/net/protocols"
xtcp_unload || fail "rmmod failed"
! grep -q '^XTCP ' /proc/net/protocols || fail "XTCP listed after rmmod"
