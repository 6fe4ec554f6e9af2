#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/mariadb/replica.sh - `gtidpos at --source-pos FILE:POS RELAYDIR`
# over a real MariaDB replica's relay logs.
#
# Starts a private primary and a replica on loopback (GTID replication,
# MASTER_USE_GTID=slave_pos; the replica keeps its relay logs:
# --relay-log-purge=0, --max-relay-log-size=4096 so that they rotate often,
# and its own FDE / Gtid_list / Rotate events are interleaved with the
# source's), runs a workload on the primary (two GTID domains, multi-
# statement transactions, DDL, FLUSH BINARY LOGS), waits until the replica
# has applied everything, then for every transaction boundary of every
# primary binlog (SHOW BINLOG EVENTS: each GTID event's position and the
# file's end) checks that
#     gtidpos at --source-pos FILE:POS REPLICA_RELAY_DIR
# equals the primary's own SELECT BINLOG_GTID_POS(FILE, POS) and
# `gtidpos at` over the primary's binlog at FILE:POS; and that a source
# position inside an event is refused (exit 6).
# The last line of stdout is always "N passed, M failed".
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/mariadb_server.sh disable=SC1091
. "$here/../lib/mariadb_server.sh"
# shellcheck source=../lib/tally.sh disable=SC1091
. "$here/../lib/tally.sh"
# shellcheck source=../lib/mariadb_prelude.sh disable=SC1091
. "$here/../lib/mariadb_prelude.sh"

TMP=$(mktemp -d)
P=$TMP/primary R=$TMP/replica
mkdir -p "$P" "$R/relay"
mdb_start_free "$P" 0 --server-id=1 --max-binlog-size=8192 --binlog-format=MIXED ||
    die "cannot start the primary"
pport=$MDB_PORT
mdb_start_free "$R" 17 --server-id=2 --skip-slave-start --relay-log="$R/relay/relay-bin" \
    --relay-log-purge=0 --max-relay-log-size=4096 || die "cannot start the replica"

mdb_sql "$P" "CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY 'repl';
              GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1'" || die "primary: create user"
mdb_sql "$R" "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$pport,
              MASTER_USER='repl', MASTER_PASSWORD='repl', MASTER_USE_GTID=slave_pos;
              START SLAVE" || die "replica: change master"

# The workload: a few dozen transactions over two domains and three binlogs.
{
    echo "CREATE DATABASE w; CREATE TABLE w.t (id INT PRIMARY KEY, v VARCHAR(200)) ENGINE=InnoDB;"
    for i in $(seq 1 40); do
        case $((i % 7)) in
            0) echo "BEGIN; INSERT INTO w.t VALUES ($i, REPEAT('a', 150)); UPDATE w.t SET v = 'x' WHERE id = $((i - 1)); COMMIT;" ;;
            3) echo "SET SESSION gtid_domain_id = $(( (i / 7) % 2 )); INSERT INTO w.t VALUES ($i, 'd');" ;;
            5) echo "CREATE TABLE w.t$i (a INT); INSERT INTO w.t VALUES ($i, 'ddl');" ;;
            *) echo "INSERT INTO w.t VALUES ($i, REPEAT('b', $((i * 4))));" ;;
        esac
        if [ $((i % 15)) = 0 ]; then echo "FLUSH BINARY LOGS;"; fi
    done
} | mdb_sql "$P" || die "primary: workload"

# Wait until the replica has applied (so received) everything.
want=$(mdb_sql "$P" "SELECT @@gtid_binlog_pos")
for ((i = 0; i < 150; i++)); do
    [ "$(mdb_sql "$R" "SELECT @@gtid_slave_pos")" = "$want" ] && break
    sleep 0.2
done
got=$(mdb_sql "$R" "SELECT @@gtid_slave_pos")
[ "$got" = "$want" ] || die "replica did not catch up: $got vs primary $want ($(mdb_sql "$R" "SHOW SLAVE STATUS\\G" | grep -i error))"
relays=("$R"/relay/relay-bin.[0-9]*)
nrelay=${#relays[@]}
[ "$nrelay" -ge 3 ] && pass "the replica wrote $nrelay relay files" ||
    fail "expected several relay files, got $nrelay"

# BINLOG_GTID_POS lists domains in the server's order, gtidpos by domain.
norm() { tr ',' '\n' | sort -t- -k1,1n | paste -sd, -; }

checked=0
for f in $(mdb_sql "$P" "SHOW BINARY LOGS" | cut -f1); do
    # Transaction starts (GTID events) and the file's end, from the server.
    positions=$(mdb_sql "$P" "SHOW BINLOG EVENTS IN '$f'" |
        awk -F"\t" '$3 == "Gtid" { print $2 } { end = $5 } END { print end }')
    for pos in $positions; do
        server=$(mdb_sql "$P" "SELECT BINLOG_GTID_POS('$f', $pos)" | norm)
        own=$("$GTIDPOS" at "$P/data/$f:$pos" 2>/dev/null)
        relay=$("$GTIDPOS" at --source-pos "$f:$pos" "$R/relay" 2>"$TMP/err")
        rc=$?
        checked=$((checked + 1))
        if [ $rc = 0 ] && [ "$relay" = "$server" ] && [ "$relay" = "$own" ]; then
            pass "$f:$pos"
        else
            fail "$f:$pos" "BINLOG_GTID_POS: $server" "at primary:    $own" \
                "--source-pos:  $relay (exit $rc)" "$(cat "$TMP/err")"
        fi
    done
    # A source offset inside the file's second event is not a boundary.
    inner=$(mdb_sql "$P" "SHOW BINLOG EVENTS IN '$f' LIMIT 1,1" | awk -F'\t' '{ print $2 + 3 }')
    "$GTIDPOS" at --source-pos "$f:$inner" "$R/relay" >/dev/null 2>&1
    rc=$?
    [ $rc = 6 ] && pass "$f:$inner inside an event: exit 6" || fail "$f:$inner inside an event: exit $rc, want 6"
done
[ $checked -ge 30 ] && pass "$checked source positions checked" || fail "only $checked positions checked"

mdb_sql "$R" "STOP SLAVE" >/dev/null 2>&1
tally_summary
