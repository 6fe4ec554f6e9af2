#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/mariadb/switch.sh - `gtidpos at FILE:POS --emit sql` proven on a
# live replica (issue 17, item 2): a MariaDB replica replicating by file
# and position is switched to GTID replication with the statements gtidpos
# prints, and nothing is skipped or applied twice.
#
# A private primary (ROW format) and replica (MASTER_USE_GTID=no).  The
# primary runs a workload on three GTID domains (single inserts, multi-
# statement transactions, ALTER TABLE, a FLUSH BINARY LOGS).  For each stop
# position the replica is rebuilt from nothing and replicates by file and
# position up to it (START SLAVE UNTIL); then, with the replica stopped:
#   - its Relay_Master_Log_File / Exec_Master_Log_Pos are read;
#   - its gtid_slave_pos is cleared (a file/position replica keeps it up to
#     date: cleared, only gtidpos's value can make it right);
#   - gtidpos at PRIMARY_BINLOG:POS --emit sql (the primary's binlog file,
#     the replica's version) sets the value BINLOG_GTID_POS(FILE, POS) of
#     the primary gives, and is applied on the replica as printed
#     (STOP SLAVE; SET GLOBAL gtid_slave_pos; CHANGE MASTER ...
#     MASTER_USE_GTID = slave_pos; START SLAVE);
#   - more workload runs on the primary; the replica catches up;
#   - CHECKSUM TABLE of every table is equal on both, no replication error,
#     and the replica's gtid_slave_pos equals the primary's gtid_binlog_pos.
# Stop positions: mid-file (after a transaction), right after FLUSH BINARY
# LOGS (the next file's start), after a DDL; the last one through a named
# connection on a replica whose gtid_slave_pos also holds another source's
# domain (--connection, --replica-gtid-pos: the other domain must survive).
# Then the same switch with a deliberately wrong value (one transaction
# off in one domain) must visibly fail: a replication error or a data
# difference.
# Default run: the mid-file position and the wrong value (seq - 1, applied
# twice); GP_FULL=1: every position and also seq + 1 (one skipped).
# The last line of stdout is always "N passed, M failed".
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/mariadb_server.sh disable=SC1091
. "$here/../lib/mariadb_server.sh"
# shellcheck source=../lib/tally.sh disable=SC1091
. "$here/../lib/tally.sh"
# shellcheck source=../lib/mariadb_prelude.sh disable=SC1091
. "$here/../lib/mariadb_prelude.sh"
# shellcheck source=../lib/full.sh disable=SC1091
. "$here/../lib/full.sh"

TMP=$(mktemp -d)
P=$TMP/primary R=$TMP/replica
mkdir -p "$P" "$R"
gp_full_note
mdb_start_free "$P" 0 --server-id=1 --binlog-format=ROW || die "cannot start the primary"
pport=$MDB_PORT
mdb_start_free "$R" 29 --server-id=2 --skip-slave-start --binlog-format=ROW ||
    die "cannot start the replica"
psql() { mdb_sql "$P" "$@"; }
rsql() { mdb_sql "$R" "$@"; }
psql "SET SESSION sql_log_bin = 0; CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY 'repl';
      GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1'" || die "primary: create user"
rversion=$(rsql "SELECT @@version") || die "replica: version"

# workload FROM TO: transactions FROM..TO on domains 0, 1, 2 (i % 3):
# inserts, multi-statement transactions, an ALTER TABLE every 11th.
workload() {
    local i d
    for ((i = $1; i <= $2; i++)); do
        d=$((i % 3))
        echo "SET SESSION gtid_domain_id = $d;"
        if ((i % 11 == 0)); then
            echo "ALTER TABLE w.t$d ADD COLUMN c$i INT NOT NULL DEFAULT $i;"
        elif ((i % 5 == 0)); then
            echo "BEGIN; INSERT INTO w.t$d (id, v) VALUES ($i, REPEAT('m', $((i % 40))));"
            echo "UPDATE w.t$d SET v = CONCAT(v, 'u') WHERE id < $i ORDER BY id DESC LIMIT 2; COMMIT;"
        else
            echo "INSERT INTO w.t$d (id, v) VALUES ($i, REPEAT('s', $((i % 50))));"
        fi
    done
}
{
    echo "CREATE DATABASE w;"
    for d in 0 1 2; do echo "CREATE TABLE w.t$d (id INT PRIMARY KEY, v VARCHAR(200)) ENGINE=InnoDB;"; done
    workload 1 40
    echo "FLUSH BINARY LOGS;"
    workload 41 80
} | psql || die "primary: workload"

# status FIELD [CONNECTION]: one field of SHOW SLAVE STATUS.
# (the column names: without mdb_sql's -N, which drops them in \G output)
status() {
    "$MDB_CLIENT" --no-defaults -B -uroot --socket="$R/sock" \
        -e "SHOW SLAVE ${2:+'$2' }STATUS\\G" | awk -v f="$1" -F': ' '{ sub(/^ +/, "", $1) } $1 == f { print $2 }'
}
# wait_stopped CONN: the SQL thread stopped (UNTIL reached, or an error).
wait_stopped() {
    local i
    for ((i = 0; i < 150; i++)); do
        [ "$(status Slave_SQL_Running "$1")" = No ] && return 0
        sleep 0.1
    done
    return 1
}
norm() { tr ',' '\n' | sed '/^$/d' | sort -t- -k1,1n | paste -sd, -; }
checksums() { mdb_sql "$1" "CHECKSUM TABLE w.t0, w.t1, w.t2" | cut -f2 | paste -sd' ' -; }

# replica_reset CONN: a replica with no data, no replication state, no
# binlog, replicating from the primary's first file by position.
replica_reset() {
    local conn=$1 c
    rsql "STOP ALL SLAVES" >/dev/null 2>&1
    for c in "" p1; do rsql "RESET SLAVE '$c' ALL" >/dev/null 2>&1; done
    rsql "DROP DATABASE IF EXISTS w; SET GLOBAL gtid_slave_pos = ''; RESET MASTER" || return 1
    rsql "CHANGE MASTER '$conn' TO MASTER_HOST='127.0.0.1', MASTER_PORT=$pport,
          MASTER_USER='repl', MASTER_PASSWORD='repl', MASTER_USE_GTID=no,
          MASTER_LOG_FILE='bin.000001', MASTER_LOG_POS=4"
}

# Stop positions on the primary's binlogs (SHOW BINLOG EVENTS: Log_name,
# Pos, Event_type, Server_id, End_log_pos, Info).
events1=$(psql "SHOW BINLOG EVENTS IN 'bin.000001'")
events2=$(psql "SHOW BINLOG EVENTS IN 'bin.000002'")
mid=$(awk -F'\t' '$3 == "Xid" { x[n++] = $5 } END { print x[int(n / 2)] }' <<<"$events1")
ddl=$(awk -F'\t' '$3 == "Query" && $6 ~ /ALTER TABLE/ { print $5; exit }' <<<"$events2")
[ -n "$mid" ] && [ -n "$ddl" ] || die "no stop positions found in the primary's binlogs"
next_i=100

# switch NAME FILE POS CONN OTHER [WRONG]: replicate by position up to
# FILE:POS, switch with gtidpos's statements (WRONG: the value made wrong,
# "minus" or "plus" one transaction in one domain); sets SW_RESULT to ok,
# or to what went wrong.
switch() {
    local name=$1 file=$2 pos=$3 conn=$4 other=$5 wrong=${6:-} rfile rpos sql value bad
    local want got i err oracle opts=()
    SW_RESULT=""
    replica_reset "$conn" || { SW_RESULT="replica reset failed"; return; }
    rsql "START SLAVE '$conn' UNTIL MASTER_LOG_FILE='$file', MASTER_LOG_POS=$pos" ||
        { SW_RESULT="START SLAVE UNTIL failed"; return; }
    wait_stopped "$conn" || { SW_RESULT="the replica did not stop at $file:$pos"; return; }
    rsql "STOP SLAVE '$conn'" >/dev/null
    err=$(status Last_SQL_Error "$conn")
    [ -z "$err" ] || { SW_RESULT="replica error before the switch: $err"; return; }
    rfile=$(status Relay_Master_Log_File "$conn") rpos=$(status Exec_Master_Log_Pos "$conn")
    echo "# $name: asked $file:$pos, the replica stopped at $rfile:$rpos"
    # only gtidpos's value may make the state right
    rsql "SET GLOBAL gtid_slave_pos = '$other'" || { SW_RESULT="cannot clear gtid_slave_pos"; return; }
    [ -n "$conn" ] && opts=(--connection "$conn" --replica-gtid-pos "$other")
    sql=$("$GTIDPOS" at "$P/data/$rfile:$rpos" --emit sql --replica-version "$rversion" \
        "${opts[@]}" 2>"$TMP/err") || { SW_RESULT="gtidpos refused: $(cat "$TMP/err")"; return; }
    value=$(sed -n "s/^SET GLOBAL gtid_slave_pos = '\(.*\)';$/\1/p" <<<"$sql")
    echo "# $name: gtidpos --emit sql sets gtid_slave_pos = '$value'"
    # the primary's own answer for its position, merged as a multi-source
    # replica's value must be
    oracle=$(psql "SELECT BINLOG_GTID_POS('$rfile', $rpos)")
    [ -n "$other" ] && oracle="$oracle,$other"
    [ "$(norm <<<"$value")" = "$(norm <<<"$oracle")" ] ||
        { SW_RESULT="gtidpos's value $value, BINLOG_GTID_POS: $oracle"; return; }
    if [ -n "$wrong" ]; then
        # one domain's seq moved by one: a transaction applied twice
        # (minus) or skipped (plus); the domain with the highest seq
        bad=$(tr ',' '\n' <<<"$value" | grep -v "^9-" | sort -t- -k3,3n | tail -n1)
        IFS=- read -r d s q <<<"$bad"
        if [ "$wrong" = minus ]; then q=$((q - 1)); else q=$((q + 1)); fi
        value=$(tr ',' '\n' <<<"$value" | sed "s/^$bad\$/$d-$s-$q/" | paste -sd, -)
        sql=$(sed "s/^SET GLOBAL gtid_slave_pos = .*/SET GLOBAL gtid_slave_pos = '$value';/" <<<"$sql")
        echo "# $name: made wrong: $bad -> $d-$s-$q"
    fi
    rsql <<<"$sql" || { SW_RESULT="the statements failed on the replica"; return; }
    workload "$next_i" $((next_i + 24)) | psql || { SW_RESULT="primary: workload"; return; }
    next_i=$((next_i + 100))
    want=$(psql "SELECT @@gtid_binlog_pos")
    [ -n "$other" ] && want="$want,$other"
    want=$(norm <<<"$want")
    for ((i = 0; i < 200; i++)); do
        got=$(rsql "SELECT @@gtid_slave_pos" | norm)
        err=$(status Last_SQL_Error "$conn")
        [ "$got" = "$want" ] || [ -n "$err" ] && break
        sleep 0.1
    done
    [ -z "$err" ] || { SW_RESULT="replication error: $err"; return; }
    [ "$got" = "$want" ] || { SW_RESULT="gtid_slave_pos $got, want $want"; return; }
    [ "$(checksums "$R")" = "$(checksums "$P")" ] ||
        { SW_RESULT="CHECKSUM TABLE differ: replica $(checksums "$R"), primary $(checksums "$P")"; return; }
    echo "# $name: checksums equal ($(checksums "$P")), gtid_slave_pos = gtid_binlog_pos ($got)"
    SW_RESULT=ok
}

cases=("mid-file|bin.000001|$mid||")
if gp_full; then
    cases+=("after-flush|bin.000002|4||" "after-ddl-named|bin.000002|$ddl|p1|9-77-5")
fi
for c in "${cases[@]}"; do
    IFS='|' read -r name file pos conn other <<<"$c"
    switch "$name" "$file" "$pos" "$conn" "$other"
    [ "$SW_RESULT" = ok ] && pass "switch at $name ($file:$pos)" ||
        fail "switch at $name ($file:$pos)" "$SW_RESULT"
done

# The wrong value must be seen to fail, else the checks above prove nothing.
wrongs=(minus)
gp_full && wrongs+=(plus)
for w in "${wrongs[@]}"; do
    switch "wrong-$w" bin.000001 "$mid" "" "" "$w"
    if [ "$SW_RESULT" = ok ]; then
        fail "a wrong gtid_slave_pos ($w one transaction) went unnoticed"
    elif [[ $SW_RESULT == "replication error"* || $SW_RESULT == "CHECKSUM TABLE differ"* ||
        $SW_RESULT == "gtid_slave_pos "* ]]; then
        pass "a wrong gtid_slave_pos ($w one transaction) fails: $SW_RESULT"
        echo "# wrong-$w: caught: $SW_RESULT"
    else
        fail "wrong-$w: the switch failed before it could be checked" "$SW_RESULT"
    fi
done

rsql "STOP ALL SLAVES" >/dev/null 2>&1
tally_summary
