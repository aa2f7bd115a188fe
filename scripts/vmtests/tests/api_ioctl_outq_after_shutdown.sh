#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SIOCOUTQ and SIOCOUTQNSD go back to 0 once the data and then the FIN
# of shutdown(SHUT_WR) are acknowledged (they once read -1 after it).
# (xtcp_api.py ioctl_outq_after_shutdown, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case ioctl_outq_after_shutdown
