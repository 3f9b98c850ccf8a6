#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs one command under /usr/bin/time and appends one line to LOG: peak RSS
# (the largest of the command and the children it waited for), wall time,
# user and system CPU seconds, and the CPU seconds that the REST of the
# machine used meanwhile (from /proc/stat): a large last number means that
# another process competed for the cores and the run is suspect. bench/run.sh
# runs it under hyperfine, so hyperfine times and this log describe the same
# runs.
#
# Usage: sh timed.sh LOG [-o STDOUT_FILE] command [args...]
set -u
log=$1
shift
out=/dev/stdout
if [ "${1:-}" = "-o" ]; then
	out=$2
	shift 2
fi
busy() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
tmp=$(mktemp)
b0=$(busy)
/usr/bin/time -o "$tmp" -f '%M %e %U %S' "$@" > "$out"
rc=$?
b1=$(busy)
awk -v b0="$b0" -v b1="$b1" -v hz="$(getconf CLK_TCK)" -v rc="$rc" \
	'{ other = (b1 - b0) / hz - $3 - $4; if (other < 0) other = 0;
	   printf "peak_rss_kb=%d wall_s=%.2f user_s=%.2f sys_s=%.2f other_cpu_s=%.1f exit=%d\n",
		$1, $2, $3, $4, other, rc }' "$tmp" >> "$log"
rm -f "$tmp"
exit $rc
