# SPDX-License-Identifier: MIT
# A test server and its database, for the suites that talk to `aqrank
# serve` (tests/suites/browser.sh, server.sh) and the page and load
# benchmarks (bench/page.sh, bench/load.sh). Source it from the repository
# root after setting DATA (the folder of the UCI Beijing files); it gives
#   serve_scratch
#       for a script without tests/lib.sh (the benchmarks): a fresh folder
#       $tmp and pid="", cleaned up at exit (the server $pid, if any,
#       stopped; $tmp removed)
#   beijing_db AQRANK DB LOG
#       a new database DB: the stations of etc/beijing.stations.csv and
#       the UCI Beijing files of $DATA ingested (exit 6, rows rejected, is
#       success: the files have gaps); the tools' output in LOG. Status 1
#       on failure, the reason in $serve_why.
#   serve_start FILE AQRANK ARG...
#       starts `AQRANK serve --listen 127.0.0.1:0 --print-port ARG...` in
#       the background (standard output in FILE.port, errors in FILE.err),
#       its process id in $serve_pid, and waits at most 5 s for the port it
#       prints: $serve_port. Status 1 when none came (the server then stopped),
#       the reason in $serve_why.
#   serve_stop PID [SIGNAL]
#       SIGNAL (default TERM) to the server PID, at most 5 s to stop (then
#       SIGKILL, and serve_late=1; else serve_late=0); its exit status (0
#       on a clean stop).

serve_scratch() {
    tmp=$(mktemp -d) || exit 1
    pid=""
    trap 'if [ -n "$pid" ]; then kill "$pid" 2> /dev/null; wait "$pid" 2> /dev/null; fi; rm -rf "$tmp"' EXIT
    trap 'exit 1' INT TERM
}

beijing_db() {
    "$1" init --db "$2" --stations etc/beijing.stations.csv > "$3" 2>&1 || {
        serve_why="aqrank init: $(head -n 3 "$3")"
        return 1
    }
    "$1" ingest --quiet --db "$2" "$DATA"/PRSA_Data_*.csv.gz > "$3" 2>&1
    serve_rc=$?
    [ "$serve_rc" -eq 0 ] || [ "$serve_rc" -eq 6 ] || {
        serve_why="aqrank ingest exited $serve_rc: $(head -n 3 "$3")"
        return 1
    }
}

serve_start() {
    serve_file=$1
    serve_aq=$2
    shift 2
    # emptied first: the loop below must not read an earlier run's port
    : > "$serve_file.port"
    "$serve_aq" serve --listen 127.0.0.1:0 --print-port "$@" \
        > "$serve_file.port" 2> "$serve_file.err" &
    serve_pid=$!
    serve_i=0
    while [ ! -s "$serve_file.port" ] && [ $serve_i -lt 100 ] &&
        kill -0 "$serve_pid" 2> /dev/null; do
        sleep 0.05
        serve_i=$((serve_i + 1))
    done
    serve_port=$(head -n 1 "$serve_file.port")
    case "$serve_port" in
    '' | *[!0-9]*)
        serve_why="server did not start: $(head -n 3 "$serve_file.err")"
        kill "$serve_pid" 2> /dev/null
        wait "$serve_pid" 2> /dev/null
        return 1
        ;;
    esac
}

serve_stop() {
    kill -"${2:-TERM}" "$1"
    serve_i=0
    while kill -0 "$1" 2> /dev/null && [ $serve_i -lt 100 ]; do
        sleep 0.05
        serve_i=$((serve_i + 1))
    done
    serve_late=0
    if kill -0 "$1" 2> /dev/null; then
        serve_late=1
        kill -9 "$1"
    fi
    wait "$1"
}
