# SPDX-License-Identifier: MIT
"""Independent computation of the daily rules (docs/spec-daily.md, D1-D8).

Usage:
    python3 daily_ref.py check --format uci|cnemc --data DIR
                         --stations FILE [--targets FILE] OUTDIR

Reads the raw data files itself (the UCI Beijing files or the CNEMC daily
files), never aqrank's database, forms station days and unit days by the
national rules, and checks the JSON documents aqrank wrote into OUTDIR:

    span-FROM-TO[-BY].json   aqrank rank --from FROM --to TO [--by BY]
    track-DATE.json          aqrank track --date DATE --targets FILE
    plan-DATE.json           aqrank plan --month M --date DATE

For each document, every unit's numbers are recomputed here and compared:
statistics, composite index, sufficiency by D2, rank (P3 ties), the change
against the same calendar days of the previous year (D3), the targets'
allowance and good days needed, and the planner's thresholds. The two
searches of the issue are done by brute force here: the allowance and the
days to come over every whole x up to one whose mean is surely past the
limit, the planner's monthly PM2.5 over every whole C from 0 to 1500, each judged on the rounded mean
or on the rank the unit would have. One line per document: "ok NAME" or
"FAIL NAME: what differs".

Written from docs/spec-daily.md and the specification's standards.md,
standard library only. The rules of a day (N5.1, N4.7) are those of
beijing_month.py (the demo's reference), imported from it; every value is
an exact integer or fractions.Fraction, every rounding Python's round() on
a Fraction (half to even, GB/T 8170). Policy: etc/hengshui.policy's
defaults (insufficient_data = unranked, ranking by the composite index,
ladders of 4 and 4, bottom group 2).
"""
import argparse
import calendar
import csv
import datetime
import glob
import gzip
import json
import math
import os
import sys
from collections import defaultdict
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from beijing_month import (DAILY_MEAN, DIGITS, LIMIT, POLLUTANTS,  # noqa: E402
                           daily_aqi, percentile, rnd)

MICRO = 10 ** 6
# N3.2: the readers' default plausibility limits (values above are not
# valid hourly values)
PLAUSIBLE = {"so2": 10000, "no2": 10000, "pm10": 10000, "pm25": 10000,
             "co": 150, "o3": 10000}
REWARD, PENALTY, BOTTOM = 4, 4, 2  # etc/hengshui.policy: P4, P5
C_TOP = 1500  # the planner's brute force: C = 0..C_TOP


def half_even(num, den):
    """num/den (den > 0, num >= 0) rounded to an integer, half to even
    (GB/T 8170), in integers."""
    q, r = divmod(num, den)
    return q + (1 if 2 * r > den or (2 * r == den and q % 2) else 0)


def allowance(total, days, remaining, limit):
    """D7 by brute force: the largest x in 0..X whose year's mean
    (total + remaining x) / (days + remaining), rounded half to even, is at
    most limit; X is far past any answer (the mean at X exceeds limit + 1).
    None when even x = 0 fails."""
    n = days + remaining
    top = (limit + 2) * n // remaining + 2
    ok = [x for x in range(top + 1)
          if half_even(total + remaining * x, n) <= limit]
    assert not ok or max(ok) < top
    return max(ok) if ok else None


def micro(text):
    """A plain decimal string as an exact integer of micro-units."""
    if "." in text:
        whole, frac = text.split(".")
    else:
        whole, frac = text, ""
    frac = (frac + "000000")[:6] if len(frac) <= 6 else None
    if frac is None or not whole.isdigit() and whole != "":
        raise ValueError(text)
    return int(whole or "0") * MICRO + int(frac)


# ---- P1: the jurisdiction ----

def read_stations(path):
    """station -> unit for assessment stations (N5.3.1: reference sites do
    not count); the units of the evaluation in file order; English names."""
    unit_of, unit_en, order = {}, {}, []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(r for r in f if not r.startswith("#")):
            u = row["unit"]
            if u not in unit_en:
                order.append(u)
                unit_en[u] = row.get("unit_en") or u
            if row.get("reference", "N").strip().upper() not in ("Y", "YES", "1"):
                unit_of[row["station"]] = u
    units = [u for u in order if u in unit_of.values()]
    return unit_of, units, unit_en


# ---- Hours (N1.3.3: hour-ending labels 1..24) ----

def load_uci(data_dir, unit_of):
    """UCI files: hour h starts the hour, label h + 1; CO in ug/m3."""
    cols = {"so2": "SO2", "no2": "NO2", "pm10": "PM10", "pm25": "PM2.5",
            "co": "CO", "o3": "O3"}
    hours = defaultdict(lambda: defaultdict(dict))
    for path in sorted(glob.glob(os.path.join(data_dir, "PRSA_Data_*.csv.gz"))):
        with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                st = row["station"]
                if st not in unit_of:
                    continue
                day = datetime.date(int(row["year"]), int(row["month"]),
                                    int(row["day"]))
                label = int(row["hour"]) + 1
                for p, c in cols.items():
                    t = row[c]
                    if t in ("NA", ""):
                        continue
                    v = micro(t)
                    if p == "co":
                        v //= 1000  # exact: at most 3 decimals of ug/m3
                    if v > PLAUSIBLE[p] * MICRO:
                        continue
                    hours[(st, day)][p][label] = v
    return hours


def load_cnemc(data_dir, unit_of):
    """CNEMC daily files: hour h of day D ends at h (label h), hour 0 is
    label 24 of D - 1; rows of other types, and a row cut short by the end
    of a truncated file, are not read."""
    types = {"PM2.5": "pm25", "PM10": "pm10", "SO2": "so2", "NO2": "no2",
             "O3": "o3", "CO": "co"}
    hours = defaultdict(lambda: defaultdict(dict))
    for path in sorted(glob.glob(os.path.join(data_dir, "**", "*.csv.gz"),
                                 recursive=True)):
        with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
            rows = csv.reader(f)
            header = next(rows)
            first = {}
            for i, code in enumerate(header[3:], 3):
                first.setdefault(code, i)
            want = [(code, i) for code, i in first.items() if code in unit_of]
            for row in rows:
                if len(row) != len(header) or row[2] not in types:
                    continue
                p = types[row[2]]
                d = datetime.date(int(row[0][:4]), int(row[0][4:6]),
                                  int(row[0][6:8]))
                h = int(row[1])
                if h == 0:
                    d, h = d - datetime.timedelta(days=1), 24
                for code, i in want:
                    t = row[i]
                    if t == "":
                        continue
                    v = micro(t)
                    if v > PLAUSIBLE[p] * MICRO:
                        continue
                    hours[(code, d)][p][h] = v
    return hours


# ---- Days (N5.1, N5.3, N4.7) ----

def station_days(hours):
    """N5.1: daily means (>= 20 hours), the MDA8 over the 17 windows ending
    08..24 (>= 6 hours each; valid with >= 14 windows or above 160), the
    O3 daily maximum 1-hour value; each rounded (L1)."""
    out = {}
    for key, by_p in hours.items():
        day = {}
        for p in DAILY_MEAN:
            h = by_p.get(p, {})
            if len(h) >= 20:
                day[p] = rnd(Fraction(sum(h.values()), len(h) * MICRO),
                             DIGITS[p])
        o3 = by_p.get("o3", {})
        windows = []
        for end in range(8, 25):
            vals = [o3[x] for x in range(end - 7, end + 1) if x in o3]
            if len(vals) >= 6:
                windows.append(rnd(Fraction(sum(vals), len(vals) * MICRO), 0))
        if windows and (len(windows) >= 14 or max(windows) > 160):
            day["o3"] = max(windows)
        if o3:
            day["o3_1h"] = rnd(Fraction(max(o3.values()), MICRO), 0)
        out[key] = day
    return out


def unit_days(units, unit_of, sdays):
    """N5.3.2: a unit's daily value is the mean of its stations' valid
    values, rounded (L2); its daily AQI (N4.7, N4.9) from those."""
    stations = defaultdict(list)
    for st, u in unit_of.items():
        stations[u].append(st)
    dates = sorted({d for (_, d) in sdays})
    out = {}
    for u in units:
        for d in dates:
            day = {}
            for p in POLLUTANTS + ["o3_1h"]:
                vals = [sdays[(s, d)][p] for s in stations[u]
                        if (s, d) in sdays and p in sdays[(s, d)]]
                if vals:
                    day[p] = rnd(sum(vals, Fraction(0)) / len(vals),
                                 DIGITS.get(p, 0))
            if day:
                day["aqi"] = daily_aqi(day)
                out[(u, d)] = day
    return out


# ---- Spans (D1-D3) ----

def days_of(first, last, skip_leap=False):
    d, out = first, []
    while d <= last:
        if not (skip_leap and d.month == 2 and d.day == 29):
            out.append(d)
        d += datetime.timedelta(days=1)
    return out


def whole_months(first, last):
    return first.day == 1 and \
        last.day == calendar.monthrange(last.year, last.month)[1]


def span_stats(udays, u, first, last, skip_leap=False, months_rule=None):
    """D1: the statistics of unit u over the days; D2: validity (whole
    months by N5.2 month by month, a whole year also 324; else
    ceil(n * 27 / 31) of the n calendar days)."""
    days = days_of(first, last, skip_leap)
    if months_rule is None:
        months_rule = whole_months(first, last)
    stat, count, ok = {}, {}, {}
    for p in POLLUTANTS:
        xs = [udays[(u, d)][p] for d in days if (u, d) in udays and p in udays[(u, d)]]
        count[p] = len(xs)
        if xs:
            if p == "co":
                stat[p] = rnd(percentile(xs, 95), 1)
            elif p == "o3":
                stat[p] = rnd(percentile(xs, 90), 0)
            else:
                stat[p] = rnd(sum(xs, Fraction(0)) / len(xs), 0)
        if months_rule:
            per_month = defaultdict(int)
            for d in days:
                if (u, d) in udays and p in udays[(u, d)]:
                    per_month[(d.year, d.month)] += 1
            months = {(d.year, d.month) for d in days}
            ok[p] = bool(xs) and all(
                per_month[m] >= (25 if m[1] == 2 else 27) for m in months)
            if first.month == 1 and first.day == 1 and last.month == 12 and \
                    last.day == 31 and first.year == last.year:
                ok[p] = ok[p] and len(xs) >= 324
        else:
            need = -(-len(days) * 27 // 31)
            ok[p] = bool(xs) and len(xs) >= need
    si = {p: rnd(Fraction(stat[p]) / LIMIT[p], 2) for p in stat}
    composite = sum(si.values()) if len(si) == 6 else None
    aqis = [udays[(u, d)]["aqi"] for d in days
            if (u, d) in udays and udays[(u, d)]["aqi"] is not None]
    good = sum(1 for a in aqis if a <= 100)
    pm_vals = [udays[(u, d)]["pm25"] for d in days
               if (u, d) in udays and "pm25" in udays[(u, d)]]
    return dict(stat=stat, count=count, si=si, composite=composite,
                sufficient=all(ok.values()), pm25=stat.get("pm25"),
                pm25_sum=sum(pm_vals, Fraction(0)), pm25_days=len(pm_vals),
                good=good, valid=len(aqis),
                ratio=rnd(Fraction(100 * good, len(aqis)), 1) if aqis else None,
                heavy=sum(1 for a in aqis if a > 200))


def prev_day(d):
    """D3: the same calendar day a year earlier, or None (29 February)."""
    try:
        return d.replace(year=d.year - 1)
    except ValueError:
        return None


def compare_spans(udays, u, first, last):
    """D3: (current values compared, previous values), each a span_stats
    without 29 February, or None when there are no previous days."""
    pf = prev_day(first) or datetime.date(first.year - 1, 3, 1)
    pl = prev_day(last) or datetime.date(last.year - 1, 2, 28)
    if pf > pl:
        return None, None
    rule = whole_months(first, last)
    return (span_stats(udays, u, first, last, True, rule),
            span_stats(udays, u, pf, pl, True, rule))


def change(now, prev):
    """N6.5.1 as a fraction with 3 decimals (tenths of a percent)."""
    if now is None or prev is None or prev <= 0:
        return None
    return rnd(Fraction(now - prev) / prev * 100, 1) / 100


def ranks(values, ascending=True):
    """P3: competition ranking of {unit: value} (ties share the best)."""
    out = {}
    for u, v in values.items():
        better = sum(1 for w in values.values()
                     if (w < v if ascending else w > v))
        out[u] = 1 + better
    return out


def rank_span(udays, units, first, last, by="composite"):
    stats = {u: span_stats(udays, u, first, last) for u in units}
    key = {"composite": "composite", "pm25": "pm25", "good_days": "ratio"}[by]
    ranked = {u: s[key] for u, s in stats.items()
              if s["sufficient"] and s[key] is not None}
    return stats, ranks(ranked, by != "good_days")


# ---- Checks ----

def num(x, digits):
    return None if x is None else float(round(Fraction(x), digits))


class Checker:
    def __init__(self, udays, units, unit_en, targets):
        self.udays, self.units, self.unit_en = udays, units, unit_en
        self.targets = targets
        self.diffs = []

    def eq(self, what, want, got):
        if isinstance(want, float) or isinstance(got, float):
            same = want is None and got is None or (
                want is not None and got is not None and abs(want - got) < 1e-9)
        else:
            same = want == got
        if not same:
            self.diffs.append(f"{what}: reference {want!r}, aqrank {got!r}")

    def span(self, doc, by):
        first = datetime.date.fromisoformat(doc["from"])
        last = datetime.date.fromisoformat(doc["to"])
        stats, rk = rank_span(self.udays, self.units, first, last, by)
        got = {u["unit"]: u for u in doc["units"]}
        self.eq("units", sorted(self.units), sorted(got))
        for u in self.units:
            s, g = stats[u], got.get(u, {})
            self.eq(f"{u} sufficient", s["sufficient"], g.get("sufficient"))
            self.eq(f"{u} rank", rk.get(u), g.get("rank"))
            self.eq(f"{u} composite", num(s["composite"], 2),
                    g.get("composite_index"))
            self.eq(f"{u} pm25", num(s["pm25"], 0), g.get("pm25"))
            for p in POLLUTANTS:
                self.eq(f"{u} {p}", num(s["stat"].get(p), DIGITS[p]),
                        g.get("stats", {}).get(p))
                self.eq(f"{u} {p} days", s["count"][p],
                        g.get("valid_days", {}).get(p))
            self.eq(f"{u} good ratio", num(s["ratio"], 1),
                    g.get("good_days_ratio"))
            cur, prev = compare_spans(self.udays, u, first, last)
            comparable = bool(cur and prev and cur["sufficient"] and
                              prev["sufficient"])
            yoy = g.get("yoy", {})
            self.eq(f"{u} comparable", comparable, yoy.get("comparable"))
            if comparable:
                self.eq(f"{u} yoy composite",
                        num(change(cur["composite"], prev["composite"]), 3),
                        yoy.get("composite_index"))
                self.eq(f"{u} yoy pm25",
                        num(change(cur["pm25"], prev["pm25"]), 3),
                        yoy.get("pm25"))

    def track(self, doc):
        date = datetime.date.fromisoformat(doc["date"])
        first = datetime.date(date.year, 1, 1)
        remaining = (datetime.date(date.year, 12, 31) - date).days
        stats, rk = rank_span(self.udays, self.units, first, date)
        self.eq("remaining", remaining, doc["remaining_days"])
        got = {u["unit"]: u for u in doc["units"]}
        for u in self.units:
            s, g = stats[u], got.get(u, {})
            t = self.targets.get((u, date.year), {})
            self.eq(f"{u} rank_to_date", rk.get(u), g.get("rank_to_date"))
            self.eq(f"{u} composite_to_date", num(s["composite"], 2),
                    g.get("composite_to_date"))
            self.eq(f"{u} pm25_to_date", num(s["pm25"], 0),
                    g.get("pm25_to_date"))
            self.eq(f"{u} pm25_days", s["pm25_days"], g.get("pm25_days"))
            # D7 by brute force: every x, the rounded year's mean
            want, reach = None, None
            if t.get("pm25") is not None and remaining > 0:
                want = allowance(int(s["pm25_sum"]), s["pm25_days"],
                                 remaining, t["pm25"])
                reach = want is not None
            elif t.get("pm25") is not None and s["pm25_days"]:
                reach = round(s["pm25_sum"] / s["pm25_days"]) <= t["pm25"]
            self.eq(f"{u} pm25_allowance", want, g.get("pm25_allowance"))
            self.eq(f"{u} pm25_reachable", reach, g.get("pm25_reachable"))
            want, reach = None, None
            if t.get("good") is not None:
                n = s["valid"] + remaining
                ok = [k for k in range(remaining + 1)
                      if n and round(Fraction(100 * (s["good"] + k), n), 1)
                      >= t["good"]]
                want = min(ok) if ok else None
                reach = bool(ok)
            self.eq(f"{u} good_days_needed", want, g.get("good_days_needed"))
            self.eq(f"{u} good_days_reachable", reach,
                    g.get("good_days_reachable"))
            self.eq(f"{u} heavy_days", s["heavy"], g.get("heavy_days"))
            self.eq(f"{u} heavy_days_left",
                    None if t.get("heavy") is None else t["heavy"] - s["heavy"],
                    g.get("heavy_days_left"))

    def plan(self, doc):
        date = datetime.date.fromisoformat(doc["date"])
        first = date.replace(day=1)
        mdays = calendar.monthrange(date.year, date.month)[1]
        remaining = mdays - date.day
        stats, rk = rank_span(self.udays, self.units, first, date)
        n_ranked = len(rk)
        self.eq("ranked_units", n_ranked, doc["ranked_units"])
        got = {u["unit"]: u for u in doc["units"]}
        for u in self.units:
            s, g = stats[u], got.get(u, {})
            others = sorted(stats[o]["composite"] for o in rk if o != u)
            if len(s["si"]) < 5 or any(p not in s["si"] for p in POLLUTANTS
                                       if p != "pm25"):
                continue
            base = sum(v for p, v in s["si"].items() if p != "pm25")

            values = [base + rnd(Fraction(c, LIMIT["pm25"]), 2)
                      for c in range(C_TOP + 1)]
            # for every C: its rank (1 + others below) and the last
            # position its tie group occupies (1 + others at or below)
            rank_at = [1 + sum(1 for o in others if o < v) for v in values]
            last_at = [1 + sum(1 for o in others if o <= v) for v in values]

            def days_to_come(c):
                if remaining <= 0:
                    return None
                return allowance(int(s["pm25_sum"]), s["pm25_days"],
                                 remaining, c)

            def limit(k, by_position):
                """by brute force over C: (pm25_max, daily, unlimited)"""
                at = last_at if by_position else rank_at
                ok = [c for c in range(C_TOP + 1) if at[c] <= k]
                if not ok:
                    return None, None, False
                if max(ok) == C_TOP:
                    return None, None, True
                return max(ok), days_to_come(max(ok)), False

            th = g.get("thresholds", [])
            self.eq(f"{u} thresholds", n_ranked, len(th))
            for t in th:
                c, x, unl = limit(t["rank"], False)
                self.eq(f"{u} rank {t['rank']} pm25_max", c, t["pm25_max"])
                self.eq(f"{u} rank {t['rank']} daily_pm25_max", x,
                        t["daily_pm25_max"])
                # the key is there only when true
                self.eq(f"{u} rank {t['rank']} unlimited", unl,
                        t.get("unlimited", False))
            # the goals: positions of P3 in a ranking of N' units
            n_u = n_ranked + (0 if u in rk else 1)
            goals = {"reward": (REWARD, False),
                     "no_deduction": (n_u - PENALTY, True),
                     "leave_bottom": (n_u - BOTTOM, True),
                     "not_last": (n_u - 1, True)}
            for gl in g.get("goals", []):
                k, strict = goals[gl["goal"]]
                c, x, unl = limit(k, strict)
                self.eq(f"{u} goal {gl['goal']} pm25_max", c, gl["pm25_max"])
                self.eq(f"{u} goal {gl['goal']} daily_pm25_max", x,
                        gl["daily_pm25_max"])
            self.eq(f"{u} goals", 4, len(g.get("goals", [])))


def read_targets(path, unit_en):
    """D6: {(unit, year): {pm25, good, heavy}} (English names resolved)."""
    out = {}
    if not path:
        return out
    by_en = {en.lower(): u for u, en in unit_en.items()}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(r for r in f if not r.startswith("#")):
            u = row["unit"].strip()
            u = by_en.get(u.lower(), u)
            out[(u, int(row["year"]))] = {
                "pm25": int(row["pm25"]) if row["pm25"].strip() else None,
                "good": Fraction(row["good_days_ratio"])
                if row["good_days_ratio"].strip() else None,
                "heavy": int(row["heavy_days"]) if row["heavy_days"].strip()
                else None}
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["check"])
    ap.add_argument("--format", choices=["uci", "cnemc"], required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--stations", required=True)
    ap.add_argument("--targets")
    ap.add_argument("outdir")
    args = ap.parse_args()
    unit_of, units, unit_en = read_stations(args.stations)
    load = load_uci if args.format == "uci" else load_cnemc
    udays = unit_days(units, unit_of, station_days(load(args.data, unit_of)))
    ck = Checker(udays, units, unit_en, read_targets(args.targets, unit_en))
    failed = 0
    for path in sorted(glob.glob(os.path.join(args.outdir, "*.json"))):
        name = os.path.basename(path)[:-5]
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        ck.diffs = []
        if name.startswith("span-"):
            parts = name.split("-")
            ck.span(doc, parts[7] if len(parts) > 7 else "composite")
        elif name.startswith("track-"):
            ck.track(doc)
        elif name.startswith("plan-"):
            ck.plan(doc)
        else:
            continue
        if ck.diffs:
            failed += 1
            print(f"FAIL {name}: " + "; ".join(ck.diffs[:6]) +
                  (f" (and {len(ck.diffs) - 6} more)" if len(ck.diffs) > 6 else ""))
        else:
            print(f"ok {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
