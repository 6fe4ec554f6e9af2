# shellcheck shell=bash
# SPDX-License-Identifier: BSD-2-Clause
# tally.sh - pass/fail counting for the bash tests.  Source it, call
# pass NAME / fail NAME DETAIL..., and end with tally_summary, which prints
# the closing line "N passed, M failed" and returns non-zero on failures.
# VERBOSE=1 prints passing checks too.

PASS=0
FAIL=0
VERBOSE=${VERBOSE:-0}

pass() {
    PASS=$((PASS + 1))
    [ "$VERBOSE" = 1 ] && printf 'ok   %s\n' "$1"
    return 0
}

fail() {
    FAIL=$((FAIL + 1))
    printf 'FAIL %s\n' "$1"
    shift
    local l
    for l in "$@"; do printf '       %s\n' "$l"; done
    return 0
}

tally_summary() {
    printf '%d passed, %d failed\n' "$PASS" "$FAIL"
    [ "$FAIL" = 0 ]
}
