# shellcheck shell=bash source-path=SCRIPTDIR/../..
# SPDX-License-Identifier: BSD-2-Clause
# shellcheck disable=SC2034 # GPB_CLOSED and GPB_SECONDS are the callers'
# generate.sh - real MariaDB binlogs for the benchmarks, written by a
# private mariadbd under a sysbench oltp_write_only load.  Sourced by
# bench/run.sh (one 1 GiB file) and bench/scan.sh (a directory of files).
#
#   gpb_generate WORKDIR MAX_BINLOG_SIZE MIN_FILES MIN_BYTES
#
# starts a server on a datadir under WORKDIR (made by the caller, removed by
# it), prepares the sysbench tables and runs sysbench in 15 s slices until
# the server has closed at least MIN_FILES binlogs holding MIN_BYTES in
# all; then stops the server cleanly.  The closed files are then
# WORKDIR/data/bin.000001 ... bin.$GPB_CLOSED (each ends with a Rotate
# event; the file still open is left out).  Sets GPB_CLOSED, GPB_SECONDS.
#
# The caller defines log and die (one-line messages on stderr) and calls
# gpb_cleanup from its EXIT trap: it stops sysbench and the server when a
# run is interrupted.
#
# Environment: GP_BENCH_PORT, GP_BENCH_THREADS (4), GP_BENCH_GEN_TIMEOUT
# (3600 s).  Workload: GPB_TABLES x GPB_TABLE_SIZE rows (4 x 100000).

GPB_TABLES=${GPB_TABLES:-4}
GPB_TABLE_SIZE=${GPB_TABLE_SIZE:-100000}
GPB_THREADS=${GP_BENCH_THREADS:-4}
GPB_GEN_TIMEOUT=${GP_BENCH_GEN_TIMEOUT:-3600}
GPB_SB_PID=
GPB_MDB_LOADED=0
GPB_CLOSED=0
GPB_SECONDS=0

gpb_workload() {
    echo "sysbench oltp_write_only tables=$GPB_TABLES table_size=$GPB_TABLE_SIZE threads=$GPB_THREADS"
}

gpb_server_version() {
    /usr/sbin/mariadbd --version 2>/dev/null | sed 's/^[^ ]* *//'
}

gpb_cleanup() {
    if [ -n "$GPB_SB_PID" ]; then
        kill -TERM "$GPB_SB_PID" 2>/dev/null || true
        wait "$GPB_SB_PID" 2>/dev/null || true
        GPB_SB_PID=
    fi
    if [ "$GPB_MDB_LOADED" = 1 ]; then mdb_cleanup || true; fi
}

_gpb_pick_port() {
    local p
    if [ -n "${GP_BENCH_PORT:-}" ]; then echo "$GP_BENCH_PORT"; return 0; fi
    for ((p = 23306; p < 23406; p++)); do
        if [ -z "$(ss -Hltn "sport = :$p" 2>/dev/null)" ]; then echo "$p"; return 0; fi
    done
    return 1
}

# _gpb_sysbench LOGFILE ARGS...: run in the background so that gpb_cleanup
# can stop it, then wait.
_gpb_sysbench() {
    local logf=$1
    shift
    "$@" >>"$logf" 2>&1 9>&- &
    GPB_SB_PID=$!
    if ! wait "$GPB_SB_PID"; then
        GPB_SB_PID=
        tail -n 20 "$logf" >&2
        return 1
    fi
    GPB_SB_PID=
}

gpb_generate() {
    local dir=$1 max_size=$2 min_files=$3 min_bytes=$4
    local lib port t0 now n total f sblog
    local -a sb
    lib=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../tests/lib" && pwd)/mariadb_server.sh
    command -v sysbench >/dev/null || die "sysbench is not installed (apt-get install sysbench)"
    [ -r "$lib" ] || die "$lib is missing (private-server helpers)"
    # shellcheck source=tests/lib/mariadb_server.sh
    . "$lib"
    GPB_MDB_LOADED=1

    sblog=$dir/sysbench.log
    port=$(_gpb_pick_port) || die "no free loopback port in 23306..23405"
    t0=${EPOCHREALTIME/./}
    log "private mariadbd on 127.0.0.1:$port in $dir (max_binlog_size=$max_size)"
    mdb_start "$dir" "$port" \
        --server-id=1 --binlog-format=ROW --binlog-checksum=CRC32 \
        --max-binlog-size="$max_size" --sync-binlog=0 \
        --innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=1G \
        --innodb-log-file-size=1G --innodb-doublewrite=0 9>&- ||
        die "mariadbd did not start (see above)"
    mdb_sql "$dir" "CREATE DATABASE sbtest" || die "CREATE DATABASE failed"

    sb=(sysbench oltp_write_only --db-driver=mysql --mysql-socket="$dir/sock"
        --mysql-user=root --mysql-db=sbtest --tables="$GPB_TABLES"
        --table-size="$GPB_TABLE_SIZE" --threads="$GPB_THREADS" --rand-seed=1)
    log "sysbench prepare: $GPB_TABLES tables x $GPB_TABLE_SIZE rows"
    _gpb_sysbench "$sblog" "${sb[@]}" prepare || die "sysbench prepare failed"

    # A file is complete once the server has rotated past it.
    while :; do
        n=$(mdb_sql "$dir" "SHOW BINARY LOGS" | wc -l) || die "SHOW BINARY LOGS failed"
        total=0
        for ((f = 1; f < n; f++)); do
            total=$((total + $(stat -c %s "$dir/data/$(printf 'bin.%06d' "$f")")))
        done
        if [ $((n - 1)) -ge "$min_files" ] && [ "$total" -ge "$min_bytes" ]; then break; fi
        now=${EPOCHREALTIME/./}
        (((now - t0) / 1000000 < GPB_GEN_TIMEOUT)) || die "not enough binlog after ${GPB_GEN_TIMEOUT}s"
        log "sysbench oltp_write_only, $GPB_THREADS threads: $((n - 1)) closed file(s)," \
            "$((total / 1048576)) MiB, $(((now - t0) / 1000000)) s"
        _gpb_sysbench "$sblog" "${sb[@]}" --time=15 --report-interval=0 run ||
            die "sysbench run failed"
    done
    mdb_stop "$dir" || true
    GPB_CLOSED=$((n - 1))
    GPB_SECONDS=$(((${EPOCHREALTIME/./} - t0) / 1000000))
}
