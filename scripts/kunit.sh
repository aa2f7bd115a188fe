#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kunit.sh - build xtcp and kunit/ against the debug kernel, run the KUnit
# suites in a VM and parse each suite's KTAP with the kernel tree's own
# tools/testing/kunit/kunit.py, one suite at a time, from the kernel log
# (scripts/vm/ktap-suite.py). Writes build/debug/kunit-results/SUITE.json and
# prints one line per test case: "PASS suite.case" / "FAIL suite.case"
# (or SKIP). Exits non-zero if any case failed, a suite that kunit/
# defines reported nothing, or the VM did not finish.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$("$XTCP_TOP/scripts/kernel/source.sh")
bdir=$("$XTCP_TOP/scripts/build.sh" debug)
out=$bdir/kunit-results
rm -rf "$out"
mkdir -p "$out"
cd "$XTCP_TOP"
vmrc=0
"$XTCP_TOP/scripts/vm-run.sh" -k debug -t "${XTCP_VM_TIMEOUT:-900}" -o "$out" -- \
	scripts/vm/kunit-guest.sh "$bdir/module/xtcp.ko" "$bdir/kunit/xtcp_kunit.ko" \
	>"$out/run.log" 2>&1 || vmrc=$?
[ $vmrc -eq 0 ] || { tail -n 30 "$out/run.log" >&2; log "KUnit VM failed ($vmrc)"; }

# The suites kunit/ defines; each must have reported.
mapfile -t suites < <(sed -n 's/^\s*\.name\s*=\s*"\([a-z0-9_]*\)",\?$/\1/p' \
	"$XTCP_TOP"/kunit/*.c | sort -u)
rc=$vmrc
for suite in "${suites[@]}"; do
	if ! "$XTCP_TOP/scripts/vm/ktap-suite.py" "$out/dmesg.txt" "$suite" \
		>"$out/$suite.tap" 2>/dev/null; then
		echo "FAIL $suite (no results)"
		rc=1
		continue
	fi
	"$src/tools/testing/kunit/kunit.py" parse --json="$out/$suite.json" \
		"$out/$suite.tap" >"$out/$suite.parse.log" 2>&1 || rc=1
	python3 - "$out/$suite.json" <<'PY' || rc=1
import json, sys
doc = json.load(open(sys.argv[1]))
bad = 0
def walk(group, prefix):
    global bad
    for case in group.get("test_cases", []):
        status = case["status"]
        word = {"PASS": "PASS", "SKIP": "SKIP"}.get(status, "FAIL")
        bad |= word == "FAIL"
        print(f"{word} {prefix}{case['name']}")
    for sub in group.get("sub_groups", []):
        walk(sub, prefix + sub["name"] + ".")
walk(doc, "")
if not doc.get("sub_groups"):
    print("FAIL no test cases parsed")
    bad = 1
sys.exit(bad)
PY
done
[ ${#suites[@]} -gt 0 ] || { echo "FAIL no suites found in kunit/"; rc=1; }
exit $rc
