#!/bin/sh
# Header hygiene (STYLE 3.9): each public header compiles on its own, as
# strict C99 and as C++, and the house-style checks pass.
. "$(dirname "$0")/../lib.sh"
for h in include/aq/*.h; do
    name=$(basename "$h")
    printf '#include "aq/%s"\nint aq_headertest_%s;\n' "$name" "$(echo "$name" | tr -c 'a-z0-9\n' _)" > "$tmp/t.c"
    if cc -std=c99 -pedantic -Wall -Wextra -Werror -Iinclude -c "$tmp/t.c" -o "$tmp/t.o" 2> "$tmp/err" &&
        c++ -x c++ -std=c++11 -Wall -Wextra -Werror -Iinclude -c "$tmp/t.c" -o "$tmp/t.o" 2>> "$tmp/err"; then
        ok
    else
        bad "$h does not compile alone:"; cat "$tmp/err"
    fi
done
if sh scripts/checksrc.sh; then ok; else bad "scripts/checksrc.sh"; fi
finish
