#!/bin/sh
# SPDX-License-Identifier: MIT
# Correctness of the benchmark peers: generates small data sets made to
# exercise every validity and rounding branch of the job (README.md, "The
# job"), runs the slow literal reference (reference_rank.py), DuckDB, pandas
# and, once it exists, `aqrank rank`, and checks with compare_results.py that
# all of them agree exactly on every unit-month. Prints one AGREE/DIFFER line
# per comparison and the reference's branch counts; exits non-zero on any
# disagreement. Run by run.sh before timing anything; fine to run alone.
#
# Usage: sh bench/verify.sh [SET...]     (default: small summer edge medium)
# Environment: PYTHON (interpreter with pandas, default /usr/bin/python3),
#              AQRANK (default build/aqrank, or $B/aqrank)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$here"
PYTHON=${PYTHON:-/usr/bin/python3}
AQRANK=${AQRANK:-$root/${B:-build}/aqrank}
SETS=${*:-small summer edge medium}
mkdir -p data
if [ ! -x data/gen_hourly ] || [ gen_hourly.c -nt data/gen_hourly ]; then
	cc -O2 -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -o data/gen_hourly gen_hourly.c -lm
fi

# name -> generator arguments
set_args() {
	case $1 in
	# winter, 50 stations: Jan, Feb (leap, minimum 25) and 2 days of March
	small) echo "--stations 50 --days 62 --start 2024-01-01 --seed 7" ;;
	# summer: MDA8 valid by exceedance with < 14 windows
	summer) echo "--stations 60 --days 92 --start 2024-06-01 --seed 3" ;;
	# one station per unit: maintenance outages push single months below the
	# minimum; partial January and April; February with 25-26 valid days
	edge) echo "--stations 40 --cities 40 --days 70 --start 2024-01-25 --seed 11" ;;
	# 1.1 M rows; the rounded MDA8 maximum is exactly 160 a few times
	medium) echo "--stations 300 --days 152 --start 2024-05-01 --seed 5" ;;
	*) echo "verify.sh: unknown set '$1'" >&2; exit 2 ;;
	esac
}

have_aqrank=0
"$AQRANK" rank --help > /dev/null 2>&1 && have_aqrank=1

status=0
for s in $SETS; do
	csv=data/verify_$s.csv
	st=data/verify_${s}_stations.csv
	# shellcheck disable=SC2046
	./data/gen_hourly $(set_args "$s") --output "$csv.tmp" --stations-file "$st"
	if [ "$s" = edge ]; then
		# station 1001A (a unit of its own) reports nothing in March: that
		# unit-month has rows but no index (N6.2.6)
		awk -F, 'BEGIN { OFS = "," }
			$1 == "1001A" && $2 ~ /^2024-03/ { print $1, $2, "", "", "", "", "", ""; next }
			{ print }' "$csv.tmp" > "$csv"
		rm -f "$csv.tmp"
	else
		mv "$csv.tmp" "$csv"
	fi
	echo "== $s: $(($(wc -l < "$csv") - 1)) rows ($(set_args "$s"))"
	python3 reference_rank.py --stations "$st" "$csv" "data/out_verify_${s}_ref.csv" 2> "data/tally_$s.txt"
	node duckdb_rank.mjs --stations "$st" "$csv" "data/out_verify_${s}_duckdb.csv"
	"$PYTHON" pandas_rank.py --stations "$st" "$csv" "data/out_verify_${s}_pandas.csv"
	outs="data/out_verify_${s}_duckdb.csv data/out_verify_${s}_pandas.csv"
	if [ "$have_aqrank" = 1 ]; then
		"$AQRANK" rank --stations "$st" --all --format csv "$csv" > "data/out_verify_${s}_aqrank.csv"
		outs="$outs data/out_verify_${s}_aqrank.csv"
	fi
	# shellcheck disable=SC2086
	python3 compare_results.py "data/out_verify_${s}_ref.csv" $outs || status=1
	sed 's/^/    /' "data/tally_$s.txt"
done
[ "$have_aqrank" = 1 ] || echo "verify.sh: $AQRANK has no 'rank' command yet: aqrank not compared"
exit $status
