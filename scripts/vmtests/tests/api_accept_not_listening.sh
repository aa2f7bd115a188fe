#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# accept() on a socket that is not listening (new, or bound)
# fails with EINVAL.
# (xtcp_api.py accept_not_listening, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case accept_not_listening
