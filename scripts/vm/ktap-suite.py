#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""ktap-suite.py LOG SUITE - print KUnit suite SUITE's results from kernel
log LOG (dmesg, timestamps allowed) as a KTAP document of its own.

A module's suites are printed in the kernel log as nested documents,
numbered in load order, with every case's full diagnostics (debugfs keeps
only 512 bytes a case on 6.1). The suite's lines are taken from its header
to its result line, and the result is renumbered 1 under a "1..1" plan, so
kunit.py parse judges exactly this suite. A suite whose result line never
came (a crash) is printed without it: kunit.py then reports it as failed.
Exit status 1 if the suite does not appear at all.
"""
import re
import sys

log, suite = sys.argv[1], sys.argv[2]
stamp = re.compile(r'^\[ *[0-9]+\.[0-9]+\] ?')
lines = [stamp.sub('', l.rstrip('\r\n')) for l in open(log, errors='replace')]
start = next((i for i, l in enumerate(lines)
              if l.strip() == f'# Subtest: {suite}'), None)
if start is None:
    sys.exit(1)
if start > 0 and lines[start - 1].strip().startswith('KTAP version'):
    start -= 1
result = re.compile(rf'^(not ok|ok) [0-9]+ {re.escape(suite)}(\s.*)?$')
print('KTAP version 1')
print('1..1')
for line in lines[start:]:
    m = result.match(line)
    if m:
        print(f'{m.group(1)} 1 {suite}{m.group(2) or ""}')
        break
    print(line)
