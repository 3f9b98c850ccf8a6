#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Interleaved timing of commands, for comparing two builds on a machine
whose speed drifts from minute to minute (see RESULTS.md): each round runs
every command once, in turn, so that a slow minute slows them all alike.
Prints the median wall time (and the fastest) and the median CPU time
(user + system of the command and its children) of each.

    python3 bench/ab.py N 'cmd A ...' 'cmd B ...' [...]

The commands run through /bin/sh, output discarded; one extra round first
is a warm-up and not counted.
"""
import os
import statistics
import subprocess
import sys
import time


def run(cmd, devnull):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, shell=True, stdout=devnull, stderr=devnull)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"ab.py: failed: {cmd}")
    return wall * 1000, (usage.ru_utime + usage.ru_stime) * 1000


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    rounds, cmds = int(sys.argv[1]), sys.argv[2:]
    wall = {c: [] for c in cmds}
    cpu = {c: [] for c in cmds}
    with open(os.devnull, "wb") as devnull:
        for k in range(rounds + 1):
            for c in cmds:
                w, u = run(c, devnull)
                if k:
                    wall[c].append(w)
                    cpu[c].append(u)
    for c in cmds:
        print(f"{statistics.median(wall[c]):8.1f} ms wall "
              f"(fastest {min(wall[c]):7.1f})  "
              f"{statistics.median(cpu[c]):8.1f} ms CPU  {c}")


if __name__ == "__main__":
    main()
