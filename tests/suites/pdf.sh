#!/bin/sh
# SPDX-License-Identifier: MIT
# pdf: `aqrank report --format pdf` (issue 21) on the demo's month
# (2014-12), in Chinese and English, printed by Debian's Chromium and read
# back with poppler: a PDF of A4 pages (landscape, as the page's @page
# asks), the Chinese font embedded, the text of the pages (pdftotext)
# holding every unit name of the JSON document in the language, its title
# and its composite indices; every page turned into an image (pdftoppm)
# that is not blank. Without Chromium: exit 4 and a message naming the
# Debian package, and no file.
# Ends with "pdf: N passed, N failed"; exit 1 on failure.
set -u
. "$(dirname "$0")/../lib.sh"

need_aq
for t in pdfinfo pdffonts pdftotext pdftoppm; do
    command -v $t > /dev/null ||
        { bad "no $t (scripts/setup installs poppler-utils)"; finish; }
done
PY=python3
db="$tmp/demo.db"
sh tests/files/demo_db.sh "$AQ" "$db" || { bad "the demo database"; finish; }
"$AQ" report --db "$db" --month 2014-12 --format json > "$tmp/doc.json"

# Without a browser: a clear error naming the package, exit 4, no file.
AQRANK_CHROMIUM= PATH=/nonexistent "$B/aqrank" report --db "$db" \
    --month 2014-12 --format pdf --output "$tmp/none.pdf" 2> "$tmp/err"
rc=$?
if [ $rc -eq 4 ] && grep -q "Debian package 'chromium'" "$tmp/err" &&
    [ ! -e "$tmp/none.pdf" ]; then ok
else bad "no chromium: exit $rc, $(cat "$tmp/err")"; fi
AQRANK_CHROMIUM=/nonexistent/chromium "$AQ" report --db "$db" \
    --month 2014-12 --format pdf --output "$tmp/none.pdf" 2> "$tmp/err"
rc=$?
if [ $rc -eq 4 ] && grep -q "AQRANK_CHROMIUM=/nonexistent/chromium" "$tmp/err"
then ok
else bad "AQRANK_CHROMIUM not a program: exit $rc, $(cat "$tmp/err")"; fi
"$AQ" report --db "$db" --month 2014-12 --format pdf > /dev/null 2> "$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q -- "--output" "$tmp/err"; then ok
else bad "pdf without --output: exit $rc"; fi

if ! command -v chromium > /dev/null; then
    # scripts/setup installs it (AQ_SETUP_BROWSER=1, the default): its
    # absence is a failure, not a reason to skip
    bad "no chromium on PATH (scripts/setup installs Debian's chromium)"
    finish
fi

for lang in zh en; do
    pdf="$tmp/bulletin-$lang.pdf"
    if ! "$AQ" report --db "$db" --month 2014-12 --format pdf --lang $lang \
        --output "$pdf" 2> "$tmp/err"; then
        bad "report --format pdf --lang $lang: $(cat "$tmp/err")"
        continue
    fi
    pdfinfo "$pdf" > "$tmp/info" 2>&1
    pages=$(sed -n 's/^Pages: *//p' "$tmp/info")
    # A4 is 595.28 x 841.89 pt, either way round; Chromium rounds to
    # whole pixels at 96 dpi (841.92 x 594.96)
    if sed -n 's/^Page size: *//p' "$tmp/info" | awk '{
            w = $1; h = $3; if (w < h) { t = w; w = h; h = t }
            exit !(w > 840 && w < 843.5 && h > 593.5 && h < 596.5) }'; then ok
    else bad "$lang: not A4: $(grep 'Page size' "$tmp/info")"; fi
    # every page A4, not only the first
    pdfinfo -f 1 -l "${pages:-1}" "$pdf" 2> /dev/null |
        sed -n 's/^Page *[0-9]* size: *//p' | awk '{
            w = $1; h = $3; if (w < h) { t = w; w = h; h = t }
            if (!(w > 840 && w < 843.5 && h > 593.5 && h < 596.5)) bad = 1 }
            END { exit bad }' && ok || bad "$lang: a page that is not A4"
    if [ "${pages:-0}" -ge 1 ] && [ "${pages:-0}" -le 8 ]; then ok
    else bad "$lang: $pages pages"; fi
    # every font embedded; the Chinese one in the Chinese bulletin
    if pdffonts "$pdf" | awk 'NR > 2 && $(NF-4) != "yes" { exit 1 }'; then ok
    else bad "$lang: a font is not embedded"; pdffonts "$pdf" | head; fi
    if [ $lang = en ] || pdffonts "$pdf" |
        awk '/WenQuanYi/ && $(NF-4) == "yes" { f = 1 } END { exit !f }'; then ok
    else bad "$lang: no embedded WenQuanYi font"; pdffonts "$pdf" | head; fi
    pdftotext -layout "$pdf" "$tmp/text-$lang.txt"
    # the units' names in the language, the composite indices with 2
    # decimals, and the title, all taken from the JSON document
    if $PY - "$tmp/doc.json" "$tmp/text-$lang.txt" $lang <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
text = open(sys.argv[2], encoding="utf-8").read()
zh = sys.argv[3] == "zh"
flat = "".join(text.split())
missing = []
for u in doc["units"]:
    name = u["unit"] if zh else (u.get("unit_en") or u["unit"])
    if "".join(name.split()) not in flat:
        missing.append(name)
    ci = u.get("composite_index")
    if ci is not None and f"{ci:.2f}" not in flat:
        missing.append(f"{ci:.2f}")
# the title's words (pdftotext may put its digits, set in another font,
# on a line of their own)
for word in (["空气质量通报", "2014"] if zh else ["bulletin,December2014"]):
    if word not in flat:
        missing.append(word)
if zh and "Huairou" in flat.replace("Tiantan", "").replace("Aotizhongxin", ""):
    missing.append("(English unit name in the Chinese bulletin)")
if missing:
    sys.exit("missing from the PDF text: " + ", ".join(missing))
EOF
    then ok; else bad "$lang: text of the pages"; fi
    # every page as an image: as many images as pages, none blank (a page
    # of one colour compresses to almost nothing)
    pdftoppm -r 40 -png "$pdf" "$tmp/page-$lang"
    n=$(ls "$tmp"/page-$lang-*.png 2> /dev/null | wc -l)
    if [ "$n" -eq "${pages:-0}" ]; then ok
    else bad "$lang: $n images for $pages pages"; fi
    for png in "$tmp"/page-$lang-*.png; do
        [ -f "$png" ] || continue
        if [ "$(wc -c < "$png")" -gt 3000 ]; then ok
        else bad "$lang: $(basename "$png") is blank"; fi
    done
done
# the two languages are different documents
if ! cmp -s "$tmp/text-zh.txt" "$tmp/text-en.txt"; then ok
else bad "the zh and en PDFs have the same text"; fi
if ls "$tmp" | grep -q '\.part$'; then bad "a .part file was left"; else ok; fi

finish
