#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/mariadb/run.sh - live-server oracle test for `gtidpos at`.
#
# Two private MariaDB servers (binlog_checksum CRC32 / NONE at start), in
# parallel, each get a seeded random workload (make test: the CRC32 one
# alone; GP_FULL=1, make test-full: both): gtid_domain_id and
# server_id changes, InnoDB and MyISAM, BEGIN/COMMIT and ROLLBACK, DDL, XA
# (also detached: prepared by one session, committed by another, later),
# binlog_format, binlog_checksum and log_bin_compress switches, FLUSH
# BINARY LOGS, small max_binlog_size, events over 1 MiB, and a concurrent
# burst under group commit (Gtid events with commit ids). Then, for every
# transaction boundary of every binlog file,
#     SELECT BINLOG_GTID_POS('file', pos)    (the server's own answer)
# must equal `$GTIDPOS at DATADIR/file:pos` (options rotate: none,
# --io mmap, --verify none, --json with last_gtid* checked against SHOW
# BINLOG EVENTS). Also: an offset inside an event exits 6; a position
# inside a transaction gives the set before it plus a warning; the end of
# file N equals the start of file N+1 and N+1's Gtid_list; the last file
# is checked while in use and after shutdown (Stop event, POS omitted).
#
# Env: GTIDPOS (default build/gtidpos), GP_SEED (workload seed),
#      GP_STEPS (workload steps per run, default 200), GP_ISAMPLE and
#      GP_NSAMPLE (check 1 group in N fully / 1 event in N for inner
#      offsets; 1 = everything),
#      GP_KEEP=1 (keep the temp dir), GP_FULL=1 (both configurations). On a failure the binlogs and the
#      computed expectations are copied to /tmp/gp-oracle-failures/.
# The last line of stdout is always "N passed, M failed".
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/mariadb_server.sh source-path=SCRIPTDIR disable=SC1091
. "$here/../lib/mariadb_server.sh"

GTIDPOS=${GTIDPOS:-build/gtidpos}
case $GTIDPOS in /*) ;; *) GTIDPOS=$PWD/$GTIDPOS ;; esac
# Each check is one gtidpos process, ~0.1 s under ASAN on a busy machine:
# the defaults keep the total near 1000 checks.
STEPS=${GP_STEPS:-200}
ISAMPLE=${GP_ISAMPLE:-8}   # check every inner position of one group in 8
NSAMPLE=${GP_NSAMPLE:-16}  # check a position inside one event in 16
FAILDIR=/tmp/gp-oracle-failures

passed=0
failed=0
TMP=""

summary() { echo "$passed passed, $failed failed"; }
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
# Inside a run (a background subshell) die ends the run, not the test.
COUNTS=""
die() {
    failed=$((failed + 1))
    echo "ERROR: $*"
    if [ -n "$COUNTS" ]; then echo "$passed $failed" >"$COUNTS"; else summary; fi
    exit 1
}

RUN_PIDS=()
cleanup() {
    local p
    for p in "${RUN_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    mdb_cleanup
    if [ -n "$TMP" ] && [ -d "$TMP" ]; then
        if [ "${GP_KEEP:-0}" = 1 ]; then
            echo "kept $TMP" >&2
        else
            rm -rf "$TMP"
        fi
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -x "$GTIDPOS" ] || die "gtidpos binary not found or not executable: $GTIDPOS (run make)"
[ -x "$MDB_MARIADBD" ] || die "$MDB_MARIADBD not found (apt-get install mariadb-server)"
command -v "$MDB_CLIENT" >/dev/null || die "$MDB_CLIENT not found (apt-get install mariadb-client)"
command -v "$MDB_INSTALL_DB" >/dev/null || die "$MDB_INSTALL_DB not found"

seed0=${GP_SEED:-$(( ($(date +%s) + $$) % 32768 ))}
case $seed0 in '' | *[!0-9]*) die "GP_SEED must be a number, got '$seed0'" ;; esac
echo "mariadb oracle: seed $seed0 (rerun with GP_SEED=$seed0), $STEPS steps per run"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gtidpos-oracle.XXXXXX")

# ---------------------------------------------------------------- workload
# The generator only uses bash's RANDOM (seeded by the caller), so a seed
# gives the same SQL every time. Helper functions return in REPLY (no
# subshells: they would not advance RANDOM).
W_ROWS=0 W_SEQ=0 W_FMT=MIXED W_CKSUM=CRC32 W_COMPRESS=0
W_TABLES=() W_DBS=()

# A value of roughly $1 bytes: short literal, compressible REPEAT, or
# hex (SHA2) that compresses badly and makes files rotate.
w_val() {
    local n=$1 i e
    case $((RANDOM % 3)) in
    0) REPLY="'v$RANDOM'" ;;
    1) REPLY="REPEAT('ab$((RANDOM % 10))', $((n / 3 + 1)))" ;;
    *)
        e="CONCAT('h'"
        for ((i = 0; i < (n + 127) / 128; i++)); do e+=",SHA2('s$RANDOM',512)"; done
        REPLY="$e)"
        ;;
    esac
}

# One DML statement on table $1 (ti = InnoDB, tm = MyISAM).
w_dml() {
    local t=$1 id=$((RANDOM % (W_ROWS + 5) + 1))
    w_val $((RANDOM % 1500))
    case $((RANDOM % 6)) in
    0 | 1) REPLY="INSERT INTO $t(k, v) VALUES ($RANDOM, $REPLY);"; W_ROWS=$((W_ROWS + 1)) ;;
    2) REPLY="UPDATE $t SET v = $REPLY, k = k + 1 WHERE id = $id;" ;;
    3) REPLY="DELETE FROM $t WHERE id = $id;" ;;
    # INTVAR (INSERT_ID, LAST_INSERT_ID), RAND and USER_VAR events in
    # statement format.
    4) REPLY="SET @u$((RANDOM % 3)) = 'u$RANDOM'; INSERT INTO $t(k, v) VALUES (FLOOR(RAND() * 1000), CONCAT(@u0, @u1, @u2, '-', LAST_INSERT_ID()));"
       W_ROWS=$((W_ROWS + 1)) ;;
    *) REPLY="INSERT INTO $t(k, v) VALUES ($RANDOM, $REPLY), ($RANDOM, 'second');"; W_ROWS=$((W_ROWS + 2)) ;;
    esac
}

w_ddl() {
    local n i t e
    n=${#W_TABLES[@]}
    case $((RANDOM % 9)) in
    0 | 1)
        W_SEQ=$((W_SEQ + 1)); t=x$W_SEQ
        if ((RANDOM % 2)); then e=InnoDB; else e=MyISAM; fi
        echo "CREATE TABLE $t (id INT PRIMARY KEY, c INT, v TEXT) ENGINE=$e;"
        echo "INSERT INTO $t VALUES (1, 1, 'one'), (2, 2, 'two');"
        W_TABLES+=("$t")
        ;;
    2)
        # CREATE ... SELECT: standalone in STATEMENT, a BEGIN group in ROW.
        W_SEQ=$((W_SEQ + 1)); t=x$W_SEQ
        echo "CREATE TABLE $t (PRIMARY KEY (id)) ENGINE=InnoDB SELECT id, k AS c, v FROM ti WHERE id < 10;"
        W_TABLES+=("$t")
        ;;
    3 | 4)
        if ((n == 0)); then echo "DROP TABLE IF EXISTS nosuch$RANDOM;"; return; fi
        t=${W_TABLES[RANDOM % n]}
        W_SEQ=$((W_SEQ + 1))
        case $((RANDOM % 3)) in
        0) echo "ALTER TABLE $t ADD COLUMN a$W_SEQ INT DEFAULT $RANDOM;" ;;
        1) if ((RANDOM % 2)); then e=MyISAM; else e=InnoDB; fi
           echo "ALTER TABLE $t ENGINE=$e;" ;;
        *) echo "ALTER TABLE $t MODIFY v MEDIUMTEXT;" ;;
        esac
        ;;
    5)
        if ((n == 0)); then echo "DROP TABLE IF EXISTS nosuch$RANDOM;"; return; fi
        i=$((RANDOM % n)); t=${W_TABLES[i]}
        echo "DROP TABLE $t;"
        W_TABLES=("${W_TABLES[@]:0:i}" "${W_TABLES[@]:i+1}")
        ;;
    6 | 7)
        W_SEQ=$((W_SEQ + 1)); t=d$W_SEQ
        echo "CREATE DATABASE $t;"
        echo "CREATE TABLE $t.t (id INT PRIMARY KEY) ENGINE=InnoDB;"
        W_DBS+=("$t")
        ;;
    *)
        n=${#W_DBS[@]}
        if ((n == 0)); then echo "DROP DATABASE IF EXISTS nosuch$RANDOM;"; return; fi
        i=$((RANDOM % n)); t=${W_DBS[i]}
        echo "DROP DATABASE $t;"
        W_DBS=("${W_DBS[@]:0:i}" "${W_DBS[@]:i+1}")
        ;;
    esac
}

w_xa() {  # $1 = commit | rollback | onephase
    local x=xa$((W_SEQ += 1)) k
    echo "XA START '$x';"
    for ((k = RANDOM % 3; k >= 0; k--)); do
        if ((RANDOM % 4 == 0)); then w_dml tm; else w_dml ti; fi
        echo "$REPLY"
    done
    echo "INSERT INTO ti(k, v) VALUES ($RANDOM, 'xa $x');"
    echo "XA END '$x';"
    case $1 in
    onephase) echo "XA COMMIT '$x' ONE PHASE;" ;;
    commit) echo "XA PREPARE '$x';"; echo "XA COMMIT '$x';" ;;
    *) echo "XA PREPARE '$x';"; echo "XA ROLLBACK '$x';" ;;
    esac
}

# Setup: tables, and two XA transactions left prepared when the session
# ends (detached); the main workload commits/rolls them back later,
# typically in another binlog file.
gen_setup() {
    local k
    echo "SET GLOBAL log_bin_compress = $W_COMPRESS;"
    echo "CREATE DATABASE w;"
    echo "USE w;"
    echo "CREATE TABLE ti (id INT AUTO_INCREMENT PRIMARY KEY, k INT, v MEDIUMTEXT) ENGINE=InnoDB;"
    echo "CREATE TABLE tm (id INT AUTO_INCREMENT PRIMARY KEY, k INT, v TEXT) ENGINE=MyISAM;"
    echo "CREATE TABLE tx (id INT PRIMARY KEY, v TEXT) ENGINE=InnoDB;"
    for ((k = 1; k <= BURST_CLIENTS; k++)); do
        echo "CREATE TABLE gc$k (id INT AUTO_INCREMENT PRIMARY KEY, v TEXT) ENGINE=InnoDB;"
    done
    echo "INSERT INTO ti(k, v) VALUES (1, 'a'), (2, 'b'), (3, 'c');"
    echo "INSERT INTO tm(k, v) VALUES (1, 'a'), (2, 'b'), (3, 'c');"
    W_ROWS=3
}

# gen_detached ID DOMAIN: an XA transaction left prepared by its session.
gen_detached() {
    echo "USE w; SET SESSION gtid_domain_id = $2;"
    echo "XA START '$1'; INSERT INTO tx VALUES ($2, '$1'); XA END '$1'; XA PREPARE '$1';"
}

gen_workload() {
    local step r k x
    echo "USE w;"
    for ((step = 1; step <= STEPS; step++)); do
        if ((step == STEPS / 3)); then echo "SET SESSION gtid_domain_id = 2; XA COMMIT 'det1';"; fi
        if ((step == 2 * STEPS / 3)); then echo "XA ROLLBACK 'det2';"; fi
        if ((step == STEPS / 2)); then
            # Events bigger than gtidpos's 1 MiB read window, and a group
            # that straddles it: uncompressed, row format.
            echo "SET GLOBAL log_bin_compress = 0; SET SESSION binlog_format = ROW;"
            echo "BEGIN;"
            echo "INSERT INTO ti(k, v) VALUES (1, REPEAT(SHA2('big1', 512), 5000));"
            echo "INSERT INTO ti(k, v) VALUES (2, REPEAT(SHA2('big2', 512), 5000));"
            echo "COMMIT;"
            echo "INSERT INTO ti(k, v) VALUES (3, REPEAT(SHA2('big3', 512), 10000));"
            echo "SET GLOBAL log_bin_compress = $W_COMPRESS; SET SESSION binlog_format = $W_FMT;"
            W_ROWS=$((W_ROWS + 3))
        fi
        r=$((RANDOM % 100))
        if ((r < 15)); then
            if ((RANDOM % 3)); then w_dml ti; else w_dml tm; fi
            echo "$REPLY"
        elif ((r < 45)); then
            # BEGIN ... COMMIT, InnoDB only or mixed with MyISAM
            x=$((r < 35 ? 0 : 1))
            echo "BEGIN;"
            for ((k = RANDOM % 4; k >= 0; k--)); do
                if ((x && RANDOM % 2)); then w_dml tm; else w_dml ti; fi
                echo "$REPLY"
            done
            echo "COMMIT;"
        elif ((r < 54)); then
            # ROLLBACK; binlogged when MyISAM was touched (as a BEGIN ...
            # ROLLBACK group in STATEMENT format, as separate groups else)
            echo "BEGIN;"
            w_dml ti; echo "$REPLY"
            if ((r < 51)); then w_dml tm; echo "$REPLY"; fi
            w_dml ti; echo "$REPLY"
            echo "ROLLBACK;"
        elif ((r < 60)); then w_xa commit
        elif ((r < 63)); then w_xa rollback
        elif ((r < 65)); then w_xa onephase
        elif ((r < 73)); then w_ddl
        elif ((r < 77)); then echo "SET SESSION gtid_domain_id = $((RANDOM % 4));"
        elif ((r < 80)); then echo "SET SESSION server_id = $((RANDOM % 3 + 1));"
        elif ((r < 85)); then
            case $((RANDOM % 3)) in 0) W_FMT=STATEMENT ;; 1) W_FMT=ROW ;; *) W_FMT=MIXED ;; esac
            echo "SET SESSION binlog_format = $W_FMT;"
        elif ((r < 87)); then echo "FLUSH BINARY LOGS;"
        elif ((r < 89)); then
            if [ "$W_CKSUM" = CRC32 ]; then W_CKSUM=NONE; else W_CKSUM=CRC32; fi
            echo "SET GLOBAL binlog_checksum = $W_CKSUM;"
        elif ((r < 92)); then
            W_COMPRESS=$((1 - W_COMPRESS))
            echo "SET GLOBAL log_bin_compress = $W_COMPRESS;"
        elif ((r < 95)) && [ "$W_FMT" = STATEMENT ]; then
            # temporary tables are only binlogged in statement format
            echo "CREATE TEMPORARY TABLE tt (id INT, v TEXT) ENGINE=MyISAM;"
            echo "INSERT INTO tt VALUES (1, 'tmp$RANDOM');"
            echo "BEGIN; INSERT INTO ti(k, v) SELECT id, v FROM tt; COMMIT;"
            echo "DROP TEMPORARY TABLE tt;"
        else
            # big rows, so that files rotate on max_binlog_size
            w_val 3000
            echo "INSERT INTO ti(k, v) VALUES ($RANDOM, $REPLY);"
            W_ROWS=$((W_ROWS + 1))
        fi
    done
    # Leave the last file with some content and an open (in use) state.
    echo "SET SESSION gtid_domain_id = 0;"
    echo "INSERT INTO ti(k, v) VALUES (0, 'last');"
}

# gen_burst N: one of BURST_CLIENTS clients run at the same time after the
# workload, with binlog_commit_wait_count set, so that group commit gives
# Gtid events with a commit id ("BEGIN GTID 0-1-5 cid=42").
BURST_CLIENTS=3
gen_burst() {
    local c=$1 i
    echo "USE w; SET SESSION gtid_domain_id = $((c % 4)); SET SESSION server_id = $((c % 3 + 1));"
    for ((i = 1; i <= 15; i++)); do
        case $((RANDOM % 4)) in
        0) echo "INSERT INTO gc$c(v) VALUES ('c$c-$i');" ;;
        1) echo "BEGIN; INSERT INTO gc$c(v) VALUES ('b$i'); UPDATE gc$c SET v = CONCAT(v, '+') WHERE id = $((RANDOM % i + 1)); COMMIT;" ;;
        2) echo "BEGIN; INSERT INTO gc$c(v) VALUES ('m$i'); INSERT INTO tm(k, v) VALUES ($c, 'burst'); COMMIT;" ;;
        *) echo "XA START 'b$c-$i'; INSERT INTO gc$c(v) VALUES ('x$i'); XA END 'b$c-$i'; XA PREPARE 'b$c-$i'; XA COMMIT 'b$c-$i';" ;;
        esac
    done
}

# ---------------------------------------------------------------- analysis
# Reads SHOW BINLOG EVENTS rows (Log_name Pos Event_type Server_id
# End_log_pos Info) and prints one line per position to check:
#   B file pos [gpos gtid]  boundary between groups (not inside a
#                         transaction); at a group's end: where its Gtid
#                         event starts and its GTID
#   I file pos gpos gtid  event boundary inside the group (gtid) whose Gtid
#                         event starts at gpos
#                         (the one after the Gtid event for one group in
#                         3, all of them for one group in ISAMPLE)
#   N file pos            a position inside an event (one event in NSAMPLE)
#   F file pos            first Gtid event of the file
#   L file set            the file's Gtid_list, highest seq per domain
#   H file pos msg        harness problem: unexpected event layout
# Group ends: for "BEGIN GTID" and "XA START ... GTID" groups the first Xid,
# XA_prepare, or Query COMMIT/ROLLBACK; for standalone "GTID d-s-n" groups
# (DDL, XA COMMIT/ROLLBACK) the first Query event.
# shellcheck disable=SC2016 # an awk program, not shell
ANALYZE_AWK='
function reduce(s,    n, a, i, p, d, out, ds, nd, j, t) {
    gsub(/^\[|\]$/, "", s)
    delete best; delete full
    n = split(s, a, ",")
    for (i = 1; i <= n; i++) {
        split(a[i], p, "-"); d = p[1] + 0
        if (!(d in best) || p[3] + 0 > best[d]) { best[d] = p[3] + 0; full[d] = a[i] }
    }
    nd = 0
    for (d in best) ds[++nd] = d + 0
    for (i = 2; i <= nd; i++) { t = ds[i]; for (j = i - 1; j >= 1 && ds[j] > t; j--) ds[j + 1] = ds[j]; ds[j + 1] = t }
    out = ""
    for (i = 1; i <= nd; i++) out = out (i > 1 ? "," : "") full[ds[i]]
    return out
}
BEGIN { FS = "\t"; OFS = "\t"; cur = "" }
{
    f = $1; pos = $2 + 0; typ = $3; end = $5 + 0; info = $6
    if (f != cur) {
        if (cur != "" && ingroup) print "H", cur, gpos, "file ends inside a group"
        cur = f; ingroup = 0; nev = 0
    }
    nev++
    if (end > pos + 1 && nev % NSAMPLE == 1)
        print "N", f, (nev % (2 * NSAMPLE) == 1 ? pos + 1 : pos + int((end - pos) / 2))
    if (!ingroup) {
        print "B", f, pos
        if (typ == "Gtid") {
            ingroup = 1; gpos = pos; gend = end
            gtid = ""; n = split(info, w, " ")   # BEGIN GTID 0-1-5 cid=42
            for (i = 1; i <= n; i++) if (w[i] ~ /^[0-9]+-[0-9]+-[0-9]+$/) gtid = w[i]
            if (gtid == "") print "H", f, pos, "no GTID in: " info
            if (info ~ /^BEGIN GTID / || info ~ /^XA START /) mode = "trx"
            else if (info ~ /^GTID [0-9]/) mode = "single"
            else print "H", f, pos, "unknown Gtid info: " info
            if (!(f in first)) { first[f] = pos; print "F", f, pos }
            ngroup++
            next
        }
        if (typ == "Gtid_list") print "L", f, reduce(info)
        else if (typ != "Format_desc" && typ != "Binlog_checkpoint" && typ != "Rotate" && typ != "Stop")
            print "H", f, pos, "unexpected " typ " outside a group: " info
        print "B", f, end
        next
    }
    # inside a group: just after the Gtid event for one group in 3,
    # every position for one group in ISAMPLE
    if (ngroup % ISAMPLE == 0 || (pos == gend && ngroup % 3 == 1)) print "I", f, pos, gpos, gtid
    if (typ == "Gtid" || typ == "Rotate" || typ == "Format_desc" || typ == "Gtid_list")
        print "H", f, pos, typ " inside the group at " gpos
    if (mode == "trx") {
        e = (typ == "Xid" || typ == "XA_prepare" || (typ ~ /^Query/ && (info == "COMMIT" || info == "ROLLBACK")))
    } else {
        e = (typ ~ /^Query/)
    }
    if (e) { ingroup = 0; print "B", f, end, gpos, gtid }
}
END { if (ingroup) print "H", cur, gpos, "file ends inside a group" }
'

# Normalise a MariaDB GTID list (as BINLOG_GTID_POS prints it) to the
# gtidpos form: sorted by domain. Input and output: file, pos, set.
# shellcheck disable=SC2016 # an awk program, not shell
NORM_AWK='
BEGIN { FS = OFS = "\t" }
{
    n = split($3, a, ",")
    for (i = 2; i <= n; i++) {
        t = a[i]; split(t, k, "-")
        for (j = i - 1; j >= 1; j--) { split(a[j], q, "-"); if (q[1] + 0 <= k[1] + 0) break; a[j + 1] = a[j] }
        a[j + 1] = t
    }
    out = ""
    for (i = 1; i <= n; i++) out = out (i > 1 ? "," : "") a[i]
    print $1, $2, out
}
'

# save_failure NAME: copy what the lead needs to reproduce.
save_failure() {
    local dst=$FAILDIR/$1
    rm -rf "$dst"
    mkdir -p "$dst"
    cp "$DATA"/bin.[0-9]* "$dst/" 2>/dev/null || true
    cp "$RUN"/events.tsv "$RUN"/points.tsv "$RUN"/expected.tsv "$RUN"/*.sql "$dst/" 2>/dev/null || true
    # failures.txt: file:pos, check, expected, got, exit code
    awk -F'\t' -v dst="$dst" '{ printf "$GTIDPOS at %s/%s  # %s: expected \047%s\047, got \047%s\047, exit %s\n", dst, $1, $2, $3, $4, $5 }' \
        "$RUN/failures.txt" >"$dst/repro.txt"
    echo "failure data saved in $dst (binlogs, events.tsv, expected.tsv, repro.txt)"
}

# json_missing JSON KEY VALUE...: set MISS to the "KEY":VALUE pairs (VALUE
# as JSON text, used as a regex) that JSON does not contain.
json_missing() {
    local j=$1
    MISS=""
    shift
    while [ $# -ge 2 ]; do
        [[ $j =~ \"$1\"[[:space:]]*:[[:space:]]*$2[[:space:]]*[,}] ]] || MISS+=" \"$1\":$2"
        shift 2
    done
}

# run_gtidpos ARG...: sets G_OUT, G_ERR, G_RC. Forks only for gtidpos
# itself (forks are what makes this test slow).
run_gtidpos() {
    G_RC=0
    "$GTIDPOS" "$@" >"$RUN/stdout" 2>"$RUN/stderr" || G_RC=$?
    G_OUT="" G_ERR=""
    IFS= read -r -d '' G_OUT <"$RUN/stdout" || true
    IFS= read -r -d '' G_ERR <"$RUN/stderr" || true
    G_OUT=${G_OUT%$'\n'} G_ERR=${G_ERR%$'\n'}
}

# check_run NAME SEED [mariadbd options...]
check_run() {
    local name=$1 seed=$2 f p s g kind a c
    shift 2
    local fails_before=$failed t0=$SECONDS
    RUN=$TMP/$name
    DATA=$RUN/data
    mkdir -p "$RUN"
    echo "== run $name: seed $seed, options: $*"

    RANDOM=$seed
    W_ROWS=0 W_SEQ=0 W_FMT=MIXED W_TABLES=() W_DBS=()
    W_CKSUM=CRC32 W_COMPRESS=0
    for a in "$@"; do
        case $a in
        --binlog-checksum=NONE) W_CKSUM=NONE ;;
        --binlog-format=*) W_FMT=${a#*=} ;;
        --log-bin-compress=ON | --log-bin-compress=1) W_COMPRESS=1 ;;
        esac
    done
    gen_setup >"$RUN/setup.sql"
    gen_detached det1 1 >"$RUN/det1.sql"
    gen_detached det2 3 >"$RUN/det2.sql"
    gen_workload >"$RUN/workload.sql"
    for ((a = 1; a <= BURST_CLIENTS; a++)); do gen_burst "$a" >"$RUN/burst$a.sql"; done

    # Runs go in parallel from one shell: the name tells their ports apart.
    mdb_start_free "$RUN" $((${#name} * 101)) --server-id=1 --log-slave-updates \
        --max-binlog-size=16384 --log-bin-compress-min-len=10 \
        --innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=0 \
        --innodb-log-file-size=16M "$@" || die "$name: could not start mariadbd"
    for a in setup det1 det2; do
        mdb_sql "$RUN" <"$RUN/$a.sql" || die "$name: $a SQL failed (see $RUN/$a.sql)"
    done
    mdb_sql "$RUN" <"$RUN/workload.sql" || die "$name: workload SQL failed (seed $seed; see $RUN/workload.sql)"
    mdb_sql "$RUN" "SET GLOBAL binlog_commit_wait_count = $BURST_CLIENTS; SET GLOBAL binlog_commit_wait_usec = 20000" ||
        die "$name: could not set binlog_commit_wait_count"
    local bpids=()
    for ((a = 1; a <= BURST_CLIENTS; a++)); do
        mdb_sql "$RUN" <"$RUN/burst$a.sql" &
        bpids+=($!)
    done
    for a in "${bpids[@]}"; do wait "$a" || die "$name: concurrent burst SQL failed (see $RUN/burst*.sql)"; done
    mdb_sql "$RUN" "SET GLOBAL binlog_commit_wait_count = 0; USE w; INSERT INTO ti(k, v) VALUES (0, 'after the burst')" ||
        die "$name: SQL after the burst failed"
    echo "   workload done in $((SECONDS - t0))s"

    # All events of all files, in one client call.
    mdb_sql "$RUN" "SHOW BINARY LOGS" >"$RUN/logs.tsv" || die "$name: SHOW BINARY LOGS failed"
    local files=() sizes=()
    while IFS=$'\t' read -r f s; do files+=("$f"); sizes+=("$s"); done <"$RUN/logs.tsv"
    for f in "${files[@]}"; do echo "SHOW BINLOG EVENTS IN '$f';"; done |
        mdb_sql "$RUN" >"$RUN/events.tsv" || die "$name: SHOW BINLOG EVENTS failed"
    awk -v NSAMPLE="$NSAMPLE" -v ISAMPLE="$ISAMPLE" "$ANALYZE_AWK" "$RUN/events.tsv" |
        awk -F'\t' '!seen[$1 FS $2 FS $3]++' >"$RUN/points.tsv"
    for ((a = 0; a < ${#files[@]}; a++)); do
        printf 'B\t%s\t%s\n' "${files[a]}" "${sizes[a]}"
        printf 'N\t%s\t%s\n' "${files[a]}" "$((sizes[a] + 1))"
    done >>"$RUN/points.tsv"
    printf 'N\t%s\t2\n' "${files[0]}" >>"$RUN/points.tsv"

    while IFS=$'\t' read -r kind f p c; do
        [ "$kind" = H ] && bad "$name: harness: unexpected binlog layout $f:$p: $c"
    done < <(grep '^H' "$RUN/points.tsv" || true)

    # Server answers for every boundary and every group start, one call.
    awk -F'\t' '$1 == "B" || $1 == "F" { print $2 "\t" $3 } $1 == "I" { print $2 "\t" $4 }' \
        "$RUN/points.tsv" | awk '!seen[$0]++' >"$RUN/asked.tsv"
    awk -F'\t' '{ printf "SELECT BINLOG_GTID_POS(\047%s\047, %s);\n", $1, $2 }' "$RUN/asked.tsv" |
        mdb_sql "$RUN" >"$RUN/answers.txt" || die "$name: SELECT BINLOG_GTID_POS failed"
    [ "$(wc -l <"$RUN/asked.tsv")" = "$(wc -l <"$RUN/answers.txt")" ] ||
        die "$name: BINLOG_GTID_POS answers do not line up with the questions"
    paste "$RUN/asked.tsv" "$RUN/answers.txt" | awk "$NORM_AWK" >"$RUN/expected.tsv"
    declare -A exp=()
    while IFS=$'\t' read -r f p s; do exp[$f:$p]=$s; done <"$RUN/expected.tsv"

    # The last file while the server still has it open (in-use flag set).
    f=${files[${#files[@]} - 1]} p=${sizes[${#sizes[@]} - 1]}
    run_gtidpos at "$DATA/$f:$p"
    if [ "$G_RC" = 0 ] && [ "$G_OUT" = "${exp[$f:$p]-MISSING}" ]; then ok
    else bad "$name: $f:$p (file in use by the server): expected '${exp[$f:$p]-MISSING}' got '$G_OUT' (exit $G_RC, $G_ERR)"; fi

    # Stop the server: it appends a Stop event to the last file and
    # clears its in-use flag; all positions computed above stay valid.
    mdb_stop "$RUN"
    echo "   $(wc -l <"$RUN/events.tsv") events in ${#files[@]} files, server answers in $((SECONDS - t0))s"

    # The options rotate over the checks so that each code path sees many
    # positions: none, --io mmap, --verify none, and (at group ends and
    # inside groups) --json, checked against the group the server listed.
    # With --verify none and --json every file is split between two
    # threads (GTIDPOS_SPLIT_MIN=0; the default leaves these small files
    # to one), so the split answers face the server too.
    local nb=0 ni=0 nn=0 nx=0 nj=0 k=0 gt how miss opt=()
    : >"$RUN/failures.txt"
    while IFS=$'\t' read -r kind f p g gt; do
        k=$((k + 1))
        case $((k % 4)) in 1) opt=(--io mmap) ;; 2) opt=(--verify none) ;; 3) opt=() ;; *) opt=(--json) ;; esac
        if ((k % 2)); then unset GTIDPOS_SPLIT_MIN; else export GTIDPOS_SPLIT_MIN=0; fi
        # --json where last_gtid is known (group ends), inside groups, on errors
        if [ "${opt[0]:-}" = --json ] && [ "$kind" = B ] && [ -z "$gt" ]; then opt=(); fi
        how="$f:$p${opt[*]:+ ${opt[*]}}"
        case $kind in
        B)
            nb=$((nb + 1))
            s=${exp[$f:$p]-MISSING}
            run_gtidpos at "$DATA/$f:$p" "${opt[@]}"
            if [ "${opt[0]:-}" = --json ]; then
                nj=$((nj + 1))
                json_missing "$G_OUT" gtid_set "\"$s\"" last_gtid "\"$gt\"" \
                    last_gtid_start "$g" last_gtid_end "$p" inside_transaction false \
                    flavor '"mariadb"' pos "$p"
                miss=$MISS
            else
                miss=""
                [ "$G_OUT" = "$s" ] || miss="the set"
            fi
            if [ "$s" = NULL ]; then
                bad "$name: server gives NULL for boundary $f:$p (harness bug?)"
            elif [ "$G_RC" = 0 ] && [ -z "$miss" ]; then ok
            else
                bad "$name: $how boundary: expected '$s' got '$G_OUT' (exit $G_RC${miss:+, wrong:$miss}${G_ERR:+, stderr: $G_ERR})"
                printf '%s\tboundary%s\t%s\t%s\t%s\n' "$how" "${gt:+ after $gt}" "$s" "$G_OUT" "$G_RC" >>"$RUN/failures.txt"
            fi
            ;;
        I)
            ni=$((ni + 1))
            s=${exp[$f:$g]-MISSING}
            run_gtidpos at "$DATA/$f:$p" "${opt[@]}"
            if [ "${opt[0]:-}" = --json ]; then
                nj=$((nj + 1))
                json_missing "$G_OUT" gtid_set "\"$s\"" inside_transaction true \
                    open_gtid "\"$gt\"" open_start "$g" pos "$p"
                miss=$MISS
            else
                miss=""
                [ "$G_OUT" = "$s" ] || miss="the set"
            fi
            if [ "$G_RC" = 0 ] && [ -z "$miss" ] && [ -n "$G_ERR" ]; then ok
            else
                bad "$name: $how inside transaction $gt at $g: expected '$s' + a warning, got '$G_OUT' (exit $G_RC${miss:+, wrong:$miss}, stderr: '${G_ERR}')"
                printf '%s\tinside transaction %s at %s, warning expected\t%s\t%s\t%s\n' "$how" "$gt" "$g" "$s" "$G_OUT" "$G_RC" >>"$RUN/failures.txt"
            fi
            ;;
        N)
            nn=$((nn + 1))
            run_gtidpos at "$DATA/$f:$p" "${opt[@]}"
            if [ "$G_RC" = 6 ] && [ -z "$G_OUT" ] && [ -n "$G_ERR" ]; then ok
            else
                bad "$name: $how is not an event boundary: expected exit 6 with a message, got exit $G_RC, stdout '$G_OUT', stderr '$G_ERR'"
                printf '%s\tnot an event boundary, exit 6 expected\t\t%s\t%s\n' "$how" "$G_OUT" "$G_RC" >>"$RUN/failures.txt"
            fi
            ;;
        esac
    done <"$RUN/points.tsv"
    unset GTIDPOS_SPLIT_MIN

    # File chaining: end of file N == BINLOG_GTID_POS at the first Gtid (or
    # end) of file N+1 == file N+1's Gtid_list.
    declare -A firstpos=() glist=()
    while IFS=$'\t' read -r kind f p; do
        case $kind in F) firstpos[$f]=$p ;; L) glist[$f]=$p ;; esac
    done < <(grep -E '^(F|L)' "$RUN/points.tsv")
    for ((a = 0; a + 1 < ${#files[@]}; a++)); do
        f=${files[a]} g=${files[a + 1]}
        nx=$((nx + 1))
        p=${firstpos[$g]:-${sizes[a + 1]}}
        run_gtidpos at "$DATA/$f"
        if [ "$G_RC" = 0 ] && [ "$G_OUT" = "${exp[$g:$p]-MISSING}" ]; then ok
        else bad "$name: end of $f ('$G_OUT', exit $G_RC) != server's start of $g:$p ('${exp[$g:$p]-MISSING}')"; fi
        if [ "$G_RC" = 0 ] && [ "$G_OUT" = "${glist[$g]-MISSING}" ]; then ok
        else bad "$name: end of $f ('$G_OUT', exit $G_RC) != Gtid_list of $g ('${glist[$g]-MISSING}')"; fi
    done
    # The last file now ends with a Stop event: its end (no POS) must give
    # the set the server reported at its old end.
    f=${files[${#files[@]} - 1]}
    run_gtidpos at "$DATA/$f"
    if [ "$G_RC" = 0 ] && [ "$G_OUT" = "${exp[$f:${sizes[${#sizes[@]} - 1]}]-MISSING}" ]; then ok
    else bad "$name: $f after shutdown: expected '${exp[$f:${sizes[${#sizes[@]} - 1]}]-MISSING}' got '$G_OUT' (exit $G_RC, $G_ERR)"; fi

    echo "   checked $nb boundaries, $ni positions inside transactions ($nj of these two with --json), $nn positions inside events, $nx file joins in $((SECONDS - t0))s"
    if [ "$failed" -gt "$fails_before" ]; then
        save_failure "$name-seed$seed"
    fi
}

# bg_run NAME SEED [options]: check_run in a background subshell (the two
# runs share the 2 cores); output goes to $TMP/NAME.log, counts to
# $TMP/NAME.counts.
bg_run() {
    (
        trap 'mdb_cleanup' EXIT
        trap 'exit 130' INT TERM
        COUNTS=$TMP/$1.counts   # passed/failed are still 0 here
        check_run "$@"
        echo "$passed $failed" >"$COUNTS"
    ) >"$TMP/$1.log" 2>&1 &
    RUN_PIDS+=($!)
}

# make test: one configuration (the workload still switches checksums,
# formats and compression); GP_FULL=1 (make test-full): both.
if [ "${GP_FULL:-0}" = 1 ]; then
    NAMES=(crc32 none)
    echo "running ${#NAMES[@]} server configurations in parallel (GP_FULL=1)"
else
    NAMES=(crc32)
    echo "running 1 of 2 server configurations (GP_FULL=1, make test-full: both)"
fi
bg_run crc32 "$seed0" --binlog-checksum=CRC32
[ "${#NAMES[@]}" = 1 ] ||
    bg_run none "$(( (seed0 + 1) % 32768 ))" --binlog-checksum=NONE --binlog-format=ROW --log-bin-compress=ON
for ((i = 0; i < ${#NAMES[@]}; i++)); do
    wait "${RUN_PIDS[i]}" || true
    cat "$TMP/${NAMES[i]}.log"
    if [ -s "$TMP/${NAMES[i]}.counts" ]; then
        read -r a b <"$TMP/${NAMES[i]}.counts"
        passed=$((passed + a)) failed=$((failed + b))
    else
        bad "run ${NAMES[i]} ended without a result"
    fi
done
RUN_PIDS=()

summary
[ "$failed" = 0 ]
