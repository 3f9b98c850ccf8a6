#!/bin/sh
# make fuzz: build every fuzz target with clang and libFuzzer (plus ASan and
# UBSan) and run each for a bounded time, starting from its seed corpus
# (tests/fuzz/corpus/<target>/) and its regressions. New inputs found go to
# a work corpus under the build folder, never into the repository's seeds.
#
#   FUZZ_SECONDS=60     seconds per target (default 60)
#   FUZZ_TARGETS="csv policy"   run only these targets
#   B=build             build folder (targets go to $B-fuzz/)
#   FUZZ_BUILD_ONLY=1   build the targets and stop (for longer runs by hand:
#                       $B-fuzz/fuzz_<target> -max_total_time=600 ...)
#
# Needs clang and libclang-rt-14-dev (Debian). A crash leaves its input in
# $B-fuzz/crash-<target>-*; add it to tests/fuzz/regressions/<target>/.
# Prints one line per target with its figures and exits 1 on any crash.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
SECS=${FUZZ_SECONDS:-60}
CLANG=${CLANG:-clang}
TARGETS=${FUZZ_TARGETS:-"csv reader_auto reader_long reader_uci reader_cnemc reader_roads stations policy aqi http"}
OUT=$B-fuzz
mkdir -p "$OUT/obj" "$OUT/work" "$OUT/logs"

if ! command -v "$CLANG" > /dev/null 2>&1; then
    echo "fuzz: $CLANG not found (apt-get install clang libclang-rt-14-dev)" >&2
    exit 2
fi

FLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
CSTD="-std=c11 -D_GNU_SOURCE -Iinclude -Isrc -Itests/fuzz -DAQ_SOURCE_DIR=\"$(pwd)\""

# The library, instrumented for coverage, built once into $OUT/obj.
objs=""
for src in src/lib/*/*.c src/util/*.c; do
    o=$OUT/obj/$(echo "$src" | tr '/' '_' | sed 's/\.c$/.o/')
    if [ ! -f "$o" ] || [ "$src" -nt "$o" ] || \
       [ -n "$(find include src -name '*.h' -newer "$o" 2>/dev/null | head -n 1)" ]; then
        $CLANG $CSTD $FLAGS -fvisibility=hidden -c "$src" -o "$o" || exit 1
    fi
    objs="$objs $o"
done
$CLANG $CSTD $FLAGS -c tests/fuzz/fuzz_common.c -o "$OUT/obj/fuzz_common.o" || exit 1

status=0
for t in $TARGETS; do
    bin=$OUT/fuzz_$t
    $CLANG $CSTD -g -O1 -fno-omit-frame-pointer \
        -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
        -o "$bin" "tests/fuzz/fuzz_$t.c" "$OUT/obj/fuzz_common.o" $objs \
        -lmicrohttpd -lsqlite3 -ljansson -lnettle -lz -lm -lpthread || { status=1; continue; }
    [ -n "${FUZZ_BUILD_ONLY:-}" ] && continue
    mkdir -p "$OUT/work/$t"
    seeds="tests/fuzz/corpus/$t"
    [ -d "tests/fuzz/regressions/$t" ] && seeds="$seeds tests/fuzz/regressions/$t"
    dict=""
    [ -f "tests/fuzz/dict/$t.dict" ] && dict="-dict=tests/fuzz/dict/$t.dict"
    log=$OUT/logs/$t.log
    start=$(date +%s)
    # -max_len: readers need room for a header and a few rows;
    # -rss_limit_mb: a reader must not need gigabytes for a small input
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
    "$bin" -max_total_time="$SECS" -max_len=8192 -rss_limit_mb=2048 \
        -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$OUT/crash-$t-" $dict \
        "$OUT/work/$t" $seeds > "$log" 2>&1
    rc=$?
    end=$(date +%s)
    # figures from libFuzzer's last status line and final stats
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    execs=$(grep -E 'stat::number_of_executed_units' "$log" | tail -n 1 | awk '{print $2}')
    cov=$(echo "$last" | sed -nE 's/.*cov: ([0-9]+).*/\1/p')
    ft=$(echo "$last" | sed -nE 's/.*ft: ([0-9]+).*/\1/p')
    corp=$(echo "$last" | sed -nE 's/.*corp: ([0-9]+).*/\1/p')
    if [ "$rc" -ne 0 ]; then
        status=1
        echo "fuzz $t: CRASH after $((end - start)) s (exit $rc); see $log and $OUT/crash-$t-*"
        grep -E 'ERROR: |SUMMARY: |runtime error' "$log" | head -n 5
    else
        echo "fuzz $t: ${execs:-?} execs, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}, $((end - start)) s, no crash"
    fi
done
exit $status
