#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SIGURG to the F_SETOWN owner when the urgent pointer comes; POLLPRI
# and EPOLLPRI while the octet waits; the octet alone out of line at the
# mark is not POLLIN.
# (xtcp_api.py urg_sigurg_poll, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case urg_sigurg_poll
