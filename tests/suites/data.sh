#!/bin/sh
# SPDX-License-Identifier: MIT
# data: the bundled data (data/README.md) are whole and the tests need
# nothing outside the repository (issue 14 item 5):
#  - every file listed in data/SHA256SUMS has that content (for .csv.gz, the
#    uncompressed bytes), one test per folder;
#  - every file under data/ is listed there (README.md and SHA256SUMS aside);
#  - every folder of data/ has its attribution section in data/README.md;
#  - nothing that make check runs (tests/, scripts/, Makefile, .ci/) names a
#    path beside the clone (the shared data folder of the development
#    machine) or the development machine's work folders.
# Ends with "data: N passed, N failed"; exit 1 on failure.
set -u
. "$(dirname "$0")/../lib.sh"

sums=data/SHA256SUMS
[ -f "$sums" ] || { bad "no $sums"; finish; }

# the hashes, folder by folder
grep -v '^#' "$sums" > "$tmp/want"
awk '{ f = $2; sub(/\/[^\/]*$/, "", f); print f }' "$tmp/want" | sort -u > "$tmp/folders"
[ -s "$tmp/folders" ] || bad "$sums lists no file"
while read -r folder; do
    : > "$tmp/diffs"
    n=0
    while read -r h f; do
        [ "${f%/*}" = "$folder" ] || continue
        n=$((n + 1))
        if [ -f "data/$f.gz" ]; then
            got=$(gunzip -c "data/$f.gz" | sha256sum | cut -d' ' -f1)
        elif [ -f "data/$f" ]; then
            got=$(sha256sum < "data/$f" | cut -d' ' -f1)
        else
            echo "data/$f(.gz) is missing" >> "$tmp/diffs"; continue
        fi
        [ "$got" = "$h" ] || echo "data/$f: sha256 $got, listed $h" >> "$tmp/diffs"
    done < "$tmp/want"
    if [ -s "$tmp/diffs" ]; then
        bad "data/$folder: $(wc -l < "$tmp/diffs") of $n files differ from $sums"
        head -n 5 "$tmp/diffs"
    else
        ok "data/$folder: $n files as listed"
    fi
done < "$tmp/folders"

# nothing unlisted
awk '{ print $2 }' "$tmp/want" | sort > "$tmp/listed"
(cd data && find . -type f ! -name README.md ! -name SHA256SUMS |
    sed -e 's|^\./||' -e 's|\.gz$||') | sort > "$tmp/present"
extra=$(comm -13 "$tmp/listed" "$tmp/present")
if [ -z "$extra" ]; then ok "every file of data/ is in $sums"; else
    bad "not in $sums: $(echo "$extra" | head -n 5 | tr '\n' ' ')"
fi

# an attribution for every folder
missing=""
for d in data/*/; do
    d=${d#data/}
    grep -q "^## .*\`$d\`" data/README.md || missing="$missing $d"
done
if [ -z "$missing" ]; then ok "data/README.md names the source of every folder"; else
    bad "data/README.md has no section for:$missing"
fi

# no path outside the clone (the pattern is split so that this file does
# not match itself)
outside='\.\./shar''ed/|/work/(shar''ed|main|wt-)'
find tests scripts .ci Makefile -type f ! -path 'tests/fuzz/corpus/*' \
    ! -path 'tests/fuzz/regressions/*' -print0 2> /dev/null |
    xargs -0 grep -IlE "$outside" > "$tmp/outside" 2> /dev/null
if [ -s "$tmp/outside" ]; then
    bad "files that name paths outside the repository: $(tr '\n' ' ' < "$tmp/outside")"
else
    ok "tests and scripts read nothing outside the repository"
fi
finish
