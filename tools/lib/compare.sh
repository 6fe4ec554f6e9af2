# shellcheck shell=bash
# SPDX-License-Identifier: BSD-2-Clause
# compare.sh - sourced by tools/engine_diff*.sh: run two gtidpos builds on
# the same arguments and report any difference in stdout, stderr or exit
# status.  The caller sets OLD, NEW, W (a scratch directory), checked=0
# and differ=0.

run_build() { # BIN OUTPREFIX ARGS...
    local bin=$1 out=$2
    shift 2
    "$bin" "$@" >"$out.out" 2>"$out.err"
    echo $? >"$out.rc"
}

compare_builds() { # LABEL ARGS...
    local label=$1
    shift
    run_build "$OLD" "$W/o" "$@"
    run_build "$NEW" "$W/n" "$@"
    checked=$((checked + 1))
    if ! cmp -s "$W/o.out" "$W/n.out" || ! cmp -s "$W/o.err" "$W/n.err" ||
        ! cmp -s "$W/o.rc" "$W/n.rc"; then
        differ=$((differ + 1))
        echo "DIFF $label: $*"
        diff <(cat "$W/o.rc" "$W/o.out" "$W/o.err") <(cat "$W/n.rc" "$W/n.out" "$W/n.err") | head -8
    fi
}
