#!/bin/sh
# The demo: set up, build, and show aqrank at work.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup
make -s -j2 all
echo "== IAQI of a few concentrations (HJ 633-2012) =="
printf 'pollutant,averaging,concentration\npm25,24h,35.5\npm25,24h,76\nco,24h,4.15\nso2,1h,801\n' |
    ./build/aqrank iaqi
echo
echo "== Daily AQI under both rule sets =="
printf 'date,so2,no2,pm10,pm25,co,o3_1h,o3_8h\n2018-01-01,8,45,142,98,1.3,120,96\n2026-05-01,8,45,142,98,1.3,120,96\n' |
    ./build/aqrank aqi --ruleset auto
