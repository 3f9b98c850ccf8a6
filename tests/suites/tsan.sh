#!/bin/sh
# ThreadSanitizer on the code that runs threads: the unit tests of the
# streaming ranking (a reader and a reducing thread; a file read in parts
# by several readers at once, issue 6) and of the store, built with
# -fsanitize=thread into "$B-tsan". A data race fails the suite (TSan's
# exit status 66). Ends with "tsan: N passed, N failed".
. "$(dirname "$0")/../lib.sh"
out=$B-tsan
mkdir -p "$out"
unit_src=$(ls tests/unit/*.c | grep -v '/main\.c$')
# shellcheck disable=SC2086
sh scripts/gen-test-list.sh $unit_src > "$out/test_list.h" || {
    bad "scripts/gen-test-list.sh"
    finish
}
# shellcheck disable=SC2086
if ! ${CC:-cc} -std=c11 -D_GNU_SOURCE -Iinclude -Isrc -I"$out" \
    -DAQ_SOURCE_DIR="\"$(pwd)\"" -O1 -g -fsanitize=thread \
    src/lib/*/*.c src/util/*.c tests/unit/*.c -o "$out/unit-tests" \
    -lmicrohttpd -lsqlite3 -ljansson -lnettle -lz -lm -lpthread 2> "$out/build.log"; then
    cat "$out/build.log"
    bad "the ThreadSanitizer build"
    finish
fi
for filter in stream store; do
    if TSAN_OPTIONS=halt_on_error=1:exitcode=66 "$out/unit-tests" -s "$filter" > "$out/$filter.log" 2>&1; then
        ok "$filter: $(tail -n 1 "$out/$filter.log")"
    else
        bad "$filter"
        head -n 60 "$out/$filter.log"
    fi
done
finish
