#!/bin/sh
# SPDX-License-Identifier: MIT
# Conformance cases (tests/cases/P<n>-<name>/, roads-<name>/ for the
# road standard of issue 20, and D<n>-<name>/ for the daily rules of
# docs/spec-daily.md): data, not code. Each case
# directory has README (the rule and why), input files, `cmd` (an aqrank
# command line, run from the case directory with `aqrank` meaning the
# built binary), `expected` (exact standard output) and optionally
# `expected.exit` (exit status, default 0) and `expected.stderr` (exact
# standard error). The D cases generate their hourly data with
# tests/cases/hours.awk and their own gen.awk (days and values only).
# Usage: sh tests/suites/cases.sh [--update] [NAME...]
# --update rewrites expected (and expected.exit) from the program's
# output; review the diff before keeping it. Ends with
# "cases: N passed, N failed"; exits 1 if any failed.
set -u
update=0
if [ "${1:-}" = "--update" ]; then
    update=1
    shift
fi
. "$(dirname "$0")/../lib.sh"
need_aq
mkdir "$tmp/bin"
ln -s "$AQ" "$tmp/bin/aqrank"

for dir in tests/cases/*/; do
    [ -d "$dir" ] || continue
    name=$(basename "$dir")
    if [ $# -gt 0 ]; then
        want=0
        for n in "$@"; do [ "$n" = "$name" ] && want=1; done
        [ $want -eq 1 ] || continue
    fi
    if [ ! -f "$dir/cmd" ] || { [ ! -f "$dir/expected" ] && [ $update -eq 0 ]; }; then
        bad "$name: missing cmd or expected"
        continue
    fi
    (cd "$dir" && PATH="$tmp/bin:$PATH" LC_ALL=C sh ./cmd) \
        > "$tmp/out" 2> "$tmp/err"
    rc=$?
    if [ $update -eq 1 ]; then
        cp "$tmp/out" "$dir/expected"
        if [ $rc -ne 0 ]; then echo $rc > "$dir/expected.exit"
        else rm -f "$dir/expected.exit"; fi
        [ -f "$dir/expected.stderr" ] && cp "$tmp/err" "$dir/expected.stderr"
        ok "updated $name"
        continue
    fi
    want_rc=0
    [ -f "$dir/expected.exit" ] && want_rc=$(cat "$dir/expected.exit")
    ok=1
    if ! cmp -s "$tmp/out" "$dir/expected"; then
        ok=0
        echo "FAIL $name: standard output differs (- expected, + got):"
        diff -u "$dir/expected" "$tmp/out" | sed -n '3,40p'
    fi
    if [ "$rc" -ne "$want_rc" ]; then
        ok=0
        echo "FAIL $name: exit status $rc, expected $want_rc"
    fi
    if [ -f "$dir/expected.stderr" ] && ! cmp -s "$tmp/err" "$dir/expected.stderr"; then
        ok=0
        echo "FAIL $name: standard error differs (- expected, + got):"
        diff -u "$dir/expected.stderr" "$tmp/err" | sed -n '3,20p'
    fi
    if [ $ok -eq 1 ]; then
        ok
    else
        [ -s "$tmp/err" ] && sed 's/^/    stderr: /' "$tmp/err" | head -5
        bad "$name"
    fi
done
finish
