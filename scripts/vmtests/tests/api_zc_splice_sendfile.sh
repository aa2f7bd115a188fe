#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sendfile() of a 1 MiB file and splice() from a pipe arrive byte-exact.
# (xtcp_api.py zc_splice_sendfile, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case zc_splice_sendfile
