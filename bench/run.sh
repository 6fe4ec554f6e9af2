#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# bench/run.sh - gtidpos benchmark on a real ~1 GiB MariaDB binlog.
#
# Prints ratios measured in one run (medians of N interleaved runs from a
# warm page cache), not absolute times: machines are shared and noisy.
# A benchmark, not a test: it exits 0 whether the targets pass or not, and
# non-zero only when it could not measure.  See bench/README.md.
#
#   bench/run.sh [--regen] [--gen-only] [--runs N] [--skip-mariadb-binlog]
#
# Environment:
#   GP_BENCH_DIR      cache directory for the binlog (/var/tmp/gtidpos-bench)
#   GTIDPOS           binary to measure (<repo>/build/gtidpos)
#   GP_BENCH_RUNS     repetitions per command, median taken (5)
#   GP_BENCH_PORT     loopback port for the private mariadbd (first free >= 23306)
#   GP_BENCH_THREADS  sysbench threads while generating (4)
#   GP_BENCH_GEN_TIMEOUT  give up generating after this many seconds (3600)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

GP_BENCH_DIR=${GP_BENCH_DIR:-/var/tmp/gtidpos-bench}
GTIDPOS=${GTIDPOS:-$root/build/gtidpos}
RUNS=${GP_BENCH_RUNS:-5}
GIB=1073741824
BINLOG=$GP_BENCH_DIR/mariadb-oltp.000001
INFO=$BINLOG.info
REGEN=0
GEN_ONLY=0
SKIP_MB=0

GPB_TAG=bench
# shellcheck source=lib/frame.sh
. "$here/lib/frame.sh"

gpb_extra_opt() { [ "$1" = --skip-mariadb-binlog ] && SKIP_MB=1; }
gpb_parse_args run.sh "$@"

gpb_frame_start

# ---------------------------------------------------------------- binlog
# shellcheck source=lib/generate.sh
. "$here/lib/generate.sh"

generate() {
    local size gen_s
    GEN_DIR=$(mktemp -d "$GP_BENCH_DIR/gen.XXXXXX")
    log "generating a >= 1 GiB binlog"
    gpb_generate "$GEN_DIR" 1G 1 "$GIB"
    gen_s=$GPB_SECONDS
    size=$(stat -c %s "$GEN_DIR/data/bin.000001")
    [ "$size" -ge "$GIB" ] || die "bin.000001 is only $size bytes"
    "$HELP" events "$GEN_DIR/data/bin.000001" >"$GEN_DIR/events" ||
        die "bin.000001 does not walk cleanly: $(cat "$GEN_DIR/events")"
    mv -f -- "$GEN_DIR/data/bin.000001" "$BINLOG"
    {
        echo "generated=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "generation_seconds=$gen_s"
        echo "server=$(gpb_server_version)"
        echo "workload=$(gpb_workload)"
        echo "options=binlog_format=ROW binlog_checksum=CRC32 max_binlog_size=1G"
        tr ' ' '\n' <"$GEN_DIR/events"
    } >"$INFO"
    rm -rf -- "$GEN_DIR"
    GEN_DIR=
    log "done in ${gen_s}s: $BINLOG ($size bytes)"
}

if [ "$REGEN" = 1 ] || [ ! -f "$BINLOG" ] || [ ! -f "$INFO" ]; then
    rm -f -- "$BINLOG" "$INFO"
    generate
else
    log "reusing $BINLOG (--regen to rebuild)"
fi
[ "$GEN_ONLY" = 0 ] || exit 0

info() { sed -n "s/^$1=//p" "$INFO"; }
SIZE=$(stat -c %s "$BINLOG")

# ---------------------------------------------------------------- timing
# Commands under test, by name.  stdout goes to /dev/null.
run_case() {
    case $1 in
        cat) cat -- "$BINLOG" ;;
        touch) "$HELP" touch "$BINLOG" ;;
        gp_all) "$GTIDPOS" at "$BINLOG" ;;
        gp_gtid) "$GTIDPOS" at --verify gtid "$BINLOG" ;;
        gp_none) "$GTIDPOS" at --verify none "$BINLOG" ;;
        mb) mariadb-binlog --no-defaults "$BINLOG" ;;
        *) return 99 ;;
    esac >/dev/null
}

declare -A TIMES=() CPUS=() LABEL=() ERR=()
LABEL[cat]="cat FILE >/dev/null"
LABEL[touch]="mmap floor: load every cache line"
LABEL[gp_all]="gtidpos at FILE (verify all, default)"
LABEL[gp_gtid]="gtidpos at --verify gtid FILE"
LABEL[gp_none]="gtidpos at --verify none FILE"
LABEL[mb]="mariadb-binlog FILE >/dev/null (1 run)"

# shellcheck source=lib/timing.sh
. "$here/lib/timing.sh"

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "warming the page cache ($((SIZE / 1048576)) MiB)"
mem_avail_kb=$(sed -n 's/^MemAvailable: *\([0-9]*\) kB/\1/p' /proc/meminfo)
[ "$((mem_avail_kb * 1024))" -gt "$((SIZE * 2))" ] ||
    log "WARNING: MemAvailable ${mem_avail_kb} kB - the file may not stay cached"
cat -- "$BINLOG" >/dev/null

CASES=(cat touch)
HAVE_GP=0
GP_OUT=
GP_BUILT=
GTIDPOS_SRC=$GTIDPOS
if [ -x "$GTIDPOS" ]; then
    HAVE_GP=1
    # Measure a private copy: the tree is shared and build/ may be rebuilt
    # while we run.
    GP_BUILT=$(date -r "$GTIDPOS" +%Y-%m-%dT%H:%M:%S)
    cp -- "$GTIDPOS" "$TMP/gtidpos"
    GTIDPOS=$TMP/gtidpos
    # Untimed first run of each variant: checks it works, loads the binary.
    for c in gp_all gp_gtid gp_none; do
        if run_case "$c" 2>"$TMP/stderr.$c"; then
            CASES+=("$c")
        else
            ERR[$c]="exit $? : $(head -c 200 "$TMP/stderr.$c" | tr '\n' ' ')"
            log "${LABEL[$c]} failed: ${ERR[$c]}"
        fi
    done
    GP_OUT=$("$GTIDPOS" at "$BINLOG" 2>&1 | head -c 300) || true
else
    log "no gtidpos at $GTIDPOS (make all): measuring cat and mariadb-binlog only"
fi

log "timing ${CASES[*]}: $RUNS interleaved runs each"
for ((i = 0; i < RUNS; i++)); do
    for c in "${CASES[@]}"; do
        timed "$c" || die "${LABEL[$c]} failed: $(head -c 300 "$TMP/stderr.$c")"
    done
done

if [ "$SKIP_MB" = 0 ]; then
    log "mariadb-binlog, once (about 20 s per GiB)"
    timed mb || die "mariadb-binlog failed: $(head -c 300 "$TMP/stderr.mb")"
fi

# ---------------------------------------------------------------- memory
# Exact peak RssAnon via ptrace (see benchhelp.c), plus GNU time's max RSS,
# which counts the mmap'ed file pages as well.
anon_peak() { # CMD... -> "peak_kb exit_kb"
    "$HELP" anonpeak -o "$TMP/anon" -- "$@" >/dev/null 2>"$TMP/anon.err" || return 1
    echo "$(sed -n 's/^rss_anon_peak_kb=//p' "$TMP/anon") $(sed -n 's/^rss_anon_exit_kb=//p' "$TMP/anon")"
}
log "memory: peak RssAnon (ptrace) and max RSS (GNU time)"
CAT_ANON=$(anon_peak cat -- "$BINLOG") || CAT_ANON="n/a"
GP_ANON=
GP_MAXRSS=
SLACK_KB=$(sed -n 's/^rss_counter_slack_kb=//p' "$TMP/anon" 2>/dev/null || true)
if [ "$HAVE_GP" = 1 ]; then
    GP_ANON=$(anon_peak "$GTIDPOS" at "$BINLOG") || GP_ANON="n/a"
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f %M -o "$TMP/maxrss" "$GTIDPOS" at "$BINLOG" >/dev/null 2>&1 &&
            GP_MAXRSS=$(tail -n 1 "$TMP/maxrss")
    fi
fi

# ---------------------------------------------------------------- report
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
row() { printf '%-39s %8s %7s %8s %7s %8s %-6s %s\n' "$@"; }

CAT_US=$(median_of "${TIMES[cat]:-}")
CAT_CPU=$(median_of "${CPUS[cat]:-}")
GP_US=$(median_of "${TIMES[gp_all]:-}")
GP_CPU=$(median_of "${CPUS[gp_all]:-}")

{
    echo
    echo "gtidpos benchmark  $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    [ -z "$GP_BUILT" ] || echo "binary:  $GTIDPOS_SRC (modified $GP_BUILT)"
    echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
        "$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), kernel $(uname -r);" \
        "loadavg $LOAD_START at start, $LOAD_END at end"
    echo "file:    $BINLOG"
    echo "         $SIZE bytes ($(awk -v s="$SIZE" 'BEGIN { printf "%.2f GiB", s / 1073741824 }')), $(info events) events," \
        "$(info gtid_events) transactions, MariaDB $(info server | sed 's/^Ver //;s/ .*//')"
    echo "         generated $(info generated) in $(info generation_seconds) s: $(info workload)"
    [ -z "$GP_OUT" ] || echo "result:  $GP_OUT" | head -n 3
    echo "runs:    $RUNS interleaved runs each, warm page cache; wall = median elapsed," \
        "cpu = median user+sys; ratios of medians"
    echo
    row "measurement" "wall s" "ratio" "cpu s" "ratio" "target" "result" "wall min..max"
    for c in cat touch gp_all gp_gtid gp_none; do
        if [ -n "${ERR[$c]:-}" ]; then
            row "${LABEL[$c]}" "error" "" "" "" "" "" "${ERR[$c]}"
            continue
        fi
        if [ -z "${TIMES[$c]:-}" ]; then
            [ "$c" = cat ] || row "${LABEL[$c]}" "-" "" "" "" "" "" "(no gtidpos binary)"
            continue
        fi
        m=$(median_of "${TIMES[$c]}")
        cm=$(median_of "${CPUS[$c]}")
        read -r lo hi <<<"$(minmax_of "${TIMES[$c]}")"
        r=$(ratio "$m" "$CAT_US")
        cr=$(ratio "$cm" "$CAT_CPU")
        case $c in
            cat) tgt="" res="" r="1" cr="1" ;;
            gp_all) tgt="<= 1.5" res=$(verdict "$r" "<=" 1.5) ;;
            *) tgt="" res="info" ;;
        esac
        row "${LABEL[$c]}" "$(fmt_s "$m")" "$r" "$(fmt_s "$cm")" "$cr" "$tgt" "$res" \
            "$(fmt_s "$lo")..$(fmt_s "$hi")"
    done
    if [ -n "${TIMES[mb]:-}" ]; then
        m=$(median_of "${TIMES[mb]}")
        cm=$(median_of "${CPUS[mb]}")
        if [ -n "$GP_US" ]; then
            row "${LABEL[mb]}" "$(fmt_s "$m")" "$(ratio "$m" "$GP_US")" "$(fmt_s "$cm")" \
                "$(ratio "$cm" "$GP_CPU")" ">= 100" "$(verdict "$(ratio "$m" "$GP_US")" ">=" 100)"
        else
            row "${LABEL[mb]}" "$(fmt_s "$m")" "$(ratio "$m" "$CAT_US")" "$(fmt_s "$cm")" \
                "$(ratio "$cm" "$CAT_CPU")" ">= 100" "n/a" "(no gtidpos: ratios vs cat)"
        fi
    fi
    echo "  ratio: vs cat for gtidpos; for mariadb-binlog it is mariadb-binlog / gtidpos at FILE;" \
        "the verdict uses the wall ratio"
    echo
    if [ -n "$GP_ANON" ] && [ "$GP_ANON" != n/a ]; then
        read -r pk ek <<<"$GP_ANON"
        row "peak RssAnon, gtidpos at FILE" "" "" "$(mib "$pk")" "" "< 16 MiB" \
            "$(verdict "$pk" "<" 16384)" "(at exit $(mib "$ek"))"
    elif [ "$HAVE_GP" = 1 ]; then
        row "peak RssAnon, gtidpos at FILE" "" "" "n/a" "" "< 16 MiB" "n/a" "$(head -c 200 "$TMP/anon.err" 2>/dev/null)"
    fi
    if [ "$CAT_ANON" != n/a ]; then
        read -r pk ek <<<"$CAT_ANON"
        row "peak RssAnon, cat FILE" "" "" "$(mib "$pk")" "" "" "" "(reference)"
    fi
    [ -z "$GP_MAXRSS" ] ||
        row "max RSS (time %M), gtidpos at FILE" "" "" "$(mib "$GP_MAXRSS")" "" "" "" "(info: file-backed pages included)"
    echo "  peak RssAnon: exact maximum of /proc/PID/status RssAnon, read under ptrace at every" \
        "syscall stop and at exit (kernel counter slack <= ${SLACK_KB:-?} KiB)"
} | tee "$GP_BENCH_DIR/last-results.txt"
