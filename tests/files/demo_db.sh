#!/bin/sh
# SPDX-License-Identifier: MIT
# The demo's database (make demo): the UCI Beijing jurisdiction under the
# Hengshui policy with both years of data, for the suites that check the
# files of the demo's bulletin (xlsx.sh, pdf.sh, install.sh).
#     sh tests/files/demo_db.sh AQRANK DB
# Exit 0, or 1 after printing what failed.
set -u
aq=$1 db=$2
rm -f "$db" "$db-wal" "$db-shm"
"$aq" init --db "$db" --stations etc/beijing.stations.csv \
    --policy etc/hengshui.policy > "$db.log" 2>&1 &&
    "$aq" ingest --db "$db" --quiet data/beijing_multisite/*.csv.gz \
        >> "$db.log" 2>&1 && rm -f "$db.log" && exit 0
echo "demo_db: cannot build $db:"
tail -n 5 "$db.log"
exit 1
