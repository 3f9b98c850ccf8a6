#!/bin/sh
# Header hygiene (STYLE 3.9): each public header compiles on its own, as
# strict C99 and as C++, and the house-style checks pass.
cd "$(dirname "$0")/../.."
pass=0; fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for h in include/aq/*.h; do
    name=$(basename "$h")
    printf '#include "aq/%s"\nint aq_headertest_%s;\n' "$name" "$(echo "$name" | tr -c 'a-z0-9\n' _)" > "$tmp/t.c"
    if cc -std=c99 -pedantic -Wall -Wextra -Werror -Iinclude -c "$tmp/t.c" -o "$tmp/t.o" 2> "$tmp/err" &&
        c++ -x c++ -std=c++11 -Wall -Wextra -Werror -Iinclude -c "$tmp/t.c" -o "$tmp/t.o" 2>> "$tmp/err"; then
        pass=$((pass + 1))
    else
        echo "FAIL $h does not compile alone:"; cat "$tmp/err"
        fail=$((fail + 1))
    fi
done
if sh scripts/checksrc.sh; then pass=$((pass + 1)); else
    echo "FAIL scripts/checksrc.sh"; fail=$((fail + 1)); fi
echo "headers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
