#!/bin/sh
# Valgrind memcheck on the CLI end to end (issue 7 item 2): init, ingest
# (a real UCI file and a hand-made long CSV), rank --period, explain, iaqi
# and aqi, each with zero errors and zero leaks (definite, indirect and
# possible leaks count as errors; memory still reachable at exit from
# libraries is not a leak). Runs the plain build "$B/aqrank". Fails when
# valgrind is not installed (scripts/setup installs it).
. "$(dirname "$0")/../lib.sh"
need_aq
command -v valgrind > /dev/null 2>&1 ||
    { bad "valgrind is not installed (scripts/setup installs it)"; finish; }
VG="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --track-origins=yes"

# vg NAME WANT_EXIT COMMAND... (stdin from $tmp/in when it exists)
vg() {
    name=$1 want=$2; shift 2
    if [ -f "$tmp/in" ]; then
        $VG "$AQ" "$@" < "$tmp/in" > "$tmp/out" 2> "$tmp/err"
    else
        $VG "$AQ" "$@" < /dev/null > "$tmp/out" 2> "$tmp/err"
    fi
    rc=$?
    rm -f "$tmp/in"
    if [ "$rc" -eq 99 ]; then
        bad "$name: valgrind reports errors"; head -n 40 "$tmp/err"
    elif [ "$rc" -ne "$want" ]; then
        bad "$name: exit $rc, want $want"; head -n 10 "$tmp/err"
    else
        ok
    fi
}

cat > "$tmp/long.csv" <<'CSV'
station,time,pm25,pm10,so2,no2,co,o3
Dongsi,2013-03-05T00:00,30,50,5,20,0.6,80
Dongsi,2013-03-05T01:00,abc,50,5,20,0.6,80
Tiantan,2013-03-05T00:00,35,55,6,21,0.7,81
CSV
vg init 0 init --db "$tmp/db" --stations etc/beijing.stations.csv --policy etc/hengshui.policy
vg ingest-uci 0 ingest --db "$tmp/db" data/beijing_multisite/PRSA_Data_Dongsi_20130301-20150228.csv.gz
vg ingest-long 6 ingest --db "$tmp/db" "$tmp/long.csv"
vg ingest-again 0 ingest --db "$tmp/db" data/beijing_multisite/PRSA_Data_Dongsi_20130301-20150228.csv.gz
vg rank-month 0 rank --db "$tmp/db" --period 2014-06
vg rank-quarter-json 0 rank --db "$tmp/db" --period 2014-Q2 --format json
vg explain 0 explain --db "$tmp/db" --unit Dongsi --month 2014-06
vg explain-json 0 explain --db "$tmp/db" --unit 东四 --month 2014-06 --format json
printf 'pollutant,averaging,concentration\nso2,1h,801\npm25,24h,35.5\nco,24h,\n' > "$tmp/in"
vg iaqi 0 iaqi
printf 'date,so2,no2,pm10,pm25,co,o3_8h\n2018-07-01,5,20,50,80,0.6,100\n2018-07-02,,,,,,\n' > "$tmp/in"
vg aqi 0 aqi
# failures must not leak either
vg rank-bad-period 2 rank --db "$tmp/db" --period 2014-13
printf 'pollutant,averaging\nso2,1h\n' > "$tmp/in"
vg iaqi-bad-header 3 iaqi
vg explain-unknown-unit 4 explain --db "$tmp/db" --unit Nowhere --month 2014-06
finish
