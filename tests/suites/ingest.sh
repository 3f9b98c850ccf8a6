#!/bin/sh
# Bad input to `aqrank ingest` (issue 3, item 5): each case checks the exit
# status, the message (file, line, field) and that the database is either
# unchanged or holds exactly the accepted values.
. "$(dirname "$0")/../lib.sh"
need_aq

cat > "$tmp/st.csv" <<'CSV'
station,unit
A1,甲县
B1,乙县
CSV
fresh() {
    rm -f "$tmp/db" "$tmp/db-wal" "$tmp/db-shm"
    "$AQ" init --db "$tmp/db" --stations "$tmp/st.csv" > /dev/null || bad "init"
}
dump() { sqlite3 "$tmp/db" "SELECT day, station_id, hex(hours) FROM station_day ORDER BY 1, 2"; }
values() { sqlite3 "$tmp/db" "SELECT coalesce(sum(values_new), 0) FROM ingest"; }

# expect NAME EXIT PATTERN FILE [options]: run ingest, check exit and message
expect() {
    name=$1 want=$2 pattern=$3; shift 3
    "$AQ" ingest --db "$tmp/db" "$@" > "$tmp/out" 2>&1
    got=$?
    if [ "$got" -ne "$want" ]; then bad "$name: exit $got, want $want"; cat "$tmp/out"; return 1; fi
    if ! grep -q -- "$pattern" "$tmp/out"; then bad "$name: no '$pattern' in:"; cat "$tmp/out"; return 1; fi
    return 0
}

good="station,time,pm25,so2
A1,2018-07-01T00:00,30,5
A1,2018-07-01T01:00,32,6
B1,2018-07-01T00:00,40,7"

# --- files refused whole: nothing stored ---
fresh; printf '%s\n' "$good" > "$tmp/good.csv"; "$AQ" ingest --db "$tmp/db" "$tmp/good.csv" > /dev/null
before=$(dump)
: > "$tmp/empty.csv"
expect empty 3 "empty.csv" "$tmp/empty.csv" && [ "$(dump)" = "$before" ] && ok || bad "empty file changed the database"
printf 'station,time,pm25\n' > "$tmp/header.csv"
expect header-only 3 "header.csv:" "$tmp/header.csv" && [ "$(dump)" = "$before" ] && ok || bad "header-only changed the database"
printf 'foo,bar,baz\n1,2,3\n' > "$tmp/unknown.csv"
expect unknown-format 3 "unknown.csv:1" "$tmp/unknown.csv" && [ "$(dump)" = "$before" ] && ok || bad "unknown format changed the database"
# a gzip stream cut short, and one with a changed byte: bad input (3)
printf 'x' | gzip -c | head -c 15 > "$tmp/cut.csv.gz"
expect truncated-gzip 3 "truncated or corrupt gzip" "$tmp/cut.csv.gz" && [ "$(dump)" = "$before" ] && ok || bad "truncated gzip changed the database"
printf '%s\n' "$good" | sed 's/A1/B1/' | gzip -c > "$tmp/bad.gz"
python3 -c 'import sys; d = bytearray(open(sys.argv[1], "rb").read()); d[-6] ^= 0xff; open(sys.argv[1], "wb").write(d)' "$tmp/bad.gz"
expect corrupt-gzip 3 "truncated or corrupt gzip" "$tmp/bad.gz" && [ "$(dump)" = "$before" ] && ok || bad "corrupt gzip changed the database"
# a file that does not exist: not found (4); the other files are still read
expect missing-file 4 "nothere.csv: no such file" "$tmp/nothere.csv" && [ "$(dump)" = "$before" ] && ok || bad "missing file"
printf '%s\n' "$good" | sed 's/T00:00/T05:00/' > "$tmp/good2.csv"
expect missing-then-good 4 "nothere.csv: no such file" "$tmp/nothere.csv" "$tmp/good2.csv" &&
    [ "$(sqlite3 "$tmp/db" 'SELECT count(*) FROM ingest')" -eq 2 ] && ok || bad "a missing file stopped the others"
# a file that cannot be read (a directory): an I/O error (1)
expect unreadable 1 "$tmp" "$tmp" && ok

# --- rows and values rejected, the rest stored exactly ---
fresh
printf 'station,time,pm25,so2\nA1,2018-07-01T00:00,30,5\nA1,2018-07-01T01:00,abc,6\nA1,2018-07-01T02:00,-4,6\nA1,2018-07-01T03:00,20000,6\nA1,2018-07-01T04:00,31\nA1,2018-07-01T0' > "$tmp/bad.csv"
if expect bad-values 6 "bad.csv:3:3" "$tmp/bad.csv"; then
    # accepted: line 2 (2 values), the so2 of lines 3, 4, 5 = 5 values;
    # line 6 has a wrong number of fields and line 7 is cut: rejected rows
    v=$(values); [ "$v" -eq 5 ] && ok || bad "bad-values: $v values stored, want 5"
fi
grep -q "bad.csv:4:3" "$tmp/out" && grep -q "bad.csv:5:3" "$tmp/out" &&
    grep -q "rejected 2 rows, 3 values" "$tmp/out" && ok || { bad "negative/implausible value not located"; cat "$tmp/out"; }
"$AQ" db check --db "$tmp/db" > /dev/null 2>&1 && ok || bad "db check after rejects"
# the full reject report: one CSV line per problem, with file, line, field
fresh
"$AQ" ingest --db "$tmp/db" --rejects "$tmp/rej.csv" "$tmp/bad.csv" > /dev/null 2>&1
[ "$(sed -n 1p "$tmp/rej.csv")" = "file,line,column,reason" ] &&
    [ "$(wc -l < "$tmp/rej.csv")" -eq 6 ] &&
    grep -q "bad.csv,3,3,\"pm25 value \"\"abc\"\" is not a number\"" "$tmp/rej.csv" && ok ||
    { bad "reject report"; cat "$tmp/rej.csv"; }

# unknown station: listed, not stored; --add-stations stores it
fresh
printf 'station,time,pm25\nA1,2018-07-01T00:00,30\nZZ9,2018-07-01T00:00,50\n' > "$tmp/unk.csv"
expect unknown-station 6 "ZZ9 (1)" "$tmp/unk.csv" && [ "$(values)" -eq 1 ] && ok || bad "unknown station stored"
printf 'station,time,pm25\nZZ9,2018-07-01T01:00,51\n' > "$tmp/unk2.csv"
expect add-stations 0 "added as units" --add-stations "$tmp/unk2.csv" &&
    [ "$("$AQ" stations --db "$tmp/db" | grep -c ZZ9)" -eq 1 ] && ok || bad "--add-stations"

# duplicate hour with different values in one file: first kept, reported
fresh
printf 'station,time,pm25\nA1,2018-07-01T05:00,30\nA1,2018-07-01T05:00,35\n' > "$tmp/dup.csv"
expect duplicate-hour 6 "given twice" "$tmp/dup.csv" && [ "$(values)" -eq 1 ] && ok || bad "duplicate hour"

# timestamps out of order: every row stored at its own hour
fresh
printf 'station,time,pm25\nA1,2018-07-02T05:00,1\nA1,2018-07-01T05:00,2\nA1,2018-07-03T00:00,3\n' > "$tmp/order.csv"
"$AQ" ingest --db "$tmp/db" "$tmp/order.csv" > /dev/null 2>&1
[ "$(values)" -eq 3 ] && [ "$(sqlite3 "$tmp/db" 'SELECT count(*) FROM station_day')" -eq 3 ] && ok || bad "out-of-order rows"

# idempotent: the same file again changes nothing
expect same-again 0 "already ingested" "$tmp/order.csv" && [ "$(values)" -eq 3 ] && ok || bad "re-ingest"

# a corrected file replaces the value and audits the change
printf 'station,time,pm25\nA1,2018-07-01T05:00,9\n' > "$tmp/fix.csv"
"$AQ" ingest --db "$tmp/db" "$tmp/fix.csv" > /dev/null 2>&1
[ "$(sqlite3 "$tmp/db" "SELECT old_value || '>' || new_value FROM value_change")" = "2000000>9000000" ] && ok || bad "value_change audit"

# a CNEMC day with a missing hour (2019-06-20 has no hour 17)
cat > "$tmp/st2.csv" <<'CSV'
station,unit
1001A,北京
1002A,北京
CSV
rm -f "$tmp/db"*
"$AQ" init --db "$tmp/db" --stations "$tmp/st2.csv" > /dev/null
if [ -f data/cnemc_jingjinji/china_sites_20190620.csv.gz ]; then
    "$AQ" ingest --db "$tmp/db" data/cnemc_jingjinji/china_sites_20190620.csv.gz > "$tmp/out" 2>&1
    # the file covers 06-19 label 24 and 06-20 labels 1..23 without 17
    # (hour 0 belongs to the day before, N1.3.3): at most 23 PM2.5 hours
    n=$("$AQ" db check --db "$tmp/db" 2> /dev/null | awk -F, '$1 == "1001A" { print $4 ":" ($8 <= 23) }')
    [ "$n" = "2:1" ] && ok || { bad "CNEMC missing hour: $n"; cat "$tmp/out"; }
else
    bad "data/cnemc_jingjinji is missing"
fi

# the database: not one (1), another program's (1, and left as it was),
# none (4), one without a jurisdiction (4)
head -c 4096 /dev/urandom > "$tmp/junk.db"
"$AQ" ingest --db "$tmp/junk.db" "$tmp/good.csv" > "$tmp/out" 2>&1
[ $? -eq 1 ] && grep -q "junk.db" "$tmp/out" && ok || { bad "not a database"; cat "$tmp/out"; }
rm -f "$tmp/foreign.db"; sqlite3 "$tmp/foreign.db" "CREATE TABLE x(y)"
"$AQ" ingest --db "$tmp/foreign.db" "$tmp/good.csv" > "$tmp/out" 2>&1
[ $? -eq 1 ] && grep -q "not an aqrank database" "$tmp/out" &&
    [ "$(sqlite3 "$tmp/foreign.db" 'SELECT group_concat(name) FROM sqlite_schema')" = x ] && ok ||
    { bad "foreign database accepted or changed"; cat "$tmp/out"; }
expect missing-db 4 "nodb.db: no such database" --db "$tmp/nodb.db" "$tmp/good.csv" &&
    [ ! -e "$tmp/nodb.db" ] && ok || bad "a missing database was created"
: > "$tmp/nojur.db"
"$AQ" ingest --db "$tmp/nojur.db" "$tmp/good.csv" > "$tmp/out" 2>&1
[ $? -eq 4 ] && grep -q "no jurisdiction" "$tmp/out" && ok || { bad "database without a jurisdiction"; cat "$tmp/out"; }

# --- a file ingested again (issue 15 item 6): it says what the first
# ingest rejected, with that ingest's status (6), or under --strict the
# status of a bad row (3); nothing changes either way ---
fresh
"$AQ" ingest --db "$tmp/db" "$tmp/bad.csv" > /dev/null 2>&1
before=$(dump)
if expect again-rejects 6 "already ingested" "$tmp/bad.csv"; then
    grep -q "that ingest rejected 2 rows, 3 values" "$tmp/out" &&
        grep -q "bad.csv:3:3: pm25 value" "$tmp/out" && [ "$(dump)" = "$before" ] && ok ||
        { bad "again-rejects: the earlier rejects are not reported"; cat "$tmp/out"; }
fi
expect again-strict 3 "strict: ingested before with 2 rejected rows and 3 rejected values" --strict "$tmp/bad.csv" &&
    [ "$(dump)" = "$before" ] && [ "$(sqlite3 "$tmp/db" 'SELECT count(*) FROM ingest')" -eq 1 ] && ok
"$AQ" ingest --quiet --db "$tmp/db" "$tmp/bad.csv" > "$tmp/out" 2>&1
[ $? -eq 6 ] && [ ! -s "$tmp/out" ] && ok || { bad "again-quiet: exit or output"; cat "$tmp/out"; }
"$AQ" ingest --db "$tmp/db" "$tmp/good.csv" > /dev/null 2>&1
expect again-clean 0 "already ingested (same content as" "$tmp/good.csv" &&
    ! grep -q "rejected" "$tmp/out" && ok || bad "again-clean"
expect again-clean-strict 0 "already ingested" --strict "$tmp/good.csv" && ok

# --- interrupted (issue 15 item 6): SIGINT or SIGTERM while a file is
# read, the output going to a file. The files before it stay stored and
# are reported, it and the ones after are not stored and are named, the
# run says it was interrupted and ends by the signal (128 + its number) ---
awk 'BEGIN { print "station,time,pm25,so2";
  for (d = 0; d < 3650; d++) for (h = 0; h < 24; h++) for (s = 1; s <= 30; s++)
    printf "%s,%s,%d,%d\n", s % 2 ? "A1" : "B1",
      strftime("%Y-%m-%dT%H:00", 946684800 + d * 86400 + h * 3600, 1), 10 + s, 3 }' > "$tmp/slow.csv"
printf 'station,time,pm25\nA1,2018-08-01T00:00,30\n' > "$tmp/one.csv"
printf 'station,time,pm25\nB1,2018-08-02T00:00,31\n' > "$tmp/two.csv"
interrupt() { # SIGNAL STATUS [options]
    sig=$1 want=$2; shift 2
    fresh
    before=$(dump)
    "$AQ" ingest --db "$tmp/db" "$@" "$tmp/one.csv" "$tmp/two.csv" "$tmp/slow.csv" \
        "$tmp/good.csv" > "$tmp/out" 2> "$tmp/err" &
    ipid=$!
    i=0
    while ! grep -q "two.csv: 1 rows" "$tmp/out" 2> /dev/null && [ $i -lt 200 ]; do
        sleep 0.05; i=$((i + 1))
    done
    sleep 0.1
    kill -"$sig" "$ipid"
    wait "$ipid" 2> /dev/null
    rc=$?
    if [ "$rc" -ne "$want" ]; then bad "$sig: exit $rc, want $want"; cat "$tmp/out" "$tmp/err"; return; fi
    grep -q "one.csv: 1 rows" "$tmp/out" && grep -q "two.csv: 1 rows" "$tmp/out" &&
        grep -q "slow.csv: interrupted, not ingested (nothing of it is stored)" "$tmp/out" &&
        grep -q "good.csv: not ingested (interrupted)" "$tmp/out" &&
        [ "$(grep -c "slow.csv" "$tmp/out")" -eq 1 ] &&
        grep -q "^interrupted by SIG$sig: 2 of 4 files stored, 2 not" "$tmp/out" &&
        grep -q "interrupted by SIG$sig" "$tmp/err" && ok ||
        { bad "$sig: the report"; cat "$tmp/out" "$tmp/err"; }
    [ "$(sqlite3 "$tmp/db" 'SELECT group_concat(source) FROM ingest')" = "$tmp/one.csv,$tmp/two.csv" ] &&
        [ "$(sqlite3 "$tmp/db" 'SELECT count(*) FROM station_day')" -eq 2 ] &&
        "$AQ" db check --db "$tmp/db" > /dev/null 2>&1 && ok ||
        bad "$sig: the store does not hold exactly the files before"
}
interrupt INT 130
interrupt TERM 143 --batch 100

finish
