#!/bin/sh
# SPDX-License-Identifier: MIT
# `make bench` (issue 6): the monthly unit ranking job timed on the same
# generated files, in one run, for aqrank and for its peers DuckDB and pandas,
# beside the floor of reading the file (cat, wc -l); then bench/RESULTS.md is
# written from what this run measured. Never part of `make check`.
#
#   1. npm ci in bench/ if node_modules is missing (nothing else is
#      installed here: scripts/setup installs hyperfine, python3-pandas, time)
#   2. verify.sh: the reference, DuckDB, pandas (and aqrank once it has its
#      rank command) agree exactly on small sets that hit every rule branch
#   3. per size: generate the data (kept in bench/data/ for later runs),
#      time cat, wc -l, parse_floor, DuckDB, pandas and aqrank with hyperfine
#      (bare commands, one warm-up run each, at least RUNS runs and 3 s),
#      then run each but the floor
#      as often again under timed.sh for peak RSS; compare the outputs;
#      the digest of the store's station_day after the ingest
#   4. the layout matrix (10m, and tiny): the same data in the six layouts
#      of gen_hourly --layout, aqrank rank and DuckDB on each, timed in
#      interleaved rounds by ab.py (every command once per round: the
#      machine's drift slows them alike); every output compared
#   5. a national month of CNEMC daily files (issue 19 item 4; NATIONAL
#      names the folder of one month's china_sites_*.csv.gz, default the
#      bundled data/cnemc_national/201901): rank
#      --stations straight from the files beside zcat of the same files,
#      and beside ingest + rank --db, whose output must be the same
#   6. report.py writes bench/RESULTS.md
#
# Sizes: 10m (1,700 stations x 244 days = 9,955,200 rows) always; 50m (1,700
# x 1,216 days = 49,612,800 rows, 2.9 GB) only with BENCH_FULL=1.
#
# Environment: RUNS (hyperfine runs per command at least, default 3; and
# at least 3 s of them), PYTHON (an
# interpreter with Debian's python3-pandas, default /usr/bin/python3),
# AQRANK (default $B/aqrank, B defaulting to build), BENCH_FULL=1 (add 50m),
# BENCH_VERIFY=0 (skip step 2), BENCH_SIZES (override, e.g. "tiny" to try the
# harness quickly), BENCH_LAYOUTS=0 (skip step 4), LAYOUT_ROUNDS (rounds of
# the layout matrix, default 5).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$here"

RUNS=${RUNS:-3}
PYTHON=${PYTHON:-/usr/bin/python3}
AQRANK=${AQRANK:-$root/${B:-build}/aqrank}
if [ -n "${BENCH_SIZES:-}" ]; then
	SIZES=$BENCH_SIZES
elif [ "${BENCH_FULL:-0}" = 1 ]; then
	SIZES="10m 50m"
else
	SIZES=10m
fi

die() {
	echo "bench: $*" >&2
	exit 1
}
for tool in cc node npm hyperfine; do
	command -v "$tool" > /dev/null || die "'$tool' not found (run scripts/setup)"
done
[ -x /usr/bin/time ] || die "/usr/bin/time not found (Debian package 'time')"
"$PYTHON" -c 'import pandas' 2> /dev/null ||
	die "$PYTHON cannot import pandas (Debian package python3-pandas; set PYTHON)"

mkdir -p data
[ -d node_modules/@duckdb/node-api ] || npm ci --no-audit --no-fund --loglevel=error
cc -O2 -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -o data/gen_hourly gen_hourly.c -lm
cc -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -o data/parse_floor parse_floor.c

# the layouts of the matrix (gen_hourly --layout)
LAYOUTS="canonical issue19 crlf quoted name reordered"

# name -> generator arguments (1,700 stations ~ the national network)
gen_args() {
	case $1 in
	tiny) echo "--stations 100 --days 62 --start 2024-01-01 --seed 1" ;;
	10m) echo "--stations 1700 --days 244 --start 2024-01-01 --seed 1" ;;
	50m) echo "--stations 1700 --days 1216 --start 2022-01-01 --seed 1" ;;
	*) die "unknown size '$1' (tiny, 10m, 50m)" ;;
	esac
}

# ---------------------------------------------------------------------------
# aqrank's own commands (issue 6, part 2).
# - Streaming, no store: `aqrank rank --stations S.csv --all --format csv
#   FILE` (src/lib/engine/stream.c, docs/internals/STREAM.md), timed when
#   `aqrank rank --help` offers --stations (else the report shows aqrank as
#   not available).
# - The store path: the two templates below ({stations}, {file}, {store}
#   are substituted): `aqrank init` and `aqrank ingest` of FILE into a
#   fresh store, then `aqrank rank --db {store} --all --format csv` of
#   every unit-month from it. Both are timed and the store's output is
#   compared with the others.
# ---------------------------------------------------------------------------
HAVE_RANK=0
"$AQRANK" rank --help 2>&1 | grep -q -- --stations && HAVE_RANK=1
INGEST_CMD="sh -c '$AQRANK init --db {store} --stations {stations} > /dev/null && $AQRANK ingest --quiet --db {store} {file}'"
STORE_RANK_CMD="$AQRANK rank --db {store} --all --format csv"
fill() { # TEMPLATE STATIONS FILE STORE
	printf '%s\n' "$1" | sed -e "s|{stations}|$2|g" -e "s|{file}|$3|g" -e "s|{store}|$4|g"
}

{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "nproc: $(nproc)"
	echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
	echo "mem: $(free -g | awk '/Mem:/{print $2}') GiB"
	echo "kernel: $(uname -r)"
	echo "node: $(node --version)"
	echo "duckdb: @duckdb/node-api $(node -p "require('./node_modules/@duckdb/node-api/package.json').version")"
	echo "pandas: $("$PYTHON" -c 'import pandas, numpy, sys; print(pandas.__version__, "numpy", numpy.__version__, "python", sys.version.split()[0])')"
	echo "hyperfine: $(hyperfine --version)"
	echo "aqrank: $([ "$HAVE_RANK" = 1 ] && "$AQRANK" --version || echo "no rank command in $AQRANK")"
	echo "runs: $RUNS"
	echo "sizes: $SIZES"
} > data/machine.txt
cat data/machine.txt

rm -f data/verify.txt
if [ "${BENCH_VERIFY:-1}" = 1 ]; then
	echo "== correctness (verify.sh)"
	AQRANK=$AQRANK PYTHON=$PYTHON sh verify.sh > data/verify.txt 2>&1 ||
		{ cat data/verify.txt; die "the implementations disagree (data/verify.txt)"; }
	grep -E '^(==|AGREE|DIFFER|verify)' data/verify.txt
fi

for size in $SIZES; do
	csv=data/hourly_$size.csv
	st=data/stations_$size.csv
	if [ ! -s "$csv" ] || [ ! -s "$st" ]; then
		echo "== generating $csv"
		# shellcheck disable=SC2046
		./data/gen_hourly $(gen_args "$size") --output "$csv.tmp" --stations-file "$st"
		mv "$csv.tmp" "$csv"
	fi
	bytes=$(stat -c %s "$csv")
	rows=$(($(wc -l < "$csv") - 1))
	{
		echo "rows=$rows"
		echo "bytes=$bytes"
		echo "stations=$(($(wc -l < "$st") - 1))"
		echo "units=$(tail -n +2 "$st" | cut -d, -f2 | sort -u | wc -l)"
		echo "generator=data/gen_hourly $(gen_args "$size")"
	} > "data/size_$size.txt"
	echo "== $size: $rows rows, $bytes bytes"
	rm -f data/runs_*_"$size".txt data/*_"$size".json data/compare_"$size".txt

	# the floor: the same bytes from the page cache (cat FILE first so that
	# every command below reads a cached file)
	cat "$csv" > /dev/null
	hyperfine --style basic --warmup 1 --min-runs "$RUNS" --export-json "data/floor_$size.json" \
		-n cat "cat $csv > /dev/null" \
		-n "wc -l" "wc -l $csv" \
		-n parse_floor "data/parse_floor $csv"

	# Every command is timed the same way as the floor: bare, by hyperfine
	# (which subtracts its own shell's start), after one warm-up run, for at
	# least $RUNS runs and 3 seconds (hyperfine's default: a command of a
	# tenth of a second runs some 30 times, which tames the machine's
	# drift; one of 10 s runs $RUNS times). Then
	# it runs $RUNS more times under timed.sh for its peak RSS and for the
	# CPU that other processes took meanwhile (the wrapper's own processes,
	# some 40 ms, stay out of the timed runs: they would weigh on a 0.3 s
	# command and not on a 10 s one).
	timed() { # NAME LOG-SLUG [-o OUT] COMMAND...
		name=$1 slug=$2
		shift 2
		i=0
		while [ "$i" -lt "$RUNS" ]; do
			sh timed.sh "data/runs_${slug}_$size.txt" "$@" || die "$name failed"
			i=$((i + 1))
		done
	}

	# the peers (each writes its own output file)
	duckdb_cmd="node duckdb_rank.mjs --stations $st $csv data/out_${size}_duckdb.csv"
	pandas_cmd="$PYTHON pandas_rank.py --stations $st $csv data/out_${size}_pandas.csv"
	hyperfine --style basic --warmup 1 --min-runs "$RUNS" --export-json "data/peers_$size.json" \
		-n duckdb "$duckdb_cmd" -n pandas "$pandas_cmd"
	# shellcheck disable=SC2086
	timed duckdb duckdb $duckdb_cmd
	# shellcheck disable=SC2086
	timed pandas pandas $pandas_cmd
	outs="data/out_${size}_duckdb.csv data/out_${size}_pandas.csv"

	# aqrank, streaming from the file (no store)
	if [ "$HAVE_RANK" = 1 ]; then
		rank_cmd="$AQRANK rank --stations $st --all --format csv $csv"
		# wc -l again, right before: the machine's speed drifts over
		# minutes (on two cores more than on one), and the ratio to the
		# floor should compare runs of the same minute
		hyperfine --style basic --warmup 1 --min-runs "$RUNS" --export-json "data/aqrank_$size.json" \
			-n "wc -l (beside aqrank rank)" "wc -l $csv" \
			-n "aqrank rank" "$rank_cmd"
		# shellcheck disable=SC2086
		timed "aqrank rank" aqrank-rank -o "data/out_${size}_aqrank.csv" $rank_cmd
		outs="$outs data/out_${size}_aqrank.csv"
	fi
	# aqrank, ingest into a fresh store, then rank from it
	if [ -n "$INGEST_CMD" ] && [ -n "$STORE_RANK_CMD" ]; then
		store=data/store_$size.db
		ingest=$(fill "$INGEST_CMD" "$st" "$csv" "$store")
		store_rank=$(fill "$STORE_RANK_CMD" "$st" "$csv" "$store")
		hyperfine --style basic --warmup 1 --min-runs "$RUNS" --export-json "data/aqrank-ingest_$size.json" \
			--prepare "rm -f $store $store-wal $store-shm" \
			-n "aqrank ingest" "$ingest"
		i=0
		while [ "$i" -lt "$RUNS" ]; do
			rm -f "$store" "$store-wal" "$store-shm"
			sh timed.sh "data/runs_aqrank-ingest_$size.txt" sh -c "$ingest" ||
				die "aqrank ingest failed"
			i=$((i + 1))
		done
		# what the ingest stored, as a digest that another build or run
		# must reproduce (issue 19 item 3: batches store what one commit did)
		echo "station_day: $(sqlite3 "$store" "SELECT day, station_id, hex(hours),
			ingest_id FROM station_day ORDER BY day, station_id" | md5sum | cut -d' ' -f1)" \
			> "data/ingest-md5_$size.txt"
		cat "data/ingest-md5_$size.txt"
		hyperfine --style basic --warmup 1 --min-runs "$RUNS" --export-json "data/aqrank-store_$size.json" \
			-n "aqrank rank (store)" "$store_rank"
		# shellcheck disable=SC2086
		timed "aqrank rank (store)" aqrank-store -o "data/out_${size}_aqrank-store.csv" $store_rank
		outs="$outs data/out_${size}_aqrank-store.csv"
	fi

	for log in data/runs_*_"$size".txt; do
		echo "$log:"
		cat "$log"
	done
	# shellcheck disable=SC2086
	python3 compare_results.py $outs > "data/compare_$size.txt" 2>&1 || true
	cat "data/compare_$size.txt"

	# the layout matrix (issue 19): the same data in every layout
	case $size in 10m | tiny) ;; *) continue ;; esac
	[ "${BENCH_LAYOUTS:-1}" = 1 ] && [ "$HAVE_RANK" = 1 ] || continue
	echo "== $size: layouts"
	rm -f "data/layouts-$size.txt" "data/compare-layouts_$size.txt"
	set --
	for layout in $LAYOUTS; do
		file=$csv
		if [ "$layout" != canonical ]; then
			file=data/hourly_${size}_$layout.csv
			if [ ! -s "$file" ]; then
				# shellcheck disable=SC2046
				./data/gen_hourly $(gen_args "$size") --layout "$layout" --output "$file.tmp"
				mv "$file.tmp" "$file"
			fi
		fi
		cat "$file" > /dev/null
		echo "$layout bytes=$(stat -c %s "$file") file=$file" >> "data/layouts-$size.txt"
		"$AQRANK" rank --stations "$st" --all --format csv "$file" > "data/out_${size}_aqrank_$layout.csv" ||
			die "aqrank rank failed on $file"
		node duckdb_rank.mjs --stations "$st" --layout "$layout" "$file" "data/out_${size}_duckdb_$layout.csv" ||
			die "duckdb failed on $file"
		set -- "$@" "aqrank:$layout=$AQRANK rank --stations $st --all --format csv $file" \
			"duckdb:$layout=node duckdb_rank.mjs --stations $st --layout $layout $file data/out_${size}_duckdb_$layout.csv"
	done
	python3 ab.py "${LAYOUT_ROUNDS:-5}" --json "data/layouts-$size.json" "$@"
	for layout in $LAYOUTS; do
		if cmp -s "data/out_${size}_aqrank_canonical.csv" "data/out_${size}_aqrank_$layout.csv"; then
			echo "AGREE aqrank $layout: the canonical layout's output, byte for byte"
		else
			echo "DIFFER aqrank $layout: not the canonical layout's output"
		fi
		python3 compare_results.py "data/out_${size}_aqrank_$layout.csv" "data/out_${size}_duckdb_$layout.csv" 2>&1 |
			sed "s/^/duckdb $layout: /"
	done > "data/compare-layouts_$size.txt"
	cat "data/compare-layouts_$size.txt"
done

# a national month of CNEMC daily files (issue 19 item 4)
NATIONAL=${NATIONAL:-$root/data/cnemc_national/201901}
rm -f data/national.json data/national.txt data/compare-national.txt
if [ "$HAVE_RANK" = 1 ] && ls "$NATIONAL"/china_sites_*.csv* > /dev/null 2>&1; then
	echo "== national month: $NATIONAL"
	nst=$root/etc/national.stations.csv
	nfiles=$(echo $(ls "$NATIONAL"/china_sites_*.csv*))
	nstore=data/store_national.db
	# shellcheck disable=SC2086
	{
		echo "folder=$NATIONAL"
		echo "files=$(echo $nfiles | wc -w)"
		echo "bytes=$(cat $nfiles | wc -c)"
		echo "unpacked=$(zcat -f $nfiles | wc -c)"
	} > data/national.txt
	rm -f "$nstore" "$nstore-wal" "$nstore-shm"
	# shellcheck disable=SC2086
	"$AQRANK" rank --stations "$nst" --all --format csv $nfiles > data/out_national_stream.csv 2> /dev/null ||
		die "aqrank rank --stations failed on $NATIONAL"
	"$AQRANK" init --db "$nstore" --stations "$nst" > /dev/null
	# shellcheck disable=SC2086
	"$AQRANK" ingest --quiet --db "$nstore" $nfiles || [ $? -eq 6 ] || die "aqrank ingest failed on $NATIONAL"
	"$AQRANK" rank --db "$nstore" --all --format csv > data/out_national_store.csv
	# shellcheck disable=SC2086
	python3 ab.py "${LAYOUT_ROUNDS:-5}" --json data/national.json \
		"zcat=zcat $nfiles" \
		"stream=$AQRANK rank --stations $nst --all --format csv $nfiles" \
		"stream-one-reader=$AQRANK rank --stations $nst --all --format csv --readers 1 $nfiles" \
		"ingest=sh -c 'rm -f $nstore $nstore-wal $nstore-shm && $AQRANK init --db $nstore --stations $nst > /dev/null && { $AQRANK ingest --quiet --db $nstore $nfiles || [ \$? -eq 6 ]; }'" \
		"rank-db=$AQRANK rank --db $nstore --all --format csv"
	if cmp -s data/out_national_stream.csv data/out_national_store.csv; then
		echo "AGREE rank --stations and rank --db: byte for byte, $(($(wc -l < data/out_national_stream.csv) - 1)) unit-months"
	else
		echo "DIFFER rank --stations and rank --db:"
		diff data/out_national_store.csv data/out_national_stream.csv | head -20
	fi > data/compare-national.txt
	cat data/compare-national.txt
else
	echo "== national month: $NATIONAL not found, skipped"
fi

python3 report.py --out RESULTS.md $SIZES
echo "bench: wrote bench/RESULTS.md"
if cat data/compare_*.txt data/compare-layouts_*.txt data/compare-national.txt 2> /dev/null | grep -q DIFFER; then
	die "the implementations disagree (see bench/RESULTS.md)"
fi
