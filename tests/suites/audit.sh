#!/bin/sh
# SPDX-License-Identifier: MIT
# audit: `aqrank audit` (issue 17) on the bundled Beijing data: its options
# and messages, the JSON document's shape, --unit and --since, the CSV
# worklist, the table in both languages, the bulletin's data-quality notes
# (present with flags, absent without), thresholds from a policy file, and
# that an audit changes nothing (the database's bytes and the ranking are
# the same after it). The detection itself is tested in tests/unit/audit.c.
. "$(dirname "$0")/../lib.sh"
need_aq
MAN=docs/man/aqrank.1.md

# run ARGS...: aqrank ARGS; sets $rc, $tmp/out, $tmp/err
run() {
    "$AQ" "$@" > "$tmp/out" 2> "$tmp/err"
    rc=$?
}
# expect NAME RC [STDERR_SUBSTRING]
expect() {
    if [ "$rc" -ne "$2" ]; then
        bad "$1: exit $rc, expected $2: $(head -n 2 "$tmp/err")"
    elif [ $# -ge 3 ] && ! grep -qF -- "$3" "$tmp/err"; then
        bad "$1: stderr lacks '$3': $(head -n 2 "$tmp/err")"
    else ok; fi
}
# py NAME SCRIPT: a Python check of $tmp/out (the JSON document as `d`)
py() {
    if python3 -c "import json, re, sys
d = json.load(open('$tmp/out'))
$2" 2> "$tmp/py"; then ok; else bad "$1: $(tail -n 1 "$tmp/py")"; fi
}

db=$tmp/bj.db
"$AQ" init --db "$db" --stations etc/beijing.stations.csv > /dev/null &&
    "$AQ" ingest --quiet --db "$db" data/beijing_multisite/*.csv.gz ||
    bad "building the Beijing database"

# --- options and messages ---
run audit --help
expect "--help" 0
for opt in $(grep -Eo -- '--[a-z][a-z0-9-]*' "$tmp/out" | sort -u); do
    if grep -qF -- "\`$opt" "$MAN"; then ok
    else bad "option $opt of 'audit --help' is not in $MAN"; fi
done
grep -q "^### aqrank audit" "$MAN" && ok || bad "no audit section in $MAN"
run audit --db "$db"
expect "no --month" 2 "--month"
run audit --db "$db" --month 2014-13
expect "bad --month" 2 "--month must be YYYY-MM"
run audit --db "$db" --month 2014-01 --since 2014-02-01
expect "--since outside the month" 2 "--since must be a day of 2014-01"
run audit --db "$db" --month 2014-01 --since 2014-01-1x
expect "--since not a date" 2 "--since"
run audit --db "$db" --month 2014-01 --format xml
expect "bad --format" 2 "--format"
run audit --db "$db" --month 2014-01 --lang fr
expect "bad --lang" 2 "--lang"
run audit --db "$db" --month 2014-01 --unit Nowhere
expect "unknown unit" 4 "no unit named 'Nowhere'"
run audit --db "$db" --month 2016-01
expect "month without data" 4 "no data for 2016-01"
run audit --db "$tmp/none.db" --month 2014-01
expect "missing database" 4 "none.db: no such database"
printf 'audit_flatline_hours = 1\n' > "$tmp/bad.policy"
run audit --db "$db" --month 2014-01 --policy "$tmp/bad.policy"
expect "policy value out of range" 3 "bad.policy:1:"
printf 'audit_min_neighbours = 4\n' > "$tmp/nb.policy"
run audit --db "$db" --month 2014-01 --policy "$tmp/nb.policy"
expect "min above reference neighbours" 3 "audit_min_neighbours"

# --- the document ---
run audit --db "$db" --month 2014-01 --format json
expect "json" 0
py "document shape" "
assert d['month'] == '2014-01' and d['since'] is None and d['unit'] is None
assert set(d) == {'month', 'since', 'unit', 'settings', 'flags', 'stations', 'units'}
assert len(d['stations']) == 12 and len(d['units']) == 12
kinds = {'flatline', 'pm25_gt_pm10', 'neighbour_divergence', 'selective_gaps', 'step_change'}
for f in d['flags']:
    assert set(f) == {'station', 'station_name', 'unit', 'unit_en', 'pollutant', 'kind', 'from', 'to', 'hours', 'evidence',
                      'kind_zh', 'kind_en', 'text_zh', 'text_en'}, f
    # the kind and the evidence said for people: each value of the evidence in both sentences
    assert re.search(r'[\u4e00-\u9fff]', f['kind_zh'] + f['text_zh']) and not re.search(r'[\u4e00-\u9fff]', f['kind_en'] + f['text_en']), f
    for k, v in f['evidence'].items():
        if k in ('usual_ratio', 'consistency', 'longest_gap_left_aside'):
            continue
        assert str(v) in f['text_zh'] and str(v) in f['text_en'], (k, v, f)
    assert f['kind'] in kinds and f['pollutant'] in ('so2', 'no2', 'pm10', 'pm25', 'co', 'o3')
    assert len(f['from']) == 13 and f['from'][10] == 'T' and f['from'] <= f['to']
    assert '01' <= f['from'][11:] <= '24' and f['hours'] >= 1
for s in d['stations']:
    assert s['hours'] == 744 and 0 <= s['flagged_hours'] <= s['hours'], s
    assert sum(s['flags'].values()) == sum(1 for f in d['flags'] if f['station'] == s['station'])
assert d['settings']['audit_divergence_high']['pm25'] == 75
"
cp "$tmp/out" "$tmp/all.json"

run audit --db "$db" --month 2014-01 --since 2014-01-20 --format json
expect "--since" 0
py "--since lists flags ending from that day, counts from it" "
assert d['since'] == '2014-01-20'
assert all(f['to'] >= '2014-01-20T01' for f in d['flags'])
assert all(s['hours'] == 12 * 24 for s in d['stations'])
every = json.load(open('$tmp/all.json'))['flags']
assert d['flags'] == [f for f in every if f['to'] >= '2014-01-20T01']
"

run audit --db "$db" --month 2014-01 --unit Dongsi --format json
expect "--unit (English name)" 0
py "--unit keeps one unit's stations" "
assert d['unit'] == '东四'
assert [s['station'] for s in d['stations']] == ['Dongsi']
assert all(f['station'] == 'Dongsi' for f in d['flags']) and d['flags']
assert [u['unit'] for u in d['units']] == ['东四']
"

# --- renderings ---
run audit --db "$db" --month 2014-01 --format csv
expect "csv" 0
head -n 1 "$tmp/out" | grep -q '^station,station_name,unit,pollutant,kind,from,to,hours,evidence' &&
    ok || bad "csv header"
n_csv=$(($(wc -l < "$tmp/out") - 1))
n_json=$(python3 -c "import json; print(len(json.load(open('$tmp/all.json'))['flags']))")
[ "$n_csv" -eq "$n_json" ] && ok || bad "csv has $n_csv rows, the document $n_json flags"

run audit --db "$db" --month 2014-01
expect "table (zh)" 0
grep -q "2014年1月 监测数据审核" "$tmp/out" && grep -q "标记只提示" "$tmp/out" &&
    ok || bad "zh table title and note"
run audit --db "$db" --month 2014-01 --lang en
expect "table (en)" 0
grep -q "January 2014: monitoring data audit" "$tmp/out" && ok || bad "en title"
if grep -Eq 'neighbour_divergence|pm25_gt_pm10|selective_gaps|step_change|flatline| pm25 | so2 ' "$tmp/out"
then bad "the English table shows internal codes"; else ok; fi
grep -q "Flags (" "$tmp/out" && grep -q "far below neighbours" "$tmp/out" &&
    ok || bad "en table: flags and their kinds in words"

printf 'audit_flatline_hours = 744\naudit_pm25_pm10_ratio = 10\naudit_pm25_pm10_hours = 24\naudit_divergence_hours = 744\naudit_gaps_max_p = 0\naudit_step_change = 100\n' > "$tmp/quiet.policy"

# --- the bulletin's data-quality notes ---
run report --db "$db" --month 2014-01 --format json
expect "report json" 0
py "the bulletin's notes are the audit's units with flagged hours" "
a = json.load(open('$tmp/all.json'))
q = d['data_quality']
assert q['flags'] == len(a['flags']) and sum(q['flags_by_kind'].values()) == q['flags']
assert sorted(u['unit'] for u in q['units']) == sorted(u['unit'] for u in a['units'] if u['flagged_hours'] > 0)
"
run report --db "$db" --month 2014-01 --format md
grep -q '^## 数据质量提示$' "$tmp/out" && ok || bad "the Markdown bulletin of 2014-01 has no notes"
run report --db "$db" --month 2014-01 --format md --lang en --policy "$tmp/quiet.policy"
if grep -q 'Data quality' "$tmp/out"; then bad "notes under thresholds out of reach"; else ok; fi
for f in md html text json; do
    run report --db "$db" --month 2014-07 --format $f --lang en
    if grep -qi 'data.quality' "$tmp/out"; then bad "notes in the $f bulletin of 2014-07 (no flags)"; else ok; fi
done

# --- thresholds are settings ---
run audit --db "$db" --month 2014-01 --policy "$tmp/quiet.policy" --format json
expect "--policy" 0
py "thresholds out of reach: no flags" "assert d['flags'] == [], d['flags'][:2]"

# --- an audit changes nothing ---
"$AQ" rank --db "$db" --period 2014-01 --format json > "$tmp/rank1"
sum1=$(md5sum < "$db")
"$AQ" audit --db "$db" --month 2014-01 --format json > /dev/null
"$AQ" audit --db "$db" --month 2014-01 > /dev/null
sum2=$(md5sum < "$db")
"$AQ" rank --db "$db" --period 2014-01 --format json > "$tmp/rank2"
[ "$sum1" = "$sum2" ] && ok || bad "the audit changed the database"
cmp -s "$tmp/rank1" "$tmp/rank2" && ok || bad "the ranking changed after an audit"

finish
