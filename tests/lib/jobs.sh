# shellcheck shell=bash
# SPDX-License-Identifier: BSD-2-Clause
# shellcheck disable=SC2030,SC2031,SC2034 # a job's SCR and counters are its own, on purpose
# jobs.sh - checks run as parallel background jobs, for the CLI tests
# (needs tally.sh).  Each job gets its own scratch directory (SCR), its
# own PASS/FAIL counters and a log; job_collect then prints the logs and
# adds the counts in whatever order the test wants its report.
#   job_spawn "$TMP/j1" check_one ARGS...   # at most JOBS at a time
#   wait
#   job_collect "$TMP/j1" NAME

JOBS=${JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
JOB_RUNNING=0

# job_spawn DIR COMMAND ARGS...: COMMAND ARGS in a background subshell with
# SCR=DIR (created), zeroed counters, output to DIR/log and the counts to
# DIR/counts; waits for a job to end first when JOBS are running.
job_spawn() {
    local dir=$1
    shift
    mkdir -p "$dir"
    (
        SCR=$dir
        PASS=0
        FAIL=0
        "$@" >"$dir/log" 2>&1
        echo "$PASS $FAIL" >"$dir/counts"
    ) &
    JOB_RUNNING=$((JOB_RUNNING + 1))
    if [ "$JOB_RUNNING" -ge "$JOBS" ]; then
        wait -n
        JOB_RUNNING=$((JOB_RUNNING - 1))
    fi
}

# job_collect DIR NAME: print the job's log and add its counts; a failure
# for NAME when the job died before writing them.
job_collect() {
    local p q
    [ -f "$1/log" ] && cat "$1/log"
    if [ -f "$1/counts" ]; then
        read -r p q <"$1/counts"
        PASS=$((PASS + p))
        FAIL=$((FAIL + q))
    else
        fail "$2: the fixture's job finished" "it died before writing its counts"
    fi
}
