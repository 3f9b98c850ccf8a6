#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Interleaved timing of commands, for comparing builds or inputs on a
machine whose speed drifts from minute to minute (see RESULTS.md): each
round runs every command once, in turn, so that a slow minute slows them
all alike. Prints the median wall time (and the fastest), the median CPU
time (user + system of the command and its children) and the largest peak
RSS of each.

    python3 bench/ab.py N [--json OUT] 'cmd A ...' 'cmd B ...' [...]
    python3 bench/ab.py N [--json OUT] 'NAME=cmd A ...' ...

The commands run through /bin/sh, output discarded; one extra round first
is a warm-up and not counted. A command may be given a name as NAME=... when
NAME has no space. --json writes {"rounds": N, "results": [{"name",
"command", "wall_ms" (the median), "fastest_ms", "cpu_ms" (the median),
"maxrss_kb", "walls_ms"}]} (bench/run.sh's layout matrix reads it).
"""
import json
import os
import re
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
    # ru_maxrss: the largest of the shell and the children it waited for
    return wall * 1000, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_maxrss


def main():
    args = sys.argv[1:]
    if len(args) < 2 or not args[0].isdigit():
        sys.exit(__doc__)
    rounds, args = int(args[0]), args[1:]
    out = None
    if args[0] == "--json":
        if len(args) < 3:
            sys.exit(__doc__)
        out, args = args[1], args[2:]
    names, cmds = [], []
    for a in args:
        m = re.match(r"^([^\s=]+)=(.*)$", a)
        names.append(m.group(1) if m else a)
        cmds.append(m.group(2) if m else a)
    wall = [[] for _ in cmds]
    cpu = [[] for _ in cmds]
    rss = [0 for _ in cmds]
    with open(os.devnull, "wb") as devnull:
        for k in range(rounds + 1):
            for i, c in enumerate(cmds):
                w, u, r = run(c, devnull)
                if k:
                    wall[i].append(w)
                    cpu[i].append(u)
                    rss[i] = max(rss[i], r)
    results = []
    for i, c in enumerate(cmds):
        print(f"{statistics.median(wall[i]):8.1f} ms wall "
              f"(fastest {min(wall[i]):7.1f})  "
              f"{statistics.median(cpu[i]):8.1f} ms CPU  {rss[i] / 1024:6.1f} MiB  {names[i]}")
        results.append({"name": names[i], "command": c,
                        "wall_ms": statistics.median(wall[i]), "fastest_ms": min(wall[i]),
                        "cpu_ms": statistics.median(cpu[i]), "maxrss_kb": rss[i],
                        "walls_ms": wall[i]})
    if out:
        with open(out, "w", encoding="utf-8") as f:
            json.dump({"rounds": rounds, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
