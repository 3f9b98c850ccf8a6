#!/bin/sh
# SPDX-License-Identifier: MIT
# Bytes the dashboard moves on a first load, a revisit and a reload,
# measured by Chromium's network log (bench/page_bytes.mjs) against
# `aqrank serve` on a database of the bundled UCI Beijing files. Never part
# of `make check` (issue 18: "the first load moves less than half the bytes
# it did, repeat loads almost none").
# Environment: B (build folder), AQRANK (default $B/aqrank), DB (an
# existing database; default: one built here), AQ_PAGE (default
# /?month=2014-07), CHROMIUM. Pass -v to list every request.
set -u
B=${B:-build}
AQRANK=${AQRANK:-$B/aqrank}
DATA=${AQ_BEIJING_DATA:-data/beijing_multisite}
cd "$(dirname "$0")/.." || exit 1
[ -x "$AQRANK" ] || { echo "page: no binary $AQRANK (make B=$B all)"; exit 1; }
command -v node > /dev/null || { echo "page: node is not installed"; exit 1; }

tmp=$(mktemp -d)
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2> /dev/null; wait "$pid" 2> /dev/null; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

if [ -z "${DB:-}" ]; then
    DB="$tmp/page.db"
    "$AQRANK" init --db "$DB" --stations etc/beijing.stations.csv > /dev/null ||
        { echo "page: aqrank init failed"; exit 1; }
    "$AQRANK" ingest --quiet --db "$DB" "$DATA"/PRSA_Data_*.csv.gz
    rc=$?
    [ "$rc" -eq 0 ] || [ "$rc" -eq 6 ] || { echo "page: aqrank ingest exited $rc"; exit 1; }
fi
"$AQRANK" serve --db "$DB" --listen 127.0.0.1:0 --print-port \
    --access-log none > "$tmp/port" 2> "$tmp/serve.err" &
pid=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 100 ] && kill -0 "$pid" 2> /dev/null; do
    sleep 0.05
    i=$((i + 1))
done
port=$(head -n 1 "$tmp/port")
case "$port" in
'' | *[!0-9]*) echo "page: server did not start: $(head -n 3 "$tmp/serve.err")"; exit 1 ;;
esac
AQ_URL="http://127.0.0.1:$port" node bench/page_bytes.mjs "$@"
