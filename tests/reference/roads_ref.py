# SPDX-License-Identifier: MIT
"""Independent computation of the road-cleanliness ranking (issue 20).

Usage:
    python3 roads_ref.py gen SEED YYYY-MM STATIONS.csv > inspections.csv
    python3 roads_ref.py rank [--policy FILE] YYYY-MM STATIONS.csv FILE...
    python3 roads_ref.py selftest

`gen` writes a month of inspection records for every unit of a stations
file (aqrank's header: station,unit,unit_en,...; lines starting with # are
comments), from a seed: a few hundred records with the article's two
boundaries (5.0 and 5.01 g/m2, 15 and 16 minutes), loads and times not
measured, records outside the cleaning hours and at their two ends, a unit
with fewer than 4 dust samples, a unit without any record, two units equal
in compliance and mean (a tie), notes with commas and quotes.

`rank` reads inspection files and prints the CSV that
`aqrank rank --indicator roads --format csv` prints for a month without
air data (pm10 empty), from the rules as the issue states them, not from
aqrank's code:

- a sample is a record inside the cleaning window (05:00-20:00, both
  ends included) with the value measured; a load at or below 5.0 g/m2
  complies, a litter time at or below 15 minutes complies;
- dust_mean is the samples' mean load rounded half to even to 0.01;
  dust_compliance and litter_compliance are the percent of samples that
  comply, rounded half to even to 0.1;
- units with at least 4 dust samples are ranked by dust_compliance (the
  published value), higher first, then dust_mean, lower first; equal in
  both share the best rank and the next rank skips (P3). The others follow
  unranked, in the order of those two values, those without samples last,
  ties by unit name (code point order);
- failed_roads: the roads with samples that did not comply (each load and
  each litter time a failure), the three with most failures, ties by road
  name, as "road:failures" joined by "; ";
- with road ladders in the policy (roads_reward_ladder,
  roads_penalty_ladder), position p earns reward[p-1] or loses
  penalty[N-p]; a tie shares its positions' amounts equally, the share
  rounded half to even to 0.000001 and published to 0.01 (P4).

Numbers are fractions.Fraction throughout; Python's round() on a Fraction
rounds half to even on the exact value (GB/T 8170). Standard library only.
"""
import argparse
import calendar
import csv
import io
import random
import sys
from fractions import Fraction

ROADS = ["人民路", "胜利路", "和平街", "建设大街", "中华大街", "育才街",
         "新华路", "红旗大街", "前进街", "永兴路", "北环路", "站前路"]
NAMES = ["张三", "李四", "王五", "赵六", "刘洋", "陈静", ""]


def read_units(path):
    """(name, name_en) of each unit, in the file's first-seen order."""
    units, seen = [], set()
    with open(path, encoding="utf-8") as f:
        rows = [line for line in f if not line.startswith("#")]
    for row in csv.DictReader(rows):
        if row["unit"] not in seen:
            seen.add(row["unit"])
            units.append((row["unit"], row.get("unit_en", "")))
    return units


# ---- gen ----

def gen(seed, month, stations):
    rnd = random.Random(seed)
    year, mon = map(int, month.split("-"))
    days = calendar.monthrange(year, mon)[1]
    units = [u for u, _ in read_units(stations)]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["time", "unit", "road", "dust_g_m2", "litter_minutes",
                "inspector", "note"])
    used = set()

    def emit(unit, road, day, minute, dust, litter, who="", note=""):
        key = (unit, road, day, minute)
        if key in used:
            return
        used.add(key)
        w.writerow([f"{year:04d}-{mon:02d}-{day:02d} "
                    f"{minute // 60:02d}:{minute % 60:02d}",
                    unit, road, dust, litter, who, note])

    def load():
        r = rnd.random()
        if r < 0.06:
            return ""
        if r < 0.16:
            return rnd.choice(["5.0", "5", "5.00", "5.01", "4.99", "5.001"])
        return f"{rnd.randint(20, 999) / 100:.2f}"

    def litter():
        r = rnd.random()
        if r < 0.1:
            return ""
        if r < 0.25:
            return rnd.choice(["15", "16", "15.0", "15.5", "14.99"])
        return str(rnd.randint(0, 40))

    def minute():
        r = rnd.random()
        if r < 0.04:
            return rnd.randint(0, 299)          # before 05:00
        if r < 0.08:
            return rnd.randint(1201, 1439)      # after 20:00
        if r < 0.10:
            return rnd.choice([300, 1200])      # the window's two ends
        return rnd.randint(300, 1200)

    # the last unit has no record, the one before it three dust samples;
    # the third and fourth are equal in both keys (a tie): four samples
    # each, 3 of 4 complying (75.0 %), mean 21 / 4 = 5.25
    for i, unit in enumerate(units[:-1]):
        if i in (2, 3):
            for k, v in enumerate(["2.00", "3.00", "5.00", "11.00"]):
                emit(unit, "育才街", 10 + k, 600 + k, v, "", "", "")
            continue
        roads = rnd.sample(ROADS, rnd.randint(2, 6))
        n = 3 if i == len(units) - 2 else rnd.randint(8, 40)
        for _ in range(n):
            note = rnd.choice(["", "", "", "扫后复查, 合格", 'note "a"'])
            dust = load() if i != len(units) - 2 else "4.00"
            emit(unit, rnd.choice(roads), rnd.randint(1, days), minute(),
                 dust, litter(), rnd.choice(NAMES), note)
    return out.getvalue()


# ---- rank ----

def micro(text):
    """The exact value of a plain decimal text."""
    return Fraction(text)


def parse_policy(path):
    """The road settings of a policy file (defaults otherwise)."""
    p = {"dust": Fraction(5), "litter": Fraction(15), "min": 4,
         "window": (300, 1200), "reward": [], "penalty": []}
    if not path:
        return p
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            line = line.split(" #")[0].strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            key, value = (x.strip() for x in line.split("=", 1))
            value = value.strip("[]").strip()
            if key == "roads_dust_limit":
                p["dust"] = micro(value)
            elif key == "roads_litter_minutes":
                p["litter"] = micro(value)
            elif key == "roads_min_samples":
                p["min"] = int(value)
            elif key == "roads_window":
                a, b = value.split("-")
                p["window"] = tuple(int(t[:2]) * 60 + int(t[3:]) for t in (a, b))
            elif key in ("roads_reward_ladder", "roads_penalty_ladder"):
                vals = [micro(v.strip()) for v in value.split(",") if v.strip()]
                p["reward" if "reward" in key else "penalty"] = vals
    return p


def read_records(files, month):
    recs = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if not row["time"].startswith(month):
                    continue
                hh, mm = row["time"][11:13], row["time"][14:16]
                recs.append({
                    "unit": row["unit"], "road": row["road"],
                    "minute": int(hh) * 60 + int(mm),
                    "dust": micro(row["dust_g_m2"]) if row["dust_g_m2"] else None,
                    "litter": (micro(row["litter_minutes"])
                               if row["litter_minutes"] else None)})
    return recs


def fmt(x, digits):
    """x (a Fraction) rounded half to even to `digits`, as text."""
    if x is None:
        return ""
    q = round(x, digits)
    s = f"{abs(q.numerator * 10 ** digits // q.denominator)}"
    s = s.rjust(digits + 1, "0")
    sign = "-" if q < 0 else ""
    return sign + (s[:-digits] + "." + s[-digits:] if digits else s)


def amount_text(x):
    """An amount as the documents print it: up to 2 decimals, as needed."""
    t = fmt(x, 2)
    if "." in t:
        t = t.rstrip("0").rstrip(".")
    return "0" if t in ("-0", "") else t


def rank(month, stations, files, policy):
    p = parse_policy(policy)
    units = read_units(stations)
    by = {u: {"unit": u, "unit_en": en, "ins": 0, "out": 0, "dust": [],
              "dok": 0, "litter": [], "lok": 0, "fail": {}} for u, en in units}
    for r in read_records(files, month):
        u = by.get(r["unit"])
        if u is None:
            continue
        u["ins"] += 1
        if not p["window"][0] <= r["minute"] <= p["window"][1]:
            u["out"] += 1
            continue
        if r["dust"] is not None:
            u["dust"].append(r["dust"])
            if r["dust"] <= p["dust"]:
                u["dok"] += 1
            else:
                u["fail"][r["road"]] = u["fail"].get(r["road"], 0) + 1
        if r["litter"] is not None:
            u["litter"].append(r["litter"])
            if r["litter"] <= p["litter"]:
                u["lok"] += 1
            else:
                u["fail"][r["road"]] = u["fail"].get(r["road"], 0) + 1
    for u in by.values():
        n = len(u["dust"])
        u["mean"] = round(sum(u["dust"]) / n, 2) if n else None
        u["dc"] = round(Fraction(100 * u["dok"], n), 1) if n else None
        m = len(u["litter"])
        u["lc"] = round(Fraction(100 * u["lok"], m), 1) if m else None
        u["ranked"] = n >= p["min"]

    def key(u):
        # no samples: after every unit with them
        return (u["dc"] is None, -(u["dc"] or 0), u["mean"] or 0)

    ranked = sorted((u for u in by.values() if u["ranked"]),
                    key=lambda u: (key(u), u["unit"]))
    others = sorted((u for u in by.values() if not u["ranked"]),
                    key=lambda u: (key(u), u["unit"]))
    # P3: ties share the best rank
    for i, u in enumerate(ranked):
        same = [v for v in ranked if key(v) == key(u)]
        u["rank"] = ranked.index(same[0]) + 1
        u["last"] = u["rank"] + len(same) - 1
    n_ranked = len(ranked)
    ladders = p["reward"] or p["penalty"]
    withheld = n_ranked < len(p["reward"]) + len(p["penalty"])

    def at(pos):
        if pos <= len(p["reward"]):
            return p["reward"][pos - 1]
        if n_ranked - pos < len(p["penalty"]):
            return -p["penalty"][n_ranked - pos]
        return Fraction(0)

    out = io.StringIO()
    out.write("rank,unit,unit_en,inspections,outside_window,dust_samples,"
              "dust_mean,dust_compliance,litter_samples,litter_compliance,"
              "pm10,failed_roads,amount\n")
    for u in ranked + others:
        fails = sorted(u["fail"].items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        amount = ""
        if ladders and not withheld:
            if u["ranked"]:
                k = u["last"] - u["rank"] + 1
                share = sum(at(q) for q in range(u["rank"], u["last"] + 1)) / k
                amount = amount_text(round(round(share, 6), 2))
            else:
                amount = "0"
        cells = [str(u["rank"]) if u["ranked"] else "", u["unit"], u["unit_en"],
                 str(u["ins"]), str(u["out"]), str(len(u["dust"])),
                 fmt(u["mean"], 2), fmt(u["dc"], 1), str(len(u["litter"])),
                 fmt(u["lc"], 1), "",
                 "; ".join(f"{r}:{c}" for r, c in fails), amount]
        out.write(",".join(csv_field(c) for c in cells) + "\n")
    return out.getvalue()


def csv_field(s):
    if any(c in s for c in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


# ---- selftest: the numbers, worked by hand ----

def selftest():
    assert fmt(Fraction(1801, 400), 2) == "4.50"   # 18.01 / 4 = 4.5025 -> 4.50
    assert fmt(Fraction(15, 16) * 100, 1) == "93.8"  # 93.75 -> even 93.8
    assert fmt(Fraction(1, 16) * 100, 1) == "6.2"    # 6.25 -> even 6.2
    assert fmt(Fraction(5025, 1000), 2) == "5.02"    # 5.025 -> even 5.02
    assert amount_text(round(round(Fraction(10, 3), 6), 2)) == "3.33"
    assert amount_text(Fraction(8)) == "8" and amount_text(Fraction(-4)) == "-4"
    assert amount_text(Fraction(25, 2)) == "12.5"
    p = parse_policy(None)
    assert Fraction("5.0") <= p["dust"] and not Fraction("5.01") <= p["dust"]
    assert Fraction(15) <= p["litter"] and not Fraction(16) <= p["litter"]
    print("roads_ref selftest: ok")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen")
    g.add_argument("seed", type=int)
    g.add_argument("month")
    g.add_argument("stations")
    r = sub.add_parser("rank")
    r.add_argument("--policy")
    r.add_argument("month")
    r.add_argument("stations")
    r.add_argument("files", nargs="+")
    sub.add_parser("selftest")
    a = ap.parse_args()
    if a.cmd == "gen":
        sys.stdout.write(gen(a.seed, a.month, a.stations))
    elif a.cmd == "rank":
        sys.stdout.write(rank(a.month, a.stations, a.files, a.policy))
    else:
        selftest()


if __name__ == "__main__":
    main()
