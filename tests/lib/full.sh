# shellcheck shell=bash
# SPDX-License-Identifier: BSD-2-Clause
# full.sh - the default suite and the full one, for the shell tests.
#
# make test runs every test with GP_FULL unset or 0: an exhaustive sweep
# (every fixture, every boundary, every cut) or a matrix of live-server
# configurations runs a fixed, still meaningful sample of itself.
# make test-full sets GP_FULL=1: the whole of it.  One rule for every
# test, the ones written later too (see the Makefile).
#   . tests/lib/full.sh
#   if gp_full; then ...; fi
#   step=$(gp_stride 4)           # 1 under GP_FULL=1, else 4
#   mapfile -t F < <(gp_sample 4 "${ALL[@]}")   # every 4th (and the last)
GP_FULL=${GP_FULL:-0}
case $GP_FULL in
0 | 1) ;;
*) echo "${0##*/}: GP_FULL must be 0 or 1, not '$GP_FULL'" >&2; exit 2 ;;
esac

# gp_full: true when the whole matrix runs (GP_FULL=1).
gp_full() { [ "$GP_FULL" = 1 ]; }

# gp_stride N: 1 under GP_FULL=1, N otherwise.
gp_stride() { if gp_full; then echo 1; else echo "$1"; fi; }

# gp_sample N ITEM...: every item under GP_FULL=1; otherwise the first and
# every N-th after it, and the last; one a line.
gp_sample() {
    local n=$1 i
    shift
    n=$(gp_stride "$n")
    for ((i = 0; i < $#; i++)); do
        if ((i % n == 0 || i == $# - 1)); then
            printf '%s\n' "${@:i+1:1}"
        fi
    done
}

# gp_full_note: one line saying which of the two runs this is.
gp_full_note() {
    if gp_full; then
        echo "# GP_FULL=1: the full matrix"
    else
        echo "# a sample (GP_FULL=1, make test-full: the full matrix)"
    fi
}
