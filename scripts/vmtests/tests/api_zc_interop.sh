#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# MSG_ZEROCOPY and sendfile() from an interop xtcp socket to the kernel's
# TCP: the data whole, every write notified.
# (xtcp_api.py zc_interop, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case zc_interop
