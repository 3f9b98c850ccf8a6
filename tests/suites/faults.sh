#!/bin/sh
# Fault injection (issue 7 item 3) on the CLI, with the sanitizer binary
# "$B-san/aqrank" when it is built (else "$B/aqrank"):
#  - allocation failure: AQ_FAIL_ALLOC_AT=N makes the Nth and every later
#    allocation fail (src/util/alloc.c). For `ingest` and `rank`, N runs
#    from 1 up until the command succeeds; every failing run must exit with
#    a status (no signal), an "aqrank: <message>" line, no sanitizer report
#    (leaks included), and leave the database as it was (ingest: the whole
#    dump; rank: all but its result cache) and intact (integrity_check);
#    the succeeding run must have done the whole job.
#  - a full disk during ingest (a 2 MB tmpfs, filled up): clean failure,
#    database unchanged. Needs mount (root); otherwise reported as SKIP and
#    counted in neither column.
#  - a read-only database: clean failure, database unchanged.
. "$(dirname "$0")/../lib.sh"
need_aq
[ -x "$B-san/aqrank" ] && AQ=$B-san/aqrank
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mnt=""
at_exit '[ -n "$mnt" ] && umount "$mnt" 2> /dev/null'

# --- a two-unit jurisdiction with July 2018 and a small August file ---
printf 'station,unit\nA1,甲县\nB1,乙县\n' > "$tmp/st.csv"
awk 'BEGIN { print "station,time,so2,no2,pm10,pm25,co,o3";
  for (d = 1; d <= 31; d++) for (h = 0; h < 24; h++) for (s = 0; s < 2; s++)
    printf "%s,2018-07-%02dT%02d:00,%d,%d,%d,%d,%.1f,%d\n", s ? "B1" : "A1",
           d, h, 5 + s + h % 3, 20 + d % 7, 60 + s * 9 + h, 30 + s * 5 + d % 11,
           0.5 + s * 0.2, 80 + h * 3 }' > "$tmp/july.csv"
awk 'BEGIN { print "station,time,pm25,so2";
  for (d = 1; d <= 5; d++) for (h = 0; h < 24; h++)
    printf "A1,2018-08-%02dT%02d:00,%d,7\n", d, h, 40 + h }' > "$tmp/aug.csv"
"$B/aqrank" init --db "$tmp/base.db" --stations "$tmp/st.csv" > /dev/null &&
"$B/aqrank" ingest --db "$tmp/base.db" "$tmp/july.csv" > /dev/null || {
    bad "setup"; finish; }
dump() { sqlite3 "$1" .dump; }
# the data tables only: what an ingest must store
data() { sqlite3 "$1" "SELECT station_id, day, hex(hours) FROM station_day ORDER BY 1, 2"; }
# everything but the rank command's result cache and the data version
nocache() { sqlite3 "$1" .dump | grep -v -E 'INSERT INTO "?(period_cache|month_version)"?'; }
integrity() { [ "$(sqlite3 "$1" 'PRAGMA integrity_check')" = ok ]; }
fresh() {
    rm -f "$tmp/t.db" "$tmp/t.db-wal" "$tmp/t.db-shm"
    cp "$tmp/base.db" "$tmp/t.db"
}
base_dump=$(dump "$tmp/base.db")
base_nocache=$(nocache "$tmp/base.db")
# the state after a clean ingest of aug.csv, and its ingest log size
fresh; "$B/aqrank" ingest --db "$tmp/t.db" "$tmp/aug.csv" > /dev/null
want_data=$(data "$tmp/t.db")
want_log=$(sqlite3 "$tmp/t.db" 'SELECT count(*) FROM ingest')
fresh; "$B/aqrank" rank --db "$tmp/t.db" --period 2018-07 > "$tmp/rank.want"

# A failed run's stderr: a message, no sanitizer report.
clean_failure() {
    if grep -q -E 'AddressSanitizer|LeakSanitizer|runtime error|UndefinedBehavior' "$tmp/err"; then
        echo "  sanitizer report:"; head -n 25 "$tmp/err"; return 1
    fi
    if ! grep -q -E '^aqrank: .*[A-Za-z]' "$tmp/err" ||
       grep -q -E '^aqrank: $' "$tmp/err"; then
        echo "  no message (stderr: $(tr '\n' '|' < "$tmp/err"))"; return 1
    fi
    return 0
}

# alloc_loop NAME KIND: KIND ingest or rank
alloc_loop() {
    name=$1 kind=$2 n=1 bad=0 runs=0
    while [ "$n" -le 20000 ]; do
        fresh
        if [ "$kind" = ingest ]; then
            AQ_FAIL_ALLOC_AT=$n "$AQ" ingest --db "$tmp/t.db" "$tmp/aug.csv" > "$tmp/out" 2> "$tmp/err"
        else
            AQ_FAIL_ALLOC_AT=$n "$AQ" rank --db "$tmp/t.db" --period 2018-07 > "$tmp/out" 2> "$tmp/err"
        fi
        rc=$? runs=$((runs + 1))
        if [ "$rc" -eq 0 ]; then
            # it claims success: it must have done the whole job
            if [ "$kind" = ingest ] && { [ "$(data "$tmp/t.db")" != "$want_data" ] ||
               [ "$(sqlite3 "$tmp/t.db" 'SELECT count(*) FROM ingest')" != "$want_log" ]; }; then
                echo "  N=$n: exit 0 but the file is not stored (stderr: $(tr '\n' '|' < "$tmp/err"))"
                bad=$((bad + 1))
            elif [ "$kind" = rank ] && ! cmp -s "$tmp/out" "$tmp/rank.want"; then
                echo "  N=$n: exit 0 but the ranking differs from a normal run"
                bad=$((bad + 1))
            elif grep -q -E 'AddressSanitizer|LeakSanitizer|runtime error' "$tmp/err"; then
                echo "  N=$n: sanitizer report on success"; head -n 20 "$tmp/err"
                bad=$((bad + 1))
            else
                break
            fi
        else
            problem=""
            if [ "$rc" -ge 128 ]; then problem="killed by signal $((rc - 128))"
            elif ! clean_failure > "$tmp/why"; then problem="unclean failure: $(cat "$tmp/why")"
            elif ! integrity "$tmp/t.db"; then problem="integrity_check fails"
            elif [ "$kind" = ingest ] && [ "$(dump "$tmp/t.db")" != "$base_dump" ]; then
                problem="the database changed"
            elif [ "$kind" = rank ] && [ "$(nocache "$tmp/t.db")" != "$base_nocache" ]; then
                problem="the database changed (beyond the result cache)"
            fi
            if [ -n "$problem" ]; then
                bad=$((bad + 1))
                [ "$bad" -le 5 ] && echo "  N=$n (exit $rc): $problem"
            fi
        fi
        # every N at first, then sparser: allocations late in a run repeat
        if [ "$n" -lt 300 ]; then n=$((n + 1)); else n=$((n + n / 8)); fi
    done
    if [ "$n" -gt 20000 ]; then
        bad "$name: still failing at N=20000"
    elif [ "$bad" -eq 0 ]; then
        ok; echo "ok $name: $runs runs, succeeded from N=$n"
    else
        bad "$name: $bad of $runs runs misbehaved"
    fi
}

alloc_loop alloc-ingest ingest
alloc_loop alloc-rank rank

# --- read-only database ---
# root ignores file modes, so a read-only mount is used when we are root
ro_test() {
    dir=$1
    rm -f "$dir/t.db"*
    cp "$tmp/base.db" "$dir/t.db"
    before=$(dump "$dir/t.db")
    if [ "$(id -u)" -eq 0 ]; then
        mount -o remount,ro "$dir" 2>/dev/null || return 2
    else
        chmod 444 "$dir/t.db"; chmod 555 "$dir"
    fi
    "$AQ" ingest --db "$dir/t.db" "$tmp/aug.csv" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    # compare once writable again (sqlite3 itself cannot open a WAL
    # database on a read-only file system without its -shm file)
    if [ "$(id -u)" -eq 0 ]; then mount -o remount,rw "$dir"; else chmod 755 "$dir"; chmod 644 "$dir/t.db"; fi
    if [ "$rc" -eq 0 ] || [ "$rc" -ge 128 ]; then
        bad "read-only: exit $rc"; cat "$tmp/err"
    elif ! clean_failure > "$tmp/why"; then
        bad "read-only: $(cat "$tmp/why")"
    elif [ "$(dump "$dir/t.db")" != "$before" ]; then
        bad "read-only: the database changed"
    else
        ok; echo "ok read-only database: exit $rc: $(grep '^aqrank' "$tmp/err" | tail -n 1)"
    fi
    return 0
}

# --- full disk: a 2 MB tmpfs, filled but for a few pages ---
mkdir -p "$tmp/mnt"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=2m aqrank-faults "$tmp/mnt" 2>/dev/null; then
    mnt=$tmp/mnt
    cp "$tmp/base.db" "$mnt/t.db"
    "$B/aqrank" rank --db "$mnt/t.db" --period 2018-07 > /dev/null 2>&1
    before=$(dump "$mnt/t.db")
    # fill the disk, then free 8 KB: room to open, none to store July-size data
    dd if=/dev/zero of="$mnt/fill" bs=4k 2> /dev/null
    truncate -s -8k "$mnt/fill" 2> /dev/null
    # a file to ingest: 45 days of two stations (about 400 KB in the
    # database, which fits in the tmpfs once the filler is gone)
    awk 'BEGIN { print "station,time,pm25,pm10,so2,no2,co,o3";
      for (d = 0; d < 45; d++) for (h = 0; h < 24; h++) for (s = 0; s < 2; s++)
        printf "%s,%s,%d,%d,%d,%d,%.1f,%d\n", s ? "B1" : "A1",
          strftime("%Y-%m-%dT%H:00", 1546300800 + d * 86400 + h * 3600, 1),
          20 + (d * 7 + h) % 90, 50 + h, 5 + s, 30 + d % 9, 0.6, 70 + h }' > "$tmp/year.csv"
    "$AQ" ingest --db "$mnt/t.db" "$tmp/year.csv" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    rm -f "$mnt/fill"
    if [ "$rc" -eq 0 ] || [ "$rc" -ge 128 ]; then
        bad "full disk: exit $rc"; cat "$tmp/err" "$tmp/out"
    elif ! clean_failure > "$tmp/why"; then
        bad "full disk: $(cat "$tmp/why")"
    elif ! integrity "$mnt/t.db"; then
        bad "full disk: integrity_check fails"
    elif [ "$(dump "$mnt/t.db")" != "$before" ]; then
        bad "full disk: the database changed"
    else
        ok; echo "ok full disk: exit $rc: $(grep '^aqrank' "$tmp/err" | tail -n 1)"
    fi
    # and the same file goes in once there is room again
    if "$AQ" ingest --db "$mnt/t.db" "$tmp/year.csv" > /dev/null 2>&1 &&
       [ "$(sqlite3 "$mnt/t.db" "SELECT count(*) FROM station_day WHERE day >= 17897")" -eq 90 ]; then
        ok
    else
        bad "full disk: the ingest does not succeed once there is room"
    fi
    # a full disk while ranking: either the right answer (the ranking needs
    # no write; its cache is an optimisation) or a clean failure with a
    # message; the database never changes
    cp "$mnt/t.db" "$tmp/rank-ref.db"
    "$AQ" rank --db "$tmp/rank-ref.db" --period 2019-01 --format json > "$tmp/rank-ref.json" 2>&1
    before=$(dump "$mnt/t.db")
    dd if=/dev/zero of="$mnt/fill" bs=4k 2> /dev/null
    "$AQ" rank --db "$mnt/t.db" --period 2019-01 --format json > "$tmp/rank.json" 2> "$tmp/err"
    rc=$?
    rm -f "$mnt/fill"
    if [ "$rc" -eq 0 ] && ! cmp -s "$tmp/rank.json" "$tmp/rank-ref.json"; then
        bad "full disk while ranking: another answer"; cat "$tmp/err"
    elif [ "$rc" -ne 0 ] && { [ "$rc" -ge 128 ] || ! grep -q "^aqrank: .*t.db" "$tmp/err" ||
                               grep -q "not an aqrank database" "$tmp/err"; }; then
        bad "full disk while ranking: exit $rc without a clear message"; cat "$tmp/err"
    elif ! integrity "$mnt/t.db" || [ "$(dump "$mnt/t.db")" != "$before" ]; then
        bad "full disk while ranking: the database changed"
    else
        ok; echo "ok full disk while ranking: exit $rc $(head -n 1 "$tmp/err"), nothing changed"
    fi
    ro_test "$mnt" || skip "read-only: cannot remount read-only"
else
    for what in "ingest" "ingest once there is room" "ranking"; do
        skip "full disk, $what: cannot mount a tmpfs (needs root)"
    done
    if [ "$(id -u)" -ne 0 ]; then
        ro_test "$tmp/mnt"
    else
        skip "read-only: no tmpfs to remount"
    fi
fi
finish
