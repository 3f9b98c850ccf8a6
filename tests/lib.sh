# SPDX-License-Identifier: MIT
# The harness of the shell suites (tests/suites/*.sh). A suite starts with
#
#     . "$(dirname "$0")/../lib.sh"
#
# and ends with `finish`. Sourcing this file moves to the repository root and
# sets
#   SUITE   the suite's name (its file name without .sh)
#   ROOT    the repository root, absolute
#   B       the build folder (environment, default build); AQ the aqrank
#           binary in it, absolute (a suite may cd elsewhere)
#   tmp     a fresh temporary directory, removed when the suite exits
#   pass, fail, skip   the counters (the calls below change them; a suite
#           adds a sub-runner's own counts to them directly)
#   pid     empty: a suite that runs a server in the background keeps its
#           process id here and calls `at_exit stop_pid`
# and gives
#   ok [NAME]       a test passed; prints "ok   NAME" when named
#   bad MESSAGE     a test failed; prints "FAIL: MESSAGE", then, indented,
#                   the lines of the file $why when the suite set it and
#                   the file is not empty (the reasons one test gathered)
#   skip MESSAGE    a test could not run here for a reason no set-up can
#                   remove (e.g. it needs root); prints "SKIP: MESSAGE".
#                   Missing data or tools are failures, never skips: the
#                   data ship in data/ and scripts/setup installs the tools.
#   need_aq         fails the suite at once when $AQ is not built
#   at_exit COMMAND runs COMMAND (a string for eval) at exit, before $tmp
#                   is removed
#   stop_pid        stops the background process $pid, if any, and waits
#   finish          prints "SUITE: N passed, N failed" (", N skipped" when
#                   some were) and exits 1 if anything failed, else 0
# tests/run.sh adds up the summary lines.

cd "$(dirname "$0")/../.." || exit 1
ROOT=$(pwd)
SUITE=$(basename "$0" .sh)
B=${B:-build}
case $B in
/*) AQ=$B/aqrank ;;
*) AQ=$ROOT/$B/aqrank ;;
esac
pass=0
fail=0
skip=0
pid=""
why=""
aqt_at_exit=""

ok() {
    pass=$((pass + 1))
    [ $# -eq 0 ] || echo "ok   $*"
}

bad() {
    fail=$((fail + 1))
    echo "FAIL: $*"
    if [ -n "$why" ] && [ -s "$why" ]; then sed 's/^/     /' "$why"; fi
}

skip() {
    skip=$((skip + 1))
    echo "SKIP: $*"
}

finish() {
    if [ "$skip" -gt 0 ]; then
        echo "$SUITE: $pass passed, $fail failed, $skip skipped"
    else
        echo "$SUITE: $pass passed, $fail failed"
    fi
    [ "$fail" -eq 0 ] && exit 0
    exit 1
}

need_aq() {
    [ -x "$AQ" ] && return 0
    bad "no binary $AQ (build it: make B=$B all)"
    finish
}

at_exit() {
    aqt_at_exit="$aqt_at_exit
$1"
}

stop_pid() {
    if [ -n "$pid" ]; then
        kill "$pid" 2> /dev/null
        wait "$pid" 2> /dev/null
        pid=""
    fi
}

aqt_cleanup() {
    eval "$aqt_at_exit"
    rm -rf "$tmp"
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/aq-$SUITE.XXXXXX") || {
    echo "$SUITE: cannot create a temporary directory"
    echo "$SUITE: 0 passed, 1 failed"
    exit 1
}
trap aqt_cleanup EXIT
trap 'exit 1' HUP INT TERM
