#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/mariadb/forensics.sh - find, events, verify and at --before against
# a live MariaDB server (a private mariadbd, tests/lib/mariadb_server.sh).
#
# A small seeded workload (InnoDB autocommit and BEGIN..COMMIT groups, DDL,
# FLUSH BINARY LOGS, a 16 KiB max_binlog_size so that it spans files) runs
# in phases; between phases, with ~1.1 s of quiet on each side so that
# header timestamps (1 s resolution) fall clearly before or after, the
# server's NOW() is recorded in UTC and in +05:30, with SHOW MASTER STATUS.
# Then:
#  (a) at --before NOW() (TZ=UTC, and TZ=Asia/Kolkata with the +05:30
#      reading) gives the last transaction that ended at or before the
#      recorded master position, per SHOW BINLOG EVENTS, and the set
#      SELECT BINLOG_GTID_POS(file, end) there;
#  (b) find on every GTID of the logs (the data directory, in bin.index
#      order) gives SHOW BINLOG EVENTS's file, GTID event start and end;
#  (c) events lists, file by file, the events mariadb-binlog lists (offset,
#      end = next offset, GTID) and SHOW BINLOG EVENTS lists (type);
#  (d) verify on the live directory reports no problem; on a copy without a
#      middle file it names the gap (the state at the end of the file before
#      it, per BINLOG_GTID_POS, and the next file's Gtid_list, per SHOW
#      BINLOG EVENTS); with the index still naming it, a clear error;
#  (e) a replica's relay logs: verify recognises them as relay logs, with
#      no problem and no broken chain; find finds a GTID in them.
# Env: GTIDPOS (default build/gtidpos), GP_SEED, GP_KEEP=1 (keep the temp
# dir).  The last line of stdout is "N passed, M failed".
# pass and fail always return 0, so "test && pass || fail" is if-then-else.
# shellcheck disable=SC2015
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/mariadb_server.sh source-path=SCRIPTDIR disable=SC1091
. "$here/../lib/mariadb_server.sh"
# shellcheck source=../lib/tally.sh disable=SC1091
. "$here/../lib/tally.sh"
# shellcheck source=../lib/mariadb_prelude.sh disable=SC1091
. "$here/../lib/mariadb_prelude.sh"
command -v mariadb-binlog >/dev/null || die "mariadb-binlog not found (apt-get install mariadb-client)"
[ -e /usr/share/zoneinfo/Asia/Kolkata ] || die "tzdata's Asia/Kolkata is missing (apt-get install tzdata)"

seed=${GP_SEED:-$(( ($(date +%s) + $$) % 32768 ))}
echo "forensics: seed $seed (rerun with GP_SEED=$seed)"
RANDOM=$seed
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gtidpos-forensics.XXXXXX")
DATA=$TMP/data
t0=$SECONDS

mdb_start_free "$TMP" 0 --server-id=1 --max-binlog-size=16384 --binlog-checksum=CRC32 \
    --innodb-buffer-pool-size=32M --innodb-flush-log-at-trx-commit=0 \
    --innodb-log-file-size=16M || die "could not start mariadbd"
port=$MDB_PORT

mdb_sql "$TMP" "CREATE USER repl@'127.0.0.1'; GRANT REPLICATION SLAVE ON *.* TO repl@'127.0.0.1';
    CREATE DATABASE f; CREATE TABLE f.t (id INT AUTO_INCREMENT PRIMARY KEY, v TEXT) ENGINE=InnoDB" ||
    die "setup SQL failed"

# One phase: a few transactions of random kinds, in one client session.
phase() {
    local k n=$((3 + RANDOM % 5))
    echo "USE f;"
    for ((k = 0; k < n; k++)); do
        case $((RANDOM % 6)) in
        0 | 1) echo "INSERT INTO t(v) VALUES (REPEAT('x', $((RANDOM % 3000))));" ;;
        2 | 3) echo "BEGIN; INSERT INTO t(v) VALUES ('a$RANDOM'); UPDATE t SET v = 'b$RANDOM' WHERE id = $((RANDOM % 10 + 1)); COMMIT;" ;;
        4) echo "CREATE TABLE IF NOT EXISTS t$((RANDOM % 4)) (id INT PRIMARY KEY) ENGINE=InnoDB;" ;;
        *) echo "FLUSH BINARY LOGS;" ;;
        esac
    done
}

# record: the server's clock now in UTC and +05:30, and where its binlog ends.
: >"$TMP/times.tsv"
record() {
    local utc ist file pos
    sleep 1.1
    IFS=$'\t' read -r utc ist < <(mdb_sql "$TMP" "SET time_zone = '+00:00'; SELECT NOW(), CONVERT_TZ(NOW(), '+00:00', '+05:30')")
    IFS=$'\t' read -r file pos _ < <(mdb_sql "$TMP" "SHOW MASTER STATUS")
    printf '%s\t%s\t%s\t%s\n' "$utc" "$ist" "$file" "$pos" >>"$TMP/times.tsv"
    sleep 1.1
}

for p in 1 2 3 4 5; do
    phase >"$TMP/phase$p.sql"
    # whatever the seed draws: at least three files, the middle one with
    # a transaction (seed 13983 drew a single FLUSH)
    case $p in 2 | 4) echo "INSERT INTO t(v) VALUES ('flush$p'); FLUSH BINARY LOGS;" >>"$TMP/phase$p.sql" ;; esac
    mdb_sql "$TMP" <"$TMP/phase$p.sql" || die "phase $p SQL failed (see $TMP/phase$p.sql)"
    record
done
phase >"$TMP/phase6.sql"
mdb_sql "$TMP" <"$TMP/phase6.sql" || die "phase 6 SQL failed"
echo "   workload done in $((SECONDS - t0))s"

mdb_sql "$TMP" "SHOW BINARY LOGS" >"$TMP/logs.tsv" || die "SHOW BINARY LOGS failed"
files=() sizes=()
while IFS=$'\t' read -r f s _; do files+=("$f"); sizes+=("$s"); done <"$TMP/logs.tsv"
[ "${#files[@]}" -ge 3 ] && pass "workload spans ${#files[@]} files" || fail "workload spans only ${#files[@]} files"
for f in "${files[@]}"; do echo "SHOW BINLOG EVENTS IN '$f';"; done | mdb_sql "$TMP" >"$TMP/events.tsv" ||
    die "SHOW BINLOG EVENTS failed"

# Transactions per SHOW BINLOG EVENTS: file, GTID event start, end, GTID.
# A "BEGIN GTID" group ends at its Xid (or COMMIT query); a "GTID" one
# (DDL) at its statement.
awk -F'\t' '
    $3 == "Gtid" { n = split($6, w, " "); g = w[n]; start = $2; mode = ($6 ~ /^BEGIN GTID/) ? "trx" : "single"; next }
    start != "" && (($3 == "Xid") || ($3 == "Query" && (mode == "single" || $6 == "COMMIT"))) {
        print $1 "\t" start "\t" $5 "\t" g; start = "" }
' "$TMP/events.tsv" >"$TMP/txns.tsv"
ntx=$(wc -l <"$TMP/txns.tsv")
[ "$ntx" -ge 15 ] && pass "$ntx transactions listed" || fail "only $ntx transactions listed"

# ---- (a) at --before ----------------------------------------------------
idx() { local i; for i in "${!files[@]}"; do [ "${files[i]}" = "$1" ] && { echo "$i"; return; }; done; echo -1; }
while IFS=$'\t' read -r utc ist mf mp; do
    mi=$(idx "$mf")
    # The last transaction ending at or before the recorded position.
    last=$(while IFS=$'\t' read -r f s e g; do
        fi_=$(idx "$f")
        if [ "$fi_" -lt "$mi" ] || { [ "$fi_" = "$mi" ] && [ "$e" -le "$mp" ]; }; then echo "$f	$e"; fi
    done <"$TMP/txns.tsv" | tail -1)
    IFS=$'\t' read -r ef ee <<<"$last"
    want=$(mdb_sql "$TMP" "SELECT BINLOG_GTID_POS('$ef', $ee)")
    for tz in UTC Asia/Kolkata; do
        t=$utc
        [ "$tz" = UTC ] || t=$ist
        got=$(TZ=$tz "$GTIDPOS" at --before "$t" "$DATA" 2>"$TMP/stderr")
        rc=$?
        if [ "$rc" = 0 ] && [ "$got" = "$DATA/$ef"$'\t'"$ee"$'\t'"$want" ]; then
            pass "at --before '$t' TZ=$tz"
        else
            fail "at --before '$t' TZ=$tz (master at $mf:$mp)" "expected $DATA/$ef<TAB>$ee<TAB>$want" \
                "got (exit $rc): $got $(cat "$TMP/stderr")"
        fi
    done
done <"$TMP/times.tsv"

# ---- (b) find on every GTID ------------------------------------------------
nf=0
while IFS=$'\t' read -r f s e g; do
    got=$("$GTIDPOS" find "$g" "$DATA" 2>&1)
    rc=$?
    if [ "$rc" = 0 ] && [ "$got" = "$DATA/$f"$'\t'"$s"$'\t'"$e"$'\t'"$g" ]; then
        nf=$((nf + 1))
    else
        fail "find $g" "expected $DATA/$f $s $e" "got (exit $rc): $got"
    fi
done <"$TMP/txns.tsv"
[ "$nf" = "$ntx" ] && pass "find: all $nf GTIDs where SHOW BINLOG EVENTS puts them"

# ---- (c) events against mariadb-binlog and SHOW BINLOG EVENTS -------------
for ((i = 0; i < ${#files[@]}; i++)); do
    f=${files[i]}
    # mariadb-binlog: offsets ("# at"), next offset as end, GTID of Gtid events.
    # The newest file is still open (the server may append a
    # Binlog_checkpoint at any time): its last event is left out.
    live=$((i + 1 == ${#files[@]}))
    mariadb-binlog --base64-output=never "$DATA/$f" 2>/dev/null | awk -v size="${sizes[i]}" -v live="$live" '
        /^# at [0-9]+$/ { if (n++) print at "\t" $3 "\t" g; at = $3; g = "-" }
        /[ \t]GTID [0-9]+-[0-9]+-[0-9]+/ { for (k = 1; k <= NF; k++) if ($k == "GTID") g = $(k + 1) }
        END { if (n && !live) print at "\t" size "\t" g }' >"$TMP/mb.$i"
    # SHOW BINLOG EVENTS: offset, end_log_pos, type.
    awk -F'\t' -v f="$f" '$1 == f { print $2 "\t" $5 "\t" $3 }' "$TMP/events.tsv" >"$TMP/sbe.$i"
    # gtidpos events: offset, end, GTID / offset, end, type.
    "$GTIDPOS" events "$DATA/$f" >"$TMP/ev.$i" 2>/dev/null
    awk -F'\t' '{ g = "-"; if (match($7, /gtid=[0-9]+-[0-9]+-[0-9]+/)) g = substr($7, RSTART + 5, RLENGTH - 5); print $1 "\t" $2 "\t" g }' "$TMP/ev.$i" >"$TMP/gp.$i"
    cut -f1-3 "$TMP/ev.$i" >"$TMP/gpt.$i"
    if [ -s "$TMP/mb.$i" ] && cmp -s "$TMP/mb.$i" <(head -n "$(wc -l <"$TMP/mb.$i")" "$TMP/gp.$i") &&
        { [ "$live" = 1 ] || [ "$(wc -l <"$TMP/mb.$i")" = "$(wc -l <"$TMP/gp.$i")" ]; }; then
        pass "events $f = mariadb-binlog ($(wc -l <"$TMP/gp.$i") events: offsets, ends, GTIDs)"
    else
        fail "events $f differs from mariadb-binlog" "$(diff "$TMP/mb.$i" "$TMP/gp.$i" | head -5)"
    fi
    # The last file is still open: SHOW BINLOG EVENTS lists what was there
    # when it was asked; compare the common prefix.
    if [ -s "$TMP/sbe.$i" ] && cmp -s "$TMP/sbe.$i" <(head -n "$(wc -l <"$TMP/sbe.$i")" "$TMP/gpt.$i"); then
        pass "events $f = SHOW BINLOG EVENTS (offsets, ends, types)"
    else
        fail "events $f differs from SHOW BINLOG EVENTS" "$(diff "$TMP/sbe.$i" "$TMP/gpt.$i" | head -5)"
    fi
done

# ---- (d) verify --------------------------------------------------------------
out=$("$GTIDPOS" verify "$DATA" 2>&1)
rc=$?
if [ "$rc" = 0 ] && [[ $out == *"total: files=${#files[@]} problems=0"* ]]; then
    pass "verify on the live directory: no problem"
else
    fail "verify on the live directory" "got (exit $rc): $out"
fi
# The middle file to drop: one holding transactions, so the gap shows.
mid=-1
for ((i = 1; i + 1 < ${#files[@]}; i++)); do
    if grep -q "^${files[i]}"$'\t' "$TMP/txns.tsv"; then mid=$i; break; fi
done
[ "$mid" -gt 0 ] || die "harness: no middle file holds a transaction (seed $seed)"
mkdir "$TMP/copy"
for ((i = 0; i < ${#files[@]}; i++)); do [ "$i" = "$mid" ] || cp "$DATA/${files[i]}" "$TMP/copy/"; done
cp "$DATA/bin.index" "$TMP/copy/"
out=$("$GTIDPOS" verify "$TMP/copy" 2>&1)
rc=$?
if [ "$rc" = 3 ] && [[ $out == *"bin.index"*"${files[mid]}"* ]]; then
    pass "index naming the deleted file: exit 3 naming it"
else
    fail "index naming the deleted file" "got (exit $rc): $out"
fi
rm "$TMP/copy/bin.index"
endprev=$(mdb_sql "$TMP" "SELECT BINLOG_GTID_POS('${files[mid - 1]}', ${sizes[mid - 1]})")
glnext=$(awk -F'\t' -v f="${files[mid + 1]}" '$1 == f && $3 == "Gtid_list" { s = $6; gsub(/[][]/, "", s); print s; exit }' "$TMP/events.tsv")
out=$("$GTIDPOS" verify "$TMP/copy" 2>&1)
rc=$?
if [ "$rc" = 1 ] && [ -n "$endprev" ] && [ -n "$glnext" ] &&
    grep -q "^$TMP/copy/${files[mid + 1]}: offset 4: starting Gtid_list differs .*${files[mid - 1]}.*: domain 0: $endprev at the end, $glnext here (transactions missing)" <<<"$out"; then
    pass "verify names the gap left by ${files[mid]} ($endprev -> $glnext)"
else
    fail "verify on a copy without ${files[mid]}" "expected $endprev -> $glnext" "got (exit $rc): $out"
fi

# ---- (e) a replica's relay logs ---------------------------------------------
# A replica started from an empty GTID position copies every binlog into
# small relay logs (source positions, artificial Rotate, the source's
# FDE, fake Gtid_list): verify must recognise them and raise no false
# alarm, and the files must chain.
R=$TMP/replica
mkdir -p "$R/relay"
if mdb_start_free "$R" 17 --server-id=2 --relay-log="$R/relay/relay" \
    --max-relay-log-size=8192 --relay-log-purge=0 --innodb-buffer-pool-size=32M \
    --innodb-flush-log-at-trx-commit=0 --innodb-log-file-size=16M; then
    mdb_sql "$R" "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$port, MASTER_USER='repl',
        MASTER_USE_GTID=slave_pos; START SLAVE" || fail "replica: CHANGE MASTER / START SLAVE failed"
    want=$(mdb_sql "$TMP" "SELECT @@gtid_binlog_pos")
    got=""
    for ((i = 0; i < 150; i++)); do
        got=$(mdb_sql "$R" "SELECT @@gtid_slave_pos" 2>/dev/null)
        [ "$got" = "$want" ] && break
        sleep 0.2
    done
    if [ "$got" = "$want" ]; then pass "replica caught up ($want)"; else fail "replica did not catch up" "source $want, replica $got" "$(mdb_sql "$R" "SHOW SLAVE STATUS\G" 2>&1 | grep -i error)"; fi
    mdb_sql "$R" "STOP SLAVE" >/dev/null 2>&1
    nrel=0
    for f in "$R"/relay/relay.[0-9]*; do [ -f "$f" ] && nrel=$((nrel + 1)); done
    out=$("$GTIDPOS" verify "$R/relay" 2>&1)
    rc=$?
    if [ "$rc" = 0 ] && [ "$nrel" -ge 2 ] && [[ $out == *"total: files=$nrel problems=0"* ]] &&
        ! grep -q 'relay=no' <<<"$out" && ! grep -q 'differs' <<<"$out"; then
        pass "verify on $nrel live relay logs: relay logs, no problem"
    else
        fail "verify on the live relay logs ($nrel files)" "got (exit $rc): $out"
    fi
    # The relay logs hold every source transaction: find agrees on the GTIDs.
    g=$(tail -1 "$TMP/txns.tsv" | cut -f4)
    out=$("$GTIDPOS" find "$g" "$R/relay" 2>&1)
    rc=$?
    if [ "$rc" = 0 ] && [[ $out == "$R/relay/relay."*$'\t'*$'\t'*$'\t'"$g" ]]; then pass "find $g in the relay logs"; else fail "find $g in the relay logs" "got (exit $rc): $out"; fi
    # A MariaDB relay log has no Gtid_list of its own (log.cc writes it in
    # binlogs only): `at` on the first relay file, which holds no relayed
    # one either, refuses and names --source-pos.
    f=$(find "$R/relay" -name 'relay.0*' | sort | head -1)
    out=$("$GTIDPOS" at "$f" 2>&1)
    rc=$?
    if [ "$rc" = 5 ] && [[ $out == *"MariaDB relay log"*"--source-pos"* ]]; then
        pass "at on a relay file refuses and names --source-pos"
    else
        fail "at on a relay file refuses and names --source-pos" "got (exit $rc): $out"
    fi
    mdb_stop "$R"
else
    fail "could not start the replica"
fi

echo "   done in $((SECONDS - t0))s"
tally_summary
