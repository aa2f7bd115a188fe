#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SO_ZEROCOPY and MSG_ZEROCOPY on loopback as on Linux TCP: the data whole,
# each write notified once on the error queue (ranges of write numbers),
# COPIED as loopback delivery copies; both ways (the accepted socket too);
# on 6.1 SO_ZEROCOPY is EOPNOTSUPP but for TCP and UDP, XTCP_ZEROCOPY then.
# (xtcp_api.py zc_send, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case zc_send
