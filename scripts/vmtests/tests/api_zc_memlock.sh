#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# MSG_ZEROCOPY's pinned pages count against RLIMIT_MEMLOCK as TCP's: a
# process without CAP_IPC_LOCK limited to 64 KiB gets ENOBUFS for 1 MiB.
# (xtcp_api.py zc_memlock, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case zc_memlock
