#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# accept4(SOCK_NONBLOCK | SOCK_CLOEXEC) gives a descriptor with
# O_NONBLOCK and FD_CLOEXEC; accept4(0) gives neither, though the listener
# is non-blocking.
# (xtcp_api.py accept4_flags, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case accept4_flags
