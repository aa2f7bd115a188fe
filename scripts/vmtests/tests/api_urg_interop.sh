#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Urgent data both ways between an interop xtcp socket (TCP on the
# wire) and the kernel's TCP on lo; skipped over IPv6 (no interop there).
# (xtcp_api.py urg_interop, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case urg_interop
