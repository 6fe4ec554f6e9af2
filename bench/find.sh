#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# bench/find.sh - find, cover and diff read headers, not archives: bytes
# read and time of each against a full `gtidpos scan --summary` of the
# same many-file MariaDB archive, the page cache dropped before each run.
#
#   bench/find.sh [DIR]
#
# DIR: a directory of binlogs (default /var/tmp/gtidpos-bench/find/data,
# made by bench/find_archive.sh when missing).  Needs root (to write
# /proc/sys/vm/drop_caches).  Bytes: the process's rchar (bytes its read()
# calls returned) and read_bytes (bytes fetched from the disk: readahead
# included) from /proc/PID/io, which counts a waited-for child.  A
# benchmark, not a test: it exits 0 whatever the numbers.
set -euo pipefail
export LC_ALL=C
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
GTIDPOS=${GTIDPOS:-$root/build/gtidpos}
D=${1:-/var/tmp/gtidpos-bench/find/data}
if [ ! -d "$D" ]; then
    "$here/find_archive.sh" "$(dirname "$D")" 600
fi
[ -w /proc/sys/vm/drop_caches ] || { echo "find.sh: needs root to drop the page cache" >&2; exit 2; }

# measure NAME CMD...: drop the cache, run CMD (stdout discarded), print
# NAME, seconds, rchar and read_bytes in MiB.
measure() {
    local name=$1
    shift
    sync
    echo 3 >/proc/sys/vm/drop_caches
    bash -c '
        s=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || true
        e=$(date +%s.%N)
        r=$(awk "/^rchar/ {print \$2}" /proc/$$/io)
        b=$(awk "/^read_bytes/ {print \$2}" /proc/$$/io)
        printf "%-34s %8.2f s %10.1f MiB %10.1f MiB\n" "$0" "$(echo "$e - $s" | bc)" \
            "$(echo "$r / 1048576" | bc -l)" "$(echo "$b / 1048576" | bc -l)"
    ' "$name" "$@"
}

files=("$D"/bin.0*)
n=${#files[@]}
size=$(cat "${files[@]}" | wc -c)
mid=${files[n / 2]}
# a GTID of the middle file, a range across two files, and the state at
# the start of the last file but one (for cover)
g_mid=$("$GTIDPOS" scan "$mid" 2>/dev/null | awk -F'\t' 'NR == 10 { print $4 }')
state_cover=$("$GTIDPOS" at "${files[n - 2]}:4")
first0=$("$GTIDPOS" scan "${files[n / 3]}" 2>/dev/null | awk -F'\t' 'NR == 2 { print $4 }')
last0=$("$GTIDPOS" scan "${files[n / 3 + 1]}" 2>/dev/null | awk -F'\t' 'END { print $4 }')
echo "archive: $D, $n files, $((size / 1048576)) MiB"
echo "find $g_mid (file $(basename "$mid")); cover from $state_cover"
printf "%-34s %10s %14s %14s\n" command time rchar read_bytes
measure "scan --summary (full read)" "$GTIDPOS" scan --summary "$D"
measure "find ONE (headers)" "$GTIDPOS" find "$g_mid" "$D"
measure "find ONE --read-all" "$GTIDPOS" find --read-all "$g_mid" "$D"
measure "find LIST (2 files' GTIDs)" "$GTIDPOS" find "$first0,$last0" "$D"
measure "cover (headers)" "$GTIDPOS" cover "$state_cover" "$D"
measure "cover --read-all" "$GTIDPOS" cover --read-all "$state_cover" "$D"
# diff: the archive against itself without its last two files (a replica
# that lags): A's last two files are A-only
list=$(mktemp)
printf '%s\n' "${files[@]:0:n-2}" >"$list"
measure "diff A B (headers)" "$GTIDPOS" diff "$D" "$list"
measure "diff A B --read-all" "$GTIDPOS" diff --read-all "$D" "$list"
rm -f "$list"
# The answers with headers equal those with every file read.
list=$(mktemp)
printf '%s\n' "${files[@]:0:n-2}" >"$list"
agree=0 differ=0
for g in "$g_mid" "$first0,$last0"; do
    [ "$("$GTIDPOS" find "$g" "$D" 2>&1)" = "$("$GTIDPOS" find --read-all "$g" "$D" 2>&1)" ] &&
        agree=$((agree + 1)) || differ=$((differ + 1))
done
[ "$("$GTIDPOS" cover "$state_cover" "$D")" = "$("$GTIDPOS" cover --read-all "$state_cover" "$D")" ] &&
    agree=$((agree + 1)) || differ=$((differ + 1))
[ "$("$GTIDPOS" diff "$D" "$list")" = "$("$GTIDPOS" diff --read-all "$D" "$list")" ] &&
    agree=$((agree + 1)) || differ=$((differ + 1))
rm -f "$list"
echo "answers equal to --read-all's: $agree, different: $differ"
