#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SO_ATTACH_FILTER works as on Linux TCP: a classic BPF filter that drops
# every segment of an established connection stalls it (no data for the
# reader, the drops in SO_MEMINFO and, on xtcp, InFilterDrop), detaching
# it lets the data through; a filter that cuts each segment to one octet
# of data delivers the stream whole, an octet at a time.
# (xtcp_api.py opt_attach_filter, on protocol $XTCP_PROTO, default 253.)
. "$(dirname "$0")/../lib.sh"

api_case opt_attach_filter
