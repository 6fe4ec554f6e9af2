#!/usr/bin/env bash
# merge_input.sh - `gtidpos verify --merge` on malformed parts: the inputs
# fuzz_verify_merge (tests/fuzz/) found, and the real case next to each.
# Prints "N passed, M failed" last.
# shellcheck disable=SC2015

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/cli_prelude.sh
. "$here/../lib/cli_prelude.sh"
# shellcheck source=tests/lib/tally.sh
. "$here/../lib/tally.sh"

cli_need_gtidpos
cli_tmpdir
T=$CLI_TMP
WM=testdata/corrupt/wrong-magic.binlog

# A part's unreadable file passes its status on as the run's: the real one
# (4, not a binlog) as a single run exits; a number gtidpos never exits
# with (was: exit 44, 300 & 255) is not --json output.
"$GTIDPOS" verify "$WM" >"$T/one" 2>&1; one=$?
"$GTIDPOS" verify --json "$WM" >"$T/p.json"
"$GTIDPOS" verify --merge "$T/p.json" >"$T/m" 2>&1; rc=$?
[ "$one" = 4 ] && [ "$rc" = "$one" ] && cmp -s "$T/one" "$T/m" && pass "merge of an unreadable file: exit 4, the single run's text" ||
    fail "merge of an unreadable file: exit $rc, single $one" "$(cat "$T/m")"
sed 's/"error_exit":4/"error_exit":300/' "$T/p.json" >"$T/bad.json"
"$GTIDPOS" verify --merge "$T/bad.json" >"$T/o" 2>"$T/e"; rc=$?
[ "$rc" = 2 ] && [ ! -s "$T/o" ] && grep -q 'line 1: error_exit is not an exit status' "$T/e" &&
    pass "merge: error_exit 300 refused, exit 2" || fail "merge: error_exit 300: exit $rc" "$(cat "$T/o" "$T/e")"
sed 's/"error_exit":4/"error_exit":0/' "$T/p.json" >"$T/bad.json"
"$GTIDPOS" verify --merge "$T/bad.json" >/dev/null 2>&1; rc=$?
[ "$rc" = 2 ] && pass "merge: an unreadable file with error_exit 0 refused, exit 2" || fail "merge: error_exit 0: exit $rc"

# \u escapes: exactly four hex digits (was: "\u1" at a line's end read past
# the string's end).  A valid one is the byte it names.
printf '{"schema_version":1,"record":"file","file":"a\\u1' >"$T/u.json"
"$GTIDPOS" verify --merge "$T/u.json" >/dev/null 2>"$T/e"; rc=$?
[ "$rc" = 2 ] && grep -q 'line 1: not a line of' "$T/e" && pass "merge: \\u with one hex digit at the end, exit 2" ||
    fail "merge: short \\u: exit $rc" "$(cat "$T/e")"
printf '{"schema_version":1,"record":"file","file":"a\\u+041","opened":0,"error":"x","error_exit":3}\n' >"$T/u.json"
"$GTIDPOS" verify --merge "$T/u.json" >/dev/null 2>&1; rc=$?
[ "$rc" = 2 ] && pass "merge: \\u with a sign, exit 2" || fail "merge: \\u+041: exit $rc"
printf '{"schema_version":1,"record":"file","file":"a\\u0042","opened":0,"error":"aB: gone","error_exit":3}\n' >"$T/u.json"
"$GTIDPOS" verify --merge "$T/u.json" >"$T/o" 2>&1; rc=$?
[ "$rc" = 3 ] && grep -q '^aB: gone$' "$T/o" && pass "merge: \\u0042 is B, exit 3" || fail "merge: \\u0042: exit $rc" "$(cat "$T/o")"

tally_summary
