#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# An edge-triggered epoll on a listener reports EPOLLIN once per
# new pending connection and nothing in between; after accepting them all,
# accept() fails with EAGAIN and poll() reports nothing.
# (xtcp_api.py epoll_listener, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case epoll_listener
