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

. tests/lib_serve.sh
serve_scratch
if [ -z "${DB:-}" ]; then
    DB="$tmp/page.db"
    beijing_db "$AQRANK" "$DB" "$tmp/db.log" || { echo "page: $serve_why"; exit 1; }
fi
serve_start "$tmp/serve" "$AQRANK" --db "$DB" --access-log none ||
    { echo "page: $serve_why"; exit 1; }
pid=$serve_pid
port=$serve_port
AQ_URL="http://127.0.0.1:$port" node bench/page_bytes.mjs "$@"
