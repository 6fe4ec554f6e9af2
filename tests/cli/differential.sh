#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# differential.sh - three commands, one answer: on real binlogs, every
# transaction boundary `gtidpos scan --boundaries --sets` reports must be
# answered alike by `gtidpos at FILE:END` (the same set) and by
# `gtidpos find GTID FILE` (the same transaction, the same byte range);
# the set at the transaction's start must differ from the set at its end.
# (The deterministic, CLI-level companion of tests/fuzz/fuzz_differential.c,
# which does the same on binlogs it assembles from these files' events.)
# Needs: bash, awk.  Prints "N passed, M failed" last.

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/cli_prelude.sh
. "$here/../lib/cli_prelude.sh"
# shellcheck source=tests/lib/tally.sh
. "$here/../lib/tally.sh"

if [ ! -x "$GTIDPOS" ]; then
    echo "differential.sh: no gtidpos binary at $GTIDPOS (run make first)" >&2
    exit 2
fi

FILES=(
    testdata/mysql/kingbus/mysql_bin.000012
    testdata/mysql/rust_mysql_common/binlog_transaction_with_GTID.000001
    testdata/mysql/rust_mysql_common/binlog_transaction_with_GTID_TAG.000001
    testdata/mysql/rust_mysql_common/rpl_atomic_ddl_rollback_full.000001
    testdata/mysql/percona-binlog-server/gtid/binlog.000001
    testdata/mysql/binlog-parser/gtid-fixtures/mysql-bin.01
    testdata/mariadb/debian/rpl/master-bin-seq_10.3.36.000001
    testdata/mariadb/tiflow/mysql-bin.000001
    testdata/mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000010
    testdata/mariadb/mariadb-poc/domain_id_1/mariadb-repl-bin.000002
)

for f in "${FILES[@]}"; do
    if [ ! -f "$f" ]; then
        fail "$f" "fixture missing"
        continue
    fi
    bounds=$("$GTIDPOS" scan --boundaries --sets "$f" 2>&1)
    rc=$?
    n=$(printf '%s\n' "$bounds" | grep -c .)
    if [ "$rc" = 0 ] && [ "$n" -gt 0 ]; then
        pass "scan $f"
    else
        fail "scan $f" "expected exit 0 and boundaries" "got (exit $rc): $bounds"
        continue
    fi
    bad_at=0 bad_find=0 bad_move=0
    # file start end gtid timestamp epoch gtid_set
    while IFS=$'\t' read -r _ start end gtid _ _ set; do
        got=$("$GTIDPOS" at "$f:$end" 2>/dev/null)
        if [ "$got" != "$set" ]; then
            bad_at=$((bad_at + 1))
            fail "at $f:$end" "scan says: $set" "at says:   $got"
        fi
        before=$("$GTIDPOS" at "$f:$start" 2>/dev/null)
        if [ "$before" = "$got" ]; then
            bad_move=$((bad_move + 1))
            fail "at $f:$start" "the set before $gtid equals the set after it: $got"
        fi
        # find lists every transaction with this GTID; scan's lines with it.
        want=$(printf '%s\n' "$bounds" |
            awk -F'\t' -v g="$gtid" -v OFS='\t' '$4 == g { print $1, $2, $3, $4 }')
        got=$("$GTIDPOS" find "$gtid" "$f" 2>&1)
        if [ "$got" != "$want" ]; then
            bad_find=$((bad_find + 1))
            fail "find $gtid $f" "scan says: $want" "find says: $got"
        fi
    done <<<"$bounds"
    [ "$bad_at" = 0 ] && pass "at = scan at $n boundaries of $f"
    [ "$bad_move" = 0 ] && pass "each of the $n transactions of $f changes the set"
    [ "$bad_find" = 0 ] && pass "find = scan for the $n GTIDs of $f"
done

tally_summary
