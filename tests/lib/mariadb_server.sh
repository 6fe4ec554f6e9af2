# shellcheck shell=bash
# SPDX-License-Identifier: BSD-2-Clause
# mariadb_server.sh - run a private, throw-away MariaDB server for tests.
#
# Source this file, then:
#   dir=$(mktemp -d)                    # everything lives under $dir
#   trap 'mdb_cleanup' EXIT
#   mdb_start "$dir" 13306 --max-binlog-size=16384   # extra mariadbd options
#   mdb_sql "$dir" "SELECT 1"           # or:  mdb_sql "$dir" < file.sql
#   mdb_stop "$dir"
#
# Layout: $dir/data (datadir, binlogs are $dir/data/bin.NNNNNN), $dir/tmp,
# $dir/sock, $dir/pid, $dir/err.log, $dir/install.log.
# Nothing reads or writes the system configuration (--no-defaults
# everywhere), no systemd, the server listens on 127.0.0.1 only.
# Functions print a diagnostic on stderr and return non-zero on failure;
# they are safe to call under set -euo pipefail.

MDB_MARIADBD=${MDB_MARIADBD:-/usr/sbin/mariadbd}
MDB_INSTALL_DB=${MDB_INSTALL_DB:-mariadb-install-db}
MDB_CLIENT=${MDB_CLIENT:-mariadb}
MDB_START_TIMEOUT=${MDB_START_TIMEOUT:-60}
MDB_STOP_TIMEOUT=${MDB_STOP_TIMEOUT:-60}
MDB_RUNNING=()   # dirs of servers started by this shell and not yet stopped

_mdb_err() { echo "mariadb_server: $*" >&2; }

# _mdb_alive PID: the process exists and is not a zombie.
_mdb_alive() {
    local _pid _comm st=""
    { read -r _pid _comm st _ <"/proc/$1/stat"; } 2>/dev/null || return 1
    [ -n "$st" ] && [ "$st" != Z ]
}

# _mdb_fail_log MSG LOG: MSG, then the log's error lines (or its tail).
_mdb_fail_log() {
    _mdb_err "$1; from $2:"
    if grep -qiE '\[error\]|error:|abort|fatal' "$2" 2>/dev/null; then
        grep -iE '\[error\]|error:|abort|fatal' "$2" | head -n 20 >&2 || true
    else
        tail -n 25 "$2" >&2 2>/dev/null || true
    fi
    return 1
}

# mdb_sql DIR [SQL]: run SQL (or stdin when no SQL is given) as root over
# the server's socket; tab-separated rows, no column names.
mdb_sql() {
    local dir=$1
    shift
    if [ $# -gt 0 ]; then
        "$MDB_CLIENT" --no-defaults -N -B -uroot --socket="$dir/sock" -e "$1"
    else
        "$MDB_CLIENT" --no-defaults -N -B -uroot --socket="$dir/sock"
    fi
}

# mdb_start DIR PORT [mariadbd options...]
mdb_start() {
    local dir=$1 port=$2 pid i
    shift 2
    local user=()
    [ "$(id -u)" -eq 0 ] && user=(--user=root)
    if [ ! -d "$dir" ]; then _mdb_err "no such directory: $dir"; return 1; fi
    command -v "$MDB_CLIENT" >/dev/null || { _mdb_err "$MDB_CLIENT not found"; return 1; }
    [ -x "$MDB_MARIADBD" ] || { _mdb_err "$MDB_MARIADBD not found"; return 1; }
    command -v "$MDB_INSTALL_DB" >/dev/null || { _mdb_err "$MDB_INSTALL_DB not found"; return 1; }
    # A private tmpdir: servers in other PID namespaces sharing /tmp can
    # pick the same "#sql-temptable-<pid>-..." names (seen as
    # mariadb-install-db failing with "Unknown table 'mysql.tmp_user_sys'").
    mkdir -p "$dir/tmp"
    if [ ! -d "$dir/data/mysql" ]; then
        "$MDB_INSTALL_DB" --no-defaults "${user[@]}" --datadir="$dir/data" \
            --tmpdir="$dir/tmp" \
            --auth-root-authentication-method=normal --skip-test-db \
            --skip-name-resolve >"$dir/install.log" 2>&1 ||
            { _mdb_fail_log "mariadb-install-db failed" "$dir/install.log"; return 1; }
    fi
    : >"$dir/err.log"
    "$MDB_MARIADBD" --no-defaults "${user[@]}" --datadir="$dir/data" \
        --tmpdir="$dir/tmp" --socket="$dir/sock" --port="$port" --bind-address=127.0.0.1 \
        --pid-file="$dir/pid" --log-error="$dir/err.log" \
        --log-bin="$dir/data/bin" --skip-name-resolve "$@" \
        </dev/null >>"$dir/err.log" 2>&1 &
    pid=$!
    echo "$pid" >"$dir/mariadbd.pid"
    MDB_RUNNING+=("$dir")
    for ((i = 0; i < MDB_START_TIMEOUT * 5; i++)); do
        if ! _mdb_alive "$pid"; then
            wait "$pid" 2>/dev/null || true
            _mdb_fail_log "mariadbd exited during startup" "$dir/err.log"
            return 1
        fi
        if [ -S "$dir/sock" ] && mdb_sql "$dir" "SELECT 1" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.2
    done
    _mdb_fail_log "mariadbd did not answer within ${MDB_START_TIMEOUT}s" "$dir/err.log"
    mdb_stop "$dir"
    return 1
}

# mdb_start_free DIR SALT [mariadbd options...]: mdb_start on a port
# picked from the shell's pid and SALT (so that parallel runs, and the
# servers of one run, ask for different ports), trying two more ports
# while the one tried is in use.  The port is left in MDB_PORT.  Call it
# directly, not in $(...): a server started in a subshell is not one
# mdb_cleanup knows about.
mdb_start_free() {
    local dir=$1 salt=$2 attempt
    shift 2
    for attempt in 1 2 3; do
        MDB_PORT=$(( 20000 + ($$ * 53 + attempt * 7919 + salt) % 30000 ))
        mdb_start "$dir" "$MDB_PORT" "$@" && return 0
        grep -q 'already in use' "$dir/err.log" 2>/dev/null || return 1
    done
    return 1
}

# mdb_stop DIR: clean shutdown (SIGTERM), wait for exit; SIGKILL after
# MDB_STOP_TIMEOUT seconds. Only ever signals the pid that mdb_start spawned.
mdb_stop() {
    local dir=$1 pid i d keep=()
    for d in "${MDB_RUNNING[@]}"; do [ "$d" = "$dir" ] || keep+=("$d"); done
    MDB_RUNNING=("${keep[@]}")
    [ -r "$dir/mariadbd.pid" ] || return 0
    pid=$(cat "$dir/mariadbd.pid")
    rm -f "$dir/mariadbd.pid"
    [ -n "$pid" ] || return 0
    if _mdb_alive "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < MDB_STOP_TIMEOUT * 5; i++)); do
            _mdb_alive "$pid" || break
            sleep 0.2
        done
        if _mdb_alive "$pid"; then
            _mdb_err "mariadbd $pid did not stop in ${MDB_STOP_TIMEOUT}s, killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    wait "$pid" 2>/dev/null || true   # reap it when it is our child
    return 0
}

# mdb_cleanup: stop every server this shell started; for EXIT traps.
mdb_cleanup() {
    local d
    for d in "${MDB_RUNNING[@]}"; do mdb_stop "$d"; done
    return 0
}
