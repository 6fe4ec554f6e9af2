# shellcheck shell=bash
# SPDX-License-Identifier: BSD-2-Clause
# shellcheck disable=SC2154,SC2034 # here comes from the script; HELP is for it
# frame.sh - what bench/run.sh and bench/scan.sh share around their
# measurements: usage (the script's header comment), log and die, the
# temporary directories removed on exit, the lock on GP_BENCH_DIR and the
# measuring helper (bench/benchhelp.c) compiled into HELP.
# The script sets GPB_TAG (its log tag, e.g. "bench-scan") and here (the
# bench directory) before sourcing this file, and calls gpb_frame_start
# after parsing its arguments.

usage() {
    sed -n '2,/^# shellcheck/{/^# shellcheck/d;/SPDX-License-Identifier/d;s/^# \{0,1\}//;p}' "$0"
}

log() { printf '[%s %s] %s\n' "$GPB_TAG" "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

TMP=
GEN_DIR=
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if declare -F gpb_cleanup >/dev/null; then gpb_cleanup; fi
    [ -z "$GEN_DIR" ] || rm -rf -- "$GEN_DIR"
    [ -z "$TMP" ] || rm -rf -- "$TMP"
    exit "$rc"
}

# gpb_frame_start: the exit traps, the lock (one benchmark at a time per
# GP_BENCH_DIR: they share its files and the machine), TMP and HELP.
# gpb_parse_args NAME ARGS...: the options every bench script takes
# (--regen, --gen-only, --runs N, -h); sets REGEN, GEN_ONLY, RUNS.  An
# option the script adds is left to gpb_extra_opt (a function: 0 when it
# took $1), if the script defines one.
gpb_parse_args() {
    local name=$1
    shift
    while [ $# -gt 0 ]; do
        case $1 in
            --regen) REGEN=1 ;;
            --gen-only) GEN_ONLY=1 ;;
            --runs) [ $# -ge 2 ] || { usage >&2; exit 2; }; RUNS=$2; shift ;;
            --runs=*) RUNS=${1#--runs=} ;;
            -h | --help) usage; exit 0 ;;
            *)
                if ! declare -F gpb_extra_opt >/dev/null || ! gpb_extra_opt "$1"; then
                    echo "$name: unknown argument: $1" >&2; usage >&2; exit 2
                fi ;;
        esac
        shift
    done
    case $RUNS in '' | *[!0-9]* | 0) echo "$name: --runs wants a positive integer" >&2; exit 2 ;; esac
}

gpb_frame_start() {
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    mkdir -p -- "$GP_BENCH_DIR"
    exec 9>"$GP_BENCH_DIR/.lock"
    flock -n 9 || die "another benchmark is using $GP_BENCH_DIR"
    TMP=$(mktemp -d "${TMPDIR:-/tmp}/gtidpos-$GPB_TAG.XXXXXX")
    # Measuring aids (exact anonymous-memory peak, binlog event count,
    # mmap floor).
    "${CC:-cc}" -O2 -std=c11 -Wall -Wextra -o "$TMP/benchhelp" "$here/benchhelp.c" ||
        die "cannot compile bench/benchhelp.c"
    HELP=$TMP/benchhelp
}
