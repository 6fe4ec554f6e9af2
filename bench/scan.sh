#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# bench/scan.sh - `gtidpos scan --summary` over a directory of >= 2 GiB of
# real MariaDB binlogs, plain and gzip -1, against cat and pigz -dc.
#
# Prints ratios measured in one run (medians of N interleaved runs, warm
# page cache).  A benchmark, not a test: it exits 0 whether the targets
# pass or not, non-zero only when it could not measure.  See
# bench/README.md.
#
#   bench/scan.sh [--regen] [--gen-only] [--runs N]
#
# Environment:
#   GP_BENCH_DIR      cache directory (/var/tmp/gtidpos-bench); the files
#                     live in $GP_BENCH_DIR/scan/{plain,gz}
#   GTIDPOS           binary to measure (<repo>/build/gtidpos)
#   GP_BENCH_RUNS     repetitions per command, median taken (3)
#   GP_BENCH_PORT, GP_BENCH_THREADS, GP_BENCH_GEN_TIMEOUT: as bench/run.sh
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

GP_BENCH_DIR=${GP_BENCH_DIR:-/var/tmp/gtidpos-bench}
GTIDPOS=${GTIDPOS:-$root/build/gtidpos}
RUNS=${GP_BENCH_RUNS:-3}
GIB=1073741824
SCAN=$GP_BENCH_DIR/scan
PLAIN=$SCAN/plain
GZ=$SCAN/gz
INFO=$SCAN/info
REGEN=0
GEN_ONLY=0

GPB_TAG=bench-scan
# shellcheck source=lib/frame.sh
. "$here/lib/frame.sh"

gpb_parse_args scan.sh "$@"

gpb_frame_start

# ---------------------------------------------------------------- binlogs
# shellcheck source=lib/generate.sh
. "$here/lib/generate.sh"

# Several 256 MiB files from one sysbench run: a real chain (each file's
# Gtid_list is the previous file's end), enough files for -j to share out.
generate() {
    local f name events=0 gtids=0 bytes=0
    command -v pigz >/dev/null || die "pigz is not installed (apt-get install pigz)"
    rm -rf -- "$SCAN"
    GEN_DIR=$(mktemp -d "$GP_BENCH_DIR/gen.XXXXXX")
    log "generating >= 2 GiB of binlogs in 256 MiB files"
    gpb_generate "$GEN_DIR" 256M 8 $((2 * GIB))
    mkdir -p -- "$GEN_DIR/plain" "$GEN_DIR/gz"
    : >"$GEN_DIR/plain/bin.index"
    for ((f = 1; f <= GPB_CLOSED; f++)); do
        name=$(printf 'bin.%06d' "$f")
        "$HELP" events "$GEN_DIR/data/$name" >"$GEN_DIR/events" ||
            die "$name does not walk cleanly: $(cat "$GEN_DIR/events")"
        events=$((events + $(tr ' ' '\n' <"$GEN_DIR/events" | sed -n 's/^events=//p')))
        gtids=$((gtids + $(tr ' ' '\n' <"$GEN_DIR/events" | sed -n 's/^gtid_events=//p')))
        bytes=$((bytes + $(stat -c %s "$GEN_DIR/data/$name")))
        mv -- "$GEN_DIR/data/$name" "$GEN_DIR/plain/$name"
        echo "./$name" >>"$GEN_DIR/plain/bin.index"
        log "gzip -1 $name"
        pigz -1 -c -- "$GEN_DIR/plain/$name" >"$GEN_DIR/gz/$name.gz"
    done
    {
        echo "generated=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "generation_seconds=$GPB_SECONDS"
        echo "server=$(gpb_server_version)"
        echo "workload=$(gpb_workload)"
        echo "options=binlog_format=ROW binlog_checksum=CRC32 max_binlog_size=256M"
        echo "files=$GPB_CLOSED"
        echo "events=$events"
        echo "gtid_events=$gtids"
        echo "bytes=$bytes"
        echo "gz_bytes=$(cat "$GEN_DIR"/gz/*.gz | wc -c)"
    } >"$GEN_DIR/info"
    mkdir -p -- "$SCAN"
    mv -- "$GEN_DIR/plain" "$GEN_DIR/gz" "$GEN_DIR/info" "$SCAN/"
    rm -rf -- "$GEN_DIR"
    GEN_DIR=
    log "done in ${GPB_SECONDS}s: $GPB_CLOSED files, $bytes bytes in $PLAIN, gzip -1 copies in $GZ"
}

if [ "$REGEN" = 1 ] || [ ! -f "$INFO" ]; then
    generate
else
    log "reusing $SCAN (--regen to rebuild)"
fi
[ "$GEN_ONLY" = 0 ] || exit 0

info() { sed -n "s/^$1=//p" "$INFO"; }
mapfile -t PFILES < <(find "$PLAIN" -name 'bin.[0-9]*' | sort)
mapfile -t GFILES < <(find "$GZ" -name 'bin.[0-9]*.gz' | sort)
if [ "${#PFILES[@]}" -lt 2 ] || [ "${#PFILES[@]}" != "${#GFILES[@]}" ]; then
    die "$SCAN is incomplete: --regen"
fi
[ -x "$GTIDPOS" ] || die "no gtidpos at $GTIDPOS (make all)"
command -v pigz >/dev/null || die "pigz is not installed (apt-get install pigz)"
# A private copy: build/ may be rebuilt while we run.
GTIDPOS_SRC=$GTIDPOS
cp -- "$GTIDPOS" "$TMP/gtidpos"
GTIDPOS=$TMP/gtidpos

# ---------------------------------------------------------------- timing
run_case() {
    case $1 in
        cat) cat -- "${PFILES[@]}" ;;
        plain_j1) "$GTIDPOS" scan --summary -j 1 "$PLAIN" ;;
        plain_j2) "$GTIDPOS" scan --summary -j 2 "$PLAIN" ;;
        pigz) pigz -dc -- "${GFILES[@]}" ;;
        gz_j1) "$GTIDPOS" scan --summary -j 1 "$GZ" ;;
        gz_j2) "$GTIDPOS" scan --summary -j 2 "$GZ" ;;
        *) return 99 ;;
    esac >/dev/null
}
declare -A TIMES=() CPUS=() LABEL=()
LABEL[cat]="cat FILES >/dev/null"
LABEL[plain_j1]="gtidpos scan --summary -j 1 (plain)"
LABEL[plain_j2]="gtidpos scan --summary -j 2 (plain)"
LABEL[pigz]="pigz -dc FILES.gz >/dev/null"
LABEL[gz_j1]="gtidpos scan --summary -j 1 (gz)"
LABEL[gz_j2]="gtidpos scan --summary -j 2 (gz)"

# shellcheck source=lib/timing.sh
. "$here/lib/timing.sh"

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "warming the page cache"
cat -- "${PFILES[@]}" "${GFILES[@]}" >/dev/null

CASES=(cat plain_j1 plain_j2)
"$GTIDPOS" scan --summary "$PLAIN" >"$TMP/plain.out" 2>"$TMP/plain.err" ||
    die "scan of the plain files failed: $(head -c 300 "$TMP/plain.err")"
GZ_NOTE=
if "$GTIDPOS" scan --summary "$GZ" >"$TMP/gz.out" 2>"$TMP/gz.err"; then
    # Same answers apart from the file names.
    if cmp -s <(cut -f2- "$TMP/plain.out") <(cut -f2- "$TMP/gz.out"); then
        CASES+=(pigz gz_j1 gz_j2)
    else
        GZ_NOTE="gz input gives other answers than the plain files: not timed"
    fi
elif grep -q 'not a binlog\|magic' "$TMP/gz.err"; then
    GZ_NOTE="gz input not supported by this build"
else
    GZ_NOTE="scan of the gz files failed: $(head -c 200 "$TMP/gz.err" | tr '\n' ' ')"
fi
[ -z "$GZ_NOTE" ] || log "$GZ_NOTE"

log "timing ${CASES[*]}: $RUNS interleaved runs each"
for ((i = 0; i < RUNS; i++)); do
    for c in "${CASES[@]}"; do
        timed "$c" || die "${LABEL[$c]} failed: $(head -c 300 "$TMP/stderr.$c")"
    done
done

# ---------------------------------------------------------------- report
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
row() { printf '%-44s %8s %8s  %s\n' "$@"; }
rrow() { printf '%-44s %8s  %-7s %s\n' "$@"; }
med() { median_of "${TIMES[$1]}"; }
cmed() { median_of "${CPUS[$1]}"; }

{
    echo
    echo "gtidpos scan benchmark  $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "binary:  $GTIDPOS_SRC (modified $(date -r "$GTIDPOS_SRC" +%Y-%m-%dT%H:%M:%S))"
    echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1);" \
        "loadavg $LOAD_START at start, $LOAD_END at end"
    echo "files:   $(info files) MariaDB binlogs in $PLAIN, $(info bytes) bytes" \
        "($(awk -v s="$(info bytes)" 'BEGIN { printf "%.2f GiB", s / 1073741824 }')), $(info events) events," \
        "$(info gtid_events) transactions"
    echo "         gzip -1 copies in $GZ: $(info gz_bytes) bytes"
    echo "         generated $(info generated) in $(info generation_seconds) s: $(info workload), $(info options)"
    echo "runs:    $RUNS interleaved runs each, warm page cache; medians of wall and of CPU (user+sys) time"
    echo
    row "command" "wall s" "cpu s" ""
    for c in cat plain_j1 plain_j2 pigz gz_j1 gz_j2; do
        [ -n "${TIMES[$c]:-}" ] || continue
        row "${LABEL[$c]}" "$(fmt_s "$(med "$c")")" "$(fmt_s "$(cmed "$c")")" \
            "(wall of each run: $(for t in ${TIMES[$c]}; do fmt_s "$t"; printf ' '; done))"
    done
    echo
    rrow "ratio" "value" "target" "result"
    r=$(ratio "$(med plain_j1)" "$(med cat)")
    rrow "scan -j 1 (plain) / cat" "$r" "<= 1.5" "$(verdict "$r" "<=" 1.5)"
    rrow "  the same in CPU time (info)" "$(ratio "$(cmed plain_j1)" "$(cmed cat)")" "" ""
    # -j 1 keeps to one CPU, on which copying and checksumming alone take
    # about 2 x cat (bench/README.md); -j 2 is the default on 2 CPUs
    rrow "scan -j 2 (plain) / cat (info)" "$(ratio "$(med plain_j2)" "$(med cat)")" "" ""
    r=$(ratio "$(med plain_j1)" "$(med plain_j2)")
    rrow "speedup -j 2 over -j 1 (plain)" "$r" ">= 1.7" "$(verdict "$r" ">=" 1.7)"
    if [ -n "${TIMES[gz_j1]:-}" ]; then
        r=$(ratio "$(med gz_j1)" "$(med pigz)")
        rrow "scan -j 1 (gz) / pigz -dc" "$r" "<= 1.0" "$(verdict "$r" "<=" 1.0)"
        rrow "  the same in CPU time (info)" "$(ratio "$(cmed gz_j1)" "$(cmed pigz)")" "" ""
        r=$(ratio "$(med gz_j1)" "$(med gz_j2)")
        rrow "speedup -j 2 over -j 1 (gz)" "$r" ">= 1.7" "$(verdict "$r" ">=" 1.7)"
    else
        rrow "scan -j 1 (gz) / pigz -dc" "-" "<= 1.0" "n/a: $GZ_NOTE"
        rrow "speedup -j 2 over -j 1 (gz)" "-" ">= 1.7" "n/a: $GZ_NOTE"
    fi
} | tee "$SCAN/last-results.txt"
