#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/mariadb/dm_upgrade.sh - the DM v1.0 -> v2 upgrade, end to end, as
# the README tells it: from task_v1.yaml, the checkpoint table and the
# source's files to a task_v2.yaml whose binlog-gtid is the server's own
# answer.
#
# A private MariaDB server (tests/lib/mariadb_server.sh) runs a workload
# over two GTID domains and several binlog files.  Checkpoints are taken
# at transaction ends listed by SHOW BINLOG EVENTS (the end of each Xid
# event).  The checkpoint table is a real table on the server
# (dm_meta.task_v1_syncer_checkpoint, written with sql_log_bin=0) queried
# with the seed query of the upgrade guide through the real client: `-B`
# (tab-separated), `-t` (the boxed table), and SELECT ... INTO OUTFILE as
# CSV.  dm-upgrade then reads (1) the server's binlog directory
# (--binlog-dir) and (2) a DM v1.0 relay directory assembled from the same
# files with tests/lib/dm_relay.sh (two relay subdirectories: the relay
# reconnected inside a file, so the second copy of that file starts with a
# DM dummy event; relay.meta written from the server's answers), and for
# every checkpoint
#     meta.binlog-gtid == SELECT BINLOG_GTID_POS(file, pos)
# A checkpoint inside a transaction (the end of a "BEGIN GTID" event) must
# be refused with exit 6 and nothing written.
#
# Env: GTIDPOS (default build/gtidpos), GP_KEEP=1 keeps the temp dir.
# The last line of stdout is "N passed, M failed".
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/mariadb_server.sh disable=SC1091
. "$here/../lib/mariadb_server.sh"
# shellcheck source=../lib/tally.sh disable=SC1091
. "$here/../lib/tally.sh"
# shellcheck source=../lib/dm_relay.sh disable=SC1091
. "$here/../lib/dm_relay.sh"

GTIDPOS=${GTIDPOS:-build/gtidpos}
case $GTIDPOS in /*) ;; *) GTIDPOS=$PWD/$GTIDPOS ;; esac
[ -x "$GTIDPOS" ] || { echo "dm_upgrade.sh: no gtidpos at $GTIDPOS" >&2; exit 2; }
command -v python3 >/dev/null || { fail "python3 is needed by tests/lib/dm_relay.sh"; tally_summary; exit 1; }

TMP=$(mktemp -d)
cleanup() { mdb_cleanup; if [ "${GP_KEEP:-0}" = 1 ]; then echo "kept $TMP"; else rm -rf "$TMP"; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM
SRV=$TMP/srv
mkdir -p "$SRV" "$TMP/work"
DATA=$SRV/data

mdb_start_free "$SRV" 0 --server-id=1 --max-binlog-size=4096 --binlog-checksum=CRC32 \
    --binlog-format=MIXED --secure-file-priv="$TMP/work" ||
    { fail "could not start mariadbd"; tally_summary; exit 1; }
port=$MDB_PORT

# The workload: two domains, multi-statement transactions, DDL, a
# ROLLBACK, FLUSH BINARY LOGS and a small max_binlog_size.
{
    echo "CREATE DATABASE w; CREATE TABLE w.t (id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(300)) ENGINE=InnoDB;"
    for i in $(seq 1 60); do
        [ $((i % 9)) = 0 ] && echo "SET SESSION gtid_domain_id = $(( (i / 9) % 2 * 2 ));"
        echo "BEGIN; INSERT INTO w.t (v) VALUES (REPEAT('a', $((i * 3)))); INSERT INTO w.t (v) VALUES ('$i'); COMMIT;"
        [ $((i % 13)) = 0 ] && echo "ALTER TABLE w.t ADD COLUMN c$i INT;"
        [ $((i % 11)) = 0 ] && echo "BEGIN; INSERT INTO w.t (v) VALUES ('gone'); ROLLBACK;"
        [ $((i % 20)) = 0 ] && echo "FLUSH BINARY LOGS;"
    done
} | mdb_sql "$SRV" || { fail "workload failed"; tally_summary; exit 1; }

mapfile -t files < <(mdb_sql "$SRV" "SHOW BINARY LOGS" | cut -f1)
[ "${#files[@]}" -ge 4 ] && pass "workload wrote ${#files[@]} binlog files" || fail "only ${#files[@]} binlog files"

# Transaction ends (Xid) and points inside transactions (after BEGIN GTID)
# of every file but the last (still being written).
: >"$TMP/ends.tsv"
: >"$TMP/inside.tsv"
for f in "${files[@]:0:${#files[@]}-1}"; do
    mdb_sql "$SRV" "SHOW BINLOG EVENTS IN '$f'" |
        awk -F'\t' -v f="$f" -v ends="$TMP/ends.tsv" -v inside="$TMP/inside.tsv" '
            $3 == "Xid" { print f "\t" $5 >> ends }
            $3 == "Gtid" && $6 ~ /^BEGIN GTID/ { print f "\t" $5 >> inside }'
done
n_ends=$(wc -l <"$TMP/ends.tsv")
[ "$n_ends" -ge 20 ] && pass "$n_ends transaction ends listed by SHOW BINLOG EVENTS" || fail "only $n_ends transaction ends"
# the server's answers
awk -F'\t' '{ printf "SELECT BINLOG_GTID_POS(\047%s\047, %s);\n", $1, $2 }' "$TMP/ends.tsv" |
    mdb_sql "$SRV" >"$TMP/answers.txt"
paste "$TMP/ends.tsv" "$TMP/answers.txt" >"$TMP/expected.tsv"
[ "$(wc -l <"$TMP/answers.txt")" = "$n_ends" ] && pass "server answered every BINLOG_GTID_POS" || fail "BINLOG_GTID_POS answers missing"

# The v1 task and the v2 source of the upgrade guide's shape.
cat >"$TMP/task_v1.yaml" <<'YAML'
name: task_v1
task-mode: all
meta-schema: "dm_meta"
target-database: {host: "127.0.0.1", port: 4000, user: "root", password: ""}
mysql-instances:
  - source-id: "mariadb-01"
    block-allow-list: "instance"
block-allow-list:
  instance: {do-dbs: ["w"]}
YAML
printf 'source-id: "mariadb-01"\nflavor: "mariadb"\nenable-gtid: true\nrelay-dir: "relay"\nfrom:\n  host: "127.0.0.1"\n  port: %s\n  user: "root"\n' "$port" >"$TMP/source1.yaml"

gtid_of() { sed -n 's/^ *binlog-gtid: "\(.*\)"$/\1/p' "$1"; }

# ---- the checkpoint table on the server, read back with the real client ----
read -r cf cp cs <<<"$(sed -n "$((n_ends / 2))p" "$TMP/expected.tsv")"
mdb_sql "$SRV" "SET sql_log_bin=0; CREATE DATABASE dm_meta;
    CREATE TABLE dm_meta.task_v1_syncer_checkpoint (id VARCHAR(32) NOT NULL, cp_schema VARCHAR(128) NOT NULL,
        cp_table VARCHAR(128) NOT NULL, binlog_name VARCHAR(128), binlog_pos INT UNSIGNED, is_global BOOLEAN,
        create_time timestamp DEFAULT CURRENT_TIMESTAMP, update_time timestamp DEFAULT CURRENT_TIMESTAMP,
        UNIQUE KEY uk_id_schema_table (id, cp_schema, cp_table));
    INSERT INTO dm_meta.task_v1_syncer_checkpoint (id, cp_schema, cp_table, binlog_name, binlog_pos, is_global)
        VALUES ('mariadb-01', '', '', '$cf', $cp, 1), ('mariadb-01', 'w', 't', '$cf', 4, 0);" ||
    fail "creating the checkpoint table"
SEED='SELECT `id`, `binlog_name`, `binlog_pos` FROM `dm_meta`.`task_v1_syncer_checkpoint` WHERE `is_global`=1'
"$MDB_CLIENT" --no-defaults -uroot --socket="$SRV/sock" -B -e "$SEED" >"$TMP/cp.tsv"
"$MDB_CLIENT" --no-defaults -uroot --socket="$SRV/sock" -t -e "$SEED" >"$TMP/cp.txt"
"$MDB_CLIENT" --no-defaults -uroot --socket="$SRV/sock" -t -e 'SELECT * FROM dm_meta.task_v1_syncer_checkpoint' >"$TMP/cp_star.txt"
"$MDB_CLIENT" --no-defaults -uroot --socket="$SRV/sock" -e "$SEED INTO OUTFILE '$TMP/work/cp.csv' FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' LINES TERMINATED BY '\n'"
for form in cp.tsv cp.txt cp_star.txt work/cp.csv; do
    out=$TMP/out_${form//\//_}.yaml
    "$GTIDPOS" dm-upgrade --task "$TMP/task_v1.yaml" --source "$TMP/source1.yaml" \
        --checkpoints "$TMP/$form" --binlog-dir "mariadb-01=$DATA" -o "$out" 2>"$TMP/err"
    rc=$?
    got=$(gtid_of "$out" 2>/dev/null)
    if [ "$rc" = 0 ] && [ "$got" = "$cs" ] && grep -q "binlog-name: \"$cf\"" "$out" && grep -q "binlog-pos: $cp$" "$out"; then
        pass "checkpoint table via the client ($form): binlog-gtid $got = BINLOG_GTID_POS('$cf', $cp)"
    else fail "checkpoint table $form" "want $cf:$cp $cs" "got exit $rc '$got': $(cat "$TMP/err")"; fi
done

# ---- every transaction end, from the binlog directory ----
while IFS=$'\t' read -r f p s; do
    rm -f "$TMP/o.yaml"
    "$GTIDPOS" dm-upgrade --task "$TMP/task_v1.yaml" --source "$TMP/source1.yaml" \
        --checkpoint "mariadb-01=$f:$p" --binlog-dir "mariadb-01=$DATA" -o "$TMP/o.yaml" 2>"$TMP/err"
    rc=$?
    got=$(gtid_of "$TMP/o.yaml" 2>/dev/null)
    if [ "$rc" = 0 ] && [ "$got" = "$s" ]; then pass "--binlog-dir $f:$p"
    else fail "--binlog-dir $f:$p" "want '$s'" "got exit $rc '$got': $(cat "$TMP/err")"; fi
done <"$TMP/expected.tsv"

# Inside a transaction: refused, nothing written.
k=0
while IFS=$'\t' read -r f p; do
    k=$((k + 1))
    [ $((k % 5)) = 1 ] || continue
    rm -f "$TMP/o.yaml"
    "$GTIDPOS" dm-upgrade --task "$TMP/task_v1.yaml" --source "$TMP/source1.yaml" \
        --checkpoint "mariadb-01=$f:$p" --binlog-dir "mariadb-01=$DATA" -o "$TMP/o.yaml" 2>"$TMP/err"
    rc=$?
    if [ "$rc" = 6 ] && [ ! -e "$TMP/o.yaml" ] && grep -q "inside transaction" "$TMP/err"; then
        pass "inside a transaction at $f:$p: refused"
    else fail "inside a transaction at $f:$p" "got exit $rc: $(cat "$TMP/err")"; fi
done <"$TMP/inside.tsv"

# ---- a DM v1.0 relay directory from the same files ----
# The relay reconnected in the middle of file M = files[half], at the end
# N of one of its transactions, as DM does: subdirectory 000001 holds the
# files before M and M cut at N; 000002 holds M from N on (DM writes M's
# header, then a dummy event up to N) and the files after it.  MariaDB
# upstreams are "<domain>-<server_id>".  Checkpoints in M after N are in
# 000002, whose copy of M lacks the GTID events before N: the set there
# needs 000001's copy.
mdb_stop "$SRV"   # the last file gets its Stop event and stays as it is
RELAY=$TMP/relay
mkdir -p "$RELAY"
half=$(( ${#files[@]} / 2 ))
M=${files[half]}
mapfile -t mends < <(awk -F'\t' -v m="$M" '$1 == m { print $2 }' "$TMP/ends.tsv")
N=${mends[${#mends[@]} / 2]}
[ "${#mends[@]}" -ge 3 ] && pass "relay reconnects inside $M at $N" || fail "too few transactions in $M to cut it"
s1=$(dm_relay_sub "$RELAY" 0-1 000001)
s2=$(dm_relay_sub "$RELAY" 0-1 000002)
for ((i = 0; i < half; i++)); do
    dm_relay_add "$s1" "$DATA/${files[i]}" || fail "dm_relay_add ${files[i]}"
done
dm_relay_add "$s1" "$DATA/$M" "cut=$N" || fail "dm_relay_add $M cut=$N"
dm_relay_add "$s2" "$DATA/$M" "start=$N" || fail "dm_relay_add $M start=$N"
for ((i = half + 1; i < ${#files[@]}; i++)); do
    dm_relay_add "$s2" "$DATA/${files[i]}" || fail "dm_relay_add ${files[i]}"
done
suffix_for() { # FILE POS: the subdirectory DM would have named in the checkpoint
    local i
    for ((i = 0; i < half; i++)); do [ "$1" = "${files[i]}" ] && { echo 000001; return; }; done
    if [ "$1" = "$M" ] && [ "$2" -le "$N" ]; then echo 000001; else echo 000002; fi
}
# relay.meta: where each subdirectory's relay stopped, with the server's set.
lastf1=$M
end1=$N
set1=$(awk -F'\t' -v m="$M" -v n="$N" '$1 == m && $2 == n { print $3 }' "$TMP/expected.tsv")
lastf2=${files[${#files[@]} - 1]}
dm_relay_meta "$s1" "$lastf1" "$end1" "$set1"
dm_relay_meta "$s2" "$lastf2" "$(stat -c %s "$DATA/$lastf2")" "$("$GTIDPOS" at "$DATA/$lastf2")"
k=0
while IFS=$'\t' read -r f p s; do
    k=$((k + 1))
    rm -f "$TMP/o.yaml"
    "$GTIDPOS" dm-upgrade --task "$TMP/task_v1.yaml" --source "$TMP/source1.yaml" \
        --checkpoint "mariadb-01=${f%%.*}|$(suffix_for "$f" "$p").${f#*.}:$p" -o "$TMP/o.yaml" 2>"$TMP/err"
    rc=$?
    got=$(gtid_of "$TMP/o.yaml" 2>/dev/null)
    if [ "$rc" = 0 ] && [ "$got" = "$s" ] && grep -q "binlog-name: \"$f\"" "$TMP/o.yaml" &&
        ! grep -q "relay.meta" "$TMP/err"; then
        pass "relay dir ${f%%.*}|$(suffix_for "$f" "$p").${f#*.}:$p"
    else fail "relay dir $f:$p (suffix $(suffix_for "$f" "$p"))" "want '$s'" "got exit $rc '$got': $(cat "$TMP/err")"; fi
done <"$TMP/expected.tsv"
# The source's relay-dir ("relay", relative to the source file) was used;
# a relay.meta that disagrees with the files is reported.
dm_relay_meta "$s1" "$lastf1" "$end1" "0-1-999999"
read -r f p s <"$TMP/expected.tsv"
"$GTIDPOS" dm-upgrade --task "$TMP/task_v1.yaml" --source "$TMP/source1.yaml" \
    --checkpoint "mariadb-01=${f%%.*}|$(suffix_for "$f" "$p").${f#*.}:$p" --json >"$TMP/o.json" 2>"$TMP/err"
rc=$?
if [ "$rc" = 0 ] && grep -q "relay.meta" "$TMP/err" && grep -q '"notes":\["relay.meta' "$TMP/o.json" &&
    grep -q "\"binlog_gtid\":\"$s\"" "$TMP/o.json"; then
    pass "a relay.meta that disagrees with its files is reported (stderr and --json)"
else fail "relay.meta disagreement" "exit $rc" "$(cat "$TMP/err")" "$(cat "$TMP/o.json")"; fi

tally_summary
