#!/bin/sh
# Issue 7 item 3 (STYLE 3.6): make the Nth allocation fail, for every unit
# test, and check that each run ends cleanly: the test may fail (exit 1),
# but never crashes, never trips AddressSanitizer, UBSan or LeakSanitizer.
# In `make check` N takes a Fibonacci sample up to 377 for every test;
# ALLOC_SWEEP=full (`make check-mem`) takes every N from 1 until the test
# passes, that is, until N is past its last allocation.
. "$(dirname "$0")/../lib.sh"
T=$B-san/unit-tests
[ -x "$T" ] || { bad "$T missing (build it: make B=$B san)"; finish; }
out=$tmp/out
check_run() { # $1 test, $2 N; returns 0 when the test passed outright
    AQ_FAIL_ALLOC_AT=$2 ASAN_OPTIONS=detect_leaks=1 \
        UBSAN_OPTIONS=halt_on_error=1 "$T" -s "$1" > "$out" 2>&1
    rc=$?
    if [ $rc -gt 1 ] || grep -q "Sanitizer\|runtime error" "$out"; then
        bad "$1 with allocation $2 failing (exit $rc):"
        grep -m 6 "Sanitizer\|runtime error\|#[0-9] " "$out"
        return 2
    fi
    return $rc
}
for t in $("$T" -l); do
    bad_before=$fail
    if [ "${ALLOC_SWEEP:-sample}" = full ]; then
        n=1
        while [ $n -le 5000 ]; do
            check_run "$t" $n; rc=$?
            [ $rc -eq 0 ] && break
            n=$((n + 1))
        done
    else
        for n in 1 2 3 5 8 13 21 34 55 89 144 233 377; do
            check_run "$t" $n
        done
    fi
    [ $fail -eq $bad_before ] && ok
done
finish
