#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/mariadb/relay_matrix.sh - `gtidpos at --source-pos FILE:POS RELAYDIR`
# against the primary's own BINLOG_GTID_POS, on live MariaDB primary /
# replica pairs in several configurations (issue 12, item 3).
#
# For each configuration: a private primary and replica (loopback, private
# datadirs; the replica keeps its relay logs: --relay-log-purge=0, small
# --max-relay-log-size), GTID replication (MASTER_USE_GTID=slave_pos), a
# mixed workload on three GTID domains (multi-statement transactions, DDL,
# FLUSH BINARY LOGS, small max_binlog_size), the replica waited for; then at
# EVERY transaction boundary of every primary binlog (each Gtid event's
# position and each file's end, from SHOW BINLOG EVENTS on the primary):
#   - an answer (exit 0) must equal SELECT BINLOG_GTID_POS(file, pos) on the
#     primary: anything else is a WRONG answer and fails the test;
#   - a refusal must be one line on stderr, exit 5 (GTID information
#     missing), and name source bytes A..B of the file that really hold a
#     Gtid event of the primary (SHOW BINLOG EVENTS): a GTID could be
#     missing there.  A refusal naming a hole that holds no Gtid event, or
#     of another kind, fails the test.
# A per-configuration tally is printed: checked / agreed / refused, the
# refusals grouped by reason.
#
# Also, per configuration, `at RELAYFILE:POS` in relay coordinates
# (relay_positions).  The gtid-reconnect configuration restarts the
# replica's I/O thread twice during the workload (a GTID reconnection).
# GP_TMP=DIR puts the work directories there (with GP_KEEP=1 they stay).
# Only the "defaults" configuration runs unless GP_FULL=1 (make test-full):
# the others are the relay-log matrix of issue 12.  GP_CONFIGS="a b" picks
# configurations by name.  A configuration that cannot run (a server that
# does not start, a replica that does not catch up, too few relay files)
# fails loudly.
# The last line of stdout is always "N passed, M failed".
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/mariadb_server.sh disable=SC1091
. "$here/../lib/mariadb_server.sh"
# shellcheck source=../lib/tally.sh disable=SC1091
. "$here/../lib/tally.sh"
# shellcheck source=../lib/mariadb_prelude.sh disable=SC1091
. "$here/../lib/mariadb_prelude.sh"

TMP=${GP_TMP:-$(mktemp -d)}

# name | primary options | replica options | CHANGE MASTER extra | workload
# (txns, payload bytes) | minimum relay files
CONFIGS=(
    "defaults|--binlog-format=ROW||||80 150|3"
    "annotate-off-lsu-on|--binlog-format=ROW|--log-slave-updates=1 --replicate-annotate-row-events=0|||80 150|3"
    "annotate-on-lsu-on|--binlog-format=ROW|--log-slave-updates=1 --replicate-annotate-row-events=1|||80 150|3"
    "annotate-off-lsu-off|--binlog-format=ROW|--log-slave-updates=0 --replicate-annotate-row-events=0|||80 150|3"
    "ignore-domain-2|--binlog-format=ROW||, IGNORE_DOMAIN_IDS=(2)||80 150|3"
    "do-domain-0-1|--binlog-format=ROW||, DO_DOMAIN_IDS=(0,1)||80 150|3"
    "checksum-none-primary|--binlog-format=ROW --binlog-checksum=NONE||||80 150|3"
    "checksum-none-replica|--binlog-format=ROW|--binlog-checksum=NONE|||80 150|3"
    "mixed|--binlog-format=MIXED|--log-slave-updates=1|||80 150|3"
    "many-relay-files|--binlog-format=ROW|||--max-binlog-size=4096|400 900|200"
    "gtid-reconnect|--binlog-format=ROW||||80 150|3"
)
full=${GP_FULL:-0}
want_configs=${GP_CONFIGS:-}
if [ -z "$want_configs" ]; then
    if [ "$full" = 1 ]; then
        for c in "${CONFIGS[@]}"; do want_configs+="${c%%|*} "; done
    else
        want_configs=defaults
    fi
fi

# BINLOG_GTID_POS lists domains in the server's order, gtidpos by domain.
norm() { tr ',' '\n' | sed '/^$/d' | sort -t- -k1,1n | paste -sd, -; }

# The workload: TXNS transactions over domains 0, 1 and 2 (ROW or MIXED as
# the server logs them), single and multi-statement, DDL, FLUSH BINARY LOGS.
workload() {
    local n=$1 len=$2 i d
    echo "CREATE DATABASE w;"
    for d in 0 1 2; do
        echo "SET SESSION gtid_domain_id = $d; CREATE TABLE w.t$d (id INT PRIMARY KEY, v TEXT) ENGINE=InnoDB;"
    done
    for i in $(seq 1 "$n"); do
        d=$(( (i * 7 / 3) % 3 ))
        echo "SET SESSION gtid_domain_id = $d;"
        case $((i % 9)) in
            0) echo "BEGIN; INSERT INTO w.t$d VALUES ($i, REPEAT('a', $len)); UPDATE w.t$d SET v = CONCAT(v, 'x') WHERE id < $i; DELETE FROM w.t$d WHERE id = $((i - 5)); COMMIT;" ;;
            2) echo "BEGIN; INSERT INTO w.t$d VALUES ($i, 'm1'); INSERT INTO w.t$d VALUES ($((i + 100000)), REPEAT('m', $len)); COMMIT;" ;;
            4) echo "CREATE TABLE w.x$i (a INT) ENGINE=InnoDB; INSERT INTO w.x$i VALUES ($i);" ;;
            6) echo "INSERT INTO w.t$d VALUES ($i, UUID());" ;;   # unsafe: rows under MIXED
            7) echo "ALTER TABLE w.t$d COMMENT 'c$i'; INSERT INTO w.t$d VALUES ($i, REPEAT('c', $len));" ;;
            *) echo "INSERT INTO w.t$d VALUES ($i, REPEAT('b', $len));" ;;
        esac
        if [ $((i % 25)) = 0 ]; then echo "FLUSH BINARY LOGS;"; fi
    done
}

# SHOW SLAVE STATUS, one "Field: value" a line (mdb_sql's -N drops the names).
slave_status() {
    "$MDB_CLIENT" --no-defaults -B -uroot --socket="$1/sock" -e "SHOW SLAVE STATUS\\G"
}

# Wait until the replica has received everything: its I/O thread's
# position equals the primary's current binlog end (read again each time:
# the primary writes Binlog_checkpoint events after the workload).  Uses
# the caller's P, R, want, got and i.
wait_received() {
    for ((i = 0; i < 300; i++)); do
        want=$(mdb_sql "$P" "SHOW MASTER STATUS" | cut -f1,2)
        got=$(slave_status "$R" |
            awk '$1 == "Master_Log_File:" { f = $2 } $1 == "Read_Master_Log_Pos:" { p = $2 } END { printf "%s\t%s", f, p }')
        [ "$got" = "$want" ] && break
        sleep 0.2
    done
}

# `gtidpos at RELAYFILE:POS` in RELAY coordinates (issue 12 item 3), at
# every Gtid event of every relay file (every 4th unless GP_FULL=1): the
# answer must be the primary's
# BINLOG_GTID_POS at the source position that event stands for (its
# log_pos - size, in the source file the stream's last Rotate named), or a
# one-line refusal, exit 5, naming --source-pos.  A MariaDB replica writes
# no Gtid_list of its own in a relay file; the source's, relayed, is not
# the relay file's starting set (walk/engine.h, relay_own_id), so today
# every such position is refused.
relay_positions() {
    local name=$1 P=$2 D=$3 f
    shift 3
    local n=0 agreed=0 refused=0 rpos sfile spos answer rc k=0 server
    for f in "$@"; do
        printf 'FILE %s\n' "$f"
        "$GTIDPOS" events --json "$f"
    done | awk '
        /^FILE / { file = $2; own = ""; next }
        {
            match($0, /"server_id":[0-9]+/); sid = substr($0, RSTART + 12, RLENGTH - 12)
            match($0, /"type":"[^"]*"/); type = substr($0, RSTART + 8, RLENGTH - 9)
            match($0, /"log_pos":[0-9]+/); lp = substr($0, RSTART + 10, RLENGTH - 10)
            match($0, /"size":[0-9]+/); size = substr($0, RSTART + 7, RLENGTH - 7)
            match($0, /"start":[0-9]+/); start = substr($0, RSTART + 8, RLENGTH - 8)
            if (own == "") { own = sid; next }
            if (sid == own) next
            if (type == "Rotate") {
                match($0, /"rotate_file":"[^"]*"/); rf = substr($0, RSTART + 15, RLENGTH - 16)
                src = rf
                next
            }
            if (type == "Gtid" && src != "" && lp > 0)
                print file, start, src, lp - size
        }' >"$D/relaypos.all"
    # every 4th relay position unless GP_FULL=1
    awk -v full="$full" 'full == 1 || NR % 4 == 1' "$D/relaypos.all" >"$D/relaypos"
    mapfile -t answers < <(while read -r _ _ sfile spos; do
        echo "SELECT CONCAT('=', IFNULL(BINLOG_GTID_POS('$sfile', $spos), 'NULL'));"
    done <"$D/relaypos" | mdb_sql "$P")
    while read -r f rpos sfile spos; do
        n=$((n + 1))
        server=$(printf '%s' "${answers[k]#=}" | norm)
        k=$((k + 1))
        answer=$("$GTIDPOS" at "$f:$rpos" 2>"$D/err")
        rc=$?
        if [ $rc = 0 ] && [ "$answer" = "$server" ]; then
            agreed=$((agreed + 1))
        elif [ $rc = 0 ]; then
            fail "$name: WRONG answer at relay ${f##*/}:$rpos ($sfile:$spos)" \
                "BINLOG_GTID_POS: $server" "at RELAY:POS:    $answer"
        elif [ $rc = 5 ] && [ "$(wc -l <"$D/err")" = 1 ] && grep -q -- '--source-pos' "$D/err"; then
            refused=$((refused + 1))
        else
            fail "$name: relay ${f##*/}:$rpos: exit $rc" "$(cat "$D/err")"
        fi
    done <"$D/relaypos"
    [ "$n" -ge 20 ] && pass "$name: at RELAY:POS at $n relay positions" ||
        fail "$name: only $n relay positions mapped to the source"
    printf '%-22s at RELAY:POS: %d relay positions, agreed %d, refused naming --source-pos %d\n' \
        "" "$n" "$agreed" "$refused"
}

# Check one configuration; prints its tally line.
run_config() {
    local spec=$1 idx=$2
    local name popts ropts cm pbin work minrelay
    IFS='|' read -r name popts ropts cm pbin work minrelay <<<"$spec"
    local D=$TMP/$name P=$TMP/$name/primary R=$TMP/$name/replica
    local pport started=$SECONDS
    mkdir -p "$P" "$R/relay" "$R/tmp"
    # The replica's datadir is made while the primary starts (mdb_start
    # installs only a datadir that has no mysql/ yet), with mdb_start's own
    # options.
    local user=() inst
    [ "$(id -u)" -eq 0 ] && user=(--user=root)
    "$MDB_INSTALL_DB" --no-defaults "${user[@]}" --datadir="$R/data" --tmpdir="$R/tmp" \
        --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve \
        >"$R/install.log" 2>&1 &
    inst=$!
    # shellcheck disable=SC2086 # the option lists split on purpose
    mdb_start_free "$P" $((idx * 2 + 101)) --server-id=1 ${pbin:---max-binlog-size=8192} $popts ||
        { fail "$name: cannot start the primary"; wait "$inst"; return; }
    pport=$MDB_PORT
    wait "$inst" || { fail "$name: mariadb-install-db for the replica" "$(tail -5 "$R/install.log")"; mdb_stop "$P"; return; }
    # shellcheck disable=SC2086
    mdb_start_free "$R" $((idx * 2 + 102)) --server-id=2 --skip-slave-start \
        --relay-log="$R/relay/relay-bin" --relay-log-purge=0 --max-relay-log-size=4096 $ropts ||
        { fail "$name: cannot start the replica"; mdb_stop "$P"; return; }
    mdb_sql "$P" "CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY 'repl';
                  GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1'" ||
        { fail "$name: primary: create user"; mdb_stop "$R"; mdb_stop "$P"; return; }
    mdb_sql "$R" "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$pport,
                  MASTER_USER='repl', MASTER_PASSWORD='repl', MASTER_USE_GTID=slave_pos $cm;
                  START SLAVE" ||
        { fail "$name: replica: change master"; mdb_stop "$R"; mdb_stop "$P"; return; }
    local want got i
    if [ "$name" = gtid-reconnect ]; then
        # Two reconnections of the I/O thread on GTID (issue 12 item 2):
        # the primary sends the file holding the replica's last GTID again
        # from its offset 4 and skips the groups the replica has
        # (sql_repl.cc send_event_to_slave, gtid_skip_group).  Stopped
        # once caught up and once while the primary is still writing.
        # shellcheck disable=SC2086
        workload $work >"$D/work.sql"
        local lines half3
        lines=$(wc -l <"$D/work.sql")
        half3=$((lines / 3))
        head -n "$half3" "$D/work.sql" | mdb_sql "$P" ||
            { fail "$name: primary: workload"; mdb_stop "$R"; mdb_stop "$P"; return; }
        wait_received
        mdb_sql "$R" "STOP SLAVE IO_THREAD"
        sed -n "$((half3 + 1)),$((2 * half3))p" "$D/work.sql" | mdb_sql "$P" ||
            { fail "$name: primary: workload"; mdb_stop "$R"; mdb_stop "$P"; return; }
        mdb_sql "$R" "START SLAVE IO_THREAD"
        sleep 0.3
        mdb_sql "$R" "STOP SLAVE IO_THREAD"
        tail -n "+$((2 * half3 + 1))" "$D/work.sql" | mdb_sql "$P" ||
            { fail "$name: primary: workload"; mdb_stop "$R"; mdb_stop "$P"; return; }
        mdb_sql "$R" "START SLAVE IO_THREAD"
    else
        # shellcheck disable=SC2086
        workload $work | mdb_sql "$P" ||
            { fail "$name: primary: workload"; mdb_stop "$R"; mdb_stop "$P"; return; }
    fi
    wait_received
    if [ "$got" != "$want" ]; then
        fail "$name: the replica did not receive everything" "primary at $want, replica read up to $got" \
            "$(slave_status "$R" | grep -i error)"
        mdb_stop "$R"; mdb_stop "$P"; return
    fi
    local relays=("$R"/relay/relay-bin.[0-9]*)
    if [ ${#relays[@]} -lt "$minrelay" ]; then
        fail "$name: expected at least $minrelay relay files, got ${#relays[@]}"
    else
        pass "$name: ${#relays[@]} relay files"
    fi

    # The same relay logs with their first half purged (relay_log_purge as
    # a replica does it, from the oldest file): every answer must still be
    # the primary's; a position before what is left is refused.
    local half=$(( ${#relays[@]} / 2 )) j
    mkdir -p "$D/purged"
    for ((j = half; j < ${#relays[@]}; j++)); do cp "${relays[j]}" "$D/purged/"; done
    local p_agreed=0 p_refused=0

    local checked=0 agreed=0 refused=0 wrong=0 f pos server relay rc err A B
    : >"$D/reasons"
    for f in $(mdb_sql "$P" "SHOW BINARY LOGS" | cut -f1); do
        mdb_sql "$P" "SHOW BINLOG EVENTS IN '$f'" >"$D/events"
        local positions answers k=0
        positions=$(awk -F'\t' '$3 == "Gtid" { print $2 } { end = $5 } END { print end }' "$D/events")
        # The server's answers in one client call, one line each, in order.
        mapfile -t answers < <(for pos in $positions; do
            echo "SELECT CONCAT('=', IFNULL(BINLOG_GTID_POS('$f', $pos), 'NULL'));"
        done | mdb_sql "$P")
        for pos in $positions; do
            checked=$((checked + 1))
            server=$(printf '%s' "${answers[k]#=}" | norm)
            k=$((k + 1))
            relay=$("$GTIDPOS" at --source-pos "$f:$pos" "$D/purged" 2>"$D/err")
            rc=$?
            if [ $rc = 0 ] && [ "$relay" = "$server" ]; then
                p_agreed=$((p_agreed + 1))
            elif [ $rc = 0 ]; then
                wrong=$((wrong + 1))
                fail "$name: WRONG answer at $f:$pos from the purged relay logs" \
                    "BINLOG_GTID_POS: $server" "--source-pos:    $relay"
            elif [ "$(wc -l <"$D/err")" = 1 ] && { [ $rc = 5 ] || [ $rc = 6 ]; }; then
                p_refused=$((p_refused + 1))
            else
                fail "$name: $f:$pos from the purged relay logs: exit $rc" "$(cat "$D/err")"
            fi
            relay=$("$GTIDPOS" at --source-pos "$f:$pos" "$R/relay" 2>"$D/err")
            rc=$?
            if [ $rc = 0 ]; then
                if [ "$relay" = "$server" ]; then
                    agreed=$((agreed + 1))
                else
                    wrong=$((wrong + 1))
                    fail "$name: WRONG answer at $f:$pos" "BINLOG_GTID_POS: $server" \
                        "--source-pos:    $relay"
                fi
                continue
            fi
            err=$(cat "$D/err")
            refused=$((refused + 1))
            # The reason, without the numbers, for the grouping.
            printf '%s\n' "$err" | sed -E 's/[0-9]+/N/g; s/^gtidpos: [^ ]*: //' >>"$D/reasons"
            if [ "$(wc -l <"$D/err")" != 1 ] || [ $rc != 5 ]; then
                fail "$name: $f:$pos refused with exit $rc and $(wc -l <"$D/err") lines" "$err"
                continue
            fi
            if [[ $err =~ source\ bytes\ ([0-9]+)\.\.([0-9]+)\ of\ $f ]]; then
                A=${BASH_REMATCH[1]} B=${BASH_REMATCH[2]}
                if awk -F'\t' -v a="$A" -v b="$B" '$3 == "Gtid" && $2 >= a && $2 < b { found = 1 } END { exit !found }' "$D/events"; then
                    pass "$name: $f:$pos refused: a Gtid event is in $A..$B"
                else
                    fail "$name: $f:$pos refused, but bytes $A..$B of $f hold no Gtid event" "$err"
                fi
            else
                fail "$name: $f:$pos refused without naming the missing source bytes" "$err"
            fi
        done
    done
    [ "$checked" -ge 60 ] && pass "$name: $checked positions" || fail "$name: only $checked positions checked"
    [ "$wrong" = 0 ] && pass "$name: no wrong answer"
    printf '%-22s checked %4d  agreed %4d  refused %4d  wrong %d  (%ds)\n' "$name" "$checked" \
        "$agreed" "$refused" "$wrong" $((SECONDS - started))
    sort "$D/reasons" | uniq -c | sort -rn | sed 's/^/        /'
    relay_positions "$name" "$P" "$D" "${relays[@]}"
    printf '%-22s first %d of %d relay files purged: agreed %d, refused %d\n' "" "$half" \
        "${#relays[@]}" "$p_agreed" "$p_refused"
    [ "$p_agreed" -gt 0 ] && pass "$name: purged relay logs answer" ||
        fail "$name: the purged relay logs answered nothing"
    mdb_sql "$R" "STOP SLAVE" >/dev/null 2>&1
    mdb_stop "$R"
    mdb_stop "$P"
    [ "${GP_KEEP:-0}" = 1 ] || rm -rf "$D"
}

idx=0
ran=0
for spec in "${CONFIGS[@]}"; do
    idx=$((idx + 1))
    case " $want_configs " in *" ${spec%%|*} "*) ;; *) continue ;; esac
    run_config "$spec" "$idx"
    ran=$((ran + 1))
done
n_want=$(wc -w <<<"$want_configs")
[ "$ran" = "$n_want" ] && pass "$ran configurations ran" ||
    fail "asked for $n_want configurations ($want_configs), $ran are known"
tally_summary
