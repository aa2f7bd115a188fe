#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xtcp_figure6_check.py PICTURE [RECORD] A:ROW,... B:ROW,...
   xtcp_figure6_check.py -c LPORT:RPORT RECORD A:ROW,... B:ROW,...

Checks a picture of xtcp-states (scripts/xtcp-states draw: the dot
source, --dot, or the SVG, -o) structurally; with -c, the dot source of
that connection of RECORD, drawn here with xtcp-states' own code (as
draw --text --dot would, its steps printed: one program instead of two in
the VM). The picture's highlighted edges (class
"taken end-a" or "end-b", id step-END-ROW, labelled "(N,...) ROW ...")
must be exactly the steps given, each end's in the order given, and their
numbers 1 to N, each once, in the order of time (each end's ascending).
The chart of an SVG must number its steps 1 to N too. With RECORD (the
JSON of xtcp-states record), also: every socket tracepoint event matched a
change of the state machine, and the changes without a socket event are
exactly those out of TIME-WAIT (a TIME-WAIT entry has no socket).

Prints what it found; exits 1 on a difference.
"""
import importlib.machinery
import importlib.util
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def taken_dot(text):
    """(end, row, [numbers]) of every highlighted edge of dot source."""
    out = []
    for line in text.splitlines():
        if 'class="taken' not in line:
            continue
        m = re.search(r'id="step-([ab])-(T\d+)"', line)
        n = re.search(r'label="\(([\d,]+)\) (T\d+)', line)
        out.append((m.group(1).upper(), m.group(2),
                    [int(x) for x in n.group(1).split(",")]))
    return out, None


def taken_svg(text):
    """The same from graphviz's SVG, and the chart's step numbers."""
    root = ET.fromstring(text)
    out, chart = [], []
    for g in root.iter(SVG + "g"):
        cls = g.get("class", "").split()
        if "taken" in cls:
            m = re.match(r"step-([ab])-(T\d+)$", g.get("id", ""))
            label = " ".join(t.text or "" for t in g.iter(SVG + "text"))
            n = re.match(r"\(([\d,]+)\) (T\d+)", label)
            out.append((m.group(1).upper(), m.group(2),
                        [int(x) for x in n.group(1).split(",")]))
        if "step" in cls:
            chart.append(int(g.get("id").rsplit("-", 1)[1]))
    return out, chart


def draw(rec, conn):
    """The dot source of one connection, from xtcp-states' own code."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "..", "..", "xtcp-states")
    loader = importlib.machinery.SourceFileLoader("xtcp_states_tool", path)
    spec = importlib.util.spec_from_loader(loader.name, loader)
    tool = importlib.util.module_from_spec(spec)
    loader.exec_module(tool)
    with open(rec) as f:
        walk = tool.Walk(json.load(f), tuple(int(p) for p in
                                            conn.split(":")))
    sys.stdout.write(walk.text())
    return tool.dot_source(walk)


def main():
    args = sys.argv[1:]
    if args[0] == "-c":
        conn, rec = args[1], args[2]
        args = args[3:]
        text = draw(rec, conn)
    else:
        pic = args.pop(0)
        rec = args.pop(0) if args and not re.match(r"[AB]:", args[0]) \
            else None
        with open(pic) as f:
            text = f.read()
    want = {a[0]: [r for r in a[2:].split(",") if r] for a in args}
    edges, chart = (taken_svg if text.lstrip().startswith("<") else
                    taken_dot)(text)
    bad = []
    steps = sorted((n, end, row) for end, row, ns in edges for n in ns)
    got = {e: [row for _n, end, row in steps if end == e] for e in "AB"}
    for e in "AB":
        print("end %s: %s" % (e, " ".join(got[e]) or "-"))
        if got[e] != want.get(e, []):
            bad.append("end %s took %s, not %s" % (
                e, got[e], want.get(e, [])))
    nums = [n for n, _e, _r in steps]
    if nums != list(range(1, len(nums) + 1)):
        bad.append("step numbers %s, not 1 to %d" % (nums, len(nums)))
    if len({(e, r) for e, r, _n in edges}) != len(edges):
        bad.append("an edge drawn twice for one end")
    if chart is not None and sorted(chart) != list(range(1, len(nums) + 1)):
        bad.append("the chart numbers %s" % sorted(chart))
    if rec:
        with open(rec) as f:
            r = json.load(f)
        if r["unmatched_socket_events"]:
            bad.append("%d socket events match no change of the state "
                       "machine" % r["unmatched_socket_events"])
        nosock = [t for t in r["transitions"] if "socket" not in t]
        print("state changes %d, with a socket event %d" % (
            len(r["transitions"]), len(r["transitions"]) - len(nosock)))
        for t in nosock:
            if t["from"] != "TIME-WAIT":
                bad.append("%d-%d %s -> %s reached no socket tracepoint" % (
                    t["lport"], t["rport"], t["from"], t["to"]))
    for b in bad:
        print("xtcp_figure6_check: " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
