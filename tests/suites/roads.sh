#!/bin/sh
# SPDX-License-Identifier: MIT
# roads: the road-cleanliness ranking (issue 20) end to end.
#
# 1. An independent computation: tests/reference/roads_ref.py (Python,
#    written from the issue's rules, fractions and half-to-even rounding)
#    generates a month of inspections for Hengshui's 13 units (P1,
#    tests/data/roads/hengshui13.stations.csv) from a seed and computes the
#    ranking; `aqrank ingest` + `aqrank rank --indicator roads --format csv`
#    must print exactly the same, for several seeds, under the default
#    policy and under one with other limits, window, minimum and ladders.
# 2. The sample file tests/data/roads/hengshui-2019-01.csv is what the
#    generator writes for its seed (so its numbers are the reference's).
# 3. The store: a file ingested twice changes nothing; GB18030 is read; a
#    later file replaces an inspection and the old values are kept.
# 4. Air and roads side by side: each unit's pm10 of the road document is
#    the PM10 of the air ranking of the same month (the real CNEMC data of
#    Hengshui's stations, January 2019), and rank --all --indicator roads
#    lists every unit's months with it.
# Ends with "roads: N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh"
REF=tests/reference/roads_ref.py
ST=tests/data/roads/hengshui13.stations.csv
need_aq
command -v python3 > /dev/null || { bad "python3 not found"; finish; }
command -v sqlite3 > /dev/null || { bad "sqlite3 not found"; finish; }

# fresh DB: a new database with the 13 units
fresh() {
    rm -f "$tmp/r.db" "$tmp/r.db-wal" "$tmp/r.db-shm"
    "$AQ" init --db "$tmp/r.db" --stations "$ST" > /dev/null
}

# compare NAME EXPECTED GOT
compare() {
    if cmp -s "$2" "$3"; then ok "$1"; else
        bad "$1 (- reference, + aqrank)"
        diff -u "$2" "$3" | sed -n '3,20p'
    fi
}

# ---- 1. the reference ----
if out=$(python3 "$REF" selftest 2>&1); then ok "reference selftest"; else
    bad "reference selftest: $out"
fi
cat > "$tmp/other.policy" <<'EOF'
roads_dust_limit = 4.5
roads_litter_minutes = 20
roads_min_samples = 3
roads_window = 06:00-18:30
roads_reward_ladder = 10, 6, 3
roads_penalty_ladder = 5, 2
EOF
for seed in 20 2019 31415; do
    python3 "$REF" gen "$seed" 2019-03 "$ST" > "$tmp/g.csv"
    fresh
    if ! "$AQ" ingest --quiet --db "$tmp/r.db" "$tmp/g.csv" 2> "$tmp/err"; then
        bad "seed $seed: ingest failed: $(head -n 3 "$tmp/err")"
        continue
    fi
    for pol in default other; do
        opt=""
        [ $pol = other ] && opt="--policy $tmp/other.policy"
        # shellcheck disable=SC2086 # opt is two words or none
        python3 "$REF" rank $opt 2019-03 "$ST" "$tmp/g.csv" > "$tmp/want"
        # shellcheck disable=SC2086
        "$AQ" rank --db "$tmp/r.db" --indicator roads --month 2019-03 \
            --format csv $opt > "$tmp/got"
        compare "seed $seed, $pol policy: the month equals the reference" \
            "$tmp/want" "$tmp/got"
    done
done

# ---- 2. the sample file ----
python3 "$REF" gen 201901 2019-01 "$ST" > "$tmp/sample.csv"
compare "tests/data/roads/hengshui-2019-01.csv is the generator's" \
    tests/data/roads/hengshui-2019-01.csv "$tmp/sample.csv"

# ---- 3. the store ----
fresh
"$AQ" ingest --quiet --db "$tmp/r.db" tests/data/roads/hengshui-2019-01.csv
"$AQ" rank --db "$tmp/r.db" --indicator roads --month 2019-01 --format json \
    > "$tmp/once.json"
"$AQ" ingest --db "$tmp/r.db" tests/data/roads/hengshui-2019-01.csv \
    > "$tmp/twice.out"
rc=$?
"$AQ" rank --db "$tmp/r.db" --indicator roads --month 2019-01 --format json \
    > "$tmp/twice.json"
if [ $rc -eq 0 ] && grep -q 'already ingested' "$tmp/twice.out" &&
    cmp -s "$tmp/once.json" "$tmp/twice.json" &&
    [ "$(sqlite3 "$tmp/r.db" 'SELECT count(*) FROM road_inspection')" = \
        "$(($(wc -l < tests/data/roads/hengshui-2019-01.csv) - 1))" ]; then
    ok "the same file twice: stored once, nothing changed"
else
    bad "the same file twice (exit $rc): $(head -n 2 "$tmp/twice.out")"
fi
printf 'time,unit,road,dust_g_m2,litter_minutes,inspector\n2019-01-31 09:00,桃城区,人民路,7.5,,张三\n' |
    iconv -f UTF-8 -t GB18030 > "$tmp/gbk.csv"
printf 'time,unit,road,dust_g_m2,litter_minutes\n2019-01-31 09:00,Taocheng,人民路,2.5,20\n' \
    > "$tmp/later.csv"
if "$AQ" ingest --quiet --db "$tmp/r.db" "$tmp/gbk.csv" &&
    [ "$(sqlite3 "$tmp/r.db" "SELECT dust || '/' || inspector FROM road_inspection WHERE day = 17927 AND minute = 540 AND road = '人民路'")" = "7500000/张三" ]; then
    ok "GB18030 read and converted"
else
    bad "GB18030 file"
fi
if "$AQ" ingest --quiet --db "$tmp/r.db" "$tmp/later.csv" &&
    [ "$(sqlite3 "$tmp/r.db" "SELECT dust || '/' || litter || '/' || inspector FROM road_inspection WHERE day = 17927 AND minute = 540 AND road = '人民路'")" = "2500000/20000000/张三" ] &&
    [ "$(sqlite3 "$tmp/r.db" 'SELECT old_dust || "/" || old_inspector FROM road_inspection_change')" = "7500000/张三" ]; then
    ok "a later file replaces the load; the old one is kept, the inspector not erased"
else
    bad "replacement by a later file"
fi

# ---- 4. air and roads side by side ----
fresh
"$AQ" ingest --quiet --db "$tmp/r.db" data/cnemc_jingjinji/china_sites_201901*.csv.gz \
    tests/data/roads/hengshui-2019-01.csv
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 6 ]; then
    bad "ingest of the January CNEMC files exited $rc"
fi
"$AQ" rank --db "$tmp/r.db" --month 2019-01 --format json > "$tmp/air.json"
"$AQ" rank --db "$tmp/r.db" --indicator roads --month 2019-01 --format json \
    > "$tmp/roads.json"
"$AQ" rank --db "$tmp/r.db" --indicator roads --all --format json > "$tmp/all.json"
if python3 - "$tmp/air.json" "$tmp/roads.json" "$tmp/all.json" > "$tmp/why" 2>&1 <<'EOF'
import json, sys
air = json.load(open(sys.argv[1]))
roads = json.load(open(sys.argv[2]))
rows = json.load(open(sys.argv[3]))["rows"]
pm10 = {u["unit"]: u["stats"]["pm10"] if u["valid_days"]["pm10"] >= 27 else None
        for u in air["units"]}
seen = 0
for u in roads["units"]:
    want = pm10.get(u["unit"])
    assert u["pm10"] == want, (u["unit"], u["pm10"], want)
    seen += want is not None
    row = [r for r in rows if r["unit"] == u["unit"] and r["period"] == "2019-01"]
    assert len(row) == 1 and row[0]["pm10"] == want, (u["unit"], row)
    assert row[0]["dust_compliance"] == u["dust_compliance"]
    assert row[0]["rank"] == u["rank"]
assert seen >= 1, "no unit with a valid PM10"
assert len(rows) == 13, len(rows)
EOF
then
    ok "pm10 of the road ranking = PM10 of the air ranking (valid months), in both documents"
else
    why=$tmp/why
    bad "pm10 beside the road results"
    why=""
fi
finish
