#!/bin/sh
# SPDX-License-Identifier: MIT
# install: `make install PREFIX=/usr DESTDIR=$tmp` (issue 21) puts the
# program, the static and the shared library (with its soname and links),
# the public headers, aqrank.pc, the roff manual page and the bash
# completion in place; the shared library exports only aq_ symbols (nm -D);
# a small program compiled with `pkg-config --cflags --libs aqrank`
# against the installed files (tests/files/rank_month.c) ranks a month
# through the public API and prints the same JSON as `aqrank rank`, linked
# to the shared library and to the static one; `man -l` on the installed
# page documents every command and, per command, exactly the options of
# `aqrank COMMAND --help`; the completion offers commands, options and
# format names; `make uninstall` removes every file.
# Ends with "install: N passed, N failed"; exit 1 on failure.
set -u
. "$(dirname "$0")/../lib.sh"
# has NAME TEST...: ok when the test command succeeds
has() {
    name=$1; shift
    if "$@"; then ok; else bad "$name"; fi
}

root="$tmp/root"
version=$(sed -n 's/^#define AQ_VERSION "\(.*\)"/\1/p' include/aq/version.h)
so=$(echo "$version" | cut -d. -f1-2)
if ! make -s B="$B" PREFIX=/usr DESTDIR="$root" install > "$tmp/make.log" 2>&1
then
    bad "make install:"; tail -n 20 "$tmp/make.log"; finish
fi
lib="$root/usr/lib"

# ---- the files ----
has "bin/aqrank" test -x "$root/usr/bin/aqrank"
has "lib/libaqrank.a" test -f "$lib/libaqrank.a"
has "lib/libaqrank.so.$version" test -f "$lib/libaqrank.so.$version"
has "libaqrank.so.$so -> libaqrank.so.$version" \
    test "$(readlink "$lib/libaqrank.so.$so")" = "libaqrank.so.$version"
has "libaqrank.so -> libaqrank.so.$so" \
    test "$(readlink "$lib/libaqrank.so")" = "libaqrank.so.$so"
has "lib/pkgconfig/aqrank.pc" test -f "$lib/pkgconfig/aqrank.pc"
has "share/man/man1/aqrank.1" test -f "$root/usr/share/man/man1/aqrank.1"
has "bash completion" \
    test -f "$root/usr/share/bash-completion/completions/aqrank"
(cd include/aq && ls) > "$tmp/h.want"
(cd "$root/usr/include/aq" && ls) > "$tmp/h.got"
has "include/aq: every public header" cmp -s "$tmp/h.want" "$tmp/h.got"
has "the installed program runs" \
    test "$("$root/usr/bin/aqrank" --version)" = "aqrank $version"

# ---- the shared library ----
soname=$(readelf -d "$lib/libaqrank.so.$version" |
    sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
has "soname libaqrank.so.$so (got '$soname')" \
    test "$soname" = "libaqrank.so.$so"
nm -D --defined-only "$lib/libaqrank.so.$version" | awk '{print $NF}' |
    sort > "$tmp/syms"
grep -v '^aq_' "$tmp/syms" > "$tmp/other"
if [ -s "$tmp/other" ]; then
    bad "exported symbols without the aq_ prefix: $(head -n 5 "$tmp/other" | tr '\n' ' ')"
else ok; fi
if grep -q '^aq_.*__' "$tmp/syms"; then
    bad "library internals (aq_x__y) exported: $(grep '^aq_.*__' "$tmp/syms" | head -n 3 | tr '\n' ' ')"
else ok; fi
# every AQ_API function of the headers is exported, and nothing else
grep -ho '^AQ_API [^;(]*(' include/aq/*.h | sed 's/($//; s/.*[ *]//' |
    sort -u > "$tmp/api"
has "nm -D lists exactly the AQ_API functions of include/aq" \
    cmp -s "$tmp/api" "$tmp/syms"
cmp -s "$tmp/api" "$tmp/syms" || diff "$tmp/api" "$tmp/syms" | head -n 5

# ---- a program built with pkg-config against the installed files ----
db="$tmp/demo.db"
sh tests/files/demo_db.sh "$AQ" "$db" || bad "the demo database"
export PKG_CONFIG_PATH="$lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$root"
has "pkg-config --modversion aqrank" \
    test "$(pkg-config --modversion aqrank)" = "$version"
# shellcheck disable=SC2046
if cc -std=c99 -Wall -Wextra -Werror -o "$tmp/rank_month" \
    tests/files/rank_month.c $(pkg-config --cflags --libs aqrank) \
    2> "$tmp/cc.err"; then
    ok
    has "linked to the shared library libaqrank.so.$so" \
        sh -c "readelf -d '$tmp/rank_month' | grep -q 'NEEDED.*libaqrank.so.$so'"
    for p in 2014-12 2014-Q4; do
        "$AQ" rank --db "$db" --period $p --format json > "$tmp/cli.json"
        if LD_LIBRARY_PATH="$lib" "$tmp/rank_month" "$db" $p \
            > "$tmp/api.json" 2> "$tmp/api.err" &&
            cmp -s "$tmp/cli.json" "$tmp/api.json"; then ok
        else bad "the program's JSON for $p differs from aqrank rank's: $(head -c 300 "$tmp/api.err")"; fi
    done
    # the header's version and the library's agree
    has "AQ_VERSION = aq_version()" \
        sh -c "LD_LIBRARY_PATH='$lib' '$tmp/rank_month' --version | grep -qx '$version $version'"
else
    bad "cc with pkg-config --cflags --libs aqrank:"; cat "$tmp/cc.err"
fi
# the same program against the static library
# shellcheck disable=SC2046
if cc -std=c99 -o "$tmp/rank_static" tests/files/rank_month.c \
    $(pkg-config --cflags aqrank) "$lib/libaqrank.a" \
    $(pkg-config --static --libs aqrank | sed 's/-laqrank//') \
    2> "$tmp/cc.err" &&
    ! readelf -d "$tmp/rank_static" | grep -q 'NEEDED.*libaqrank' &&
    "$tmp/rank_static" "$db" 2014-12 > "$tmp/static.json" &&
    "$AQ" rank --db "$db" --period 2014-12 --format json > "$tmp/cli.json" &&
    cmp -s "$tmp/cli.json" "$tmp/static.json"; then ok
else bad "the program linked to libaqrank.a: $(cat "$tmp/cc.err")"; fi
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR

# ---- the manual page: every command, every option ----
page="$root/usr/share/man/man1/aqrank.1"
if MANWIDTH=200 man -l "$page" > "$tmp/man.txt" 2> "$tmp/man.err" &&
    ! grep -q . "$tmp/man.err"; then ok
else bad "man -l: $(head -n 3 "$tmp/man.err")"; fi
has "the page is roff with a title" grep -q '^\.TH AQRANK 1' "$page"
# sections "   aqrank NAME[, aqrank NAME2 ...]" of COMMANDS; option terms are
# the lines at 7 spaces that start with "-"; each section's terms against
# the options of its commands' --help (--help itself is global)
awk '
    /^[A-Z]/ { incmd = ($0 == "COMMANDS") }
    incmd && /^   [a-z]/ {
        s = $0; gsub(/aqrank /, "", s); gsub(/^ +/, "", s); gsub(/,/, "", s)
        sect = s; print "SECTION " sect
        next
    }
    incmd && sect != "" && /^       -/ {
        # the term alone: a short one shares its line with the text, after
        # two spaces
        line = substr($0, 8)
        if (i = index(line, "  ")) line = substr(line, 1, i - 1)
        while (match(line, /--[a-z0-9-]+/)) {
            print "OPT " substr(line, RSTART, RLENGTH)
            line = substr(line, RSTART + RLENGTH)
        }
    }' "$tmp/man.txt" > "$tmp/man.opts"
"$AQ" --help | awk '/^Commands:/ { f = 1; next } f && /^  [a-z]/ { print $1 }' \
    > "$tmp/commands"
has "aqrank --help lists commands" test -s "$tmp/commands"
while read -r cmd; do
    if grep -q "^SECTION \(.* \)*$cmd\( .*\)*$" "$tmp/man.opts"; then ok
    else bad "man page: no section for 'aqrank $cmd'"; fi
done < "$tmp/commands"
grep '^SECTION ' "$tmp/man.opts" | cut -d' ' -f2- | while read -r cmds; do
    : > "$tmp/want"
    for cmd in $cmds; do
        grep -qx "$cmd" "$tmp/commands" || continue # "db check": db
        "$AQ" "$cmd" --help | sed -n '/^Options:/,$p' |
            grep -o -- '^ *\(-., \)\?--[a-z0-9-]*' |
            grep -o -- '--[a-z0-9-]*' >> "$tmp/want"
    done
    grep -v -- '^--help$' "$tmp/want" | sort -u > "$tmp/want.s"
    awk -v s="SECTION $cmds" '$0 == s { f = 1; next } /^SECTION / { f = 0 }
        f { print $2 }' "$tmp/man.opts" | grep -v -- '^--help$' |
        sort -u > "$tmp/got.s"
    if cmp -s "$tmp/want.s" "$tmp/got.s"; then echo ok
    else
        echo "bad man page, aqrank $cmds: options of --help not documented: $(comm -23 "$tmp/want.s" "$tmp/got.s" | tr '\n' ' ')documented but not in --help: $(comm -13 "$tmp/want.s" "$tmp/got.s" | tr '\n' ' ')"
    fi
done > "$tmp/cmp"
while read -r verdict rest; do
    if [ "$verdict" = ok ]; then ok; else bad "$rest"; fi
done < "$tmp/cmp"
has "man page compared for every section" test -s "$tmp/cmp"

# ---- bash completion ----
comp="$root/usr/share/bash-completion/completions/aqrank"
# complete WORDS...: COMPREPLY for the command line WORDS (the last word
# is the one being completed)
complete_words() {
    PATH="$root/usr/bin:$PATH" bash -c '
        . "$0"
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        _aqrank aqrank "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf "%s\n" "${COMPREPLY[@]}"' "$comp" "$@" 2>&1
}
if command -v bash > /dev/null; then
    has "completion: commands" sh -c "echo '$(complete_words aqrank re)' | grep -qx report"
    has "completion: options" sh -c "echo '$(complete_words aqrank report --ou)' | grep -qx -- --output"
    has "completion: formats" sh -c "echo '$(complete_words aqrank report --format x)' | grep -qx xlsx"
    has "completion: languages" sh -c "test \"\$(echo '$(complete_words aqrank rank --lang '')' | tr '\n' ' ')\" = 'zh en '"
else
    bad "no bash for the completion test"
fi

# ---- uninstall ----
if make -s B="$B" PREFIX=/usr DESTDIR="$root" uninstall > "$tmp/make.log" 2>&1
then
    left=$(find "$root" -type f -o -type l | head -n 5)
    if [ -z "$left" ]; then ok; else bad "left after uninstall: $left"; fi
else
    bad "make uninstall:"; tail -n 5 "$tmp/make.log"
fi

finish
