#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP_CC_INFO answers an empty option with Reno and CUBIC, as TCP's
# (xtcp_api.py opt_cc_info).
. "$(dirname "$0")/../lib.sh"

api_case opt_cc_info
