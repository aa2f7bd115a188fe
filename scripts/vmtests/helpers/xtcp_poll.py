# SPDX-License-Identifier: GPL-2.0
"""xtcp_poll.py - the pace at which the tests' Python helpers look again
at a condition they wait for (a file, a socket's state).

A look costs the emulated guest a wake-up and a system call or two; on
the debug kernel (KASAN, lockdep, kmemleak) that is a few milliseconds
of a vCPU. Looking every 5-10 ms for as long as an actor waits (some wait
for the whole test) cost up to a third of a vCPU per waiting actor, and
the more so the busier the host: a test slowed down by other VMs waited,
and so looked, longer. So a wait looks again after a tenth of the time it
has waited so far, at least 5 ms and at most 200 ms later: a short wait
stays quick, a long one costs a few looks a second, and what the wait
notices is late by at most a tenth of its length or 200 ms.

The shell side, lib.sh's wait_until, paces its looks the same way.
"""
import time

FIRST = 0.005   # s: the first looks of a wait
LAST = 0.2      # s: the slowest pace of a long wait


def nap(start):
    """Sleep until the next look of a wait that began at start (a
    time.monotonic() value)."""
    time.sleep(min(max((time.monotonic() - start) / 10, FIRST), LAST))
