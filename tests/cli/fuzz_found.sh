#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# fuzz_found.sh - the inputs the fuzz targets (tests/fuzz/, docs/fuzzing.md)
# found wrong answers for, each next to the real case: `verify --merge` on
# malformed parts (fuzz_verify_merge), errors that quote a newline from
# their input (fuzz_walk_options).
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

# An error is one line, whatever the input it quotes holds (was: the set
# text's newline split it): \n and \xNN instead.
F=testdata/mariadb/gtidpos-10.11/bin.000001
for cmd in find cover; do
    "$GTIDPOS" "$cmd" $'0-1-3,1\x03\n\nx-1-1' "$F" >"$T/o" 2>"$T/e"; rc=$?
    [ "$rc" = 2 ] && [ ! -s "$T/o" ] && [ "$(wc -l <"$T/e")" = 1 ] &&
        grep -qF "'0-1-3,1\x03\n\nx-1-1' is not a GTID set" "$T/e" &&
        pass "$cmd: a set text with a newline: one line, exit 2" || fail "$cmd: newline in the set: exit $rc" "$(cat "$T/e")"
done
"$GTIDPOS" find 0-1-3 "$F" >"$T/o" 2>"$T/e"; rc=$?
[ "$rc" = 0 ] && grep -q '\s0-1-3$' "$T/o" && pass "find 0-1-3: found" || fail "find 0-1-3: exit $rc" "$(cat "$T/o" "$T/e")"
"$GTIDPOS" events --do-domain-ids=$'1\n2' "$F" >"$T/o" 2>"$T/e"; rc=$?
[ "$rc" = 2 ] && [ "$(wc -l <"$T/e")" = 1 ] && grep -qF -- "--do-domain-ids '1\n2'" "$T/e" &&
    pass "events --do-domain-ids with a newline: one line, exit 2" || fail "events newline: exit $rc" "$(cat "$T/e")"

tally_summary
