#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# doc-check.sh - the reference documents against the code, in seconds
# (make check runs it):
#   lint      Documentation/xtcp.7 is clean under mandoc -T lint and
#             groff -ww (both installed here, quietly, if missing);
#   sysctls   every net.xtcp sysctl of module/ctrl.c is in xtcp(7)'s
#             "/proc interfaces" and in the "Sysctls" section of
#             Documentation/xtcp.rst, and neither has one the code lacks;
#   counters  the same for the counters of module/mib.c, in xtcp(7)'s and
#             xtcp.rst's "Counters";
#   options   the same for the TCP_* socket options of module/sockopt.c, in
#             xtcp(7)'s "Socket options".
# Each is a result, as make check records them (scripts/results.sh); run
# alone, it prints them and "N passed, N failed", and exits non-zero if
# one failed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

. "$XTCP_TOP/scripts/results.sh"
alone=
results_alone doc-check docs && alone=1
mkdir -p "$XTCP_CHECK"
need_packages mandoc groff-base

man=$XTCP_TOP/Documentation/xtcp.7
rst=$XTCP_TOP/Documentation/xtcp.rst
src=$XTCP_TOP/module

# man_part TITLE - the lines of xtcp(7)'s section or subsection TITLE.
man_part() {
	awk -v t="$1" '/^\.S[HS] / { on = (substr($0, 5) == t); next } on' "$man"
}

# man_items TITLE ERE - the words of the .TP items of TITLE matching ERE.
man_items() {
	man_part "$1" | awk -v re="$2" 'prev == ".TP" && $0 ~ re { print $2 }
		{ prev = $0 }'
}

# rst_part TITLE - the lines of xtcp.rst's section TITLE (a title line
# underlined with = or -), up to the next title.
rst_part() {
	awk -v t="$1" '
		{ line[NR] = $0 }
		END {
			for (i = 1; i <= NR; i++) {
				if (line[i] != "" && line[i + 1] ~ /^(=+|-+)$/) {
					on = (line[i] == t)
					i++
					continue
				}
				if (on)
					print line[i]
			}
		}' "$rst"
}

# same NAME CODE DOC... - the lists (files, a name a line) are the same
# set; a result, whose detail says what is missing where.
same() {
	local name=$1 code=$2 doc rc=0 out=$XTCP_CHECK/docs-${1%%[: ]*}.txt
	shift 2
	: >"$out"
	sort -u -o "$code" "$code"
	[ -s "$code" ] || { echo "found none in the code: update $0" >>"$out"; rc=1; }
	for doc; do
		sort -u -o "$doc" "$doc"
		comm -23 "$code" "$doc" | sed "s|^|missing from ${doc##*/}: |" >>"$out"
		comm -13 "$code" "$doc" | sed "s|^|in ${doc##*/}, not in the code: |" >>"$out"
	done
	[ -s "$out" ] && rc=1
	record "docs/$name" "$(status $rc)" "$out"
}

lint() {
	local rc=0 out=$XTCP_CHECK/docs-lint.txt
	mandoc -T lint "$man" >"$out" 2>&1 || rc=1
	record "docs/mandoc -T lint xtcp.7" "$(status $rc)" "$out"
	rc=0
	groff -ww -man -Tutf8 "$man" 2>"$out" >/dev/null || rc=1
	[ -s "$out" ] && rc=1
	record "docs/groff -ww -man xtcp.7" "$(status $rc)" "$out"
}

lint
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir "$t/sysctls" "$t/counters" "$t/options"

grep -oE 'procname[[:space:]]*=[[:space:]]*"[a-z0-9_]+"' "$src/ctrl.c" |
	cut -d'"' -f2 >"$t/sysctls/code"
man_part "/proc interfaces" |
	sed -nE 's/^\.IR ([a-z0-9_]+) " \(.*/\1/p' >"$t/sysctls/xtcp.7"
rst_part Sysctls | sed -nE 's/^([a-z0-9_]+) - .*/\1/p' >"$t/sysctls/xtcp.rst"
same "sysctls: module/ctrl.c, xtcp.7, xtcp.rst" "$t/sysctls/code" \
	"$t/sysctls/xtcp.7" "$t/sysctls/xtcp.rst"

grep -oE '"[A-Z][A-Za-z0-9]+"' "$src/mib.c" | tr -d '"' >"$t/counters/code"
man_items Counters '^\.B [A-Za-z0-9]+$' >"$t/counters/xtcp.7"
rst_part Counters | sed -nE 's/^``([A-Za-z0-9]+)``$/\1/p' >"$t/counters/xtcp.rst"
same "counters: module/mib.c, xtcp.7, xtcp.rst" "$t/counters/code" \
	"$t/counters/xtcp.7" "$t/counters/xtcp.rst"

grep -oE 'case TCP_[A-Z_]+:' "$src/sockopt.c" | sed 's/case //; s/://' \
	>"$t/options/code"
man_items "Socket options" '^\.B TCP_[A-Z_]+$' >"$t/options/xtcp.7"
same "socket options: module/sockopt.c, xtcp.7" "$t/options/code" \
	"$t/options/xtcp.7"

[ -n "$alone" ] || exit 0
results_print "$XTCP_RESULTS"
