#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The loaded module is listed in /proc/net/protocols as XTCP, with its
# memory accounting (the "memory" column not -1, "press" not NI), and not
# once it is unloaded.
. "$(dirname "$0")/../lib.sh"

grep -q '^XTCP ' /proc/net/protocols || fail "XTCP missing from /proc/net/protocols"
read -r _ _ _ memory press _ < <(grep '^XTCP ' /proc/net/protocols)
[ "$memory" -ge 0 ] && [[ $press =~ ^(yes|no)$ ]] ||
	fail "XTCP has no memory accounting: memory $memory, press $press"
xtcp_unload || fail "rmmod failed"
! grep -q '^XTCP ' /proc/net/protocols || fail "XTCP listed after rmmod"
