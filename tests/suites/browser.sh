#!/bin/sh
# SPDX-License-Identifier: MIT
# browser: the dashboard in headless Chromium. Builds a test database (aqrank
# init + ingest of the UCI Beijing files), starts `aqrank serve` on a free
# loopback port, runs tests/browser/dashboard.test.mjs (playwright-core
# driving Debian's /usr/bin/chromium) against it, checks the screenshot it
# saved ("${B:-build}/dashboard.png") and that the server stops cleanly.
# Chromium, Node.js and node_modules come from scripts/setup (make check
# runs it), the data from data/: a missing one is a failure.
# Ends with "browser: N passed, N failed" (N counts groups of checks); exit
# 1 on failure.
set -u
. "$(dirname "$0")/../lib.sh"
. tests/lib_serve.sh
DATA=${AQ_BEIJING_DATA:-data/beijing_multisite}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export CHROMIUM
at_exit stop_pid

# missing WHAT: a prerequisite is absent, which fails the suite
missing() {
    bad "$1 (scripts/setup installs the tools; the data are in data/)"
    finish
}

need_aq
command -v node > /dev/null || missing "node is not installed"
# the pinned playwright-core refuses Node.js older than 18 (Debian 12's is 18)
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 18 ] 2> /dev/null ||
    missing "Node.js $(node --version) is older than 18, which playwright-core needs"
[ -x "$CHROMIUM" ] || missing "no Chromium at $CHROMIUM"
[ -f node_modules/playwright-core/package.json ] ||
    missing "node_modules/playwright-core is not installed (npm ci)"
[ -f node_modules/echarts/dist/echarts.min.js ] ||
    missing "node_modules/echarts is not installed (npm ci)"
ls "$DATA"/PRSA_Data_*.csv.gz > /dev/null 2>&1 || missing "no UCI data in $DATA"

# ---- The test database and the server ----

DB="$tmp/test.db"
beijing_db "$AQ" "$DB" "$tmp/db.out" || { bad "$serve_why"; finish; }
# a month of road inspections for the Beijing units (issue 20; generated
# by the reference's generator, the units of the stations file), for the
# dashboard's road tab and the bulletin's road section
python3 tests/reference/roads_ref.py gen 20 "${AQ_TEST_MONTH:-2014-07}" \
    etc/beijing.stations.csv > "$tmp/roads.csv" &&
    "$AQ" ingest --quiet --db "$DB" "$tmp/roads.csv" > "$tmp/roads.out" 2>&1 ||
    { bad "road inspections: $(head -n 3 "$tmp/roads.out")"; finish; }
od -An -N12 -tx1 /dev/urandom | tr -d ' \n' > "$tmp/token"
# the targets of the day's view (issue 16): met, missed, out of reach
printf '%s\n' 'unit,year,pm25,good_days_ratio,heavy_days' '东四,2014,85,45,40' \
    'Tiantan,2014,80,50.5,' '怀柔镇,2014,70,60,25' '官园,2014,,44.4,45' \
    > "$tmp/targets.csv"
# the test's browsers and its own fetches all come from 127.0.0.1: the
# per-client limit (16) is raised for them
serve_start "$tmp/serve" "$AQ" --db "$DB" --max-per-client 128 \
    --token-file "$tmp/token" --access-log "$tmp/access.log" \
    --targets "$tmp/targets.csv" || { bad "$serve_why"; finish; }
pid=$serve_pid
port=$serve_port

# ---- The browser test ----

mkdir -p "$B"
rm -f "$B/dashboard.png"
AQ_URL="http://127.0.0.1:$port" AQ_SHOT_DIR="$B" \
    timeout 300 node tests/browser/dashboard.test.mjs > "$tmp/node.out" 2>&1
rc=$?
cat "$tmp/node.out"
line=$(grep -E '^dashboard\.test: [0-9]+ passed, [0-9]+ failed$' "$tmp/node.out" | tail -n 1)
if [ -n "$line" ]; then
    p=$(echo "$line" | sed -E 's/^[^:]*: ([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')
    pass=$((pass + p))
    fail=$((fail + f))
    [ "$rc" -eq 0 ] || [ "$f" -ne 0 ] || bad "the browser test exited $rc"
else
    bad "the browser test ended without a summary (exit $rc)"
fi

# the screenshot: a PNG of some substance (a blank page is a few kB)
if [ -s "$B/dashboard.png" ] &&
    [ "$(od -An -N4 -tx1 "$B/dashboard.png" | tr -d ' ')" = 89504e47 ] &&
    [ "$(wc -c < "$B/dashboard.png")" -gt 50000 ]; then ok; else
    bad "no screenshot $B/dashboard.png"
fi
# every request the page made was answered without a server error
if grep -qE ' (5[0-9][0-9]) [0-9]+ [0-9]+us$' "$tmp/access.log"; then
    bad "server errors in the access log: $(grep -E ' 5[0-9][0-9] ' "$tmp/access.log" | head -n 3)"
else
    ok
fi

# ---- Graceful stop ----

serve_stop "$pid"
rc=$?
pid=""
[ "$rc" -eq 0 ] && ok || bad "server exit $rc after SIGTERM"
finish
