#!/bin/sh
# SPDX-License-Identifier: MIT
# Load test of `aqrank serve` (issue 5): wrk (Debian's package) against
# GET /api/v1/rank?month=M on loopback, bounded in time. Reports requests
# per second, p50/p99 latency and errors (socket errors and non-2xx
# answers), and checks that
#   - every answer was correct: a Lua hook compares each response body,
#     byte for byte, with the answer fetched before the load;
#   - the server still answers correctly afterwards and is still running;
#   - its memory is flat: VmRSS after a warm-up run and after the main run
#     differ by at most RSS_TOLERANCE_KB (see below);
#   - it stops cleanly on SIGTERM (exit 0).
# Exit status 1 when any check fails. Never part of `make check`.
#
# Environment: B (build folder, default build), AQRANK (default $B/aqrank),
# DB (an existing database; default: one built here from the UCI Beijing
# files with aqrank init + ingest), MONTH (default 2014-07), DURATION (main
# run, default 10s), WARMUP (default 3s), CONNECTIONS (default 32), THREADS
# (wrk threads, default 2), SERVER_THREADS (default 2), RSS_TOLERANCE_KB.
#
# Why the RSS tolerance is 4096 kB: after the warm-up every worker thread
# has opened its SQLite connection, built its cached ranking and filled its
# page cache, and libmicrohttpd has allocated the per-connection pools
# (128 KiB each) for the same number of connections, so a correct server
# needs no new memory in the main run. What can still move is allocator
# slack: glibc's per-thread arenas grow and trim at the top as buffers of
# different sizes come and go. Measured here, eight 4 s runs in a row on one
# server ended at 21456, 23384, 23392, 23396, 23400, 23400, 21996 and
# 23408 kB: no trend, a swing of about 2 MB between runs, hence twice that.
# What the tolerance can catch depends on the number of requests, so the
# report prints the smallest per-request leak it detects (tolerance divided
# by requests): with the ranking endpoint at ~770 requests/s on this 2-core
# machine, a 10 s run detects leaks of ~550 bytes per request or more, which
# covers losing any response (the ranking document is 9.6 kB); a few bytes
# per request is for valgrind (tests/suites/valgrind.sh) or a longer
# DURATION.
set -u
B=${B:-build}
AQRANK=${AQRANK:-$B/aqrank}
DATA=${AQ_BEIJING_DATA:-data/beijing_multisite}
MONTH=${MONTH:-2014-07}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
SERVER_THREADS=${SERVER_THREADS:-2}
RSS_TOLERANCE_KB=${RSS_TOLERANCE_KB:-4096}
cd "$(dirname "$0")/.." || exit 1

status=0
check() { # check OK|FAIL TEXT
    echo "load: $1: $2"
    [ "$1" = ok ] || status=1
}
command -v wrk > /dev/null || { echo "load: wrk is not installed (scripts/setup --bench)"; exit 1; }
command -v curl > /dev/null || { echo "load: curl is not installed"; exit 1; }
[ -x "$AQRANK" ] || { echo "load: no binary $AQRANK (make B=$B all)"; exit 1; }

. tests/lib_serve.sh
serve_scratch
if [ -z "${DB:-}" ]; then
    DB="$tmp/load.db"
    beijing_db "$AQRANK" "$DB" "$tmp/db.log" || { echo "load: $serve_why"; exit 1; }
fi

# wrk is one client address with CONNECTIONS connections: the per-client
# limit (default 16) is raised to let them all in
serve_start "$tmp/serve" "$AQRANK" --db "$DB" \
    --threads "$SERVER_THREADS" --max-per-client "$CONNECTIONS" \
    --access-log "$tmp/access.log" || { echo "load: $serve_why"; exit 1; }
pid=$serve_pid
port=$serve_port
U="http://127.0.0.1:$port"

# the endpoint: the ranking if it answers, else health
path="/api/v1/rank?month=$MONTH"
if [ "$(curl -s -o "$tmp/expected" -w '%{http_code}' "$U$path")" != 200 ]; then
    echo "load: $path does not answer 200; loading /api/v1/health instead"
    path=/api/v1/health
    curl -s -o "$tmp/expected" "$U$path"
fi
echo "load: GET $path ($(wc -c < "$tmp/expected") bytes), $CONNECTIONS connections, $THREADS wrk threads, $SERVER_THREADS server threads"

# wrk's Lua hooks: compare every body with the expected one; report the
# numbers in one parseable line
cat > "$tmp/check.lua" << 'EOF'
local threads = {}
function setup(thread)
    table.insert(threads, thread)
end
function init(args)
    local f = assert(io.open(args[1], "rb"))
    expected = f:read("*a")
    f:close()
    checked, wrong = 0, 0
end
function response(status, headers, body)
    checked = checked + 1
    if status ~= 200 or body ~= expected then
        wrong = wrong + 1
    end
end
function done(summary, latency, requests)
    local c, w = 0, 0
    for _, t in ipairs(threads) do
        c = c + t:get("checked")
        w = w + t:get("wrong")
    end
    local e = summary.errors
    io.write(string.format(
        "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d " ..
        "connect=%d read=%d write=%d timeout=%d non2xx=%d checked=%d wrong=%d\n",
        summary.requests, summary.duration, latency:percentile(50),
        latency:percentile(99), latency.max, e.connect, e.read, e.write,
        e.timeout, e.status, c, w))
end
EOF

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }
# run_wrk SECONDS: sets the RESULT fields (numbers from check.lua's format)
# as shell variables
requests=0 duration_us=0 p50_us=0 p99_us=0 max_us=0 connect=0 read=0
write=0 timeout=0 non2xx=0 checked=0 wrong=0
run_wrk() {
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "$1" --timeout 5s --latency \
        -s "$tmp/check.lua" "$U$path" -- "$tmp/expected" > "$tmp/wrk.out" 2>&1
    line=$(grep '^RESULT ' "$tmp/wrk.out")
    if [ -z "$line" ]; then
        echo "load: wrk failed:"
        cat "$tmp/wrk.out"
        exit 1
    fi
    eval "$(echo "$line" | sed 's/^RESULT //')"
}

run_wrk "$WARMUP"
rss_warm=$(rss_kb)
echo "load: warm-up $WARMUP: $requests requests; VmRSS $rss_warm kB"

run_wrk "$DURATION"
rss_main=$(rss_kb)
grep -vE '^RESULT ' "$tmp/wrk.out"
{
    rps=$(awk -v r="$requests" -v d="$duration_us" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
    ms() { awk -v u="$1" 'BEGIN { printf "%.2f ms", u / 1000 }'; }
    socket_errors=$((connect + read + write + timeout))
    echo "load: requests/s $rps ($requests in $(ms "$duration_us")); latency p50 $(ms "$p50_us"), p99 $(ms "$p99_us"), max $(ms "$max_us")"
    echo "load: errors: socket $socket_errors (connect $connect, read $read, write $write, timeout $timeout), non-2xx $non2xx, wrong bodies $wrong of $checked checked"
    [ "$socket_errors" -eq 0 ] && check ok "no socket errors" || check FAIL "$socket_errors socket errors"
    [ "$non2xx" -eq 0 ] && check ok "no non-2xx answers" || check FAIL "$non2xx non-2xx answers"
    [ "$wrong" -eq 0 ] && [ "$checked" -gt 0 ] && check ok "all $checked bodies equal the expected answer" ||
        check FAIL "$wrong of $checked bodies differ from the expected answer"
}

growth=$((rss_main - rss_warm))
per_req=$(awk -v g="$growth" -v r="$requests" 'BEGIN { printf "%.3f", r ? g * 1024 / r : 0 }')
detect=$(awk -v t="$RSS_TOLERANCE_KB" -v r="$requests" 'BEGIN { printf "%.0f", r ? t * 1024 / r : 0 }')
echo "load: VmRSS after warm-up $rss_warm kB, after main run $rss_main kB: growth $growth kB ($per_req bytes per request; a leak of $detect bytes per request or more would exceed the tolerance)"
if [ "$growth" -le "$RSS_TOLERANCE_KB" ]; then
    check ok "memory flat (growth $growth kB <= $RSS_TOLERANCE_KB kB)"
else
    check FAIL "memory grew $growth kB > $RSS_TOLERANCE_KB kB"
fi

# still alive and still correct
if kill -0 "$pid" 2> /dev/null &&
    [ "$(curl -s -o "$tmp/after" -w '%{http_code}' "$U$path")" = 200 ] &&
    cmp -s "$tmp/after" "$tmp/expected"; then
    check ok "server answers correctly after the load"
else
    check FAIL "server does not answer correctly after the load"
fi
logged=$(wc -l < "$tmp/access.log")
echo "load: access log: $logged lines"

serve_stop "$pid"
rc=$?
pid=""
[ "$rc" -eq 0 ] && check ok "clean exit on SIGTERM" || check FAIL "exit $rc on SIGTERM"
exit $status
