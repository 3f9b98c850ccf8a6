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
printf 'x' | gzip -c | head -c 15 > "$tmp/cut.csv.gz"
expect truncated-gzip 1 "truncated or corrupt gzip" "$tmp/cut.csv.gz" && [ "$(dump)" = "$before" ] && ok || bad "truncated gzip changed the database"

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

# not an aqrank database
head -c 4096 /dev/urandom > "$tmp/junk.db"
"$AQ" ingest --db "$tmp/junk.db" "$tmp/good.csv" > "$tmp/out" 2>&1
[ $? -ne 0 ] && grep -q "junk.db" "$tmp/out" && ok || { bad "not a database"; cat "$tmp/out"; }
# a database without a jurisdiction
rm -f "$tmp/nojur.db"; sqlite3 "$tmp/nojur.db" "CREATE TABLE x(y)"
"$AQ" ingest --db "$tmp/nojur.db" "$tmp/good.csv" > "$tmp/out" 2>&1
[ $? -ne 0 ] && ok || { bad "foreign database accepted"; cat "$tmp/out"; }

finish
