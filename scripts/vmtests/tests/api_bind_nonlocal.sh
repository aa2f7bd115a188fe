#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bind() to an address that is not local (192.0.2.1) fails with
# EADDRNOTAVAIL.
# (xtcp_api.py bind_nonlocal, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case bind_nonlocal
