#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# With SO_REUSEADDR on both, a second socket binds the port of a
# first that is not listening; a third without it gets EADDRINUSE. Only one
# of them can listen: listen() on the other fails with EADDRINUSE, and an
# SO_REUSEADDR bind() to a listening port fails with EADDRINUSE.
# (xtcp_api.py bind_reuseaddr, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case bind_reuseaddr
