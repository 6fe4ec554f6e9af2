#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# bench/dask.sh - the cost of the engine: gtidpos-dask scan over two local
# Dask workers (one `dask scheduler`, two `dask worker --nthreads 1` on
# 127.0.0.1) against `gtidpos scan -j 2` on the same files.  The files:
# bench/ratios.sh's set (made by it when missing), 1 GiB of real MariaDB
# binlogs in 8 files of 128 MiB, and their gzip -1 copies.
#
# The target (issue 16, ratio <= 1.3) is measured on archives: the gzip
# set linked GP_BENCH_DASK_COPIES times (4: 32 files, 4 GiB of binlog,
# ~6 s for scan -j 2), the work the front end is for.  The plain set is
# printed for information: gtidpos scans 1 GiB of plain binlog in ~0.13 s
# with -j 2, less than Python takes to import Dask (~1 s), so that ratio
# shows the engine's fixed cost, not its overhead per byte.
#
# Prints the medians of N interleaved runs (warm page cache), the ratio
# and the load average.  A benchmark, not a test: it exits 0 whether the
# target passes or not, non-zero only when it could not measure.  Each
# worker's gtidpos gets -j 1 (one core per worker, as -j 2 uses two);
# the output does not depend on -j.
#
#   bench/dask.sh [--regen] [--gen-only] [--runs N]
#
# Environment:
#   GP_BENCH_DIR   cache directory (/var/tmp/gtidpos-bench)
#   GTIDPOS        binary to measure (<repo>/build/gtidpos)
#   GP_BENCH_RUNS  repetitions per command, median taken (3)
#   GP_BENCH_DASK_COPIES  links to each gzip file (4)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

GP_BENCH_DIR=${GP_BENCH_DIR:-/var/tmp/gtidpos-bench}
GTIDPOS=${GTIDPOS:-$root/build/gtidpos}
DASKFE=$root/python/gtidpos-dask
RUNS=${GP_BENCH_RUNS:-3}
REGEN=0
GEN_ONLY=0
PLAIN=$GP_BENCH_DIR/ratios/plain
GZ=$GP_BENCH_DIR/ratios/gz
COPIES=${GP_BENCH_DASK_COPIES:-4}

GPB_TAG=bench-dask
# shellcheck source=lib/frame.sh
. "$here/lib/frame.sh"
gpb_parse_args dask.sh "$@"

# The file set is bench/ratios.sh's (it takes the lock itself).
if [ "$REGEN" = 1 ] || [ ! -d "$PLAIN" ]; then
    regen=()
    [ "$REGEN" = 0 ] || regen=(--regen)
    "$here/ratios.sh" --gen-only "${regen[@]}" || die "bench/ratios.sh --gen-only failed"
fi
[ "$GEN_ONLY" = 0 ] && [ -d "$PLAIN" ] || exit 0

gpb_frame_start
# shellcheck source=../tests/lib/dask_cluster.sh
. "$root/tests/lib/dask_cluster.sh"
gpb_cleanup() { dask_stop; }
[ -x "$GTIDPOS" ] || die "no gtidpos at $GTIDPOS (run make)"
/usr/bin/python3 -c 'import distributed' 2>/dev/null || die "python3-distributed is not installed"

dask_start "$TMP" 2 || die "the local Dask cluster did not start: $(tail -n 3 "$TMP"/*.log)"
mkdir -p "$TMP/gz"
for ((c = 1; c <= COPIES; c++)); do
    for f in "$GZ"/*; do ln -s "$f" "$TMP/gz/c$c-${f##*/}"; done
done
log "cluster up at $DASK_ADDR; warming the page cache"
cat "$PLAIN"/* "$GZ"/* >/dev/null

now() { date +%s.%N; }
median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
# CPU seconds (user+sys, with waited-for children) the cluster's processes
# used so far: the workers run gtidpos as their children.
cluster_cpu() {
    local p t=0
    for p in $DASK_SCHED_PID "${DASK_WORKER_PIDS[@]}"; do
        t=$((t + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$p/stat")))
    done
    echo "$t / $(getconf CLK_TCK)" | bc -l
}

# One mode's runs on DIR, interleaved; prints the medians
# "single_wall dask_wall single_cpu dask_cpu" (seconds).
measure() {
    local mode=$1 dir=$2 i t0 t1 c0
    : >"$TMP/single.t"
    : >"$TMP/dask.t"
    : >"$TMP/single.c"
    : >"$TMP/dask.c"
    for ((i = 1; i <= RUNS; i++)); do
        t0=$(now)
        # shellcheck disable=SC2086
        /usr/bin/time -f '%U + %S' -o "$TMP/cpu" "$GTIDPOS" scan $mode -j 2 "$dir" >"$TMP/single.out"
        t1=$(now)
        echo "$t1 - $t0" | bc >>"$TMP/single.t"
        bc <"$TMP/cpu" >>"$TMP/single.c"
        c0=$(cluster_cpu)
        t0=$(now)
        # shellcheck disable=SC2086
        /usr/bin/time -f '%U + %S' -o "$TMP/cpu" \
            "$DASKFE" -s "$DASK_ADDR" --gtidpos "$GTIDPOS" scan $mode -j 1 "$dir" >"$TMP/dask.out"
        t1=$(now)
        echo "$t1 - $t0" | bc >>"$TMP/dask.t"
        echo "$(bc <"$TMP/cpu") + $(cluster_cpu) - $c0" | bc -l >>"$TMP/dask.c"
        cmp -s "$TMP/single.out" "$TMP/dask.out" || die "outputs differ ($mode)"
    done
    echo "$(median <"$TMP/single.t") $(median <"$TMP/dask.t") $(median <"$TMP/single.c") $(median <"$TMP/dask.c")"
}

load0=$(cut -d' ' -f1-3 /proc/loadavg)
printf 'bench/dask.sh: %s runs each, medians of wall time and of CPU time (user+sys;\n' "$RUNS"
printf 'gtidpos-dask: the front end, its gtidpos ls/merge, the scheduler, the workers and their gtidpos)\n'
row() {
    local what=$1 mode=$2 dir=$3 s d sc dc
    read -r s d sc dc < <(measure "$mode" "$dir")
    printf '%-40s scan -j 2: %6.2f s  gtidpos-dask: %6.2f s  ratio %.2f%s\n' \
        "$what" "$s" "$d" "$(echo "$d / $s" | bc -l)" "$4"
    printf '%-40s      CPU: %6.2f s           CPU: %6.2f s  ratio %.2f\n' \
        "" "$sc" "$dc" "$(echo "$dc / $sc" | bc -l)"
}
row "gzip, $((8 * COPIES)) files (${COPIES}x the set), --summary" --summary "$TMP/gz" "  (target <= 1.3)"
row "gzip, $((8 * COPIES)) files, --boundaries" --boundaries "$TMP/gz" ""
row "plain, 8 files, 1 GiB, --summary" --summary "$PLAIN" "  (fixed cost; information)"
printf 'load average before: %s, after: %s (2 CPUs, shared: both sides slow down)\n' \
    "$load0" "$(cut -d' ' -f1-3 /proc/loadavg)"
