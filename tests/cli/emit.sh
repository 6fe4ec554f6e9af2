#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# emit.sh - `gtidpos at ... --emit FORM` on real testdata files (issue 17,
# item 3): each consumer form checked against the consumer's documented
# format (field names, types, quoting) by tests/lib/emit_check.py, which
# names where each format is documented; the values against `gtidpos at`
# itself (the set) and the position asked for; every form of `at` (FILE:POS,
# --binlog-dir, --relay-dir, --source-pos) naming the source's binlog; and
# the refusals: a position inside a transaction (exit 6), MariaDB GTIDs for
# consumers that read MySQL sets only, tagged GTIDs, anonymous transactions,
# a replica version without GTIDs, a relay log given for a binlog (exit
# 1), missing or malformed options
# (exit 2) - each with its reason on stderr and nothing on stdout.
# The live proof of --emit sql is tests/mariadb/switch.sh.
# Needs: bash, python3.  Prints "N passed, M failed" last.

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/cli_prelude.sh
. "$here/../lib/cli_prelude.sh"
# shellcheck source=tests/lib/tally.sh
. "$here/../lib/tally.sh"
# shellcheck source=tests/lib/dm_relay.sh
. "$here/../lib/dm_relay.sh"

cli_need_gtidpos
cli_need_tool python3 "python3 is not installed"
cli_tmpdir
tmp=$CLI_TMP
CHECK=tests/lib/emit_check.py

K=testdata/mysql/kingbus
KF=$K/mysql_bin.000012
MF=testdata/mariadb/gtidpos-10.11/bin.000001
TAGGED=testdata/mysql/rust_mysql_common/binlog_transaction_with_GTID_TAG.000001
ANON=testdata/mysql/mysql-binlog-connector-java/mysql-bin.checksum-crc32

# conform LABEL FORM NAME POS SET [CLIENT] -- gtidpos-args...: the form's
# output conforms (exit 0, emit_check.py silent, nothing on stderr but
# warnings).
conform() {
    local label=$1 form=$2 name=$3 pos=$4 set=$5 client=$6 out rc problems
    shift 7
    out=$("$GTIDPOS" at "$@" 2>"$tmp/err")
    rc=$?
    if [ $rc != 0 ]; then
        fail "$label" "exit $rc: $(cat "$tmp/err")"
        return
    fi
    if problems=$(python3 "$CHECK" "$form" "$name" "$pos" "$set" "$client" <<<"$out" 2>&1) &&
        ! grep -qvE '^gtidpos: (warning: |source )' "$tmp/err"; then
        pass "$label"
    else
        fail "$label" "$problems" "$(cat "$tmp/err")" "$out"
    fi
}

# refuse LABEL STATUS REASON-PART gtidpos-args...: exit STATUS, stdout
# empty, the reason on stderr.
refuse() {
    local label=$1 want=$2 why=$3 out rc
    shift 3
    out=$("$GTIDPOS" at "$@" 2>"$tmp/err")
    rc=$?
    if [ $rc = "$want" ] && [ -z "$out" ] && grep -q -- "$why" "$tmp/err"; then
        pass "$label"
    else
        fail "$label" "exit $rc (want $want), stdout '$out'" "stderr: $(cat "$tmp/err")" \
            "want: $why"
    fi
}

# --- each form on real files, values against `gtidpos at` ----------------
for spec in "$KF:1352" "$KF" "$MF:850" "$MF:322"; do
    file=${spec%:*} pos=${spec##*:}
    [ "$file" = "$spec" ] && pos=$("$GTIDPOS" at --json "$spec" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pos"])')
    set=$("$GTIDPOS" at "$spec")
    name=${file##*/}
    conform "debezium $spec" debezium "$name" "$pos" "$set" "" -- "$spec" --emit debezium --server-name dbz1
    conform "canal $spec" canal "$name" "$pos" "$set" "" -- "$spec" --emit canal
    if [ "$file" = "$KF" ]; then
        conform "maxwell $spec" maxwell "$name" "$pos" "$set" maxwell -- "$spec" --emit maxwell
        conform "maxwell $spec --client-id" maxwell "$name" "$pos" "$set" "o'k\\x" -- \
            "$spec" --emit maxwell --client-id "o'k\\x"
        conform "flink $spec" flink "$name" "$pos" "$set" "" -- "$spec" --emit flink
        # the replica's version decides the syntax
        conform "sql $spec (replica 5.7.23)" sql-mysql:SLAVE:master:no "$name" "$pos" "$set" "" -- \
            "$spec" --emit sql --replica-version 5.7.23
        conform "sql $spec (replica 8.0.22)" sql-mysql:REPLICA:master:no "$name" "$pos" "$set" "" -- \
            "$spec" --emit sql --replica-version 8.0.22
        conform "sql $spec (replica 8.0.23)" sql-mysql:REPLICA:source:no "$name" "$pos" "$set" "" -- \
            "$spec" --emit sql --replica-version 8.0.23
        conform "sql $spec (replica 8.4.3, channel)" sql-mysql:REPLICA:source:plus:c1 "$name" "$pos" \
            "$set" "" -- "$spec" --emit sql --replica-version 8.4.3 --connection c1
        conform "sql $spec (the primary's version)" sql-mysql:SLAVE:master:no "$name" "$pos" "$set" "" -- \
            "$spec" --emit sql
    else
        conform "sql $spec" sql-mariadb "$name" "$pos" "$set" "" -- "$spec" --emit sql
        conform "sql $spec (replica 10.4)" sql-mariadb "$name" "$pos" "$set" "" -- \
            "$spec" --emit sql --replica-version 10.4.34
    fi
done
out=$("$GTIDPOS" at "$KF:1352" --emit sql --replica-version 8.4.0)
[[ $out == *"RESET BINARY LOGS AND GTIDS"* && $out == *"gtid_executed"* ]] &&
    pass "sql for MySQL 8.4 names RESET BINARY LOGS AND GTIDS in its precondition" ||
    fail "sql for MySQL 8.4: precondition" "$out"
out=$("$GTIDPOS" at "$KF:1352" --emit json)
[ "$out" = "$("$GTIDPOS" at "$KF:1352" --json)" ] && pass "--emit json is --json" ||
    fail "--emit json is --json" "$out"

# A multi-source MariaDB replica: the other sources' domains are kept,
# this source's take the answer (a named connection needs the value).
set=$("$GTIDPOS" at "$MF:850")
merged=$(python3 -c '
import sys
cur = dict((g.split("-")[0], g) for g in sys.argv[1].split(","))
cur.update((g.split("-")[0], g) for g in sys.argv[2].split(","))
print(",".join(cur[d] for d in sorted(cur, key=int)))' "0-1-99,5-7-3" "$set")
conform "sql MariaDB, named connection, merged gtid_slave_pos" "sql-mariadb:s'b" bin.000001 850 \
    "$merged" "" -- "$MF:850" --emit sql --connection "s'b" --replica-gtid-pos "0-1-99,5-7-3"
[ "$merged" = "0-1-3,5-7-3" ] && pass "merge keeps domain 5, takes domain 0 from the answer" ||
    fail "merge" "$merged"

# --- every form of `at` names the source's binlog --------------------------
kset=$("$GTIDPOS" at "$KF:1352")
conform "--binlog-dir: flink" flink mysql_bin.000012 1352 "$kset" "" -- \
    --binlog-dir "$K" mysql_bin.000012:1352 --emit flink
root=$tmp/relay
mkdir -p "$root"
sub=$(dm_relay_sub "$root" 214eb71f-96ec-11e8-ab4f-fa163e72d4ae 000001)
dm_relay_add "$sub" "$K/mysql_bin.000011"
dm_relay_add "$sub" "$KF"
conform "--relay-dir: canal names the source's binlog" canal mysql_bin.000012 1352 "$kset" "" -- \
    --relay-dir "$root" 'mysql_bin|000001.000012:1352' --emit canal
base=$("$GTIDPOS" at "$K/mysql_bin.000011:4")
conform "--source-pos: debezium at the source position" debezium mysql_bin.000012 1352 "$kset" "" -- \
    --source-pos mysql_bin.000012:1352 --source-base "$base" "$K/relay" --emit debezium --server-name s
gz=$tmp/mysql_bin.000012.gz
gzip -c "$KF" >"$gz"
conform "a .gz file: the name without .gz" canal mysql_bin.000012 1352 "$kset" "" -- "$gz:1352" --emit canal

# --- refusals --------------------------------------------------------------
inside=$("$GTIDPOS" events "$KF" | awk -F'\t' '$3 == "Gtid" { getline; print $1; exit }')
for f in sql debezium maxwell canal flink; do
    refuse "$f: inside a transaction" 6 "is inside transaction" "$KF:$inside" --emit "$f" --server-name s
done
refuse "maxwell: MariaDB GTIDs" 1 "MariaDB GTIDs cannot be given" "$MF:850" --emit maxwell
refuse "flink: MariaDB GTIDs" 1 "MariaDB GTIDs cannot be given" "$MF:850" --emit flink
for f in debezium maxwell canal flink; do
    refuse "$f: tagged GTIDs" 1 "tagged GTIDs" "$TAGGED" --emit "$f" --server-name s
done
refuse "sql: tagged GTIDs for a MySQL 8.0 replica" 1 "tagged GTIDs" "$TAGGED" --emit sql --replica-version 8.0.36
tset=$("$GTIDPOS" at "$TAGGED")
tpos=$("$GTIDPOS" at --json "$TAGGED" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pos"])')
conform "sql: tagged GTIDs for a MySQL 8.4 replica" sql-mysql:REPLICA:source:no "${TAGGED##*/}" "$tpos" \
    "$tset" "" -- "$TAGGED" --emit sql --replica-version 8.4.3
refuse "sql: anonymous transactions" 1 "anonymous transactions" "$ANON" --emit sql
refuse "canal: anonymous transactions" 1 "anonymous transactions" "$ANON" --emit canal
refuse "sql: MariaDB GTIDs for a MySQL replica" 1 "which a MySQL replica" "$MF:850" --emit sql --replica-version 8.0.36
refuse "sql: MySQL GTIDs for a MariaDB replica" 1 "which a MariaDB replica" "$KF:1352" --emit sql --replica-version 10.11.6
refuse "sql: a MariaDB replica before GTIDs" 1 "has no GTID replication" "$MF:850" --emit sql --replica-version 5.5.5-10.0.1-MariaDB
refuse "sql: a MySQL replica before GTIDs" 1 "has no GTID auto-positioning" "$KF:1352" --emit sql --replica-version 5.5.62
refuse "sql: a channel before MySQL 5.7.6" 1 "no replication channels" "$KF:1352" --emit sql --replica-version 5.6.40 --connection c
refuse "sql: named MariaDB connection without --replica-gtid-pos" 2 "give --replica-gtid-pos" "$MF:850" --emit sql --connection a
refuse "sql: malformed --replica-gtid-pos" 2 "is not a MariaDB GTID position" "$MF:850" --emit sql --replica-gtid-pos 0-1
refuse "sql: --replica-gtid-pos for MySQL" 2 "for MariaDB replicas" "$KF:1352" --emit sql --replica-gtid-pos 0-1-2
refuse "sql: a version that is not one" 2 "does not start with a version number" "$KF:1352" --emit sql --replica-version latest
refuse "debezium: no --server-name" 2 "needs --server-name" "$KF:1352" --emit debezium
refuse "an unknown form" 2 "--emit must be" "$KF:1352" --emit kafka
refuse "sub-options without --emit" 2 "go with --emit" "$KF:1352" --server-name s
refuse "canal: a relay log's offsets are not the primary's" 1 "is a relay log" \
    "$K/relay/flikedev1-c8pyy-relay-bin.000286" --emit canal
refuse "sql: a relay log" 1 "is a relay log" "$K/relay/flikedev1-c8pyy-relay-bin.000288" --emit sql
refuse "standard input has no file name" 2 "needs the binlog file's name" -:1352 --emit canal <"$KF"
out=$("$GTIDPOS" at -:1352 --emit sql --replica-version 5.7.23 <"$KF" 2>&1)
[[ $out == *"gtid_purged = '$kset'"* ]] && pass "sql from standard input (no file name needed)" ||
    fail "sql from standard input" "$out"

tally_summary
