#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/big/over4g.sh - a binlog past 4 GiB (make test-big).
#
#   GTIDPOS=build/gtidpos tests/big/over4g.sh
#
# Binlog v4 positions are 32-bit; a server rotates only between
# transactions, so one large transaction pushes a file past 4 GiB and the
# header log_pos wraps.  tools/synth_binlog.py writes such a file from a real
# fixture's events (20 transactions, one of just over 4 GiB of Write_rows
# events, 5 more; zeros as file holes, so it costs little disk), and prints
# where each transaction starts and ends; the expected sets follow from that
# layout: consecutive GNOs after the Previous_gtids set's last one.
# Needs about 4.5 GiB free in TMPDIR (fails, never skips, when there is not).
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/cli_prelude.sh
. "$here/../lib/cli_prelude.sh"
# shellcheck source=tests/lib/tally.sh
. "$here/../lib/tally.sh"

TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

HUGE=$(((4 << 30) + (64 << 20)))
need=$((HUGE + (512 << 20)))
avail=$(df -B1 --output=avail "$TMP" | tail -1)
if [ "$avail" -lt "$need" ]; then
    fail "free space for a 4 GiB binlog in $TMP" \
        "need $need bytes (if the filesystem has no sparse files), have $avail; set TMPDIR"
    tally_summary
    exit 1
fi
pass "free space for a 4 GiB binlog in $TMP"

F=$TMP/big-bin.000001
if ! python3 tools/synth_binlog.py "$F" --before 20 --huge "$HUGE" --after 5 >"$TMP/layout"; then
    fail "tools/synth_binlog.py writes the file" "see above"
    tally_summary
    exit 1
fi
uuid=$(awk '$1 == "uuid" { print $2 }' "$TMP/layout")
prev=$(awk '$1 == "prev_last" { print $2 }' "$TMP/layout")
size=$(awk '$1 == "size" { print $2 }' "$TMP/layout")
txn_end() { awk -v g="$1" '$1 == "txn" && $2 == g { print $4 }' "$TMP/layout"; }
txn_start() { awk -v g="$1" '$1 == "txn" && $2 == g { print $3 }' "$TMP/layout"; }
huge_gno=$((prev + 21))
last_gno=$((prev + 26))
last_inner=$(awk '$1 == "inner" { x = $2 } END { print x }' "$TMP/layout")
[ "$(stat -c %s "$F")" = "$size" ] && [ "$size" -gt 4294967295 ] &&
    pass "the file is $size bytes, past 4 GiB" || fail "the file is past 4 GiB" "size $(stat -c %s "$F")"

# check DESC WANT_EXIT WANT_STDOUT STDERR_REGEX ARGS... (regex "": no stderr)
check() {
    local desc=$1 want_rc=$2 want_out=$3 re=$4
    shift 4
    local t0=$SECONDS
    "$GTIDPOS" "$@" >"$TMP/out" 2>"$TMP/err"
    local rc=$? out
    out=$(cat "$TMP/out")
    if [ "$rc" = "$want_rc" ] && [ "$out" = "$want_out" ] &&
        { [ -z "$re" ] && [ ! -s "$TMP/err" ] || { [ -n "$re" ] && grep -Eq -- "$re" "$TMP/err"; }; }; then
        pass "$desc ($((SECONDS - t0))s)"
    else
        fail "$desc" "want exit $want_rc, stdout [$want_out], stderr matching $re" \
            "got exit $rc, stdout [$out], stderr [$(cat "$TMP/err")]"
    fi
}

before=$(txn_end $((huge_gno - 1)))
check "at the last boundary before the huge transaction ($before)" 0 \
    "$uuid:1-$((huge_gno - 1))" "" at "$F:$before"
# log_pos of the event that crosses 4 GiB: its end offset modulo 2^32.
cross=$(awk '$1 == "inner" && $2 > 4294967295 { print $2; exit }' "$TMP/layout")
check "at the end of the file: every GTID, and the log_pos wrap said" 0 \
    "$uuid:1-$last_gno" \
    "warning: $F: the file passes 4 GiB at the Write_rows event at [0-9]+\\.\\.$cross, whose header log_pos reads $((cross % 4294967296)):" \
    at "$F"
end_huge=$(txn_end "$huge_gno")
check "at the end of the huge transaction ($end_huge, past 4 GiB; --io mmap)" 0 \
    "$uuid:1-$huge_gno" "passes 4 GiB" at --io mmap "$F:$end_huge"
check "inside the huge transaction past 4 GiB ($last_inner): excluded, said" 0 \
    "$uuid:1-$((huge_gno - 1))" \
    "position $last_inner is inside transaction $uuid:$huge_gno that starts at $(txn_start "$huge_gno");" \
    at --verify gtid "$F:$last_inner"
check "a position inside an event past 4 GiB: refused with 64-bit offsets" 6 "" \
    "^gtidpos: $F: offset $((end_huge + 1)): position $((end_huge + 1)) is not an event boundary: it falls inside the Gtid event at $end_huge\\.\\." \
    at --verify none "$F:$((end_huge + 1))"
check "a position past the end (64-bit)" 6 "" \
    "^gtidpos: $F: offset $((size + 1)): position $((size + 1)) is past the end of the file \\($size bytes\\)" \
    at "$F:$((size + 1))"

# events past 4 GiB: 64-bit offsets, and the header's wrapped log_pos as is.
# (The listing starts with the file's Format_description, as mariadb-binlog
# --start-position does; the event at the position is the first after it.)
"$GTIDPOS" events --json --verify none --start-position "$end_huge" "$F" 2>"$TMP/err" |
    grep -m 1 "\"start\":$end_huge," >"$TMP/ev"
gtid_end=$((end_huge + 65))
if grep -q "^{\"schema_version\":1,\"start\":$end_huge,\"end\":$gtid_end,\"type\":\"Gtid\".*\"log_pos\":$((gtid_end % 4294967296))," "$TMP/ev"; then
    pass "events past 4 GiB: 64-bit start/end, log_pos modulo 2^32"
else
    fail "events past 4 GiB: 64-bit start/end, log_pos modulo 2^32" "got [$(cat "$TMP/ev")] [$(cat "$TMP/err")]"
fi

tally_summary
