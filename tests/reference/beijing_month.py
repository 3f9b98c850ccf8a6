# SPDX-License-Identifier: MIT
"""Independent computation of one month of the demo (Beijing UCI data, P2/P3).

Usage: python3 beijing_month.py [--data DIR] [--stations FILE] YYYY-MM

Reads the twelve UCI files data/beijing_multisite/PRSA_Data_*_20130301-
20150228.csv.gz directly (not through aqrank), treats every station as its
own unit as etc/beijing.stations.csv says, leaves reference sites out of
their unit (N5.3.1, policy include_reference_sites = no: 定陵, whose only
station is a reference site, is not a unit of the evaluation and is not
listed), and prints for the month, per unit: the six statistics, the single
indices, the composite index, the PM2.5 mean, the valid days, the good days
and the good-days ratio, the sufficiency flag and the rank.

Written from the specification's standards.md, standard library only. Every
value is a fractions.Fraction; every rounding is Python's round() on a
Fraction, which is half to even on the exact value (GB/T 8170, N1.4). The
rounding chain is the default "published" one (N1.5): station daily values
(L1), unit daily values (L2), period statistics (L3), single indices (L4)
are rounded; the composite is their sum (L5). The purpose is to check the
demo's numbers against a computation that shares no code with aqrank
(tests/suites/demo_check.sh).

Output: CSV on stdout, one row per unit (sorted by unit_en), header below.
Missing values are empty.
"""
import argparse
import calendar
import csv
import glob
import gzip
import math
import os
import sys
from collections import defaultdict
from fractions import Fraction

POLLUTANTS = ["so2", "no2", "pm10", "pm25", "co", "o3"]
DAILY_MEAN = ["so2", "no2", "pm10", "pm25", "co"]  # N5.1.7
COLUMN = {"so2": "SO2", "no2": "NO2", "pm10": "PM10", "pm25": "PM2.5",
          "co": "CO", "o3": "O3"}
DIGITS = {"so2": 0, "no2": 0, "pm10": 0, "pm25": 0, "co": 1, "o3": 0}  # N1.1
LIMIT = {"so2": 60, "no2": 40, "pm10": 70, "pm25": 35, "co": 4, "o3": 160}  # N6.2.1

# N4.1 (HJ 633-2012 Table 1), daily report columns. None = no breakpoint.
IAQI_LEVELS = [0, 50, 100, 150, 200, 300, 400, 500]
BREAKPOINTS = {
    "so2": [0, 50, 150, 475, 800, 1600, 2100, 2620],
    "no2": [0, 40, 80, 180, 280, 565, 750, 940],
    "pm10": [0, 50, 150, 250, 350, 420, 500, 600],
    "pm25": [0, 35, 75, 115, 150, 250, 350, 500],
    "co": [0, 2, 4, 14, 24, 36, 48, 60],
    "o3_8h": [0, 100, 160, 215, 265, 800, None, None],
    "o3_1h": [0, 160, 200, 300, 400, 800, 1000, 1200],
}

HEADER = ["unit", "unit_en", "sufficient", "rank", "composite_index"] + \
    [f"stat_{p}" for p in POLLUTANTS] + [f"si_{p}" for p in POLLUTANTS] + \
    [f"days_{p}" for p in POLLUTANTS] + \
    ["good_days", "valid_aqi_days", "good_days_ratio"]


def rnd(x, digits):
    """GB/T 8170: half to even on the exact value (N1.4.1-N1.4.3)."""
    return Fraction(round(Fraction(x), digits))


def mean(xs):
    return Fraction(sum(xs), len(xs))


def percentile(xs, p):
    """N5.4 (HJ 663 Appendix A): k = 1 + (n-1)p/100, linear interpolation."""
    xs = sorted(xs)
    n = len(xs)
    k = 1 + Fraction((n - 1) * p, 100)
    s = math.floor(k)
    if s >= n:
        return xs[n - 1]
    return xs[s - 1] + (xs[s] - xs[s - 1]) * (k - s)


def iaqi(indicator, c):
    """N4.3 on the rounded concentration, rounded up (N4.4.1). Above the top
    breakpoint: 500 (N4.5). O3 8h above 800: no IAQI (N4.1.2)."""
    bp = BREAKPOINTS[indicator]
    top = max(i for i, b in enumerate(bp) if b is not None)
    if c > bp[top]:
        return None if indicator == "o3_8h" else 500
    for i in range(1, top + 1):
        if c <= bp[i]:
            lo, hi = bp[i - 1], bp[i]
            exact = Fraction(IAQI_LEVELS[i] - IAQI_LEVELS[i - 1], hi - lo) * \
                (c - lo) + IAQI_LEVELS[i - 1]
            return math.ceil(exact)
    raise AssertionError("unreachable")


def daily_aqi(day):
    """N4.7.1 (R2012, daily_o3_1h = on): seven indicators; AQI = max of the
    IAQIs present (N4.6.1). N4.9.1/N4.9.3: with one of the six pollutants
    missing, the AQI counts only if it is above 100; otherwise None (the
    day is not a valid day for the good-days ratio)."""
    values = {}
    for p in DAILY_MEAN:
        if p in day:
            values[p] = iaqi(p, day[p])
    o3_missing = "o3" not in day
    if "o3" in day:
        v = iaqi("o3_8h", day["o3"])
        if v is not None:
            values["o3_8h"] = v
        # N4.1.2: over 800 O3 is judged by its 1-hour maximum, not missing
    if "o3_1h" in day:
        values["o3_1h"] = iaqi("o3_1h", day["o3_1h"])
    if not values:
        return None
    aqi = max(values.values())
    missing = any(p not in day for p in DAILY_MEAN) or o3_missing
    if missing and aqi <= 100:
        return None
    return aqi


def fmt(x, digits):
    """An exact Fraction with a fixed number of decimals (already rounded)."""
    if x is None:
        return ""
    scaled = x * 10 ** digits
    assert scaled.denominator == 1, x
    n = scaled.numerator
    sign = "-" if n < 0 else ""
    n = abs(n)
    if digits == 0:
        return f"{sign}{n}"
    return f"{sign}{n // 10 ** digits}.{n % 10 ** digits:0{digits}d}"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.path.join(root, "data", "beijing_multisite"))
    ap.add_argument("--stations", default=os.path.join(root, "etc", "beijing.stations.csv"))
    ap.add_argument("month", help="YYYY-MM")
    args = ap.parse_args()
    year, month = (int(x) for x in args.month.split("-"))
    ndays = calendar.monthrange(year, month)[1]

    # P1: station -> unit; reference sites (对照点) do not count (N5.3.1)
    unit_of, unit_en, units = {}, {}, []
    with open(args.stations, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["unit"] not in unit_en:
                units.append(row["unit"])
                unit_en[row["unit"]] = row.get("unit_en") or row["unit"]
            if row.get("reference", "N").strip().upper() not in ("Y", "YES", "1"):
                unit_of[row["station"]] = row["unit"]
    # N5.3.1: a unit without an assessment station is not evaluated
    units = [u for u in units if u in unit_of.values()]

    # hours[(station, day)][pollutant][hour-ending label 1..24] = value
    hours = defaultdict(lambda: defaultdict(dict))
    files = sorted(glob.glob(os.path.join(args.data, "PRSA_Data_*_20130301-20150228.csv.gz")))
    if len(files) != 12:
        sys.exit(f"expected 12 UCI files in {args.data}, found {len(files)}")
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if int(row["year"]) != year or int(row["month"]) != month:
                    continue
                station = row["station"]
                if station not in unit_of:
                    continue
                # P1/N1.3.3: the UCI hour h starts the hour (h, h+1]: it is
                # the hour-ending label h+1 of the same day (23 -> 24).
                day, label = int(row["day"]), int(row["hour"]) + 1
                for p in POLLUTANTS:
                    text = row[COLUMN[p]]
                    if text == "NA" or text == "":
                        continue
                    v = Fraction(text)
                    if v < 0:
                        continue  # N3.2: not a valid hourly value
                    if p == "co":
                        v /= 1000  # N1.1: UCI CO is in ug/m3
                    hours[(station, day)][p][label] = v

    # L1: station daily values
    station_day = {}
    for (station, day), by_p in hours.items():
        out = {}
        for p in DAILY_MEAN:  # N5.1.5: >= 20 valid hours
            h = by_p.get(p, {})
            if len(h) >= 20:
                out[p] = rnd(mean(list(h.values())), DIGITS[p])
        o3 = by_p.get("o3", {})
        windows = []
        for end in range(8, 25):  # N5.1.3: 17 windows ending 08..24
            vals = [o3[x] for x in range(end - 7, end + 1) if x in o3]
            if len(vals) >= 6:  # N5.1.2
                windows.append(rnd(mean(vals), 0))
        if windows and (len(windows) >= 14 or max(windows) > 160):  # N5.1.4
            out["o3"] = max(windows)
        if o3:
            # N4.7.1 O3 daily maximum 1-hour value. The standard states no
            # minimum for it; any valid hour makes it (a choice, see README).
            out["o3_1h"] = rnd(max(o3.values()), 0)
        station_day[(station, day)] = out

    # L2: unit daily values = mean of the stations' valid values (N5.3.2,
    # N5.3.3: one valid station suffices), rounded
    unit_day = defaultdict(dict)
    for u in units:
        for d in range(1, ndays + 1):
            for p in POLLUTANTS + ["o3_1h"]:
                vals = [station_day[(s, d)][p] for s, su in unit_of.items()
                        if su == u and (s, d) in station_day and p in station_day[(s, d)]]
                if vals:
                    unit_day[(u, d)][p] = rnd(mean(vals), DIGITS.get(p, 0))

    minimum = 25 if month == 2 else 27  # N5.2
    results = {}
    for u in units:
        days = [unit_day[(u, d)] for d in range(1, ndays + 1) if (u, d) in unit_day]
        stat, count = {}, {}
        for p in POLLUTANTS:
            xs = [dv[p] for dv in days if p in dv]
            count[p] = len(xs)
            if not xs:
                continue
            if p == "co":
                stat[p] = rnd(percentile(xs, 95), 1)  # N5.5, N6.2.1
            elif p == "o3":
                stat[p] = rnd(percentile(xs, 90), 0)
            else:
                stat[p] = rnd(mean(xs), 0)  # N5.1.6
        si = {p: rnd(Fraction(stat[p]) / LIMIT[p], 2) for p in stat}  # N6.2.3
        composite = sum(si.values()) if len(si) == 6 else None  # N6.2.4, N6.2.6
        sufficient = composite is not None and all(count[p] >= minimum for p in POLLUTANTS)
        aqis = [a for a in (daily_aqi(dv) for dv in days) if a is not None]
        good = sum(1 for a in aqis if a <= 100)  # N5.7.1
        ratio = rnd(Fraction(100 * good, len(aqis)), 1) if aqis else None
        results[u] = dict(stat=stat, si=si, composite=composite, count=count,
                          sufficient=sufficient, good=good, valid=len(aqis), ratio=ratio)

    # N6.3 / P3: competition ranking of the sufficient units
    ranked = [results[u]["composite"] for u in units if results[u]["sufficient"]]
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(HEADER)
    for u in sorted(units, key=lambda x: unit_en[x]):
        r = results[u]
        rank = ""
        if r["sufficient"]:
            rank = str(1 + sum(1 for c in ranked if c < r["composite"]))
        w.writerow([u, unit_en[u], "1" if r["sufficient"] else "0", rank,
                    fmt(r["composite"], 2)] +
                   [fmt(r["stat"].get(p), DIGITS[p]) for p in POLLUTANTS] +
                   [fmt(r["si"].get(p), 2) for p in POLLUTANTS] +
                   [str(r["count"][p]) for p in POLLUTANTS] +
                   [str(r["good"]), str(r["valid"]), fmt(r["ratio"], 1)])


if __name__ == "__main__":
    main()
