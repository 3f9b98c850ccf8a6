#!/bin/sh
# House-style checks (STYLE.md 3.8), run by `make checksrc` and by the
# "style" test suite: banned functions, raw allocation outside the
# allocator, include directions (the layers of src/lib, docs/internals/
# LAYERS.md), // comments, tabs, trailing white space.
# Prints one line per finding; exit status 1 if there is any.
set -u
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# layer_of HEADER: the layer of src/lib a public header (aq/NAME.h) belongs to
layer_of() {
    case "$1" in
    common | date | decimal | version | inspection) echo base ;;
    rules | aqi | stats | composite) echo standards ;;
    csv | reader | stations | targets) echo input ;;
    store) echo store ;;
    policy | rank | sanction | roads | target | plan) echo policy ;;
    engine | ranking | stream | fund | jurisdiction) echo engine ;;
    audit) echo audit ;;
    api | render) echo publish ;;
    *) echo unknown ;;
    esac
}
# may_use LAYER: the layers whose headers LAYER may include (itself too)
may_use() {
    case "$1" in
    base) echo "base" ;;
    standards) echo "base standards" ;;
    input) echo "base standards input" ;;
    store) echo "base standards store" ;;
    policy) echo "base standards policy" ;;
    engine) echo "base standards input store policy engine" ;;
    audit) echo "base standards input store policy engine audit" ;;
    publish) echo "base standards input store policy engine audit publish" ;;
    esac
}

for f in $(find src include -name '*.[ch]' | sort); do
    # string literals removed, so that text inside quotes never matches
    sed -e 's/"\([^"\\]\|\\.\)*"/""/g' "$f" > "$out.code"
    grep -nE '(^|[^_a-z0-9])(gets|strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|atof|sscanf|localtime|gmtime)\(' "$out.code" |
        sed "s|^|$f:|; s|\$| [banned function]|" >> "$out"
    case "$f" in
    src/util/alloc.c) ;;
    src/lib/*|src/util/*|src/server/*)
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
    case "$f" in
    src/lib/*/*)
        layer=$(echo "$f" | cut -d/ -f3)
        allowed=" $(may_use "$layer") "
        grep -nE '#include "(aq|lib)/' "$f" | while IFS= read -r line; do
            inc=$(echo "$line" | sed -E 's/.*#include "([^"]*)".*/\1/')
            case "$inc" in
            aq/*) to=$(layer_of "$(basename "$inc" .h)") ;;
            lib/*) to=$(echo "$inc" | cut -d/ -f2) ;;
            esac
            case "$allowed" in
            *" $to "*) ;;
            *) echo "$f:$line [layer $layer may not use $to]" ;;
            esac
        done >> "$out" ;;
    src/lib/*)
        echo "$f: [every library file lives in a layer folder]" >> "$out" ;;
    esac
    case "$f" in
    src/lib/store/*) ;;
    *)
        grep -n '#include <sqlite3.h>' "$f" |
            sed "s|^|$f:|; s|\$| [only src/lib/store/ includes sqlite3.h]|" >> "$out" ;;
    esac
    case "$f" in
    src/lib/publish/render_xlsx.c) ;;
    *)
        grep -n '#include <xlsxwriter' "$f" |
            sed "s|^|$f:|; s|\$| [only render_xlsx.c includes libxlsxwriter]|" >> "$out" ;;
    esac
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
