#!/bin/sh
# Runs every test suite and ends with one line: "total: N passed, N failed".
# Each suite prints its own "<suite>: N passed, N failed[, N skipped]" line
# (tests/lib.sh, the suites' harness); this script adds them up. A suite
# without that line, or whose shell could not find a command it called
# (a misspelt or removed harness call would otherwise pass silently),
# counts as a failure. Exit status 1 if anything failed.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
export B
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

run_suite() {
    # $1 = label, rest = command; its summary lines are collected
    label=$1; shift
    "$@" > "$log.out" 2>&1
    rc=$?
    cat "$log.out"
    line=$(grep -E '^[a-z0-9_-]+: [0-9]+ passed, [0-9]+ failed' "$log.out" | tail -n 1)
    if [ -z "$line" ]; then
        echo "$label: 0 passed, 1 failed (no summary; exit $rc)"
        echo "$label 0 1 0" >> "$log"
        status=1
        return
    fi
    p=$(echo "$line" | sed -E 's/^[^:]*: ([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    s=0
    case $line in *skipped) s=$(echo "$line" | sed -E 's/.* ([0-9]+) skipped$/\1/') ;; esac
    # dash: "tests/suites/x.sh: 12: name: not found"
    if grep -qE '^[^ ]+\.sh: [0-9]+: .*: not found$' "$log.out"; then
        echo "$label: a command was not found (above): 1 failed"
        f=$((f + 1))
    fi
    echo "$label $p $f $s" >> "$log"
    if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then status=1; fi
}

run_suite unit "$B/unit-tests"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite unit-san "$B-san/unit-tests"
for suite in tests/suites/*.sh; do
    [ -f "$suite" ] || continue
    name=$(basename "$suite" .sh)
    run_suite "$name" sh "$suite"
done
# the command-line suites again with the ASan+UBSan binary
for name in cli ingest cases; do
    [ -f "tests/suites/$name.sh" ] || continue
    run_suite "$name-san" env B="$B-san" ASAN_OPTIONS=detect_leaks=1 \
        UBSAN_OPTIONS=halt_on_error=1 sh "tests/suites/$name.sh"
done
rm -f "$log.out"
awk '$4 > 0 { s += $4; names = names " " $1 }
     END { if (s) printf "skipped: %d (%s); see their SKIP lines\n", s, substr(names, 2) }' "$log"
awk '{p+=$2; f+=$3} END {printf "total: %d passed, %d failed\n", p, f}' "$log"
exit $status
