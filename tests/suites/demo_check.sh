#!/bin/sh
# SPDX-License-Identifier: MIT
# demo_check: the demo's numbers (issue 4, "What it must show") against a
# computation written out independently. Builds the demo's database (UCI
# Beijing data, etc/beijing.stations.csv, etc/hengshui.policy), asks
# `aqrank rank --period M --format json` for each month, and compares every
# unit's statistics, single indices, composite index, valid days, good days
# and rank with tests/reference/beijing_month.py, a standard-library Python
# script written from standards.md that reads the UCI files itself.
#
# One test per month and per field group (rank, composite, stats,
# single_index, valid_days, good_days). A mismatch prints the unit, the
# field, the Python value and the aqrank value.
# Usage: sh tests/suites/demo_check.sh [YYYY-MM ...]   (default: 2014-12
# 2013-07, a winter month with unranked units and a summer month with ozone)
# Ends with "demo_check: N passed, N failed"; exit 1 on failure.
set -u
. "$(dirname "$0")/../lib.sh"
REF=tests/reference/beijing_month.py

if ! command -v python3 >/dev/null 2>&1; then
    bad "python3 not found"; finish
fi
need_aq
months=${*:-"2014-12 2013-07"}

db="$tmp/demo.db"
if ! "$AQ" init --db "$db" --stations etc/beijing.stations.csv \
        --policy etc/hengshui.policy > "$tmp/init.log" 2>&1 ||
   ! "$AQ" ingest --db "$db" data/beijing_multisite/*.csv.gz \
        > "$tmp/ingest.log" 2>&1; then
    bad "building the demo database"
    tail -5 "$tmp/init.log" "$tmp/ingest.log"
    finish
fi

# Renders aqrank's JSON as the reference script's CSV (same header, same
# number formats), so that both sides are compared as text.
cat > "$tmp/from_json.py" <<'EOF'
import csv, json, sys
P = ["so2", "no2", "pm10", "pm25", "co", "o3"]
header = next(csv.reader(open(sys.argv[2], encoding="utf-8")))
d = json.load(open(sys.argv[1], encoding="utf-8"))
def f(x, digits):
    return "" if x is None else f"{x:.{digits}f}"
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(header)
for u in sorted(d["units"], key=lambda u: u["unit_en"]):
    w.writerow([u["unit"], u["unit_en"], "1" if u["sufficient"] else "0",
                "" if u["rank"] is None else str(u["rank"]),
                f(u["composite_index"], 2)] +
               [f(u["stats"][p], 1 if p == "co" else 0) for p in P] +
               [f(u["single_index"][p], 2) for p in P] +
               [str(u["valid_days"][p]) for p in P] +
               [str(u["good_days"]), str(u["valid_aqi_days"]),
                f(u["good_days_ratio"], 1)])
EOF

# Compares one field group; prints "ok" or the differing cells.
cat > "$tmp/compare.py" <<'EOF'
import csv, sys
ref, got, group = sys.argv[1], sys.argv[2], sys.argv[3]
GROUPS = {
    "rank": ["sufficient", "rank"],
    "composite": ["composite_index"],
    "stats": ["stat_so2", "stat_no2", "stat_pm10", "stat_pm25", "stat_co", "stat_o3"],
    "single_index": ["si_so2", "si_no2", "si_pm10", "si_pm25", "si_co", "si_o3"],
    "valid_days": ["days_so2", "days_no2", "days_pm10", "days_pm25", "days_co", "days_o3"],
    "good_days": ["good_days", "valid_aqi_days", "good_days_ratio"],
}
a = {r["unit"]: r for r in csv.DictReader(open(ref, encoding="utf-8"))}
b = {r["unit"]: r for r in csv.DictReader(open(got, encoding="utf-8"))}
bad = []
if set(a) != set(b):
    bad.append(f"units differ: python {sorted(a)} aqrank {sorted(b)}")
for u in sorted(set(a) & set(b), key=lambda x: a[x]["unit_en"]):
    for col in GROUPS[group]:
        if a[u][col] != b[u][col]:
            bad.append(f"{a[u]['unit_en']} {col}: python '{a[u][col]}' aqrank '{b[u][col]}'")
print("\n".join(bad) if bad else "ok")
EOF

for m in $months; do
    if ! python3 "$REF" "$m" > "$tmp/ref-$m.csv" 2> "$tmp/ref-$m.err"; then
        bad "$m: $REF failed"; sed 's/^/    /' "$tmp/ref-$m.err" | head -5
        continue
    fi
    if ! "$AQ" rank --db "$db" --period "$m" --format json \
            > "$tmp/got-$m.json" 2> "$tmp/got-$m.err" ||
       ! python3 "$tmp/from_json.py" "$tmp/got-$m.json" "$tmp/ref-$m.csv" \
            > "$tmp/got-$m.csv" 2>> "$tmp/got-$m.err"; then
        bad "$m: aqrank rank --period $m --format json"
        sed 's/^/    /' "$tmp/got-$m.err" | head -5
        continue
    fi
    for g in rank composite stats single_index valid_days good_days; do
        res=$(python3 "$tmp/compare.py" "$tmp/ref-$m.csv" "$tmp/got-$m.csv" "$g")
        if [ "$res" = "ok" ]; then
            ok
        else
            bad "$m $g:"
            echo "$res" | sed 's/^/    /'
        fi
    done
done
finish
