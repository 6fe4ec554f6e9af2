# shellcheck shell=bash
# SPDX-License-Identifier: BSD-2-Clause
# dask_cluster.sh - a private Dask cluster on 127.0.0.1 for the tests and
# the bench of gtidpos-dask: one `dask scheduler` and N `dask worker`
# processes (no nanny: a worker is one process, so killing it is a
# worker lost), on free ports, none listening on any other address.
#   . tests/lib/dask_cluster.sh
#   dask_start DIR N      start them (logs in DIR) and wait until they are
#                         up; sets DASK_ADDR, DASK_SCHED_PID,
#                         DASK_WORKER_PIDS (array)
#   dask_launch DIR N; ...; dask_wait DIR N   the same in two halves (other
#                         work meanwhile)
#   dask_stop             stop what dask_start started (by pid)
# Debian's /usr/bin/dask (python3-distributed); else python3 -m.

DASK_WORKER_PIDS=()
DASK_SCHED_PID=
DASK_ADDR=

dask_cmd() {
    if [ -x /usr/bin/dask ]; then
        exec /usr/bin/dask "$@"
    else
        exec /usr/bin/python3 -m "distributed.cli.dask_$1" "${@:2}"
    fi
}

dask_free_port() {
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# dask_start DIR N: 0 when the scheduler and N workers are up (within 60 s).
dask_start() {
    dask_launch "$1" "$2" && dask_wait "$1" "$2"
}

dask_launch() {
    local dir=$1 n=$2 port i
    DASK_WORKER_PIDS=()
    DASK_SCHED_PID=
    port=$(dask_free_port) || return 1
    DASK_ADDR=tcp://127.0.0.1:$port
    dask_cmd scheduler --host 127.0.0.1 --port "$port" --no-dashboard \
        >"$dir/scheduler.log" 2>&1 &
    DASK_SCHED_PID=$!
    for ((i = 1; i <= n; i++)); do
        dask_cmd worker "$DASK_ADDR" --host 127.0.0.1 --nthreads 1 --no-nanny \
            --no-dashboard --name "w$i" --local-directory "$dir" \
            >"$dir/worker$i.log" 2>&1 &
        DASK_WORKER_PIDS+=($!)
    done
}

dask_wait() {
    local dir=$1 n=$2 t
    for ((t = 0; t < 600; t++)); do
        [ "$(grep -c 'Register worker' "$dir/scheduler.log" 2>/dev/null)" -ge "$n" ] && return 0
        kill -0 "$DASK_SCHED_PID" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

# A process that runs (an exited child not yet reaped is not running).
dask_alive() {
    [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

# TERM, then KILL what is still there 1 s later (a worker whose scheduler
# went first can hang in its shutdown), then reap.
dask_stop() {
    local p='' t
    [ -n "${DASK_SCHED_PID:-}" ] || [ "${#DASK_WORKER_PIDS[@]}" -gt 0 ] || return 0
    for p in "${DASK_WORKER_PIDS[@]}" $DASK_SCHED_PID; do
        kill "$p" 2>/dev/null
    done
    for ((t = 0; t < 10; t++)); do
        for p in "${DASK_WORKER_PIDS[@]}" $DASK_SCHED_PID; do
            dask_alive "$p" && break
            p=
        done
        [ -z "$p" ] && break
        sleep 0.1
    done
    for p in "${DASK_WORKER_PIDS[@]}" $DASK_SCHED_PID; do
        kill -9 "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    DASK_WORKER_PIDS=()
    DASK_SCHED_PID=
}
