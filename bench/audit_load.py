#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The false-alarm load of `aqrank audit` on the real data (issue 17): for
each data set, the flags per station-month of each kind under a policy (the
built-in defaults, or --policy FILE), as the Markdown table of
docs/internals/AUDIT.md. A station-month counts when the station has any
value in the month.

    python3 bench/audit_load.py [--policy FILE] [--by-pollutant]

Builds its stores once in bench/data/ (audit_load_*.db) from data/ or, for
what the repository does not bundle, ../shared/data/.
"""
import collections
import glob
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AQ = os.environ.get("AQRANK", os.path.join(ROOT, os.environ.get("B", "build"), "aqrank"))
KINDS = ["flatline", "pm25_gt_pm10", "neighbour_divergence", "selective_gaps", "step_change"]


def data_files(name, pattern):
    """The files of data set NAME matching PATTERN (a glob below it) from
    data/NAME, and from ../shared/data/NAME for the months data/ does not
    bundle whole (a month counts as bundled with 28 files or more)."""
    found = {}
    for base in (os.path.join(ROOT, "data"), os.path.join(ROOT, "..", "shared", "data")):
        by_month = collections.defaultdict(list)
        for f in glob.glob(os.path.join(base, name, pattern), recursive=True):
            by_month[os.path.basename(f)[12:18] if name != "beijing_multisite" else ""].append(f)
        for month, files in by_month.items():
            if month not in found and (len(files) >= 28 or name == "beijing_multisite"):
                found[month] = files
    if not found:
        sys.exit(f"audit_load: no data for {name}")
    return sorted(f for files in found.values() for f in files)


def months(first, last):
    y, m = first
    while (y, m) <= last:
        yield f"{y:04d}-{m:02d}"
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


SETS = [
    # name, stations file, data, files, months
    ("UCI Beijing (12 stations, one per unit: neighbours by distance)",
     "beijing.stations.csv", "beijing_multisite", "*.csv.gz", list(months((2013, 3), (2015, 2)))),
    ("CNEMC Jing-Jin-Ji (13 city units)",
     "jingjinji.stations.csv", "cnemc_jingjinji", "**/china_sites_2019*.csv.gz", list(months((2019, 1), (2019, 6)))),
    ("CNEMC national (cities as units)",
     "national.stations.csv", "cnemc_national", "**/china_sites_2019*.csv.gz", ["2019-01", "2019-06"]),
]


def store(i, stations, data, pattern):
    db = os.path.join(ROOT, "bench", "data", f"audit_load_{i}.db")
    if not os.path.exists(db):
        os.makedirs(os.path.dirname(db), exist_ok=True)
        subprocess.run([AQ, "init", "--db", db + ".tmp", "--stations",
                        os.path.join(ROOT, "etc", stations)], check=True, stdout=subprocess.DEVNULL)
        files = data_files(data, pattern)
        rc = subprocess.run([AQ, "ingest", "--quiet", "--db", db + ".tmp"] + files).returncode
        if rc not in (0, 6):  # 6: rows or stations rejected, counted
            sys.exit(f"audit_load: ingest failed ({rc})")
        os.rename(db + ".tmp", db)
    return db


def main():
    args = sys.argv[1:]
    policy = args[args.index("--policy") + 1] if "--policy" in args else None
    by_pollutant = "--by-pollutant" in args
    print("| data | station-months | " + " | ".join(KINDS) + " | station-months with a flag |")
    print("|---|---|" + "---|" * len(KINDS) + "---|")
    detail = []
    for i, (name, stations, data, pattern, ms) in enumerate(SETS):
        db = store(i, stations, data, pattern)
        count = collections.Counter()
        per = collections.Counter()
        sm = flagged = 0
        for m in ms:
            cmd = [AQ, "audit", "--db", db, "--month", m, "--format", "json"]
            if policy:
                cmd += ["--policy", policy]
            out = subprocess.run(cmd, capture_output=True, text=True)
            if out.returncode:
                sys.exit(f"audit_load: {m}: {out.stderr.strip()}")
            d = json.loads(out.stdout)
            sm += sum(1 for s in d["stations"] if s["valid_hours"] > 0)
            flagged += sum(1 for s in d["stations"] if s["flagged_hours"] > 0)
            for f in d["flags"]:
                count[f["kind"]] += 1
                per[(f["kind"], f["pollutant"])] += 1
        cells = [f"{count[k]} ({count[k] / sm:.3f})" for k in KINDS]
        span = f"{ms[0]} and {ms[1]}" if len(ms) == 2 else f"{ms[0]}..{ms[-1]}"
        print(f"| {name}, {span} | {sm} | " + " | ".join(cells)
              + f" | {flagged} ({flagged / sm:.1%}) |")
        detail.append((name, per))
    if by_pollutant:
        for name, per in detail:
            print(f"\n{name}: " + ", ".join(f"{k} {p} {n}" for (k, p), n in sorted(per.items())))


if __name__ == "__main__":
    main()
