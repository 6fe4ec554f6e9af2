#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/mariadb/scan.sh - `gtidpos scan` against a live MariaDB server (a
# private mariadbd, tests/lib/mariadb_server.sh) and a replica of it.
#
# A seeded workload (autocommit and BEGIN..COMMIT groups, ROLLBACK, DDL,
# MyISAM, three gtid_domain_ids, FLUSH BINARY LOGS, a 16 KiB
# max_binlog_size) fills several binlogs; a replica copies them into relay
# logs.  Then, on the data directory (bin.index order):
#  (a) every `scan --boundaries --sets` record's set equals the server's
#      SELECT BINLOG_GTID_POS(file, end), and its GTID is the one SHOW
#      BINLOG EVENTS shows in the group that ends at end;
#  (b) `scan --summary`: each file's previous_gtids is the Gtid_list SHOW
#      BINLOG EVENTS shows, the previous file's gtid_set equals it, and the
#      last file's gtid_set is @@gtid_binlog_pos; -j 1 and -j 3 agree;
#  (c) the replica's relay logs, each against `at` (same error line when
#      at refuses one, else the same set at the end); the GTIDs found in
#      them are the source's, in order.
# Env: GTIDPOS (default build/gtidpos), GP_SEED, GP_KEEP=1.  The last line
# of stdout is "N passed, M failed".
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/mariadb_server.sh source-path=SCRIPTDIR disable=SC1091
. "$here/../lib/mariadb_server.sh"
# shellcheck source=../lib/tally.sh disable=SC1091
. "$here/../lib/tally.sh"
# shellcheck source=../lib/mariadb_prelude.sh disable=SC1091
. "$here/../lib/mariadb_prelude.sh"
command -v python3 >/dev/null || die "python3 not found"

seed=${GP_SEED:-$(( ($(date +%s) + $$) % 32768 ))}
echo "scan: seed $seed (rerun with GP_SEED=$seed)"
RANDOM=$seed
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gtidpos-scan.XXXXXX")
S=$TMP/source
R=$TMP/replica
mkdir -p "$S" "$R/relay"

# start DIR SALT OPTIONS...: a small, fast server; its port in MDB_PORT.
start() {
    local dir=$1 salt=$2
    shift 2
    mdb_start_free "$dir" "$salt" --innodb-buffer-pool-size=32M \
        --innodb-flush-log-at-trx-commit=0 --innodb-log-file-size=16M "$@"
}
start "$S" 0 --server-id=1 --max-binlog-size=16384 --binlog-checksum=CRC32 ||
    die "could not start the source mariadbd"
sport=$MDB_PORT
mdb_sql "$S" "CREATE USER repl@'127.0.0.1'; GRANT REPLICATION SLAVE ON *.* TO repl@'127.0.0.1';
    CREATE DATABASE s; CREATE TABLE s.t (id INT AUTO_INCREMENT PRIMARY KEY, v TEXT) ENGINE=InnoDB;
    CREATE TABLE s.m (id INT AUTO_INCREMENT PRIMARY KEY, v TEXT) ENGINE=MyISAM" ||
    die "setup SQL failed"

workload() {
    local i k
    echo "USE s;"
    for ((i = 0; i < 150; i++)); do
        k=$((RANDOM % 10))
        case $k in
            0) echo "SET SESSION gtid_domain_id=$((RANDOM % 3));" ;;
            1) echo "BEGIN; INSERT INTO t (v) VALUES ('a$i'); INSERT INTO t (v) VALUES (REPEAT('b', $((RANDOM % 900)))); COMMIT;" ;;
            2) echo "BEGIN; INSERT INTO t (v) VALUES ('r$i'); ROLLBACK;" ;;
            3) echo "CREATE TABLE IF NOT EXISTS d$((RANDOM % 5)) (x INT); DROP TABLE IF EXISTS d$((RANDOM % 5));" ;;
            4) echo "INSERT INTO m (v) VALUES ('m$i');" ;;
            5) if [ $((RANDOM % 4)) = 0 ]; then echo "FLUSH BINARY LOGS;"; fi ;;
            *) echo "INSERT INTO t (v) VALUES (REPEAT('x', $((RANDOM % 2000))));" ;;
        esac
        # at least one file per 40 steps, whatever the seed draws (seed
        # 8896 left two files)
        if [ $((i % 40)) = 39 ]; then echo "FLUSH BINARY LOGS;"; fi
    done
    return 0
}
workload | mdb_sql "$S" || die "workload failed"

start "$R" 17 --server-id=2 --relay-log="$R/relay/relay" --max-relay-log-size=16384 \
    --relay-log-purge=0 || die "could not start the replica"
mdb_sql "$R" "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$sport, MASTER_USER='repl',
    MASTER_USE_GTID=slave_pos; START SLAVE" || die "CHANGE MASTER failed"
want=$(mdb_sql "$S" "SELECT @@gtid_binlog_pos")
for ((i = 0; i < 300; i++)); do
    [ "$(mdb_sql "$R" "SELECT @@gtid_slave_pos" 2>/dev/null)" = "$want" ] && break
    sleep 0.2
done
[ "$(mdb_sql "$R" "SELECT @@gtid_slave_pos")" = "$want" ] || die "the replica did not catch up ($want)"
mdb_sql "$R" "STOP SLAVE" || true

# (a) every boundary against BINLOG_GTID_POS and SHOW BINLOG EVENTS.
"$GTIDPOS" scan --boundaries --sets "$S/data" >"$TMP/bounds" 2>"$TMP/bounds.err"
rc=$?
if [ "$rc" = 0 ]; then pass "scan of the live data directory"; else fail "scan of the live data directory" "exit $rc: $(head -c 300 "$TMP/bounds.err")"; fi
n=$(wc -l <"$TMP/bounds")
if [ "$n" -gt 80 ]; then pass "$n boundaries"; else fail "only $n boundaries"; fi
awk -F'\t' '{ n = split($1, p, "/"); printf "SELECT BINLOG_GTID_POS(\047%s\047, %s);\n", p[n], $3 }' "$TMP/bounds" |
    mdb_sql "$S" >"$TMP/server_sets" || fail "BINLOG_GTID_POS queries failed"
mapfile -t files < <(mdb_sql "$S" "SHOW BINARY LOGS" | cut -f1)
for f in "${files[@]}"; do
    mdb_sql "$S" "SHOW BINLOG EVENTS IN '$f'" | sed "s/^/$f\t/"
done >"$TMP/show"
while read -r verdict rest; do
    if [ "$verdict" = ok ]; then pass "$rest"; else fail "$rest"; fi
done < <(python3 - "$TMP" <<'PY' 2>&1
import os, sys
d = sys.argv[1]
bounds = [l.rstrip("\n").split("\t") for l in open(d + "/bounds")]
server = [l.rstrip("\n") for l in open(d + "/server_sets")]
norm = lambda x: ",".join(sorted(x.split(","))) if x else ""
bad = [(b[0], b[2], b[6], s) for b, s in zip(bounds, server) if norm(b[6]) != norm(s)]
print("ok" if len(server) == len(bounds) and not bad else "FAIL",
      "every boundary's set equals BINLOG_GTID_POS(file, end) (domains in any order)", bad[:2])
# SHOW BINLOG EVENTS: Log_name Pos Event_type Server_id End_log_pos Info.
# A Gtid event "BEGIN GTID d-s-n" opens a group that ends at its Xid or
# COMMIT/ROLLBACK query; "GTID d-s-n" (standalone) ends with the next query.
gtid_at, open_ = {}, None
for l in open(d + "/show"):
    f, _log, pos, typ, _sid, end, info = (l.rstrip("\n").split("\t") + [""] * 7)[:7]
    if typ == "Gtid":
        open_ = (info.split("GTID ")[1].split()[0], not info.startswith("BEGIN"))
    elif open_ and ((open_[1] and typ == "Query") or
                    (not open_[1] and (typ == "Xid" or (typ == "Query" and
                     info.upper().startswith(("COMMIT", "ROLLBACK")))))):
        gtid_at[(f, int(end))] = open_[0]
        open_ = None
wrong = [(b[0], b[2], b[3], gtid_at.get((os.path.basename(b[0]), int(b[2]))))
         for b in bounds if gtid_at.get((os.path.basename(b[0]), int(b[2]))) != b[3]]
print("ok" if not wrong and len(gtid_at) == len(bounds) else "FAIL",
      "every boundary's GTID is SHOW BINLOG EVENTS's group ending there", wrong[:3], len(gtid_at), len(bounds))
PY
)

# (b) summaries: chain, Gtid_list, @@gtid_binlog_pos; -j 1 == -j 3.
"$GTIDPOS" scan --summary --format jsonl -j 1 "$S/data" >"$TMP/sum1" 2>/dev/null
"$GTIDPOS" scan --summary --format jsonl -j 3 "$S/data" >"$TMP/sum3" 2>/dev/null
if [ -s "$TMP/sum1" ] && cmp -s "$TMP/sum1" "$TMP/sum3"; then pass "summary -j 1 == -j 3"; else fail "summary -j 1 != -j 3"; fi
binlog_pos=$(mdb_sql "$S" "SELECT @@gtid_binlog_pos")
while read -r verdict rest; do
    if [ "$verdict" = ok ]; then pass "$rest"; else fail "$rest"; fi
done < <(python3 - "$TMP" "$binlog_pos" <<'PY' 2>&1
import json, os, sys
d, pos = sys.argv[1], sys.argv[2]
sums = [json.loads(l) for l in open(d + "/sum1")]
lists = {}
for l in open(d + "/show"):
    p = l.rstrip("\n").split("\t")
    if len(p) >= 7 and p[3] == "Gtid_list" and p[0] not in lists:
        lists[p[0]] = p[6].strip("[]").replace(" ", "")
ok1 = all(s["previous_gtids"] == lists.get(os.path.basename(s["name"])) for s in sums)
print("ok" if ok1 and len(sums) > 2 else "FAIL", "previous_gtids == SHOW BINLOG EVENTS's Gtid_list, %d files" % len(sums),
      [(s["name"], s["previous_gtids"], lists.get(os.path.basename(s["name"]))) for s in sums][:2] if not ok1 else "")
chain = all(a["gtid_set"] == b["previous_gtids"] for a, b in zip(sums, sums[1:]))
print("ok" if chain else "FAIL", "each file's gtid_set is the next file's previous_gtids")
print("ok" if sums and sums[-1]["gtid_set"] == pos else "FAIL", "last gtid_set == @@gtid_binlog_pos",
      (sums[-1]["gtid_set"] if sums else None, pos))
PY
)

# (c) the replica's relay logs, file by file against `at`: the same error
# line when `at` refuses the file (a relay log the replica rotated inside a
# transaction, or before the source's Gtid_list came, has no starting set
# of its own), else the same set at the end.  The GTIDs events lists in
# them are the source's, in the source's order.
: >"$TMP/relay_gtids"
nrelay=0
for f in "$R"/relay/relay.[0-9]*; do
    nrelay=$((nrelay + 1))
    at_out=$("$GTIDPOS" at "$f" 2>"$TMP/at.err")
    at_rc=$?
    "$GTIDPOS" scan --summary "$f" >"$TMP/rs" 2>"$TMP/rs.err"
    rc=$?
    # the GTIDs relayed, from events (scan refuses a MariaDB relay log:
    # no set is known at its positions, so it has no boundaries to list)
    "$GTIDPOS" events "$f" 2>/dev/null | awk -F'\t' '$3 == "Gtid" { sub(/^gtid=/, "", $7); sub(/ .*/, "", $7); print $7 }' >>"$TMP/relay_gtids"
    if [ "$at_rc" != 0 ]; then
        if [ "$rc" = "$at_rc" ] && cmp -s "$TMP/rs.err" "$TMP/at.err"; then
            pass "relay ${f##*/}: refused as at refuses it (exit $rc)"
        else
            fail "relay ${f##*/}: at exit $at_rc, scan exit $rc" "$(cat "$TMP/at.err")" "$(cat "$TMP/rs.err")"
        fi
    elif [ "$rc" = 0 ] && [ "$(cut -f12 "$TMP/rs")" = "$at_out" ]; then
        pass "relay ${f##*/}: gtid_set == at"
    else
        fail "relay ${f##*/}: scan exit $rc, gtid_set $(cut -f12 "$TMP/rs") vs at $at_out"
    fi
done
if [ "$nrelay" -ge 2 ]; then pass "$nrelay relay logs"; else fail "only $nrelay relay logs"; fi
cut -f4 "$TMP/bounds" | grep -v '^$' >"$TMP/src_gtids"
if python3 - "$TMP/src_gtids" "$TMP/relay_gtids" <<'PY'
import sys
src = [l.strip() for l in open(sys.argv[1]) if l.strip()]
rel = [l.strip() for l in open(sys.argv[2]) if l.strip()]
it = iter(src)
sys.exit(0 if len(rel) > len(src) // 2 and all(g in it for g in rel) else 1)
PY
then
    pass "relay GTIDs are the source's, in order"
else
    fail "relay GTIDs are not a subsequence of the source's" "$(wc -l <"$TMP/relay_gtids") relay, $(wc -l <"$TMP/src_gtids") source"
fi
tally_summary
