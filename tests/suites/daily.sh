#!/bin/sh
# SPDX-License-Identifier: MIT
# daily (issue 16): the daily documents against an independent Python
# implementation (tests/reference/daily_ref.py, written from
# docs/spec-daily.md, reading the raw data files itself) on the bundled
# real data, over many dates:
# - data/beijing_multisite (UCI, 12 stations as units, 2013-03 to 2015-02):
#   every 9th day, the month-to-date and year-to-date rankings (and the
#   orderings by PM2.5 and by good days on some), track with a targets file
#   (targets met, missed and at their edges), and the planner; spans across
#   a year end and of whole months;
# - data/cnemc_jingjinji (CNEMC, the 13 Beijing-Tianjin-Hebei cities, 2019
#   H1): every day the same (about 1,100 documents in all, 100 s).
# One test per document (the reference prints "ok NAME" or "FAIL NAME:
# what differs"). Also: the planner's projection at a month's last day is
# that month's settled ranking (rank --period), amounts and sanctions.
. "$(dirname "$0")/../lib.sh"
need_aq
command -v python3 > /dev/null 2>&1 || { bad "python3 not found"; finish; }
REF=tests/reference/daily_ref.py

# run_ref FORMAT DATA STATIONS TARGETS OUTDIR: count the reference's lines
run_ref() {
    python3 "$REF" check --format "$1" --data "$2" --stations "$3" \
        --targets "$4" "$5" > "$tmp/ref.out" 2>&1
    rc=$?
    n=$(grep -c '^ok ' "$tmp/ref.out")
    pass=$((pass + n))
    grep -v '^ok ' "$tmp/ref.out" | while IFS= read -r line; do
        echo "$line"
    done
    nf=$(grep -c -v '^ok ' "$tmp/ref.out")
    fail=$((fail + nf))
    [ "$rc" -eq 0 ] || [ "$nf" -gt 0 ] || bad "daily_ref.py exited $rc"
    [ "$n" -gt 0 ] || bad "daily_ref.py checked nothing in $5"
}

# docs DB OUT DATE...: the documents of each date into OUT
docs() {
    db=$1 out=$2
    shift 2
    mkdir -p "$out"
    for d in "$@"; do
        y=${d%%-*}
        m=$(echo "$d" | cut -c1-7)
        first=$m-01
        "$AQ" rank --db "$db" --from "$first" --to "$d" --format json \
            > "$out/span-$first-$d.json" 2> "$tmp/err" ||
            bad "rank --from $first --to $d: $(cat "$tmp/err")"
        start=$y-01-01
        [ "$start" \< "$data_first" ] && start=$data_first
        "$AQ" rank --db "$db" --from "$start" --to "$d" --format json \
            > "$out/span-$start-$d.json" 2> "$tmp/err" ||
            bad "rank --from $start --to $d: $(cat "$tmp/err")"
        "$AQ" track --db "$db" --targets "$targets" --date "$d" \
            --format json > "$out/track-$d.json" 2> "$tmp/err" ||
            bad "track --date $d: $(cat "$tmp/err")"
        "$AQ" plan --db "$db" --month "$m" --date "$d" --format json \
            > "$out/plan-$d.json" 2> "$tmp/err" ||
            bad "plan --date $d: $(cat "$tmp/err")"
    done
}

# every STEP-th day from FROM to TO (GNU date)
dates() {
    d=$1
    while [ ! "$d" \> "$2" ]; do
        echo "$d"
        d=$(date -d "$d + $3 days" +%Y-%m-%d)
    done
}

# ---- Beijing (UCI) ----
db=$tmp/bj.db
if ! "$AQ" init --db "$db" --stations etc/beijing.stations.csv \
        --policy etc/hengshui.policy > "$tmp/log" 2>&1 ||
   ! "$AQ" ingest --db "$db" --quiet data/beijing_multisite/*.csv.gz \
        >> "$tmp/log" 2>&1; then
    bad "building the Beijing database: $(tail -n 3 "$tmp/log")"
    finish
fi
data_first=2013-03-01
# targets: some met, some missed, some out of reach; English and Chinese
# names; a year without targets for some units
targets=$tmp/bj-targets.csv
cat > "$targets" << 'EOF'
unit,year,pm25,good_days_ratio,heavy_days
东四,2014,85,45,40
Tiantan,2014,80,50.5,35
农展馆,2014,90,40,
官园,2014,,44.4,45
万寿西宫,2014,88,,30
顺义新城,2014,75,55,20
昌平镇,2014,83,47.2,36
怀柔镇,2014,70,60,25
奥体中心,2014,86,41.1,50
古城,2014,84,42,44
海淀万柳,2014,89,38.8,48
东四,2015,80,50,30
Dongsi,2013,90,40,60
古城,2013,95,35.5,55
EOF
# shellcheck disable=SC2046
docs "$db" "$tmp/bj" $(dates 2013-03-09 2015-02-28 9)
# spans of their own: across a year end, whole months, a heating season,
# and the three orderings
for span in "2013-12-15 2014-01-15" "2014-11-01 2015-02-28" \
            "2014-01-01 2014-01-31" "2014-10-01 2014-12-31" \
            "2014-06-01 2014-06-30"; do
    set -- $span
    "$AQ" rank --db "$db" --from "$1" --to "$2" --format json \
        > "$tmp/bj/span-$1-$2.json" 2> "$tmp/err" || bad "span $span"
    for by in pm25 good_days; do
        "$AQ" rank --db "$db" --from "$1" --to "$2" --by $by --format json \
            > "$tmp/bj/span-$1-$2-$by.json" 2> "$tmp/err" ||
            bad "span $span by $by"
    done
done
run_ref uci data/beijing_multisite etc/beijing.stations.csv "$targets" \
    "$tmp/bj"

# the planner's projection at a month's last day is the month settled
for m in 2013-12 2014-03 2014-07 2014-12; do
    last=$(date -d "$m-01 + 1 month - 1 day" +%Y-%m-%d)
    "$AQ" plan --db "$db" --month "$m" --date "$last" --format json \
        > "$tmp/plan.json" &&
        "$AQ" rank --db "$db" --period "$m" --format json > "$tmp/rank.json"
    if python3 - "$tmp/plan.json" "$tmp/rank.json" << 'EOF'
import json, sys
plan = json.load(open(sys.argv[1], encoding="utf-8"))
rank = json.load(open(sys.argv[2], encoding="utf-8"))
got = {u["unit"]: (u["projected"]["rank"], u["projected"]["amount"],
                   sorted(s["id"] for s in u["projected"]["sanctions"]))
       for u in plan["units"]}
want = {u["unit"]: (u["rank"], u["amount"],
                    sorted(s["id"] for s in rank["sanctions"]
                           if s["unit"] == u["unit"]))
        for u in rank["units"]}
sys.exit(0 if got == want else print(got, want) or 1)
EOF
    then ok "plan $m at its last day = rank --period $m"
    else bad "plan $m at its last day differs from rank --period $m"; fi
done

# ---- Beijing-Tianjin-Hebei (CNEMC, 2019 H1) ----
db=$tmp/bth.db
"$AQ" init --db "$db" --stations etc/jingjinji.stations.csv \
    --policy etc/hengshui.policy > "$tmp/log" 2>&1
"$AQ" ingest --db "$db" --quiet data/cnemc_jingjinji/*.csv.gz \
    >> "$tmp/log" 2>&1
# exit 6: stored, with the rows of the truncated files rejected
case $? in
0 | 6) ;;
*) bad "building the BTH database: $(tail -n 3 "$tmp/log")"; finish ;;
esac
data_first=$("$AQ" rank --db "$db" --all --format csv 2> /dev/null |
    awk -F, 'NR == 2 { print $2 "-01" }')
last=$(find data/cnemc_jingjinji -name '*.csv.gz' | sort | tail -n 1 |
    sed -E 's/.*_([0-9]{4})([0-9]{2})([0-9]{2})\.csv\.gz$/\1-\2-\3/')
targets=$tmp/bth-targets.csv
cat > "$targets" << 'EOF'
unit,year,pm25,good_days_ratio,heavy_days
北京,2019,42,65,10
天津,2019,48,60.3,12
石家庄,2019,60,50,20
保定,2019,58,52.5,18
衡水,2019,57,55,15
Tangshan,2019,55,,
EOF
# shellcheck disable=SC2046
docs "$db" "$tmp/bth" $(dates "$data_first" "$last" 1)
run_ref cnemc data/cnemc_jingjinji etc/jingjinji.stations.csv "$targets" \
    "$tmp/bth"
finish
