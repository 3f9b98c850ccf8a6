#!/bin/sh
# ThreadSanitizer on the code that runs threads: the unit tests of the
# streaming ranking (a reader and a reducing thread; a file read in parts
# by several readers at once, issue 6) and of the store, built with
# -fsanitize=thread into "$B-tsan". A data race fails the suite (TSan's
# exit status 66). Ends with "tsan: N passed, N failed".
cd "$(dirname "$0")/../.."
B=${B:-build}
out=$B-tsan
mkdir -p "$out"
unit_src=$(ls tests/unit/*.c | grep -v '/main\.c$')
# shellcheck disable=SC2086
sh scripts/gen-test-list.sh $unit_src > "$out/test_list.h" || {
    echo "tsan: 0 passed, 1 failed"
    exit 1
}
# shellcheck disable=SC2086
if ! ${CC:-cc} -std=c11 -D_GNU_SOURCE -Iinclude -Isrc -I"$out" \
    -DAQ_SOURCE_DIR="\"$(pwd)\"" -O1 -g -fsanitize=thread \
    src/lib/*/*.c src/util/*.c tests/unit/*.c -o "$out/unit-tests" \
    -lmicrohttpd -lsqlite3 -ljansson -lnettle -lxlsxwriter -lz -lm -lpthread 2> "$out/build.log"; then
    cat "$out/build.log"
    echo "tsan: 0 passed, 1 failed (build)"
    exit 1
fi
pass=0
fail=0
for filter in stream store; do
    if TSAN_OPTIONS=halt_on_error=1:exitcode=66 "$out/unit-tests" -s "$filter" > "$out/$filter.log" 2>&1; then
        pass=$((pass + 1))
        echo "ok   $filter: $(tail -n 1 "$out/$filter.log")"
    else
        fail=$((fail + 1))
        echo "FAIL $filter"
        head -n 60 "$out/$filter.log"
    fi
done
echo "tsan: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
