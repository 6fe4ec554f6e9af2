# shellcheck shell=bash
# SPDX-License-Identifier: BSD-2-Clause
# timing.sh - timing and report helpers of the benchmarks (bench/run.sh,
# bench/scan.sh).
# The caller defines run_case NAME (runs the command, stdout to /dev/null),
# the associative arrays TIMES and CPUS, and TMP (a private directory).

# children_cpu_us: user+sys CPU of all waited-for children so far, from the
# "times" builtin (ms resolution), into CPU_US.  No fork.
CPU_US=0
children_cpu_us() {
    local u s m r
    times >"$TMP/times"
    { read -r _ _; read -r u s; } <"$TMP/times"
    CPU_US=0
    for r in "$u" "$s"; do # 1m2.345s
        m=${r%%m*}
        r=${r#*m}
        r=${r%s}
        CPU_US=$((CPU_US + (10#$m * 60 + 10#${r%.*}) * 1000000 + 10#${r#*.} * 1000))
    done
}

# timed NAME: run once; wall and CPU time (microseconds) appended to
# TIMES[NAME] and CPUS[NAME].
timed() {
    local t0 t1 c0
    children_cpu_us
    c0=$CPU_US
    t0=${EPOCHREALTIME/./}
    run_case "$1" 2>"$TMP/stderr.$1" || return 1
    t1=${EPOCHREALTIME/./}
    children_cpu_us
    TIMES[$1]+="$((t1 - t0)) "
    CPUS[$1]+="$((CPU_US - c0)) "
}

# median_of "LIST" / minmax_of "LIST": of space-separated integers
median_of() {
    local -a v
    read -r -a v <<<"$1"
    [ "${#v[@]}" -gt 0 ] || return 0
    mapfile -t v < <(printf '%s\n' "${v[@]}" | sort -n)
    local n=${#v[@]}
    if ((n % 2)); then echo "${v[n / 2]}"; else echo $(((v[n / 2 - 1] + v[n / 2]) / 2)); fi
}
minmax_of() {
    local -a v
    read -r -a v <<<"$1"
    [ "${#v[@]}" -gt 0 ] || return 0
    printf '%s\n' "${v[@]}" | sort -n | sed -n '1p;$p' | paste -sd' '
}

# Report helpers.  fmt_s US: microseconds as seconds, 3 decimals.
fmt_s() { awk -v u="$1" 'BEGIN { printf "%.3f", u / 1e6 }'; }
# ratio A B: A / B, 2 decimals; n/a when B is not positive.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
# verdict VALUE OP LIMIT: PASS or FAIL by OP (<=, >= or <), n/a for no value.
verdict() {
    awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
        if (v == "n/a" || v == "") { print "n/a"; exit }
        ok = (op == "<=") ? (v + 0 <= l + 0) : (op == ">=") ? (v + 0 >= l + 0) : (v + 0 < l + 0)
        print ok ? "PASS" : "FAIL" }'
}
