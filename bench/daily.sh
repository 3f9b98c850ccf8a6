#!/bin/sh
# SPDX-License-Identifier: MIT
# Issue 16: the morning's commands on a national store, timed. A store of one
# year (2023) of generated hourly data for 375 units (the size of
# etc/national.stations.csv), in two layouts: 1,700 stations (the national
# network's size, several per unit) and 375 (one per unit). For each, after
# the store is built and every month ranked once (as `make bench`'s other
# stores are, filling the caches of period results and of unit-days):
#
#   ytd     aqrank rank --from 2023-01-01 --to 2023-12-20   (year to date)
#   track   aqrank track --targets T --date 2023-12-20       (every unit)
#   plan    aqrank plan --month 2023-12 --date 2023-12-20   (every unit)
#   brief   aqrank report --date 2023-12-20 --targets T --format md
#   month   aqrank rank --period 2023-11                    (the peer in the
#           same run: the monthly ranking the store was built for)
#
# with hyperfine (one warm-up, at least RUNS runs; mean, median and CPU
# time, the target judged on the median), and once each before the
# warm-up on a copy whose unit-day cache is dropped ("cold": unit-days from
# the station-days). Then the incremental case: the next day ingested into a
# copy, and the year to date through it (one month of unit-days
# recomputed). Peak RSS from timed.sh. Issue 16's targets: ytd, track and
# plan each under 0.5 s. Appends a section to RESULTS.md. Run by `make
# bench` after incremental.sh.
set -eu
cd "$(dirname "$0")"
root=$(cd .. && pwd)
AQRANK=${AQRANK:-$root/${B:-build}/aqrank}
RUNS=${RUNS:-5}
mkdir -p data
[ -x data/gen_hourly ] || cc -O2 -std=c11 -D_DEFAULT_SOURCE -o data/gen_hourly gen_hourly.c -lm
command -v hyperfine > /dev/null || { echo "daily: hyperfine not found (scripts/setup --bench)"; exit 1; }
command -v sqlite3 > /dev/null || { echo "daily: sqlite3 not found (scripts/setup --bench)"; exit 1; }

date=2023-12-20
next=2023-12-21
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# a hyperfine run of "$1" (one warm-up, RUNS runs, 2 s): mean, standard
# deviation, median and CPU (user + system, mean) in seconds
timeit() {
    hyperfine -N --warmup 1 --min-runs "$RUNS" --min-benchmarking-time 2 \
        --export-json "$out.json" --style none "$1" > /dev/null 2>&1
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.3f %.3f %.3f %.3f" % (r["mean"], r["stddev"] or 0, r["median"], r["user"] + r["system"]))' "$out.json"
}

# seconds of one run
once() {
    t0=$(date +%s.%N)
    "$@" > /dev/null 2>&1
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc | sed 's/^\./0./'
}

# peak RSS (MiB) of one run, from timed.sh's line
rss() {
    rm -f "$out.log"
    sh timed.sh "$out.log" -o /dev/null "$@"
    sed -E 's/.*peak_rss_kb=([0-9]+).*/\1/' "$out.log" | awk '{ printf "%.0f", $1 / 1024 }'
}

{
    echo
    echo "## Every day (issue 16)"
    echo
    echo "One year (2023) of generated hourly data for 375 units; \`bench/daily.sh\`."
    echo "Times are hyperfine's (one warm-up, at least $RUNS runs) after the"
    echo "store's first ranking of every month (which fills its caches): mean ±"
    echo "standard deviation, median, and CPU (user + system, mean);"
    echo "\"cold\" is one run on a copy without the unit-day cache; \"vs month\""
    echo "is the median over the monthly ranking's in the same run. Target: ytd,"
    echo "track and plan each under 0.5 s, judged on the median (the mean of a"
    echo "shared machine counts the time other work held the CPUs). $(nproc) CPUs,"
    echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the start."
    echo
    echo "| layout | command | mean (s) | median (s) | CPU (s) | cold (s) | vs month | peak RSS (MiB) | under 0.5 s |"
    echo "|---|---|---|---|---|---|---|---|---|"
} > "$out.md"

for layout in "1700 375" "375 375"; do
    set -- $layout
    stations=$1 units=$2
    tag=daily_${stations}x355
    if [ ! -f "data/$tag.db" ]; then
        # 2023-01-01 .. 12-21: the store holds the year to 12-20, and 12-21
        # is the next day
        echo "daily: generating $stations stations in $units units x 355 days"
        ./data/gen_hourly --stations "$stations" --cities "$units" --days 355 \
            --start 2023-01-01 --seed 16 --output "data/${tag}_all.csv" \
            --stations-file "data/${tag}_stations.csv"
        head -n 1 "data/${tag}_all.csv" > "data/${tag}_next.csv"
        grep ",$next" "data/${tag}_all.csv" >> "data/${tag}_next.csv"
        grep -v ",$next" "data/${tag}_all.csv" > "data/${tag}_year.csv"
        rm -f "data/${tag}_all.csv" "data/$tag.db.tmp"*
        "$AQRANK" init --db "data/$tag.db.tmp" \
            --stations "data/${tag}_stations.csv" > /dev/null
        echo "daily: ingesting $tag"
        "$AQRANK" ingest --quiet --db "data/$tag.db.tmp" "data/${tag}_year.csv"
        "$AQRANK" rank --db "data/$tag.db.tmp" --all --format csv > /dev/null
        mv "data/$tag.db.tmp" "data/$tag.db"
    fi
    db=data/$tag.db
    # targets for every unit: PM2.5 between 30 and 60, good days 60-85 %,
    # heavy days 5-30
    "$AQRANK" stations --db "$db" --format csv 2> /dev/null |
        awk -F, 'NR > 1 && !seen[$2]++ { n++; printf "%s,2023,%d,%d.%d,%d\n", $2, 30 + n % 31, 60 + n % 26, n % 10, 5 + n % 26 }' |
        sed '1i unit,year,pm25,good_days_ratio,heavy_days' > "data/${tag}_targets.csv"
    t=data/${tag}_targets.csv
    # the cold runs: a copy without the unit-day cache
    cp "$db" "$db.cold"
    sqlite3 "$db.cold" "DELETE FROM period_cache WHERE period LIKE 'days %'"
    cold_ytd=$(once "$AQRANK" rank --db "$db.cold" --from 2023-01-01 --to $date --format json)
    cold_track=$(once "$AQRANK" track --db "$db.cold" --targets "$t" --date $date --format json)
    cold_plan=$(once "$AQRANK" plan --db "$db.cold" --month 2023-12 --date $date --format json)
    cold_brief=$(once "$AQRANK" report --db "$db.cold" --date $date --targets "$t" --format md)
    cold_month=$(once "$AQRANK" rank --db "$db.cold" --period 2023-11 --format json)
    rm -f "$db.cold" "$db.cold-wal" "$db.cold-shm"
    set -- \
        "ytd|$AQRANK rank --db $db --from 2023-01-01 --to $date --format json|$cold_ytd" \
        "track|$AQRANK track --db $db --targets $t --date $date --format json|$cold_track" \
        "plan|$AQRANK plan --db $db --month 2023-12 --date $date --format json|$cold_plan" \
        "brief|$AQRANK report --db $db --date $date --targets $t --format md|$cold_brief" \
        "month|$AQRANK rank --db $db --period 2023-11 --format json|$cold_month"
    month_t=$(timeit "$AQRANK rank --db $db --period 2023-11 --format json" | cut -d' ' -f3)
    for job in "$@"; do
        name=${job%%|*}
        rest=${job#*|}
        cmd=${rest%|*}
        cold=${rest##*|}
        read -r mean sd median cpu << EOF
$(timeit "$cmd")
EOF
        # shellcheck disable=SC2086
        mem=$(rss $cmd)
        ratio=$(echo "scale=1; $median / $month_t" | bc | sed 's/^\./0./')
        verdict="—"
        case $name in
        ytd | track | plan)
            if [ "$(echo "$median < 0.5" | bc)" = 1 ]; then verdict=yes; else verdict=**no**; fi ;;
        esac
        echo "| $stations stations | $name | $mean ± $sd | $median | $cpu | $cold | $ratio | $mem | $verdict |" >> "$out.md"
        echo "daily: $stations stations: $name median $median s, mean $mean s (cold $cold s)"
    done
    # the next day arrives: ingest it, then the year to date through it
    cp "$db" "$db.work"
    sync "$db.work"
    ing=$(once "$AQRANK" ingest --quiet --db "$db.work" "data/${tag}_next.csv")
    ytd=$(once "$AQRANK" rank --db "$db.work" --from 2023-01-01 --to $next --format json)
    rm -f "$db.work" "$db.work-wal" "$db.work-shm"
    echo "| $stations stations | next day: ingest, then ytd | $ing + $ytd | | | | | | |" >> "$out.md"
done
echo >> "$out.md"
echo "Load average $(cut -d' ' -f1-3 /proc/loadavg) at the end." >> "$out.md"
tee -a RESULTS.md < "$out.md"
rm -f "$out.md" "$out.json" "$out.log"
