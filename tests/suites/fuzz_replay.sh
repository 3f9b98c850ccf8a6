#!/bin/sh
# Replays every fuzz corpus file (tests/fuzz/corpus/<target>/ and
# tests/fuzz/regressions/<target>/) through its fuzz target, built with the
# normal compiler and the standalone driver (tests/fuzz/standalone.c): no
# clang needed. Each target is built against "$B/libaqrank.a" and, when the
# sanitizer build "$B-san/libaqrank.a" exists, also against it with
# ASan+UBSan, so a past crash or memory error that comes back fails here.
# One test per target and build.
. "$(dirname "$0")/../lib.sh"
CC=${CC:-cc}
LIBS="-lmicrohttpd -lsqlite3 -ljansson -lnettle -lz -lm -lpthread"
FLAGS="-std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Iinclude -Isrc -Itests/fuzz -g -O1"
SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"

[ -f "$B/libaqrank.a" ] || { bad "$B/libaqrank.a not built"; finish; }
builds="plain"
[ -f "$B-san/libaqrank.a" ] && builds="plain san"

for src in tests/fuzz/fuzz_*.c; do
    t=$(basename "$src" .c); t=${t#fuzz_}
    [ "$t" = common ] && continue
    dirs=""
    for d in tests/fuzz/corpus/$t tests/fuzz/regressions/$t; do
        [ -d "$d" ] && dirs="$dirs $d"
    done
    if [ -z "$dirs" ]; then
        bad "$t: no corpus"; continue
    fi
    for kind in $builds; do
        if [ "$kind" = san ]; then lib=$B-san/libaqrank.a; extra=$SAN
        else lib=$B/libaqrank.a; extra=""; fi
        bin=$tmp/replay_${t}_$kind
        if ! $CC $FLAGS $extra -o "$bin" "$src" tests/fuzz/fuzz_common.c \
                tests/fuzz/standalone.c "$lib" $LIBS > "$tmp/cc.log" 2>&1; then
            bad "$t ($kind): does not compile"
            cat "$tmp/cc.log"; continue
        fi
        ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
            "$bin" $dirs > "$tmp/out" 2>&1
        rc=$?
        n=$(sed -n 's/^replayed \([0-9]*\) files$/\1/p' "$tmp/out")
        want=$(find $dirs -type f | wc -l)
        if [ "$rc" -eq 0 ] && [ "${n:-0}" -eq "$want" ]; then
            ok
        else
            bad "$t ($kind): exit $rc, replayed ${n:-0} of $want files"
            tail -n 30 "$tmp/out"
        fi
    done
done
finish
