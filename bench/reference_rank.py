# SPDX-License-Identifier: MIT
"""Slow, literal reference for the monthly unit ranking job of bench/.

Usage: python3 reference_rank.py --stations STATIONS.csv INPUT.csv OUTPUT.csv

Standard library only. Every value is an exact fractions.Fraction and every
rounding is Python's round() on a Fraction, which rounds half to even on the
exact value: GB/T 8170 as N1.4.1-N1.4.3 require. It follows the definition in
README.md ("The job") step by step, in the standard's own units (CO in mg/m3)
and with the hour-ending labels of N1.3.3, so that it shares no arithmetic
trick with the two fast peers (duckdb_rank.mjs, pandas_rank.py) that it
checks. It is meant for small files (a few hundred thousand rows).

On stderr it prints how often each validity and rounding rule decided
something, so that a test file can be shown to exercise every branch.
"""
import argparse
import csv
import re
import sys
from collections import Counter, defaultdict
from fractions import Fraction

POLLUTANTS = ["so2", "no2", "pm10", "pm25", "co", "o3"]
DAILY_MEAN = ["so2", "no2", "pm10", "pm25", "co"]
DECIMALS = {"so2": 0, "no2": 0, "pm10": 0, "pm25": 0, "co": 1, "o3": 0}  # N1.1
LIMIT = {"so2": 60, "no2": 40, "pm10": 70, "pm25": 35, "co": 4, "o3": 160}  # N6.2.1
TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}):00$")

tally = Counter()


def rounded(x, decimals, what):
    """GB/T 8170 on the exact value (N1.4); counts exact ties per level."""
    scaled = x * 10 ** decimals
    if scaled.denominator == 2:
        tally[f"rounding: exact tie (x.5) at {what}"] += 1
    return round(x, decimals)


def mean(values):
    return Fraction(sum(values), len(values))


def percentile(values, p):
    """N5.4: k = 1 + (n-1)p/100, X_p = X(s) + (X(s+1) - X(s))(k - s)."""
    xs = sorted(values)
    n = len(xs)
    k = 1 + Fraction((n - 1) * p, 100)
    s = k.numerator // k.denominator
    if s == n:
        return xs[n - 1]
    return xs[s - 1] + (xs[s] - xs[s - 1]) * (k - s)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stations", required=True)
    ap.add_argument("input")
    ap.add_argument("output")
    args = ap.parse_args()

    unit_of = {}
    with open(args.stations, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            unit_of[row["station"]] = row["unit"]

    # (station, day) -> pollutant -> {hour-ending label 1..24: value}
    hours = defaultdict(lambda: {p: {} for p in POLLUTANTS})
    with open(args.input, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != ["station", "time"] + POLLUTANTS:
            sys.exit(f"{args.input}: unexpected header {reader.fieldnames}")
        for row in reader:
            if row["station"] not in unit_of:
                tally["rows of stations not in the stations file (ignored)"] += 1
                continue
            m = TIME.match(row["time"])
            if not m:
                sys.exit(f"{args.input}: bad time {row['time']!r}")
            # The row's time T starts the hour (T, T+1h]: hour-ending label
            # hour(T)+1 of T's own day (N1.3.3), so 23:00 is label 24.
            day, label = m.group(1), int(m.group(2)) + 1
            slot = hours[(row["station"], day)]
            for p in POLLUTANTS:
                if row[p] != "":
                    slot[p][label] = Fraction(row[p])

    # L1: station daily values (N5.1.3-N5.1.5), rounded (N1.5)
    # unit_day[(unit, day)][pollutant] = list of valid station values
    unit_day = defaultdict(lambda: {p: [] for p in POLLUTANTS})
    for (station, day), by_pollutant in hours.items():
        values = unit_day[(unit_of[station], day)]
        for p in DAILY_MEAN:
            h = by_pollutant[p]
            if len(h) >= 20:
                values[p].append(rounded(mean(list(h.values())), DECIMALS[p], "L1 daily mean"))
            else:
                tally[f"{p}: station-day invalid (< 20 hours)"] += 1
        o3 = by_pollutant["o3"]
        windows = []
        for end in range(8, 25):  # the 17 windows labelled 8..24
            vals = [o3[h] for h in range(end - 7, end + 1) if h in o3]
            if len(vals) >= 6:
                windows.append(rounded(mean(vals), 0, "L1 8-hour mean"))
            else:
                tally["o3: 8-hour window invalid (< 6 hours)"] += 1
        if len(windows) >= 14:
            values["o3"].append(max(windows))
        elif windows and max(windows) > 160:
            values["o3"].append(max(windows))
            tally["o3: MDA8 valid by exceedance with < 14 windows"] += 1
        elif windows:
            tally["o3: MDA8 invalid (< 14 windows, max <= 160)"] += 1
            if max(windows) == 160:
                tally["o3: MDA8 invalid with rounded max exactly 160"] += 1
        else:
            tally["o3: MDA8 invalid (no valid window)"] += 1

    # L2: unit daily values (N5.3.2), rounded; months of unit-days
    series = defaultdict(lambda: {p: [] for p in POLLUTANTS})  # (unit, "YYYY-MM")
    for (unit, day), values in unit_day.items():
        s = series[(unit, day[:7])]
        for p in POLLUTANTS:
            if values[p]:
                s[p].append(rounded(mean(values[p]), DECIMALS[p], "L2 unit-day"))

    # L3-L5 per unit-month (N5.2, N5.4, N6.2)
    results = []  # [unit, period, composite or None, sufficient]
    for (unit, period), s in series.items():
        minimum = 25 if period.endswith("-02") else 27  # N5.2
        stats, sufficient = {}, True
        for p in POLLUTANTS:
            if not s[p]:
                tally[f"{p}: unit-month without any valid day"] += 1
                continue
            if len(s[p]) < minimum:
                sufficient = False
                tally[f"{p}: unit-month below the monthly minimum"] += 1
            elif len(s[p]) < 27:
                tally[f"{p}: February unit-month valid with 25-26 days"] += 1
            if p == "co":
                stats[p] = rounded(percentile(s[p], 95), 1, "L3 CO p95")
            elif p == "o3":
                stats[p] = rounded(percentile(s[p], 90), 0, "L3 O3 p90")
            else:
                stats[p] = rounded(mean(s[p]), 0, "L3 monthly mean")
        if len(stats) < len(POLLUTANTS):
            results.append([unit, period, None, False])  # N6.2.6: no index
            continue
        composite = sum(rounded(Fraction(stats[p]) / LIMIT[p], 2, "L4 single index")
                        for p in POLLUTANTS)
        results.append([unit, period, composite, sufficient])
        if not sufficient:
            tally["unit-month with an index but insufficient (unranked)"] += 1

    # N6.3: competition ranking of the sufficient units of each period
    ranked = defaultdict(list)
    for unit, period, composite, sufficient in results:
        if sufficient:
            ranked[period].append(composite)
    with open(args.output, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["unit", "period", "composite_index", "rank", "sufficient"])
        for unit, period, composite, sufficient in sorted(results, key=lambda r: (r[1], r[0])):
            rank = ""
            if sufficient:
                rank = 1 + sum(1 for other in ranked[period] if other < composite)
                if sum(1 for other in ranked[period] if other == composite) > 1:
                    tally["rank shared by a tie"] += 1
            text = ""
            if composite is not None:
                hundredths = composite * 100
                assert hundredths.denominator == 1
                text = f"{hundredths.numerator // 100}.{hundredths.numerator % 100:02d}"
            w.writerow([unit, period, text, rank, "true" if sufficient else "false"])
    for k, v in sorted(tally.items()):
        print(f"{v:9d}  {k}", file=sys.stderr)


if __name__ == "__main__":
    main()
