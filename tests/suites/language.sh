#!/bin/sh
# SPDX-License-Identifier: MIT
# language (issue 15): every document meant for people, rendered in Chinese
# and in English, says everything in that one language and shows no
# internal code. Documents: the rank table (month, quarter end, year) and
# rank --all table, the bulletin in Markdown, HTML and text, explain, each
# under the policies unranked, flagged and last, and the daily documents
# of issue 16 (a span's table, track, plan, the daily brief in Markdown and
# HTML) under unranked and flagged, on the demo's Beijing
# data (a reference-only unit, units short of days) and on the CNEMC
# Beijing-Tianjin-Hebei data (stations known by their codes); the
# bulletins' data-quality notes (issue 17) among them.
# A zh document fails on a word of Latin letters that is not a pollutant,
# a standard or a rule number (the allowed tokens are listed below); an en
# document fails on any Chinese character. Both fail on r2012/r2026, on a
# lowercase pollutant code (so2, pm25, ...) and on a CNEMC station code
# standing alone (in zh it must follow the station's name, in parentheses;
# in en it follows "station"). The road-cleanliness ranking (issue 20) on
# Hengshui's 13 units and the sample month of inspections: its tables and
# the bulletin with its road section; road names are the inspectors' own
# text (ROAD_NAMES), the one thing an en document keeps as written.
# Ends with "language: N passed, N failed"; exit 1 on failure.
set -u
. "$(dirname "$0")/../lib.sh"
need_aq

cat > "$tmp/check.py" <<'EOF'
import re, sys
lang, path = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
import os
for road in filter(None, os.environ.get("ROAD_NAMES", "").split(",")):
    text = text.replace(road, " ")
# HTML: the text, not the markup (tags, entities, the style sheet)
if "<html" in text:
    text = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"&[a-z#0-9]+;", " ", text)
problems = []
for code in re.findall(r"\b(?:r2012|r2026|so2|no2|pm10|pm25|o3)\b", text):
    problems.append(f"internal code {code!r}")
if lang == "zh":
    allowed = {"PM2", "PM10", "SO2", "NO2", "CO", "O3", "I", "C", "S", "AQI",
               "MDA8", "GB", "HJ", "k", "n", "p", "N", "P", "flagged", "μg",
               "aqrank", "JSON", "S1", "S2", "S3", "S4", "S5", "S6"}
    # units and symbols are not words: μg/m³, I(x) (the single index)
    words = re.sub(r"μg/m³|mg/m³|g/m²|I\(x\)|\d{4}A", " ", text)
    for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", words):
        if w in allowed or re.fullmatch(r"[NP]\d+|S\d|U\d+|\d{4}A", w):
            continue
        # a station of the UCI jurisdiction is known by its own name
        # there; in zh its code follows the name in parentheses
        if re.search(r"（" + re.escape(w) + r"）", text):
            continue
        problems.append(f"English word {w!r}")
    for m in re.finditer(r"\d{4}A", text):
        before = text[max(0, m.start() - 1):m.start()]
        if before != "（" and not text[:m.start()].endswith("站点"):
            problems.append(f"station code {m.group()} alone")
else:
    for ch in re.findall(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]", text):
        problems.append(f"Chinese character {ch!r}")
    for m in re.finditer(r"\d{4}A", text):
        if not text[:m.start()].endswith("station "):
            problems.append(f"station code {m.group()} alone")
seen = []
for p in problems:
    if p not in seen:
        seen.append(p)
print("; ".join(seen[:8]) if seen else "ok")
EOF

# check NAME LANG FILE
check() {
    res=$(python3 "$tmp/check.py" "$2" "$3")
    if [ "$res" = ok ]; then ok; else bad "$1 ($2): $res"; fi
}

mkdb() {
    # mkdb NAME STATIONS POLICY FILES...
    db=$tmp/$1.db
    st=$2
    pol=$3
    shift 3
    "$AQ" init --db "$db" --stations "$st" --policy "$pol" > /dev/null &&
        "$AQ" ingest --db "$db" --quiet "$@" > /dev/null 2>&1
    [ -s "$db" ] || bad "building $db"
}

for mode in unranked flagged last; do
    sed "s/^insufficient_data = .*/insufficient_data = $mode/" \
        etc/hengshui.policy > "$tmp/$mode.policy"
    grep -q "^insufficient_data = $mode" "$tmp/$mode.policy" ||
        printf 'insufficient_data = %s\n' "$mode" >> "$tmp/$mode.policy"
    mkdb "bj-$mode" etc/beijing.stations.csv "$tmp/$mode.policy" \
        data/beijing_multisite/*.csv.gz
    mkdb "jjj-$mode" etc/jingjinji.stations.csv "$tmp/$mode.policy" \
        $(find data/cnemc_jingjinji -name '*.csv.gz' | sort)
done

for mode in unranked flagged last; do
    for lang in zh en; do
        if [ "$lang" = zh ]; then j1=北京 j2=京津冀; else j1=Beijing j2=Jing-Jin-Ji; fi
        db=$tmp/bj-$mode.db
        for p in 2014-12 2014-09 2014-Q4 2014; do
            "$AQ" rank --db "$db" --period "$p" --lang "$lang" > "$tmp/out" 2>&1
            check "bj $mode rank $p" "$lang" "$tmp/out"
        done
        "$AQ" rank --db "$db" --all --lang "$lang" > "$tmp/out" 2>&1
        check "bj $mode rank --all" "$lang" "$tmp/out"
        for f in md html text; do
            "$AQ" report --db "$db" --month 2014-12 --format "$f" --lang "$lang" \
                --jurisdiction "$j1" > "$tmp/out" 2>&1
            check "bj $mode report $f" "$lang" "$tmp/out"
            cp "$tmp/out" "$tmp/bj-report-$f"
        done
        for u in 东四 定陵 天坛; do
            "$AQ" explain --db "$db" --unit "$u" --month 2014-12 --lang "$lang" > "$tmp/out" 2>&1
            check "bj $mode explain $u" "$lang" "$tmp/out"
        done
        db=$tmp/jjj-$mode.db
        m=$("$AQ" rank --db "$db" --all --format csv 2> /dev/null | tail -n 1 | cut -d, -f2)
        [ -n "$m" ] || bad "jjj $mode: no month"
        for f in md html text; do
            "$AQ" report --db "$db" --month "$m" --format "$f" --lang "$lang" \
                --jurisdiction "$j2" > "$tmp/out" 2>&1
            check "jjj $mode report $m $f" "$lang" "$tmp/out"
            # the data-quality notes (issue 17) were among what was checked:
            # both months have flags of the audit, the CNEMC one at stations
            # known by their codes
            if grep -q '数据质量提示\|Data quality notes' "$tmp/out" &&
                grep -q '数据质量提示\|Data quality notes' "$tmp/bj-report-$f"
            then ok; else bad "$mode $lang $f: no data-quality notes to check"; fi
        done
        "$AQ" explain --db "$db" --unit 保定 --month "$m" --lang "$lang" > "$tmp/out" 2>&1
        check "jjj $mode explain 保定" "$lang" "$tmp/out"
    done
done

# the road-cleanliness ranking (issue 20)
mkdb roads tests/data/roads/hengshui13.stations.csv etc/hengshui.policy \
    tests/data/roads/hengshui-2019-01.csv \
    $(find data/cnemc_jingjinji -name '*201901*.csv.gz' | sort)
ROAD_NAMES=$(cut -d, -f3 tests/data/roads/hengshui-2019-01.csv | sed 1d |
    sort -u | tr '\n' ',')
export ROAD_NAMES
[ -n "$ROAD_NAMES" ] || bad "no road names"
for lang in zh en; do
    if [ "$lang" = zh ]; then j=衡水市; else j=Hengshui; fi
    "$AQ" rank --db "$tmp/roads.db" --indicator roads --month 2019-01 \
        --lang "$lang" > "$tmp/out" 2>&1
    check "roads rank" "$lang" "$tmp/out"
    "$AQ" rank --db "$tmp/roads.db" --indicator roads --all --lang "$lang" \
        > "$tmp/out" 2>&1
    check "roads rank --all" "$lang" "$tmp/out"
    for f in md html; do
        "$AQ" report --db "$tmp/roads.db" --month 2019-01 --format "$f" \
            --lang "$lang" --jurisdiction "$j" > "$tmp/out" 2>&1
        if grep -q 'g/m²' "$tmp/out"; then
            check "roads report $f" "$lang" "$tmp/out"
        else
            bad "roads report $f ($lang): no road section"
        fi
    done
done
ROAD_NAMES=

# the daily documents (issue 16): a span's table, track, plan, the brief
printf 'unit,year,pm25,good_days_ratio,heavy_days\n东四,2014,85,45,40\nTiantan,2014,80,50.5,\n怀柔镇,2014,70,60,25\n' > "$tmp/targets.csv"
printf 'unit,year,pm25,good_days_ratio,heavy_days\n北京,2019,42,65,10\nTianjin,2019,48,60.3,12\n' > "$tmp/jjj-targets.csv"
for mode in unranked flagged; do
    for lang in zh en; do
        db=$tmp/bj-$mode.db
        "$AQ" rank --db "$db" --from 2014-12-01 --to 2014-12-21 --lang "$lang" > "$tmp/out" 2>&1
        check "bj $mode rank --from --to" "$lang" "$tmp/out"
        "$AQ" track --db "$db" --targets "$tmp/targets.csv" --date 2014-12-21 --lang "$lang" > "$tmp/out" 2>&1
        check "bj $mode track" "$lang" "$tmp/out"
        "$AQ" plan --db "$db" --month 2014-12 --date 2014-12-21 --lang "$lang" > "$tmp/out" 2>&1
        check "bj $mode plan" "$lang" "$tmp/out"
        "$AQ" plan --db "$db" --month 2014-12 --date 2014-12-21 --unit 东四 --lang "$lang" > "$tmp/out" 2>&1
        check "bj $mode plan --unit" "$lang" "$tmp/out"
        for f in md html; do
            "$AQ" report --db "$db" --date 2014-12-21 --targets "$tmp/targets.csv" \
                --format "$f" --lang "$lang" > "$tmp/out" 2>&1
            check "bj $mode brief $f" "$lang" "$tmp/out"
        done
        db=$tmp/jjj-$mode.db
        d=$("$AQ" report --db "$db" --date 2019-06-20 --format json 2> /dev/null |
            python3 -c 'import json,sys; print(json.load(sys.stdin)["date"])' 2> /dev/null)
        [ "$d" = 2019-06-20 ] || bad "jjj $mode: no brief of 2019-06-20"
        for f in md html; do
            "$AQ" report --db "$db" --date 2019-06-20 --targets "$tmp/jjj-targets.csv" \
                --format "$f" --lang "$lang" > "$tmp/out" 2>&1
            check "jjj $mode brief $f" "$lang" "$tmp/out"
        done
    done
done

# the checker itself catches what it is for
printf '评价规则: r2012；so2有效天数\n' > "$tmp/bad"
case $(python3 "$tmp/check.py" zh "$tmp/bad") in *r2012*so2*) ok ;; *) bad "checker misses codes" ;; esac
printf 'Rank 1 东四\n' > "$tmp/bad"
case $(python3 "$tmp/check.py" en "$tmp/bad") in *东*) ok ;; *) bad "checker misses Chinese in en" ;; esac
printf '排名 station 1051A\n' > "$tmp/bad"
case $(python3 "$tmp/check.py" zh "$tmp/bad") in *station*1051A*) ok ;; *) bad "checker misses a bare code in zh" ;; esac
finish
