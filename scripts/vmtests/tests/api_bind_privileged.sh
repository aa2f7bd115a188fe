#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bind() to a port below net.ipv4.ip_unprivileged_port_start works
# for root and fails with EACCES for uid 65534 (skipped if that sysctl is
# 0).
# (xtcp_api.py bind_privileged, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case bind_privileged
