#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# bench/ratios.sh - the speed targets of gtidpos, as ratios measured in
# one run (medians of N interleaved runs, warm page cache), on 1 GiB of
# real MariaDB binlog, FILE (bench/run.sh's file) and FILES (the same
# workload in 8 files of 128 MiB, and their gzip -1 copies):
#   at FILE / cat FILE                              <= 1.5
#   scan FILES at the default -j / cat FILES        <= 1.5
#   scan -j 1 FILES / the one-core floor on FILES   <= 1.25
#   scan -j 1 FILES.gz / pigz -dc FILES.gz          <= 0.8
# scan -j N walks N files at once, each on one thread, so -j 1 over several
# files keeps to one CPU (a lone file is read on a second thread).  The
# one-core floor is bench/floor.c: frame every event and check its CRC32
# (libdeflate), nothing else, reading the files in each of its ways
# (read() in 256 KiB and 1 MiB chunks, mmap, mmap with MAP_POPULATE); the
# fastest of them in this run is the floor, and the report says which.
# A benchmark, not a test: it exits 0 whether the targets pass or not, and
# non-zero only when it could not measure.  See bench/README.md.
#
#   bench/ratios.sh [--regen] [--gen-only] [--runs N]
#
# Environment:
#   GP_BENCH_DIR      cache directory (/var/tmp/gtidpos-bench): the 1 GiB
#                     file of bench/run.sh (made by it when missing) and
#                     $GP_BENCH_DIR/ratios/{plain,gz} (made here)
#   GTIDPOS           binary to measure (<repo>/build/gtidpos)
#   GP_BENCH_RUNS     repetitions per command, median taken (7)
#   GP_BENCH_PORT, GP_BENCH_THREADS, GP_BENCH_GEN_TIMEOUT: as bench/run.sh
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

GP_BENCH_DIR=${GP_BENCH_DIR:-/var/tmp/gtidpos-bench}
export GP_BENCH_DIR
GTIDPOS=${GTIDPOS:-$root/build/gtidpos}
RUNS=${GP_BENCH_RUNS:-7}
GIB=1073741824
BINLOG=$GP_BENCH_DIR/mariadb-oltp.000001
SET=$GP_BENCH_DIR/ratios
PLAIN=$SET/plain
GZ=$SET/gz
INFO=$SET/info
NFILES=8
REGEN=0
GEN_ONLY=0

GPB_TAG=bench-ratios
# shellcheck source=lib/frame.sh
. "$here/lib/frame.sh"

gpb_parse_args ratios.sh "$@"

# The single 1 GiB file: bench/run.sh's, made by it (before our lock).
if [ "$REGEN" = 1 ] || [ ! -f "$BINLOG" ] || [ ! -f "$BINLOG.info" ]; then
    regen=()
    [ "$REGEN" = 0 ] || regen=(--regen)
    "$here/run.sh" --gen-only "${regen[@]}" || { echo "ratios.sh: bench/run.sh --gen-only failed" >&2; exit 1; }
fi

gpb_frame_start

# ---------------------------------------------------------------- binlogs
# shellcheck source=lib/generate.sh
. "$here/lib/generate.sh"

# 1 GiB more of the same workload in NFILES files of 128 MiB (a real chain:
# each file's Gtid_list is the previous one's end), for scan's -j, which
# shares out files; and their gzip -1 copies.
generate() {
    local f name events=0 gtids=0 bytes=0
    command -v pigz >/dev/null || die "pigz is not installed (apt-get install pigz)"
    rm -rf -- "$SET"
    GEN_DIR=$(mktemp -d "$GP_BENCH_DIR/gen.XXXXXX")
    log "generating 1 GiB of binlogs in $NFILES files of 128 MiB"
    gpb_generate "$GEN_DIR" 128M "$NFILES" "$GIB"
    mkdir -p -- "$GEN_DIR/plain" "$GEN_DIR/gz"
    for ((f = 1; f <= NFILES; f++)); do
        name=$(printf 'bin.%06d' "$f")
        "$HELP" events "$GEN_DIR/data/$name" >"$GEN_DIR/events" ||
            die "$name does not walk cleanly: $(cat "$GEN_DIR/events")"
        events=$((events + $(tr ' ' '\n' <"$GEN_DIR/events" | sed -n 's/^events=//p')))
        gtids=$((gtids + $(tr ' ' '\n' <"$GEN_DIR/events" | sed -n 's/^gtid_events=//p')))
        bytes=$((bytes + $(stat -c %s "$GEN_DIR/data/$name")))
        mv -- "$GEN_DIR/data/$name" "$GEN_DIR/plain/$name"
        pigz -1 -c -- "$GEN_DIR/plain/$name" >"$GEN_DIR/gz/$name.gz"
    done
    {
        echo "generated=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "generation_seconds=$GPB_SECONDS"
        echo "server=$(gpb_server_version)"
        echo "workload=$(gpb_workload)"
        echo "options=binlog_format=ROW binlog_checksum=CRC32 max_binlog_size=128M"
        echo "files=$NFILES"
        echo "events=$events"
        echo "gtid_events=$gtids"
        echo "bytes=$bytes"
        echo "gz_bytes=$(cat "$GEN_DIR"/gz/*.gz | wc -c)"
    } >"$GEN_DIR/info"
    mkdir -p -- "$SET"
    mv -- "$GEN_DIR/plain" "$GEN_DIR/gz" "$GEN_DIR/info" "$SET/"
    rm -rf -- "$GEN_DIR"
    GEN_DIR=
    log "done in ${GPB_SECONDS}s: $NFILES files, $bytes bytes in $PLAIN, gzip -1 copies in $GZ"
}

if [ "$REGEN" = 1 ] || [ ! -f "$INFO" ]; then
    generate
else
    log "reusing $SET (--regen to rebuild)"
fi
[ "$GEN_ONLY" = 0 ] || exit 0

info1() { sed -n "s/^$1=//p" "$BINLOG.info"; }
infoN() { sed -n "s/^$1=//p" "$INFO"; }
mapfile -t PFILES < <(find "$PLAIN" -name 'bin.[0-9]*' | sort)
mapfile -t GFILES < <(find "$GZ" -name 'bin.[0-9]*.gz' | sort)
if [ "${#PFILES[@]}" != "$NFILES" ] || [ "${#GFILES[@]}" != "$NFILES" ]; then
    die "$SET is incomplete: --regen"
fi
[ -x "$GTIDPOS" ] || die "no gtidpos at $GTIDPOS (make all)"
command -v pigz >/dev/null || die "pigz is not installed (apt-get install pigz)"
# A private copy: build/ may be rebuilt while we run.
GTIDPOS_SRC=$GTIDPOS
GP_BUILT=$(date -r "$GTIDPOS" +%Y-%m-%dT%H:%M:%S)
cp -- "$GTIDPOS" "$TMP/gtidpos"
GTIDPOS=$TMP/gtidpos

# The floor program, with libdeflate as gtidpos links it.
# shellcheck disable=SC2046 # pkg-config's words
"${CC:-cc}" -O2 -std=c11 -Wall -Wextra -Werror -o "$TMP/floor" "$here/floor.c" \
    $(pkg-config --cflags --libs libdeflate 2>/dev/null || echo -ldeflate) ||
    die "cannot compile bench/floor.c (libdeflate-dev)"
FLOOR=$TMP/floor
FLOOR_MODES=(read read:1M mmap mmap-populate)
DEFAULT_J=$(nproc)

# ---------------------------------------------------------------- timing
run_case() {
    case $1 in
        cat) cat -- "$BINLOG" ;;
        at) "$GTIDPOS" at "$BINLOG" ;;
        catn) cat -- "${PFILES[@]}" ;;
        floor_read) "$FLOOR" read "${PFILES[@]}" ;;
        floor_read1m) "$FLOOR" read:1M "${PFILES[@]}" ;;
        floor_mmap) "$FLOOR" mmap "${PFILES[@]}" ;;
        floor_mmappop) "$FLOOR" mmap-populate "${PFILES[@]}" ;;
        scan_j1) "$GTIDPOS" scan --summary -j 1 "$PLAIN" ;;
        scann) "$GTIDPOS" scan --summary "$PLAIN" ;;
        pigz) pigz -dc -- "${GFILES[@]}" ;;
        gz_j1) "$GTIDPOS" scan --summary -j 1 "$GZ" ;;
        *) return 99 ;;
    esac >/dev/null
}
declare -A TIMES=() CPUS=() LABEL=()
LABEL[cat]="cat FILE"
LABEL[at]="gtidpos at FILE (verify all)"
LABEL[catn]="cat FILES (8 x 128 MiB)"
LABEL[floor_read]="floor FILES: read() 256 KiB chunks"
LABEL[floor_read1m]="floor FILES: read() 1 MiB chunks"
LABEL[floor_mmap]="floor FILES: mmap"
LABEL[floor_mmappop]="floor FILES: mmap MAP_POPULATE"
LABEL[scan_j1]="gtidpos scan --summary -j 1 FILES"
LABEL[scann]="gtidpos scan --summary FILES (-j $DEFAULT_J)"
LABEL[pigz]="pigz -dc FILES.gz"
LABEL[gz_j1]="gtidpos scan --summary -j 1 FILES.gz"
FLOORS=(floor_read floor_read1m floor_mmap floor_mmappop)

# shellcheck source=lib/timing.sh
. "$here/lib/timing.sh"

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "warming the page cache"
cat -- "$BINLOG" "${PFILES[@]}" "${GFILES[@]}" >/dev/null

# Untimed: each command works, and the floor did the whole work.
for m in "${FLOOR_MODES[@]}"; do
    "$FLOOR" "$m" "${PFILES[@]}" >"$TMP/floor.out" 2>&1 || die "floor $m: $(head -c 300 "$TMP/floor.out")"
done
FLOOR_SAYS=$(sed 's/^mode=[^ ]* //' "$TMP/floor.out") # the same in each way
case $FLOOR_SAYS in *" crc_checked=0 "*) die "the floor checked no CRC32: $FLOOR_SAYS" ;; esac
GP_OUT=$("$GTIDPOS" at "$BINLOG" 2>&1 | head -c 300) || die "gtidpos at failed: $GP_OUT"
"$GTIDPOS" scan --summary "$PLAIN" >"$TMP/plain.out" 2>"$TMP/plain.err" ||
    die "scan of the plain files failed: $(head -c 300 "$TMP/plain.err")"
"$GTIDPOS" scan --summary "$GZ" >"$TMP/gz.out" 2>"$TMP/gz.err" ||
    die "scan of the gz files failed: $(head -c 300 "$TMP/gz.err")"
cmp -s <(cut -f2- "$TMP/plain.out") <(cut -f2- "$TMP/gz.out") ||
    die "scan gives other answers for the gz files than for the plain ones"

CASES=(cat at catn "${FLOORS[@]}" scan_j1 scann pigz gz_j1)
log "timing ${#CASES[@]} commands: $RUNS interleaved runs each"
for ((i = 0; i < RUNS; i++)); do
    for c in "${CASES[@]}"; do
        timed "$c" || die "${LABEL[$c]} failed: $(head -c 300 "$TMP/stderr.$c")"
    done
done

# ---------------------------------------------------------------- report
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
med() { median_of "${TIMES[$1]}"; }
cmed() { median_of "${CPUS[$1]}"; }
row() { printf '%-40s %8s %8s  %s\n' "$@"; }
rrow() { printf '%-50s %6s  %-7s %s\n' "$@"; }

# The floor: the fastest way of reading in this run.
BEST=
for c in "${FLOORS[@]}"; do
    if [ -z "$BEST" ] || [ "$(med "$c")" -lt "$(med "$BEST")" ]; then BEST=$c; fi
done

{
    echo
    echo "gtidpos speed ratios  $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "binary:  $GTIDPOS_SRC (modified $GP_BUILT)"
    echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
        "kernel $(uname -r); loadavg $LOAD_START at start, $LOAD_END at end"
    echo "FILE:    $BINLOG, $(stat -c %s "$BINLOG") bytes, $(info1 events) events," \
        "$(info1 gtid_events) transactions, MariaDB $(info1 server | sed 's/^Ver //;s/ .*//')"
    echo "FILES:   $PLAIN: $NFILES files, $(infoN bytes) bytes, $(infoN events) events," \
        "$(infoN gtid_events) transactions; gzip -1 copies in $GZ: $(infoN gz_bytes) bytes"
    echo "         both: $(info1 workload), binlog_format=ROW, binlog_checksum=CRC32"
    echo "result:  $GP_OUT"
    echo "floor:   bench/floor.c, each way of reading: $FLOOR_SAYS"
    echo "runs:    $RUNS interleaved runs each, warm page cache; medians of wall and of CPU (user+sys) time"
    echo
    row "command" "wall s" "cpu s" ""
    for c in "${CASES[@]}"; do
        mark=""
        [ "$c" = "$BEST" ] && mark=" <- the floor"
        row "${LABEL[$c]}" "$(fmt_s "$(med "$c")")" "$(fmt_s "$(cmed "$c")")" \
            "(wall: $(for t in ${TIMES[$c]}; do fmt_s "$t"; printf ' '; done))$mark"
    done
    echo
    rrow "ratio (of wall medians)" "value" "target" "result"
    r=$(ratio "$(med at)" "$(med cat)")
    rrow "at FILE / cat FILE" "$r" "<= 1.5" "$(verdict "$r" "<=" 1.5)"
    r=$(ratio "$(med scann)" "$(med catn)")
    rrow "scan (default -j $DEFAULT_J) FILES / cat FILES" "$r" "<= 1.5" "$(verdict "$r" "<=" 1.5)"
    r=$(ratio "$(med scan_j1)" "$(med "$BEST")")
    rrow "scan -j 1 FILES / floor (${LABEL[$BEST]#floor FILES: })" "$r" "<= 1.25" "$(verdict "$r" "<=" 1.25)"
    r=$(ratio "$(med gz_j1)" "$(med pigz)")
    rrow "scan -j 1 FILES.gz / pigz -dc FILES.gz" "$r" "<= 0.8" "$(verdict "$r" "<=" 0.8)"
    rrow "  for information:" "" "" ""
    rrow "  scan -j 1 FILES / cat FILES" "$(ratio "$(med scan_j1)" "$(med catn)")" "" ""
    rrow "  floor / cat FILES" "$(ratio "$(med "$BEST")" "$(med catn)")" "" ""
    rrow "  the same four in CPU time (user+sys):" "" "" ""
    rrow "  at FILE / cat FILE (at: 2 threads)" "$(ratio "$(cmed at)" "$(cmed cat)")" "" ""
    rrow "  scan FILES (-j $DEFAULT_J) / cat FILES" "$(ratio "$(cmed scann)" "$(cmed catn)")" "" ""
    rrow "  scan -j 1 FILES / floor" "$(ratio "$(cmed scan_j1)" "$(cmed "$BEST")")" "" ""
    rrow "  scan -j 1 FILES.gz / pigz -dc FILES.gz" "$(ratio "$(cmed gz_j1)" "$(cmed pigz)")" "" ""
    # A single-threaded command gets 1/load of a CPU, pigz (several
    # threads) more: the wall ratios say little when the host is busy.
    if awk -v a="${LOAD_START%% *}" -v b="${LOAD_END%% *}" -v n="$DEFAULT_J" \
        'BEGIN { exit !(a > 1.5 * n || b > 1.5 * n) }'; then
        echo "  WARNING: load average above 1.5 x the CPUs: the commands did not have the CPUs to"
        echo "  themselves; wall ratios are not a measure of gtidpos here (see the CPU-time ratios)"
    fi
} | tee "$SET/last-results.txt"
