#!/bin/sh
# House-style checks (STYLE.md 3.8), run by `make checksrc` and by the
# "style" test suite: banned functions, raw allocation outside the
# allocator, include directions, // comments, tabs, trailing white space.
# Prints one line per finding; exit status 1 if there is any.
set -u
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT

for f in $(find src include -name '*.[ch]' | sort); do
    # string literals removed, so that text inside quotes never matches
    sed -e 's/"\([^"\\]\|\\.\)*"/""/g' "$f" > "$out.code"
    grep -nE '(^|[^_a-z0-9])(gets|strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|atof|sscanf|localtime|gmtime)\(' "$out.code" |
        sed "s|^|$f:|; s|\$| [banned function]|" >> "$out"
    case "$f" in
    src/util/alloc.c) ;;
    src/lib/*|src/util/*)
        grep -nE '(^|[^_a-z0-9])(malloc|calloc|realloc|free|strdup|strndup)\(' "$out.code" |
            sed "s|^|$f:|; s|\$| [allocate through src/util/alloc.h]|" >> "$out" ;;
    esac
    case "$f" in
    src/cli/*|src/server/*)
        grep -nE '#include "lib/' "$f" |
            sed "s|^|$f:|; s|\$| [CLI and server use only <aq/...> and src/util]|" >> "$out" ;;
    src/util/*)
        grep -nE '#include "(lib|cli|server)/' "$f" |
            sed "s|^|$f:|; s|\$| [src/util depends on nothing in the tree]|" >> "$out" ;;
    esac
    if [ "$f" != src/lib/store.c ]; then
        grep -n '#include <sqlite3.h>' "$f" |
            sed "s|^|$f:|; s|\$| [only src/lib/store.c includes sqlite3.h]|" >> "$out"
    fi
    grep -nE '(^|[^:])//' "$out.code" |
        sed "s|^|$f:|; s|\$| [use /* */ comments]|" >> "$out"
    grep -nP '\t' "$f" | sed "s|^|$f:|; s|\$| [tab]|" >> "$out"
    grep -nE ' +$' "$f" | sed "s|^|$f:|; s|\$| [trailing white space]|" >> "$out"
done
rm -f "$out.code"
if [ -s "$out" ]; then
    sed 's/^/checksrc: /' "$out"
    exit 1
fi
exit 0
