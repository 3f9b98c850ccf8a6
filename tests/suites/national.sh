#!/bin/sh
# SPDX-License-Identifier: MIT
# national (issue 15): the ministry's lists on the real CNEMC data in
# data/ (the national month 2019-01, every day of 2019 H1 for
# Beijing-Tianjin-Hebei).
# - etc/national-168.stations.csv has 168 units, and a month of CNEMC data
#   ranks exactly 168 units of the evaluation (every one listed, with or
#   without data); the ranks ascend with the index; the best and worst are
#   printed (the closing note of issue 15 compares them with the
#   ministry's).
# - etc/national-339.stations.csv has 339 units.
# - The Beijing-Tianjin-Hebei cities, 2019 so far (every file of
#   data/cnemc_jingjinji), under insufficient_data = flagged: the year to
#   date's order follows the composite indices, every insufficient city is
#   marked (flagged, "*" in the table) with a reason, and every one with an
#   index is ranked.
# Ends with "national: N passed, N failed"; exit 1 on failure.
set -u
. "$(dirname "$0")/../lib.sh"
need_aq
# pyck NAME FILE EXPR: EXPR over the JSON document d of FILE is true
pyck() {
    if python3 -c "import json,sys; d=json.load(open(sys.argv[1], encoding='utf-8')); sys.exit(0 if ($3) else 1)" "$2"; then
        ok
    else
        bad "$1"
    fi
}

national=$(find data/cnemc_national -name 'china_sites_201901*.csv.gz' | sort)
bth=$(find data/cnemc_jingjinji -name '*.csv.gz' | sort)
[ -n "$national" ] || { bad "no national data for 2019-01 in data/cnemc_national"; finish; }
[ -n "$bth" ] || { bad "no data in data/cnemc_jingjinji"; finish; }
month=2019-01

# 168 key cities, one month
db=$tmp/n168.db
"$AQ" init --db "$db" --stations etc/national-168.stations.csv > "$tmp/init" 2>&1
grep -q ': 168 units' "$tmp/init" && ok || bad "168: init says $(cat "$tmp/init")"
# shellcheck disable=SC2086
"$AQ" ingest --db "$db" --quiet $national > /dev/null 2>&1
"$AQ" rank --db "$db" --period "$month" --format json > "$tmp/n168.json"
pyck "168: exactly 168 units ranked or listed, every one evaluated" "$tmp/n168.json" \
    "len(d['units']) == 168 and d['not_evaluated'] == []"
pyck "168: ranks ascend with the composite index" "$tmp/n168.json" \
    "all(u['rank'] == 1 + sum(v['composite_index'] < u['composite_index'] for v in d['units'] if v['rank']) for u in d['units'] if u['rank'])"
python3 - "$tmp/n168.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
r = [u for u in d["units"] if u["rank"]]
print("168 cities %s: %d ranked; best %s; worst %s" % (
    d["period"], len(r), " ".join(f"{u['unit']} {u['composite_index']:.2f}" for u in r[:5]),
    " ".join(f"{u['unit']} {u['composite_index']:.2f}" for u in r[-5:])))
EOF

# 339 cities
"$AQ" init --db "$tmp/n339.db" --stations etc/national-339.stations.csv > "$tmp/init" 2>&1
grep -q ': 339 units' "$tmp/init" && ok || bad "339: init says $(cat "$tmp/init")"

# the 13 cities, 2019 so far, flagged
db=$tmp/bth.db
printf 'insufficient_data = flagged\n' > "$tmp/flagged.policy"
"$AQ" init --db "$db" --stations etc/jingjinji.stations.csv --policy "$tmp/flagged.policy" > /dev/null
# shellcheck disable=SC2086
"$AQ" ingest --db "$db" --quiet $bth > /dev/null 2>&1
"$AQ" rank --db "$db" --period 2019 --format json > "$tmp/y.json"
pyck "BTH 2019 flagged: 13 cities, every one with an index ranked" "$tmp/y.json" \
    "len(d['units']) == 13 and all(u['rank'] for u in d['units'] if u['composite_index'] is not None)"
pyck "BTH 2019 flagged: the order follows the composite indices" "$tmp/y.json" \
    "[u['composite_index'] for u in d['units'] if u['rank']] == sorted(u['composite_index'] for u in d['units'] if u['rank']) and all(u['rank'] == 1 + sum(v['composite_index'] < u['composite_index'] for v in d['units'] if v['rank']) for u in d['units'] if u['rank'])"
pyck "BTH 2019 flagged: every insufficient city marked, with its reason" "$tmp/y.json" \
    "all((u['status'] == 'flagged') == (not u['sufficient']) and (u['sufficient'] or (u['reason_zh'] and u['reason_en'] and u['reasons'])) for u in d['units'] if u['rank'])"
pyck "BTH 2019 flagged: the notice says how many are provisional" "$tmp/y.json" \
    "[n['flagged_units'] for n in d['notices']] == [sum(not u['sufficient'] for u in d['units'] if u['rank'])] or all(u['sufficient'] for u in d['units'])"
"$AQ" rank --db "$db" --period 2019 --lang en > "$tmp/y.txt"
n_flag=$(python3 -c "import json; d=json.load(open('$tmp/y.json')); print(sum(u['status'] == 'flagged' for u in d['units']))")
n_star=$(grep -cE '^ *[0-9]+\*' "$tmp/y.txt")
[ "$n_flag" = "$n_star" ] && ok || bad "BTH 2019 flagged: $n_flag flagged, $n_star marked * in the table"

finish
