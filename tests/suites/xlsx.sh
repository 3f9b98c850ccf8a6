#!/bin/sh
# SPDX-License-Identifier: MIT
# xlsx: the Excel workbooks of `report` (with its data-quality notes),
# `rank`, `fund report` and `audit` (issue 21), `rank --from/--to`,
# `track` and `plan` (issue 16) on the demo's data (UCI Beijing, 2014-12
# and its quarter; 2014-01 for the audit), in Chinese
# and English, read back by openpyxl (an independent reader,
# tests/files/xlsx_check.py) cell by cell against the JSON document of the
# same command; the checker is also shown to fail on a document that
# differs by one value. Usage errors, and a file that cannot be written
# (no partial file is left); a machine without libxlsxwriter (loaded only
# to write a workbook).
# Ends with "xlsx: N passed, N failed"; exit 1 on failure.
set -u
. "$(dirname "$0")/../lib.sh"

# the Python that has openpyxl (Debian's python3-openpyxl is for
# /usr/bin/python3, which another python3 on PATH may shadow)
PY=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import openpyxl' 2> /dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { bad "no python3 with openpyxl (scripts/setup installs python3-openpyxl)"; finish; }
need_aq

db="$tmp/demo.db"
sh tests/files/demo_db.sh "$AQ" "$db" || { bad "the demo database"; finish; }

# check NAME KIND BOOK JSON LANG [MD]: the checker passes
check() {
    name=$1; shift
    if "$PY" tests/files/xlsx_check.py "$@" > "$tmp/check.out" 2>&1; then ok
    else bad "$name:"; cat "$tmp/check.out"; fi
}

# the bulletin of the demo month, both languages
"$AQ" report --db "$db" --month 2014-12 --format json > "$tmp/report.json"
for lang in zh en; do
    "$AQ" report --db "$db" --month 2014-12 --format md --lang $lang \
        > "$tmp/report-$lang.md"
    if "$AQ" report --db "$db" --month 2014-12 --format xlsx --lang $lang \
        --output "$tmp/report-$lang.xlsx" 2> "$tmp/err"; then
        check "report $lang" rank "$tmp/report-$lang.xlsx" \
            "$tmp/report.json" $lang "$tmp/report-$lang.md"
    else
        bad "report --format xlsx --lang $lang: $(cat "$tmp/err")"
    fi
done

# the checker can fail: one composite index changed in the document
sed 's/"composite_index": 4.67,/"composite_index": 4.68,/' \
    "$tmp/report.json" > "$tmp/changed.json"
if cmp -s "$tmp/report.json" "$tmp/changed.json"; then
    bad "the demo document has no composite index 4.67 to change"
elif "$PY" tests/files/xlsx_check.py rank "$tmp/report-zh.xlsx" \
    "$tmp/changed.json" zh "$tmp/report-zh.md" > "$tmp/check.out" 2>&1; then
    bad "the checker accepts a workbook that differs from its document"
elif grep -q 'expected 4.68, got 4.67' "$tmp/check.out"; then ok
else bad "the checker failed for another reason:"; cat "$tmp/check.out"; fi

# the fixtures of the renderers' unit tests (tests/data/render/): ties
# that share positions and amounts (P4: 4-5, 11-12), a quarter with an S6
# and the quarter's own sanctions, through a small client of the public API
# shellcheck disable=SC2046
if cc -std=c99 -Wall -Wextra -Werror -Iinclude -o "$tmp/xlsx_of" \
    tests/files/xlsx_of.c "$B/libaqrank.a" -lsqlite3 -ljansson -lnettle \
    -lz -lm -lpthread 2> "$tmp/cc.err"; then
    for fx in month quarter policy_error hostile; do
        for lang in zh en; do
            if "$tmp/xlsx_of" tests/data/render/$fx.json $lang \
                "$tmp/$fx-$lang.xlsx" > "$tmp/$fx-$lang.md" 2> "$tmp/err"
            then
                check "fixture $fx $lang" rank "$tmp/$fx-$lang.xlsx" \
                    tests/data/render/$fx.json $lang "$tmp/$fx-$lang.md"
            else
                bad "fixture $fx $lang: $(cat "$tmp/err")"
            fi
        done
    done
    if "$PY" -c 'import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1])["奖惩"]
spans = [r[3] for r in ws.iter_rows(min_row=2, values_only=True)]
sys.exit(not ("4–5" in spans and "11–12" in spans))' "$tmp/month-zh.xlsx"
    then ok
    else bad "the tied positions 4–5 and 11–12 are not in the amounts sheet"; fi
else
    bad "cc tests/files/xlsx_of.c: $(cat "$tmp/cc.err")"
fi

# rank: a month, a quarter and a year (no amounts sheet but for a month,
# P4); the reasons as the Markdown rendering of the same document says them
for p in 2014-12 2014-Q4 2014; do
    "$AQ" rank --db "$db" --period $p --format json > "$tmp/rank-$p.json"
    for lang in zh en; do
        "$tmp/xlsx_of" "$tmp/rank-$p.json" $lang "$tmp/scratch.xlsx" \
            > "$tmp/rank-$p-$lang.md" 2> /dev/null
        if "$AQ" rank --db "$db" --period $p --format xlsx --lang $lang \
            --output "$tmp/rank-$p-$lang.xlsx" 2> "$tmp/err"; then
            check "rank $p $lang" rank "$tmp/rank-$p-$lang.xlsx" \
                "$tmp/rank-$p.json" $lang "$tmp/rank-$p-$lang.md"
        else
            bad "rank --period $p --format xlsx: $(cat "$tmp/err")"
        fi
    done
done
if "$PY" -c 'import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
sys.exit("奖惩" in wb.sheetnames)' "$tmp/rank-2014-Q4-zh.xlsx"; then ok
else bad "a quarter's workbook has a sheet of amounts"; fi

# the bulletin's data-quality notes (issue 17): 2014-12 has a flag, so the
# report's workbook has the sheet the checker compared above
if "$PY" -c 'import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
sys.exit("数据质量提示" not in wb.sheetnames)' "$tmp/report-zh.xlsx"; then ok
else bad "the report of 2014-12 has no sheet of data-quality notes"; fi

# audit (issue 17): a month with flags of four kinds, whole and for one
# unit from a day; the checker fails on one changed value
for q in "" "--unit 东四 --since 2014-01-15"; do
    # shellcheck disable=SC2086
    "$AQ" audit --db "$db" --month 2014-01 $q --format json > "$tmp/audit.json"
    for lang in zh en; do
        # shellcheck disable=SC2086
        if "$AQ" audit --db "$db" --month 2014-01 $q --format xlsx \
            --lang $lang --output "$tmp/audit-$lang.xlsx" 2> "$tmp/err"; then
            check "audit $q $lang" audit "$tmp/audit-$lang.xlsx" \
                "$tmp/audit.json" $lang
        else
            bad "audit $q --format xlsx --lang $lang: $(cat "$tmp/err")"
        fi
    done
done
"$AQ" audit --db "$db" --month 2014-01 --format json > "$tmp/audit.json"
"$AQ" audit --db "$db" --month 2014-01 --format xlsx --output "$tmp/audit.xlsx"
"$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert len({f["kind"] for f in d["flags"]}) >= 3, "too few kinds to check"
u = [u for u in d["units"] if u["flagged_hours"]][0]
u["composite_index_without_flags"] = round(u["composite_index_without_flags"] + 0.01, 2)
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)' "$tmp/audit.json" "$tmp/audit-changed.json" ||
    bad "the audit document of 2014-01 cannot be changed for the checker"
if "$PY" tests/files/xlsx_check.py audit "$tmp/audit.xlsx" \
    "$tmp/audit-changed.json" zh > "$tmp/check.out" 2>&1; then
    bad "the checker accepts an audit workbook that differs from its document"
elif grep -q '单位!D[0-9]*: expected' "$tmp/check.out"; then ok
else bad "the audit checker failed for another reason:"; cat "$tmp/check.out"; fi

# every day (issue 16): a span of days (the rank document with from/to),
# the targets (track: one unit met, one out of reach, one without targets)
# and the planner (goals, sanctions if the month ended now, every rank's
# threshold with the "any PM2.5" column), both languages
printf 'unit,year,pm25,good_days_ratio,heavy_days\n东四,2014,85,45,40\nTiantan,2014,40,50.5,\n怀柔镇,2014,70,60,25\n' > "$tmp/targets.csv"
"$AQ" rank --db "$db" --from 2014-12-01 --to 2014-12-20 --format json \
    > "$tmp/span.json"
"$AQ" track --db "$db" --targets "$tmp/targets.csv" --date 2014-12-20 \
    --format json > "$tmp/track.json"
"$AQ" plan --db "$db" --month 2014-12 --date 2014-12-20 --format json \
    > "$tmp/plan.json"
for lang in zh en; do
    "$tmp/xlsx_of" "$tmp/span.json" $lang "$tmp/scratch.xlsx" \
        > "$tmp/span-$lang.md" 2> /dev/null
    if "$AQ" rank --db "$db" --from 2014-12-01 --to 2014-12-20 \
        --format xlsx --lang $lang --output "$tmp/span-$lang.xlsx" \
        2> "$tmp/err"; then
        check "rank --from/--to $lang" rank "$tmp/span-$lang.xlsx" \
            "$tmp/span.json" $lang "$tmp/span-$lang.md"
    else
        bad "rank --from/--to --format xlsx: $(cat "$tmp/err")"
    fi
    if "$AQ" track --db "$db" --targets "$tmp/targets.csv" --date 2014-12-20 \
        --format xlsx --lang $lang --output "$tmp/track-$lang.xlsx" \
        2> "$tmp/err"; then
        check "track $lang" track "$tmp/track-$lang.xlsx" "$tmp/track.json" \
            $lang
    else
        bad "track --format xlsx: $(cat "$tmp/err")"
    fi
    if "$AQ" plan --db "$db" --month 2014-12 --date 2014-12-20 \
        --format xlsx --lang $lang --output "$tmp/plan-$lang.xlsx" \
        2> "$tmp/err"; then
        check "plan $lang" plan "$tmp/plan-$lang.xlsx" "$tmp/plan.json" $lang
    else
        bad "plan --format xlsx: $(cat "$tmp/err")"
    fi
done
# the documents have what the sheets are there to show
if "$PY" -c 'import json, sys
t = json.load(open(sys.argv[1]))["units"]
p = json.load(open(sys.argv[2]))["units"]
s = json.load(open(sys.argv[3]))
sys.exit(not (any(u["pm25_reachable"] is False for u in t)
              and any(u["pm25_reachable"] is True for u in t)
              and any(u["pm25_target"] is None for u in t)
              and any(th.get("unlimited") for u in p for th in u["thresholds"])
              and any(u["projected"] and u["projected"]["sanctions"] for u in p)
              and s["kind"] == "span" and s["unranked"]))' \
    "$tmp/track.json" "$tmp/plan.json" "$tmp/span.json"
then ok
else bad "the daily documents lack a case their sheets should show"; fi

# fund report
"$AQ" fund report --db "$db" > "$tmp/funds.json"
for lang in zh en; do
    if "$AQ" fund report --db "$db" --format xlsx --lang $lang \
        --output "$tmp/funds-$lang.xlsx" 2> "$tmp/err"; then
        check "fund report $lang" funds "$tmp/funds-$lang.xlsx" \
            "$tmp/funds.json" $lang
    else
        bad "fund report --format xlsx: $(cat "$tmp/err")"
    fi
done
# --output for the JSON too, the same bytes as standard output
"$AQ" fund report --db "$db" --output "$tmp/funds2.json"
if cmp -s "$tmp/funds.json" "$tmp/funds2.json"; then ok
else bad "fund report --output differs from standard output"; fi
"$AQ" rank --db "$db" --period 2014-12 --format json --output "$tmp/r2.json"
if cmp -s "$tmp/rank-2014-12.json" "$tmp/r2.json"; then ok
else bad "rank --output differs from standard output"; fi

# the road-cleanliness ranking (issue 20): Hengshui's 13 units, the sample
# month of inspections, and the same with the road ranking's own ladders
# (an amount column, ties sharing amounts)
rdb="$tmp/roads.db"
"$AQ" init --db "$rdb" --stations tests/data/roads/hengshui13.stations.csv \
    > /dev/null &&
    "$AQ" ingest --quiet --db "$rdb" tests/data/roads/hengshui-2019-01.csv ||
    bad "the road database"
printf 'roads_reward_ladder = 10, 6\nroads_penalty_ladder = 4\n' \
    > "$tmp/ladders.policy"
for pol in "" "--policy $tmp/ladders.policy"; do
    # shellcheck disable=SC2086 # pol is two words or none
    "$AQ" rank --db "$rdb" --indicator roads --month 2019-01 --format json \
        $pol > "$tmp/roads.json"
    for lang in zh en; do
        # shellcheck disable=SC2086
        if "$AQ" rank --db "$rdb" --indicator roads --month 2019-01 \
            --format xlsx --lang $lang --output "$tmp/roads-$lang.xlsx" \
            $pol 2> "$tmp/err"; then
            check "roads $lang $pol" roads "$tmp/roads-$lang.xlsx" \
                "$tmp/roads.json" $lang
        else
            bad "rank --indicator roads --format xlsx: $(cat "$tmp/err")"
        fi
    done
done
if grep -qE '"amount":8(\.0)?[,}]' "$tmp/roads.json"; then ok
else bad "the road ladders: the tie at 1-2 does not share (10 + 6) / 2 = 8"; fi

# usage: a workbook goes to a file, never to a terminal
for cmd in "report --month 2014-12" "rank --period 2014-12" "fund report" \
    "audit --month 2014-01" "rank --from 2014-12-01 --to 2014-12-20" \
    "plan --month 2014-12" "track --targets $tmp/targets.csv"; do
    # shellcheck disable=SC2086
    "$AQ" $cmd --db "$db" --format xlsx > /dev/null 2> "$tmp/err"
    rc=$?
    if [ $rc -eq 2 ] && grep -q -- '--output' "$tmp/err"; then ok
    else bad "$cmd --format xlsx without --output: exit $rc, $(cat "$tmp/err")"; fi
done

# a file that cannot be written: exit 1, the file named, nothing left
"$AQ" report --db "$db" --month 2014-12 --format xlsx \
    --output "$tmp/missing/b.xlsx" > /dev/null 2> "$tmp/err"
rc=$?
if [ $rc -eq 1 ] && grep -q "cannot write '$tmp/missing/b.xlsx'" "$tmp/err"
then ok
else bad "unwritable output: exit $rc, $(cat "$tmp/err")"; fi
# no temporary file beside the outputs
if ls "$tmp" | grep -q '\.part$'; then bad "a .part file was left"; else ok; fi

# libxlsxwriter is loaded when a workbook is written, not linked: every
# other command runs without it; a workbook without it is exit 4 (not
# found, as a PDF without Chromium) naming the Debian package, and
# leaves no file
if ldd "$AQ" | grep -q xlsxwriter; then bad "aqrank links libxlsxwriter"
else ok; fi
if cc -shared -fPIC -o "$tmp/no_xlsxwriter.so" tests/files/no_xlsxwriter.c \
    2> "$tmp/cc.err"; then
    LD_PRELOAD="$tmp/no_xlsxwriter.so" "$AQ" rank --db "$db" --month 2014-12 \
        --format csv > "$tmp/nolib.csv" 2> "$tmp/err"
    rc=$?
    if [ $rc -eq 0 ] && [ -s "$tmp/nolib.csv" ]; then ok
    else bad "rank --format csv without libxlsxwriter: exit $rc, $(cat "$tmp/err")"; fi
    LD_PRELOAD="$tmp/no_xlsxwriter.so" "$AQ" report --db "$db" \
        --month 2014-12 --format xlsx --output "$tmp/nolib.xlsx" \
        > /dev/null 2> "$tmp/err"
    rc=$?
    if [ $rc -eq 4 ] && grep -q "libxlsxwriter4" "$tmp/err" &&
        ! ls "$tmp" | grep -q 'nolib\.xlsx'; then ok
    else bad "a workbook without libxlsxwriter: exit $rc, $(cat "$tmp/err")"; fi
else
    bad "the dlopen shim: $(cat "$tmp/cc.err")"
fi

finish
