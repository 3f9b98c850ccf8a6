#!/bin/sh
# Crash safety (issue 7 item 4; issue 3): `aqrank ingest` of one large file
# is killed with SIGKILL at random moments, CRASH_KILLS times (default 40;
# the full run is CRASH_KILLS=200); every other run writes the file in
# batches of 200 station-days (`--batch 200`, 22 batches in one
# transaction; issue 19 item 3). After each kill the database must pass
# PRAGMA integrity_check and hold all or none of the file: its ingest log
# and its station-day rows are exactly those before the ingest or exactly
# those of an uninterrupted ingest. The killed runs continue on the same
# database (so recovery after recovery is exercised) until one completes,
# then start again from the initial copy. At the end the file is ingested
# to completion and the result compared with the uninterrupted run.
# `aqrank rank` (which writes its result cache) is killed too, a quarter as
# often: the database stays intact and the next rank prints the same.
#   CRASH_KILLS=N  number of ingest kills; CRASH_SEED=S  random seed
. "$(dirname "$0")/../lib.sh"
KILLS=${CRASH_KILLS:-40}
SEED=${CRASH_SEED:-$$}
need_aq

printf 'station,unit\nA1,甲县\nB1,乙县\nC1,丙县\nD1,丁县\n' > "$tmp/st.csv"
# three years of four stations, all six pollutants: about 105,000 rows
awk 'BEGIN { print "station,time,so2,no2,pm10,pm25,co,o3";
  split("A1 B1 C1 D1", st, " ");
  for (d = 0; d < 1095; d++) for (h = 0; h < 24; h++) for (s = 1; s <= 4; s++)
    printf "%s,%s,%d,%d,%d,%d,%.1f,%d\n", st[s],
      strftime("%Y-%m-%dT%H:00", 1420070400 + d * 86400 + h * 3600, 1),
      3 + (d + s) % 20, 20 + (d * 3 + h) % 50, 40 + (d * 7 + h * s) % 150,
      15 + (d * 5 + h) % 120, 0.4 + ((d + h) % 10) / 10, 30 + (h * 11 + d) % 180 }' > "$tmp/big.csv"
"$AQ" init --db "$tmp/base.db" --stations "$tmp/st.csv" > /dev/null || {
    bad "setup"; finish; }

state() {
    # the ingest log's files and counts, the station-day data and their
    # sources, as one digest
    sqlite3 "$1" "SELECT source, rows, observations, values_new FROM ingest ORDER BY id;
                  SELECT station_id, day, hex(hours) FROM station_day ORDER BY 1, 2;
                  SELECT * FROM station_day_source ORDER BY 1, 2, 3;" |
        md5sum | cut -d' ' -f1
}
copy_base() {
    rm -f "$tmp/t.db" "$tmp/t.db-wal" "$tmp/t.db-shm"
    cp "$tmp/base.db" "$tmp/t.db"
}
none=$(state "$tmp/base.db")
# the uninterrupted run, timed (milliseconds)
copy_base
t0=$(date +%s%N)
"$AQ" ingest --db "$tmp/t.db" "$tmp/big.csv" > /dev/null || bad "uninterrupted ingest"
t1=$(date +%s%N)
all=$(state "$tmp/t.db")
ms=$(( (t1 - t0) / 1000000 ))
[ "$ms" -lt 20 ] && ms=20
[ "$none" != "$all" ] || bad "setup: the ingest changed nothing"
# in batches: the same state
copy_base
"$AQ" ingest --batch 200 --db "$tmp/t.db" "$tmp/big.csv" > /dev/null &&
    [ "$(state "$tmp/t.db")" = "$all" ] && ok || bad "ingest in batches stores another state"
"$AQ" rank --db "$tmp/t.db" --period 2016-06 > "$tmp/rank.want" || bad "uninterrupted rank"
cp "$tmp/t.db" "$tmp/full.db"
echo "ingest takes ${ms} ms; $KILLS kills, seed $SEED"

# random delays in [0, 1.2 * ms] milliseconds, as seconds for sleep
awk -v n="$KILLS" -v ms="$ms" -v seed="$SEED" 'BEGIN { srand(seed);
    for (i = 0; i < n; i++) printf "%.3f\n", rand() * ms * 1.2 / 1000 }' > "$tmp/delays"

copy_base
bad=0 n_none=0 n_all=0 i=0
while read -r delay; do
    i=$((i + 1))
    batch=""; [ $((i % 2)) -eq 0 ] && batch="--batch 200"
    # shellcheck disable=SC2086
    "$AQ" ingest $batch --db "$tmp/t.db" "$tmp/big.csv" > /dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -KILL "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
    if [ "$(sqlite3 "$tmp/t.db" 'PRAGMA integrity_check')" != ok ] ||
        ! "$AQ" db check --db "$tmp/t.db" > /dev/null 2>&1; then
        bad=$((bad + 1)); echo "  kill $i after ${delay}s: integrity_check or aqrank db check fails"
        copy_base; continue
    fi
    s=$(state "$tmp/t.db")
    if [ "$s" = "$none" ]; then
        n_none=$((n_none + 1))
    elif [ "$s" = "$all" ]; then
        n_all=$((n_all + 1)); copy_base
    else
        bad=$((bad + 1)); echo "  kill $i ($batch) after ${delay}s: a part of the file is stored"
        copy_base
    fi
done < "$tmp/delays"
if [ "$bad" -eq 0 ]; then
    ok; echo "ok $KILLS ingest kills: $n_none left nothing, $n_all left all"
else
    bad "$bad of $KILLS ingest kills left an inconsistent database"
fi

# re-run to completion after a kill (in batches): the same final state
copy_base
"$AQ" ingest --batch 200 --db "$tmp/t.db" "$tmp/big.csv" > /dev/null 2>&1 &
pid=$!; sleep "$(awk -v ms="$ms" 'BEGIN { printf "%.3f", ms / 2000 }')"
kill -KILL "$pid" 2> /dev/null; wait "$pid" 2> /dev/null
if "$AQ" ingest --db "$tmp/t.db" "$tmp/big.csv" > /dev/null 2>&1 &&
   [ "$(state "$tmp/t.db")" = "$all" ] &&
   "$AQ" rank --db "$tmp/t.db" --period 2016-06 | cmp -s - "$tmp/rank.want"; then
    ok
else
    bad "re-running the killed ingest does not reach the uninterrupted state"
fi

# kill rank while it computes and stores its results
rk=$(( KILLS / 4 )); [ "$rk" -lt 5 ] && rk=5
t0=$(date +%s%N)
cp "$tmp/full.db" "$tmp/r.db"
"$AQ" rank --db "$tmp/r.db" --all > /dev/null
t1=$(date +%s%N)
rms=$(( (t1 - t0) / 1000000 )); [ "$rms" -lt 10 ] && rms=10
awk -v n="$rk" -v ms="$rms" -v seed="$SEED" 'BEGIN { srand(seed + 1);
    for (i = 0; i < n; i++) printf "%.3f\n", rand() * ms * 1.2 / 1000 }' > "$tmp/delays"
rm -f "$tmp/r.db"*; cp "$tmp/full.db" "$tmp/r.db"
bad=0
while read -r delay; do
    "$AQ" rank --db "$tmp/r.db" --all > /dev/null 2>&1 &
    pid=$!; sleep "$delay"; kill -KILL "$pid" 2> /dev/null; wait "$pid" 2> /dev/null
    if [ "$(sqlite3 "$tmp/r.db" 'PRAGMA integrity_check')" != ok ] ||
       [ "$(state "$tmp/r.db")" != "$all" ]; then
        bad=$((bad + 1)); echo "  rank killed after ${delay}s: database damaged"
    fi
done < "$tmp/delays"
if [ "$bad" -eq 0 ] && "$AQ" rank --db "$tmp/r.db" --period 2016-06 | cmp -s - "$tmp/rank.want"; then
    ok; echo "ok $rk rank kills (rank --all takes ${rms} ms)"
else
    bad "rank kills: $bad damaged, or the next rank differs"
fi
finish
