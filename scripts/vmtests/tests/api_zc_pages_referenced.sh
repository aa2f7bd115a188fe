#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# No copy at the write: corked, a MSG_ZEROCOPY write whose buffer changes
# afterwards arrives changed (a copied write as it was), and so does
# sendfile() of a file changed afterwards: the pages are referenced.
# (xtcp_api.py zc_pages_referenced, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case zc_pages_referenced
