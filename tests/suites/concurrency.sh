#!/bin/sh
# Issue 7 item 5: `aqrank serve` reads while `aqrank ingest` writes. Readers
# must never see a half-ingested file, and neither side may fail with
# "database is locked". The states a reader may see are known in advance:
# the (station_days, ingests) counts after 0, 1, ..., n files, measured on
# a separate database ingesting the same files one at a time. The writer
# stores each file in batches of 300 station-days (issue 19 item 3), all
# written before the file's one commit: a reader must see none of them.
. "$(dirname "$0")/../lib.sh"
at_exit stop_pid
need_aq
files=$(ls data/beijing_multisite/*.csv.gz)
[ -n "$files" ] || { bad "no data/beijing_multisite/*.csv.gz"; finish; }

# the allowed states
"$AQ" init --db "$tmp/ref.db" --stations etc/beijing.stations.csv > /dev/null
states=$(sqlite3 "$tmp/ref.db" "SELECT (SELECT count(*) FROM station_day) || ' ' || (SELECT count(*) FROM ingest)")
for f in $files; do
    "$AQ" ingest --quiet --db "$tmp/ref.db" "$f" > /dev/null 2>&1
    states="$states
$(sqlite3 "$tmp/ref.db" "SELECT (SELECT count(*) FROM station_day) || ' ' || (SELECT count(*) FROM ingest)")"
done

# the server on the live database, and a writer ingesting meanwhile
"$AQ" init --db "$tmp/live.db" --stations etc/beijing.stations.csv > /dev/null
"$AQ" serve --db "$tmp/live.db" --listen 127.0.0.1:0 --print-port \
    --access-log none > "$tmp/port" 2> "$tmp/serve.err" &
pid=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
port=$(head -n 1 "$tmp/port")
[ -n "$port" ] && ok || bad "server did not start"
( for f in $files; do "$AQ" ingest --quiet --batch 300 --db "$tmp/live.db" "$f" || echo "ingest exit $?"; done ) > "$tmp/writer.out" 2>&1 &
writer=$!
seen=0; bad=0; errors=0
while kill -0 "$writer" 2> /dev/null || [ $seen -lt 5 ]; do
    body=$(curl -s -w '\n%{http_code}' "http://127.0.0.1:$port/api/v1/health")
    code=$(echo "$body" | tail -n 1)
    if [ "$code" != 200 ]; then errors=$((errors + 1)); echo "health: $body"; fi
    state=$(echo "$body" | head -n 1 | sed -n 's/.*"station_days":\([0-9]*\),"ingests":\([0-9]*\).*/\1 \2/p')
    if ! echo "$states" | grep -qx "$state"; then bad=$((bad + 1)); echo "unexpected state: $state"; fi
    # now and then a ranking, computed from a consistent snapshot too
    if [ $((seen % 20)) -eq 0 ]; then
        code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/rank?month=2013-06")
        case "$code" in 200|404) ;; *) errors=$((errors + 1)); echo "rank: $code" ;; esac
    fi
    seen=$((seen + 1))
done
wait "$writer"
[ $bad -eq 0 ] && ok || bad "$bad reads saw a state between two files"
[ $errors -eq 0 ] && ok || bad "$errors failed requests during the ingest"
! grep -qi "locked" "$tmp/writer.out" "$tmp/serve.err" && [ ! -s "$tmp/writer.out" ] && ok ||
    { bad "the writer failed"; cat "$tmp/writer.out"; }
final=$(curl -s "http://127.0.0.1:$port/api/v1/health" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["station_days"], d["ingests"])')
[ "$final" = "$(echo "$states" | tail -n 1)" ] && ok || bad "final state $final"
echo "($seen reads during the ingest)"
kill "$pid"; wait "$pid" 2> /dev/null; pid=""
finish
