#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/mariadb/diff.sh - `gtidpos diff A B` on a live MariaDB primary and
# replica that the test makes diverge.
#
# A private primary P and a replica R (GTID replication, log_slave_updates,
# small binlogs so that each side has several files) replicate a workload;
# then the test writes on R directly (errant: domain 5, which P never
# saw), stops R's replication and writes on P (lost: domain 0 seq_nos R
# never got).  Oracles, from the servers only:
#   - @@gtid_binlog_pos of each: the end sets diff prints (--json a_end,
#     b_end) must equal them;
#   - SHOW BINLOG EVENTS of every binlog of each: the GTID events (file,
#     position, GTID) of the transactions not executed on the other side,
#     "executed" read from the other server's @@gtid_binlog_pos by the
#     MariaDB rule (present, or at or below its domain's seq_no): diff's
#     a-only and b-only records must be exactly those.
# Then the mirror (diff R P), a single file against a directory, a file
# list, and a file-level check that headers spared files (files_walked <
# files).  The last line of stdout is "N passed, M failed".
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
mdb_start_free "$P" 3 --server-id=1 --max-binlog-size=4096 --gtid-strict-mode=1 ||
    die "cannot start the primary"
pport=$MDB_PORT
mdb_start_free "$R" 23 --server-id=2 --max-binlog-size=4096 --gtid-strict-mode=1 \
    --log-slave-updates --skip-slave-start --relay-log="$R/relay/relay-bin" || die "cannot start the replica"
mdb_sql "$P" "CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY 'repl';
              GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1'" || die "primary: create user"
mdb_sql "$R" "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$pport,
              MASTER_USER='repl', MASTER_PASSWORD='repl', MASTER_USE_GTID=slave_pos;
              START SLAVE" || die "replica: change master"

{
    echo "CREATE DATABASE w; CREATE TABLE w.t (id INT PRIMARY KEY, v VARCHAR(300)) ENGINE=InnoDB;"
    for i in $(seq 1 30); do echo "INSERT INTO w.t VALUES ($i, REPEAT('p', 250));"; done
} | mdb_sql "$P" || die "primary: workload"
want=$(mdb_sql "$P" "SELECT @@gtid_binlog_pos")
for ((i = 0; i < 150; i++)); do
    [ "$(mdb_sql "$R" "SELECT @@gtid_slave_pos")" = "$want" ] && break
    sleep 0.2
done
[ "$(mdb_sql "$R" "SELECT @@gtid_slave_pos")" = "$want" ] || die "replica did not catch up to $want"

# In sync: no difference either way.
out=$("$GTIDPOS" diff "$P/data" "$R/data" 2>&1); rc=$?
if [ "$rc" = 0 ] && [ "$out" = $'a-only-set\t\nb-only-set\t' ]; then pass "in sync: no difference"; else fail "in sync" "got (exit $rc): $out"; fi

# Errant: written on the replica, in a domain of its own.
mdb_sql "$R" "SET SESSION gtid_domain_id = 5; INSERT INTO w.t VALUES (1001, 'errant');
              INSERT INTO w.t VALUES (1002, 'errant')" || die "replica: errant writes"
# Lost: the replica stops, the primary goes on.
mdb_sql "$R" "STOP SLAVE" || die "replica: stop slave"
for i in 31 32 33; do echo "INSERT INTO w.t VALUES ($i, REPEAT('l', 250));"; done | mdb_sql "$P" ||
    die "primary: lost writes"
mdb_sql "$P" "FLUSH BINARY LOGS" && mdb_sql "$R" "FLUSH BINARY LOGS" || die "flush"

pos_p=$(mdb_sql "$P" "SELECT @@gtid_binlog_pos")
pos_r=$(mdb_sql "$R" "SELECT @@gtid_binlog_pos")

# gtid_events DIR: FILE<TAB>POS<TAB>GTID of every GTID event, from the server.
gtid_events() {
    local d=$1 f
    for f in $(mdb_sql "$d" "SHOW BINARY LOGS" | cut -f1); do
        mdb_sql "$d" "SHOW BINLOG EVENTS IN '$f'" |
            awk -F'\t' -v f="$d/data/$f" -v OFS='\t' '$3 == "Gtid" { n = split($6, w, " "); print f, $2, w[n] }'
    done
}
# not_executed STATE: the lines of stdin whose GTID the state does not hold
# (MariaDB rule: a domain's seq_no at or below the state's is executed).
not_executed() {
    awk -F'\t' -v st="$1" -v OFS='\t' '
        BEGIN { n = split(st, e, ","); for (i = 1; i <= n; i++) { split(e[i], g, "-"); seq[g[1]] = g[3] } }
        { split($3, g, "-"); if (!(g[1] in seq) || g[3] + 0 > seq[g[1]] + 0) print }'
}
gtid_events "$P" >"$TMP/p.ev"
gtid_events "$R" >"$TMP/r.ev"
nfp=$(mdb_sql "$P" "SHOW BINARY LOGS" | wc -l) nfr=$(mdb_sql "$R" "SHOW BINARY LOGS" | wc -l)
[ "$nfp" -ge 3 ] && [ "$nfr" -ge 3 ] && pass "several binlogs each ($nfp, $nfr)" || fail "expected several binlogs, got $nfp and $nfr"
want_a=$(not_executed "$pos_r" <"$TMP/p.ev" | sed 's/^/a-only\t/')
want_b=$(not_executed "$pos_p" <"$TMP/r.ev" | sed 's/^/b-only\t/')
[ "$(wc -l <<<"$want_a")" = 3 ] && [ "$(wc -l <<<"$want_b")" = 2 ] && pass "the servers show 3 lost and 2 errant" ||
    fail "oracle: expected 3 lost, 2 errant" "$want_a" "$want_b"

out=$("$GTIDPOS" diff "$P/data" "$R/data" 2>&1); rc=$?
got=$(grep -E '^(a|b)-only'$'\t' <<<"$out" | cut -f1,2,3,5)
want=$(printf '%s\n%s' "$want_a" "$want_b")
if [ "$rc" = 1 ] && [ "$got" = "$want" ]; then pass "diff P R: lost and errant where SHOW BINLOG EVENTS has them"; else fail "diff P R" "expected: $want" "got (exit $rc): $out"; fi
sa=$(cut -f4 <<<"$want_a" | paste -sd,) sb=$(cut -f4 <<<"$want_b" | paste -sd,)
if grep -qx $'a-only-set\t'"$sa" <<<"$out" && grep -qx $'b-only-set\t'"$sb" <<<"$out"; then pass "summary sets $sa / $sb"; else fail "summary sets" "want $sa / $sb" "got: $out"; fi
# The end of each transaction is a boundary where gtidpos at says it ended.
while IFS=$'\t' read -r _ f _ e g _; do
    last=$("$GTIDPOS" at --json "$f:$e" | sed -n 's/.*"last_gtid":"\([^"]*\)".*/\1/p')
    [ "$last" = "$g" ] && pass "end of $g" || fail "end of $g at $f:$e" "at says last_gtid $last"
done < <(grep -E '^(a|b)-only'$'\t' <<<"$out")

# JSON: the end sets are the servers' @@gtid_binlog_pos.
norm() { tr ',' '\n' | sort -t- -k1,1n | paste -sd, -; }
js=$("$GTIDPOS" diff --json "$P/data" "$R/data")
a_end=$(sed -n 's/.*"a_end":"\([^"]*\)".*/\1/p' <<<"$js") b_end=$(sed -n 's/.*"b_end":"\([^"]*\)".*/\1/p' <<<"$js")
if [[ $js == '{"schema_version":1,'* ]] && [ "$a_end" = "$(norm <<<"$pos_p")" ] && [ "$b_end" = "$(norm <<<"$pos_r")" ]; then
    pass "end sets = @@gtid_binlog_pos ($pos_p / $pos_r)"
else
    fail "end sets" "want $pos_p / $pos_r" "got: $js"
fi
python3 -c 'import json,sys; d = json.load(sys.stdin); assert len(d["a_only"]) == 3 and len(d["b_only"]) == 2' <<<"$js" &&
    pass "JSON parses, 3 + 2 records" || fail "JSON" "$js"
wb() { sed -n 's/.*"a_read":{[^}]*"walked_bytes":\([0-9]*\)}.*/\1/p'; }
w1=$(wb <<<"$js") w2=$("$GTIDPOS" diff --json --read-all "$P/data" "$R/data" | wb)
[ -n "$w1" ] && [ -n "$w2" ] && [ "$w1" -lt "$w2" ] && pass "headers spared bytes of A: $w1 walked, $w2 with --read-all" || fail "bytes walked" "$w1 vs $w2"

# The mirror, and the sides given as a file list and as an index file.
out2=$("$GTIDPOS" diff "$R/data/bin.index" "$P/data" 2>&1)
mirror=$(grep -E '^(a|b)-only'$'\t' <<<"$out2" | cut -f1,2,3,5 | sed 's/^a-only/X/; s/^b-only/a-only/; s/^X/b-only/' | sort)
if [ "$mirror" = "$(sort <<<"$want")" ]; then pass "diff R P is the mirror (R as its index file)"; else fail "mirror" "$out2"; fi
for f in $(mdb_sql "$P" "SHOW BINARY LOGS" | cut -f1); do echo "$P/data/$f"; done >"$TMP/p.list"
out3=$("$GTIDPOS" diff "$TMP/p.list" "$R/data" 2>&1)
[ "$out3" = "$out" ] && pass "A as a file list" || fail "A as a file list" "$out3"
# --read-all: the same answer.
[ "$("$GTIDPOS" diff --read-all "$P/data" "$R/data" 2>&1)" = "$out" ] && pass "--read-all: same answer" || fail "--read-all differs"
# find and cover on the same logs: the lost GTIDs are found where diff put
# them; a replay for R starts at the first lost one.
fl=$("$GTIDPOS" find "$sa" "$P/data" 2>&1)
[ "$(cut -f1,2,4 <<<"$fl")" = "$(cut -f2,3,4 <<<"$want_a")" ] && pass "find the lost set" || fail "find $sa" "$fl"
cv=$("$GTIDPOS" cover "$pos_r" "$P/data" 2>&1)
first=$(head -1 <<<"$want_a" | cut -f2,3)
[ "$(head -1 <<<"$cv")" = "$first" ] && pass "cover from R's state starts at the first lost transaction" || fail "cover $pos_r" "want $first" "got: $cv"

# A split in one domain: R now writes in domain 0 too (0-2-35, the seq_no
# P used for 0-1-35).  By the seq_no rule each counts as executed on the
# other side; diff says the domain split (R's last GTID is not in P's logs
# though P is past its seq_no), and still lists what the rule leaves.
mdb_sql "$R" "INSERT INTO w.t VALUES (2001, 'split')" && mdb_sql "$R" "FLUSH BINARY LOGS" || die "replica: split write"
pos_r2=$(mdb_sql "$R" "SELECT @@gtid_binlog_pos")
last_r=$(tr ',' '\n' <<<"$pos_r2" | grep '^0-')
want_a2=$(not_executed "$pos_r2" <"$TMP/p.ev" | cut -f3 | paste -sd,)
out=$("$GTIDPOS" diff "$P/data" "$R/data" 2>"$TMP/split.err"); rc=$?
got_a2=$(grep $'^a-only\t' <<<"$out" | cut -f5 | paste -sd,)
if [ "$rc" = 1 ] && grep -q "warning: domain 0: B's last GTID $last_r is not in A's logs" "$TMP/split.err" &&
    [ "$got_a2" = "$want_a2" ]; then
    pass "split in domain 0 told ($last_r); a-only $got_a2"
else
    fail "split in domain 0" "want warning on $last_r and a-only $want_a2" "got (exit $rc): $out / $(cat "$TMP/split.err")"
fi
js=$("$GTIDPOS" diff --json "$P/data" "$R/data" 2>/dev/null)
python3 -c 'import json,sys; d = json.load(sys.stdin); assert len(d["splits"]) == 1, d["splits"]' <<<"$js" &&
    pass "JSON splits" || fail "JSON splits" "$js"

tally_summary
