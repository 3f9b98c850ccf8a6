#!/bin/sh
# SPDX-License-Identifier: MIT
# cli: behaviour tests of the aqrank command line (not its arithmetic, which
# tests/suites/reference.sh checks): help and version, usage errors (exit 2),
# malformed input (exit 3, with <stdin>:LINE:COLUMN), CSV details (quotes,
# CRLF, a UTF-8 BOM), --ruleset auto, and every example of the manual page
# docs/man/aqrank.1.md run as written.
# Ends with "cli: N passed, N failed"; exit 1 on failure.
set -u
. "$(dirname "$0")/../lib.sh"
MAN=docs/man/aqrank.1.md
need_aq

# run [ARGS...]: aqrank ARGS with $tmp/in on stdin; sets $rc, $tmp/out,
# $tmp/err.
run() {
    "$AQ" "$@" < "$tmp/in" > "$tmp/out" 2> "$tmp/err"
    rc=$?
}

# expect NAME RC [ERR_SUBSTRING]: exit status and, if given, a substring of
# standard error.
expect() {
    name=$1 want=$2
    if [ "$rc" -ne "$want" ]; then
        bad "$name: exit $rc, expected $want; stderr: $(head -n 2 "$tmp/err")"
        return
    fi
    if [ $# -ge 3 ] && ! grep -qF -- "$3" "$tmp/err"; then
        bad "$name: stderr lacks '$3'; got: $(head -n 2 "$tmp/err")"
        return
    fi
    ok
}

# same_out NAME FILE: standard output equals FILE.
same_out() {
    if cmp -s "$2" "$tmp/out"; then ok; else
        bad "$1: output differs"
        diff "$2" "$tmp/out" | head -n 10
    fi
}

# input TEXT: $tmp/in from a printf format (escapes such as \n, \r and
# \357 are wanted; the texts hold no %).
# shellcheck disable=SC2059
input() { printf "$1" > "$tmp/in"; }

# --- the commands of a day (issue 16): usage errors before any file is
# opened (exit 2) ---
input ''
run rank --db none.db --from 2014-12-01
expect "rank --from without --to" 2 "--from and --to go together"
run rank --db none.db --from 2014-12-01 --to 2014-12-02 --format pdf
expect "a span as pdf" 2 "--format of a span must be table, json, csv or xlsx, got 'pdf'"
run rank --db none.db --from 2014-12-01 --to 2014-12-02 --lang fr
expect "a span in French" 2 "--lang must be zh or en"
run rank --db none.db --from 2014-12-01 --to 2014-12-02 --format xlsx
expect "a span's workbook without --output" 2 "--format xlsx needs --output FILE"
run rank --db none.db --indicator roads --from 2014-12-01 --to 2014-12-02
expect "a span of the road ranking" 2 "not with --period, --all, --stations or --indicator roads"
run rank --db none.db --from 2014-12-02 --to 2014-12-01
expect "a span backwards" 2 "not after --to"
run track --db none.db
expect "track without --targets" 2 "--targets FILE is required"
run track --db none.db --targets t.csv --format xlsx
expect "track's workbook without --output" 2 "--output"
run track --targets t.csv
expect "track without --db" 2 "--db FILE is required"
run track --db none.db --targets t.csv --date 2014-13-01
expect "track with a bad --date" 2 "--date must be YYYY-MM-DD, got '2014-13-01'"
run plan --db none.db --month 2014-12 extra
expect "plan with an operand" 2 "unexpected argument 'extra'"
run plan --db none.db --date 2014-12-01
expect "plan without --month" 2 "--month YYYY-MM is required"
run plan --db none.db --month 2014-12 --date 2014-11-30
expect "plan --date outside the month" 2 "--date must be a day of --month"
run plan --db none.db --month 2014-Q4
expect "plan of a quarter" 2 "--month must be YYYY-MM"
run plan --db none.db --month 2014-12 --format csv
expect "plan as CSV" 2 "--format must be table, json or xlsx, got 'csv'"
run report --db none.db --date 2014-12-01 --format pdf
expect "the brief as pdf" 2 "--format of the brief must be md, html or json"

# --- help and version -----------------------------------------------------
input ''
run --help
expect "--help exits 0" 0
if grep -q '^Usage: aqrank COMMAND' "$tmp/out" &&
    grep -q '^  iaqi ' "$tmp/out" && grep -q '^  aqi ' "$tmp/out"; then ok
else bad "--help lists the commands"; fi

run --version
expect "--version exits 0" 0
if grep -Eq '^aqrank [0-9]+\.[0-9]+\.[0-9]+' "$tmp/out"; then ok
else bad "--version prints 'aqrank X.Y.Z', got: $(cat "$tmp/out")"; fi

run iaqi --help
expect "iaqi --help exits 0" 0
if grep -q '^Usage: aqrank iaqi' "$tmp/out" && grep -q -- '--ruleset' "$tmp/out"
then ok; else bad "iaqi --help shows usage and --ruleset"; fi

run aqi --help
expect "aqi --help exits 0" 0
if grep -q -- '--report' "$tmp/out" && grep -q -- '--realtime-pm' "$tmp/out"
then ok; else bad "aqi --help shows --report and --realtime-pm"; fi

# Every option of every command's --help appears in the manual page.
for cmd in iaqi aqi init ingest rank report explain fund settle stations db serve \
    track plan; do
    run "$cmd" --help
    # shellcheck disable=SC2013 # the options are single words
    for opt in $(grep -Eo -- '--[a-z][a-z0-9-]*' "$tmp/out" | sort -u); do
        if grep -qF -- "\`$opt" "$MAN"; then ok
        else bad "option $opt of '$cmd --help' is not in $MAN"; fi
    done
done

# --- usage errors: exit 2 and a message ------------------------------------
run
expect "no command" 2 "Usage: aqrank"
run frobnicate
expect "unknown command" 2 "unknown command 'frobnicate'"
run iaqi --frobnicate
expect "unknown option" 2 "frobnicate"
run iaqi --ruleset r1999
expect "bad --ruleset value" 2 "--ruleset"
run aqi --report weekly
expect "bad --report value" 2 "--report"
run aqi --realtime-pm sometimes
expect "bad --realtime-pm value" 2 "--realtime-pm"
run aqi --ruleset
expect "option without its value" 2 "--ruleset"

# --- malformed input: exit 3, naming <stdin>:LINE:COLUMN -------------------
H='pollutant,averaging,concentration\n'
input "${H}pm25,24h,35\nxx,24h,3\n"
run iaqi
expect "bad pollutant (line 3, column 1)" 3 "<stdin>:3:1:"
input "${H}pm25,2h,3\n"
run iaqi
expect "bad averaging (column 2)" 3 "<stdin>:2:2:"
input "${H}pm25,24h,abc\n"
run iaqi
expect "non-number" 3 "<stdin>:2:3:"
input "${H}pm25,24h,1e3\n"
run iaqi
expect "exponent is not a plain decimal" 3 "<stdin>:2:3:"
# N3.2: a negative value is rejected, never clamped
input "${H}pm25,24h,-3\n"
run iaqi
expect "negative value (N3.2)" 3 "<stdin>:2:3:"
# the column number follows the header, not a fixed layout
input 'concentration,pollutant,averaging\n12,pm25,sometimes\n'
run iaqi
expect "column numbers follow the header" 3 "<stdin>:2:3:"
input 'pm25,24h,3\n'
run iaqi
expect "missing header" 3 "<stdin>:1"
input ''
run iaqi
expect "empty input (iaqi)" 3 "<stdin>:1"
run aqi
expect "empty input (aqi)" 3 "<stdin>:1"
input "${H}pm25,24h,\"3\n"
run iaqi
expect "unterminated quote" 3 "<stdin>:2"
input 'date,so2,no2\n2020-01-01,1,-2\n'
run aqi
expect "aqi: negative value (N3.2)" 3 "<stdin>:2:3:"
input 'date,so2,no2\n2020-01-01,x,2\n'
run aqi
expect "aqi: non-number" 3 "<stdin>:2:2:"

# --- CSV details ------------------------------------------------------------
printf 'id,pollutant,averaging,concentration,iaqi\n"a,b",pm25,24h,35.5,52\n"say ""hi""",co,24h,2.05,50\n' \
    > "$tmp/want"
input 'id,pollutant,averaging,concentration\n"a,b",pm25,"24h","35.5"\n"say ""hi""",co,24h,2.05\n'
run iaqi
expect "quoted fields" 0
same_out "quoted fields are unquoted for reading and re-quoted on output" "$tmp/want"

printf 'pollutant,averaging,concentration,iaqi\npm25,24h,35.5,52\nco,24h,2.15,55\n' > "$tmp/want"
input 'pollutant,averaging,concentration\r\npm25,24h,35.5\r\nco,24h,2.15\r\n'
run iaqi
expect "CRLF input" 0
same_out "CRLF input gives LF output" "$tmp/want"

input '\357\273\277pollutant,averaging,concentration\npm25,24h,35.5\nco,24h,2.15\n'
run iaqi
expect "UTF-8 BOM" 0
same_out "a UTF-8 BOM is ignored (header still found, not copied)" "$tmp/want"

input ' Pollutant , AVERAGING,Concentration\npm25,24h,35.5\n'
run iaqi
expect "header names ignore case and blanks" 0

input 'pollutant,averaging,concentration\npm25,24h,35.5'
run iaqi
printf 'pollutant,averaging,concentration,iaqi\npm25,24h,35.5,52\n' > "$tmp/want"
expect "no newline at the end" 0
same_out "the last line without a newline is read" "$tmp/want"

# --- aqi --ruleset auto ------------------------------------------------------
# N0.1: each row by the rule set in force on its date. PM10 120 / PM2.5 60:
# r2012 85 (50+50*70/100) and 82 (50+50*25/40=81.25), r2026 100 and 100.
input 'date,so2,no2,pm10,pm25,co,o3_8h\n2026-02-28,10,20,120,60,1.0,100\n2026-03-01,10,20,120,60,1.0,100\n'
run aqi --ruleset auto
expect "auto with a date column" 0
if awk -F, 'NR == 2 && $8 != 85 { exit 1 } NR == 3 && ($8 != 100 || $13 != "pm10 pm25") { exit 1 }' "$tmp/out"
then ok; else bad "auto: 2026-02-28 by r2012 (85), 2026-03-01 by r2026 (100)"; cat "$tmp/out"; fi
input 'so2,no2,pm10,pm25,co,o3_8h\n10,20,120,60,1.0,100\n'
run aqi --ruleset auto
expect "auto without a date column" 3 "needs a date"
input 'date,so2,no2,pm10,pm25,co,o3_8h\n28.02.2026,10,20,120,60,1.0,100\n'
run aqi --ruleset auto
expect "auto with a malformed date" 3 "<stdin>:2:1:"

# --- the examples of the manual page, run as written --------------------------
# Each ```console block: one line "$ COMMAND", then its exact output. The
# command runs with this build's aqrank first in PATH.
mkdir "$tmp/bin" "$tmp/ex"
case $AQ in /*) abs=$AQ ;; *) abs=$(pwd)/$AQ ;; esac
ln -s "$abs" "$tmp/bin/aqrank"
awk -v dir="$tmp/ex" '
    /^```console$/ { n++; inblock = 1; first = 1; next }
    /^```$/ && inblock { inblock = 0; next }
    inblock && first { sub(/^\$ /, ""); print > (dir "/" n ".cmd"); first = 0; next }
    inblock { print > (dir "/" n ".exp") }
' "$MAN"
nex=0
for c in "$tmp/ex"/*.cmd; do
    [ -f "$c" ] || continue
    nex=$((nex + 1))
    e=${c%.cmd}.exp
    [ -f "$e" ] || : > "$e"
    PATH="$tmp/bin:$PATH" sh -c "$(cat "$c")" > "$tmp/out" 2>&1
    if cmp -s "$e" "$tmp/out"; then ok; else
        bad "manual example: $(cat "$c")"
        diff "$e" "$tmp/out" | head -n 10
    fi
done
if [ "$nex" -ge 1 ]; then ok; else bad "no runnable example found in $MAN"; fi

finish
