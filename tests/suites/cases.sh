#!/bin/sh
# SPDX-License-Identifier: MIT
# Conformance cases (tests/cases/P<n>-<name>/): data, not code. Each case
# directory has README (the rule and why), input files, `cmd` (an aqrank
# command line, run from the case directory with `aqrank` meaning the
# built binary), `expected` (exact standard output) and optionally
# `expected.exit` (exit status, default 0) and `expected.stderr` (exact
# standard error). Usage: sh tests/suites/cases.sh [--update] [NAME...]
# --update rewrites expected (and expected.exit) from the program's
# output; review the diff before keeping it. Ends with
# "cases: N passed, N failed"; exits 1 if any failed.
set -u
update=0
if [ "${1:-}" = "--update" ]; then
    update=1
    shift
fi
root=$(pwd)
bin="$root/${B:-build}/aqrank"
if [ ! -x "$bin" ]; then
    echo "cases: binary $bin not found (build first: make B=...)"
    echo "cases: 0 passed, 1 failed"
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
ln -s "$bin" "$tmp/bin/aqrank"

pass=0
fail=0
for dir in tests/cases/P*/; do
    [ -d "$dir" ] || continue
    name=$(basename "$dir")
    if [ $# -gt 0 ]; then
        want=0
        for n in "$@"; do [ "$n" = "$name" ] && want=1; done
        [ $want -eq 1 ] || continue
    fi
    if [ ! -f "$dir/cmd" ] || { [ ! -f "$dir/expected" ] && [ $update -eq 0 ]; }; then
        echo "FAIL $name: missing cmd or expected"
        fail=$((fail + 1))
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
        echo "updated $name"
        pass=$((pass + 1))
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
        pass=$((pass + 1))
    else
        [ -s "$tmp/err" ] && sed 's/^/    stderr: /' "$tmp/err" | head -5
        fail=$((fail + 1))
    fi
done
echo "cases: $pass passed, $fail failed"
[ $fail -eq 0 ]
