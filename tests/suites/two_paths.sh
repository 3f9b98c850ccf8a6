#!/bin/sh
# SPDX-License-Identifier: MIT
# The two paths are one result (issue 14 item 2): the ranking from a store
# (`aqrank init` + `ingest`, then `rank --db DB --all`) and the streaming
# ranking straight from the files (`rank --stations S.csv --all FILES`)
# must print the same bytes, on
#   - every hourly conformance case under tests/cases/ (a stations.csv
#     beside an hourly input.csv; its policy file when it has one),
#   - the bundled real data, each folder of hourly files under data/ (UCI
#     Beijing Multi-Site with etc/beijing.stations.csv, the CNEMC daily
#     files of cnemc_jingjinji with etc/jingjinji.stations.csv, those of
#     the other folders, national ones, with etc/national.stations.csv),
#   - generated long CSV in six layouts (bench/gen_hourly.c --layout:
#     column orders, extra and quoted columns, seconds, UTC offsets, a space
#     for T, CRLF, NA), which must also give the same bytes as each other;
# and for a quarter and a year of each (--period), the streaming output
# against the store's JSON document for that period (tests/suites/
# two_paths_period.py projects it onto unit,period,composite_index,rank).
# Ends with "two_paths: N passed, N failed"; exits 1 on a failure.
# Environment: B (build folder, default build), AQRANK (the binary).
set -u
. "$(dirname "$0")/../lib.sh"
AQRANK=${AQRANK:-$AQ}
why=$tmp/why
need_aq

# same NAME A B: byte for byte
same() {
    if cmp -s "$2" "$3"; then
        ok "$1"
    else
        diff "$2" "$3" > "$tmp/why" 2>&1
        [ -s "$2" ] || echo "(the first output is empty)" >> "$tmp/why"
        bad "$1"
    fi
}

# store NAME DB STATIONS POLICY FILES...: a fresh store of the files
# (POLICY may be empty); ingest exits 6 when it rejected something, which
# is data, not a failure
store() {
    name=$1
    db=$2
    st=$3
    pol=$4
    shift 4
    rm -f "$db" "$db-wal" "$db-shm"
    if [ -n "$pol" ]; then
        "$AQRANK" init --db "$db" --stations "$st" --policy "$pol" > /dev/null 2> "$tmp/why"
    else
        "$AQRANK" init --db "$db" --stations "$st" > /dev/null 2> "$tmp/why"
    fi || {
        bad "$name: init"
        return 1
    }
    "$AQRANK" ingest --quiet --db "$db" "$@" > /dev/null 2> "$tmp/why"
    rc=$?
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 6 ]; then
        bad "$name: ingest (exit $rc)"
        return 1
    fi
    return 0
}

# compare NAME STATIONS POLICY FILES...: the store's and the stream's --all
# outputs, then the quarter and the year of the first unit-month
compare() {
    name=$1
    st=$2
    pol=$3
    shift 3
    db=$tmp/t.db
    store "$name" "$db" "$st" "$pol" "$@" || return
    set -- --stations "$st" ${pol:+--policy "$pol"} "$@"
    "$AQRANK" rank --db "$db" --all --format csv > "$tmp/db.csv" 2> "$tmp/why" ||
        { bad "$name: rank --db --all"; return; }
    "$AQRANK" rank --all --format csv "$@" > "$tmp/stream.csv" 2> "$tmp/why" ||
        { bad "$name: rank --stations --all"; return; }
    if [ "$(wc -l < "$tmp/db.csv")" -lt 2 ]; then
        echo "no unit-month in the store's ranking" > "$tmp/why"
        bad "$name: --all has rows"
        return
    fi
    same "$name: rank --db --all and rank --stations --all" "$tmp/db.csv" "$tmp/stream.csv"
    # the first unit-month's period (the column named period)
    m=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "period") c = i }
        NR == 2 { print $c; exit }' "$tmp/db.csv")
    y=${m%-*}
    mm=${m#*-}
    for p in "$y-Q$(((${mm#0} + 2) / 3))" "$y"; do
        "$AQRANK" rank --db "$db" --period "$p" --format json > "$tmp/db.json" 2> "$tmp/why" ||
            { bad "$name $p: rank --db --period"; continue; }
        "$AQRANK" rank --period "$p" --format csv "$@" > "$tmp/stream_p.csv" 2> "$tmp/why" ||
            { bad "$name $p: rank --stations --period"; continue; }
        python3 tests/suites/two_paths_period.py "$p" "$(head -n 1 "$tmp/stream_p.csv")" \
            < "$tmp/db.json" > "$tmp/db_p.csv" 2> "$tmp/why" ||
            { bad "$name $p: the store's document"; continue; }
        same "$name: --period $p, the store and the stream" "$tmp/db_p.csv" "$tmp/stream_p.csv"
    done
}

# ---- the hourly conformance cases ----
ncases=0
for dir in tests/cases/*/; do
    [ -f "$dir/stations.csv" ] && [ -f "$dir/input.csv" ] || continue
    case $(head -n 1 "$dir/input.csv") in
    *station*time* | *time*station* | date,hour,type* | *year*month*day*hour*) ;;
    *) continue ;;
    esac
    ncases=$((ncases + 1))
    pol=
    [ -f "$dir/policy" ] && pol=$dir/policy
    compare "$(basename "$dir")" "$dir/stations.csv" "$pol" "$dir/input.csv"
done
if [ "$ncases" -lt 2 ]; then
    echo "found $ncases hourly conformance cases (P2, P8 at least)" > "$tmp/why"
    bad "the hourly conformance cases are found"
fi

# ---- the bundled real data ----
ndata=0
for dir in data/*/ data/*/*/; do
    set -- "$dir"*.csv "$dir"*.csv.gz
    files=
    for f in "$@"; do [ -f "$f" ] && files="$files $f"; done
    [ -n "$files" ] || continue
    case $files in
    *PRSA_Data_*) st=etc/beijing.stations.csv ;;
    *china_sites_*)
        case $dir in
        *jingjinji*) st=etc/jingjinji.stations.csv ;;
        *) st=etc/national.stations.csv ;;
        esac ;;
    *) continue ;;
    esac
    ndata=$((ndata + 1))
    # shellcheck disable=SC2086
    compare "$dir" "$st" "" $files
done
if [ "$ndata" -lt 3 ]; then
    echo "found $ndata folders of hourly data under data/" > "$tmp/why"
    bad "the bundled data are found"
fi

# ---- generated long CSV in every layout ----
if cc -O2 -std=c11 -D_DEFAULT_SOURCE -o "$tmp/gen" bench/gen_hourly.c -lm 2> "$tmp/why"; then
    gen="--stations 30 --cities 6 --days 70 --start 2024-01-25 --seed 5"
    # shellcheck disable=SC2086
    "$tmp/gen" $gen --stations-file "$tmp/gen_st.csv" --output "$tmp/canonical.csv"
    for layout in canonical issue19 crlf quoted name reordered; do
        # shellcheck disable=SC2086
        "$tmp/gen" $gen --layout "$layout" --output "$tmp/$layout.csv"
        compare "layout $layout" "$tmp/gen_st.csv" "" "$tmp/$layout.csv"
        cp "$tmp/stream.csv" "$tmp/all_$layout.csv"
        [ "$layout" = canonical ] ||
            same "layout $layout: the canonical layout's bytes" "$tmp/all_canonical.csv" "$tmp/all_$layout.csv"
    done
else
    bad "bench/gen_hourly.c builds"
fi

finish
