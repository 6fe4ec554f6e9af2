#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/cli/run.sh - CLI integration tests of gtidpos on real binlogs.
#
#   GTIDPOS=build/gtidpos tests/cli/run.sh [--update] [--full] [--verbose]
#
#   --update   rewrite tests/cli/golden/ - but only the golden files whose
#              content this script can confirm independently (see
#              tests/cli/golden/README.md); an unconfirmed one is reported
#              as a failure and not written
#   --full     check every event boundary of every fixture (default: all of
#              them in small files, a fixed sample in large ones, to keep the
#              run under about a minute).  Not under GP_FULL=1 (make
#              test-full): it alone took over 30 minutes of a busy 2-CPU VM,
#              beyond CI's budget; the same sample runs in both suites
#   --verbose  print every passing check too
#   JOBS=N     fixtures checked N at a time (default: the number of CPUs)
#
# The expected answers never come from gtidpos.  They come from
#   - tests/cli/oracle.awk, a byte walker written separately from gtidpos and
#     cross-checked, on every run, against mariadb-binlog (MariaDB's client:
#     event offsets, MariaDB GTIDs and Gtid_list contents) and, for the
#     kingbus files, against MySQL's own mysqlbinlog output shipped with them
#     (Previous-GTIDs and GTID_NEXT values);
#   - the GTID/anonymous counts of /work/shared/testdata/INVENTORY.md, copied
#     into the FIXTURES table below;
#   - the servers themselves: a binlog's Previous_gtids/Gtid_list is what the
#     server had executed when it closed the file before.
#
# What mariadb-binlog can read (10.11 client, checked on these fixtures):
#   - MariaDB files: everything but the encrypted one; it prints "# at N"
#     before each event, "GTID d-s-n" and "Gtid list [d-s-n,...]".
#   - MySQL 5.6-8.x files: it frames them ("# at N" for every event) but
#     prints GTID, Anonymous_Gtid and Previous_gtids events only as
#     "# Ignorable event type 33 (MySQL Gtid)" / 34 / 35, without the UUID,
#     the GNO or the set.  So for MySQL files it vouches for the event
#     offsets only; the GTID values come from oracle.awk (and, for kingbus,
#     from MySQL's mysqlbinlog text).  It stops with an error at MySQL 8.0
#     Transaction_payload events (compressed transactions) and at MySQL 8.3+
#     Gtid_tagged events, so for those files it vouches for the offsets
#     before that event only.
#
# Needs: bash, od, awk, mariadb-binlog, setpriv (util-linux) when run as root.
# Prints "N passed, M failed" last; exits 1 when M > 0.

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/cli_prelude.sh
. "$here/../lib/cli_prelude.sh"
TD=testdata
GOLD=tests/cli/golden
ORACLE=tests/cli/oracle.awk
UPDATE=0
FULL=0
VERBOSE=0
for arg in "$@"; do
    case $arg in
    --update) UPDATE=1 ;;
    --full) FULL=1 ;;
    --verbose) VERBOSE=1 ;;
    *) echo "usage: $0 [--update] [--full] [--verbose]" >&2; exit 2 ;;
    esac
done

# shellcheck source=tests/lib/tally.sh
. "$here/../lib/tally.sh"
# shellcheck source=tests/lib/jobs.sh
. "$here/../lib/jobs.sh"
# check DESC CONDITION-RESULT(0/1) DETAIL...
check() {
    local desc=$1 ok=$2
    shift 2
    if [ "$ok" = 0 ]; then pass "$desc"; else fail "$desc" "$@"; fi
}

TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM
chmod 755 "$TMP"
SCR=$TMP # scratch files of the current job (one per fixture job)

# Things this script cannot work without: it fails (never skips) when they
# are missing, saying why.
for tool in od awk mariadb-binlog; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        fail "tool $tool is installed" "this test needs $tool (apt-get install mariadb-client for mariadb-binlog)"
    fi
done
if [ ! -x "$GTIDPOS" ]; then
    fail "gtidpos binary $GTIDPOS exists" "build it first: make -C . all"
    printf '%d passed, %d failed\n' "$PASS" "$FAIL"
    exit 1
fi
# A private copy: the binary may be rebuilt while the tests run.
cp "$GTIDPOS" "$TMP/gtidpos" || exit 2
GTIDPOS=$TMP/gtidpos

# ---------------------------------------------------------------- helpers

# gp ARGS...: run gtidpos; sets RC, RAW (all of stdout), OUT (stdout lines),
# ERR (stderr lines), NWARN (stderr lines that are warnings), NOTWARN (others)
gp() {
    "$GTIDPOS" "$@" >"$SCR/out" 2>"$SCR/err"
    RC=$?
    RAW=
    IFS= read -r -d '' RAW <"$SCR/out"
    mapfile -t OUT <"$SCR/out"
    mapfile -t ERR <"$SCR/err"
    NWARN=0
    NOTWARN=0
    local l
    for l in "${ERR[@]}"; do
        case $l in
        "gtidpos: warning: "*) NWARN=$((NWARN + 1)) ;;
        *) NOTWARN=$((NOTWARN + 1)) ;;
        esac
    done
}
show() { # the last run, for failure messages
    local l
    printf 'exit %s; stdout: %q\n' "$RC" "$RAW"
    for l in "${ERR[@]}"; do printf 'stderr: %s\n' "$l"; done
}

# json_get KEY: from RAW (one JSON object on one line) into JV; JT is the
# kind: s (string), n (number), null, b (true/false), a (array), missing.
json_get() {
    local k=$1 re
    re="\"$k\"[[:space:]]*:[[:space:]]*(\"(([^\"\\\\]|\\\\.)*)\"|null|true|false|-?[0-9]+|\\[[^]]*\\])"
    if [[ $RAW =~ $re ]]; then
        case ${BASH_REMATCH[1]} in
        null) JT=null; JV=- ;;
        true | false) JT=b; JV=${BASH_REMATCH[1]} ;;
        \"*) JT=s; JV=${BASH_REMATCH[2]} ;;
        \[*) JT=a; JV=${BASH_REMATCH[1]} ;;
        *) JT=n; JV=${BASH_REMATCH[1]} ;;
        esac
    else
        JT=missing; JV=
    fi
}
JSON_KEYS="file pos flavor server_version gtid_set last_gtid last_gtid_start last_gtid_end warnings"
# json_shape: 0 when RAW is one line holding an object with every contract key
json_shape() {
    local k
    [ "${#OUT[@]}" = 1 ] || return 1
    [[ ${OUT[0]} == \{*\} ]] || return 1
    for k in $JSON_KEYS; do
        json_get "$k"
        [ "$JT" != missing ] || return 1
    done
    return 0
}

# expect_err DESC CODE FILE-OR-EMPTY EXTRA-REGEX-OR-EMPTY ARGS...
# an error: exit CODE, nothing on stdout, exactly one stderr line
# "gtidpos: ..." (not a warning) that names FILE and matches EXTRA-REGEX.
expect_err() {
    local desc=$1 code=$2 file=$3 re=$4
    shift 4
    gp "$@"
    local why=()
    [ "$RC" = "$code" ] || why+=("expected exit $code, got $RC")
    [ -z "$RAW" ] || why+=("expected empty stdout")
    [ "${#ERR[@]}" = 1 ] || why+=("expected exactly one stderr line, got ${#ERR[@]}")
    [[ ${ERR[0]-} == "gtidpos: "* && ${ERR[0]-} != "gtidpos: warning: "* ]] ||
        why+=("the stderr line must start with 'gtidpos: ' and not be a warning")
    if [ -n "$file" ] && [[ ${ERR[0]-} != *"$file"* ]]; then why+=("the message must name $file"); fi
    shopt -s nocasematch
    if [ -n "$re" ] && ! [[ ${ERR[0]-} =~ $re ]]; then why+=("the message must match /$re/ (any case)"); fi
    shopt -u nocasematch
    if [ "${#why[@]}" = 0 ]; then pass "$desc"; else fail "$desc" "gtidpos $*" "${why[@]}" "$(show)"; fi
}

# expect_ok DESC SET WARN ARGS...: exit 0, stdout exactly SET and a newline,
# every stderr line a warning; WARN: none | some | any | /REGEX/ (a warning
# matching REGEX, case-insensitive)
expect_ok() {
    local desc=$1 set=$2 warn=$3
    shift 3
    gp "$@"
    local why=()
    [ "$RC" = 0 ] || why+=("expected exit 0, got $RC")
    [ "$RAW" = "$set"$'\n' ] || why+=("expected stdout: $(printf '%q' "$set"$'\n')")
    [ "$NOTWARN" = 0 ] || why+=("stderr may hold only 'gtidpos: warning: ' lines")
    case $warn in
    none) [ "${#ERR[@]}" = 0 ] || why+=("expected no warning") ;;
    some) [ "$NWARN" -ge 1 ] || why+=("expected a warning") ;;
    any) ;;
    /*/)
        local re=${warn#/} l hit=1
        re=${re%/}
        shopt -s nocasematch
        for l in "${ERR[@]}"; do [[ $l =~ $re ]] && hit=0; done
        shopt -u nocasematch
        [ "$hit" = 0 ] || why+=("expected a warning matching $warn")
        ;;
    esac
    if [ "${#why[@]}" = 0 ]; then pass "$desc"; else fail "$desc" "gtidpos $*" "${why[@]}" "$(show)"; fi
}

# ------------------------------------------------------------- fixtures
# path under testdata/ | class | GTID transactions | anonymous ones (both
# counts from INVENTORY.md) | MySQL mysqlbinlog output shipped with it
# classes:
#   gtid    GTID-era file with Previous_gtids/Gtid_list, no anonymous GTIDs
#   anon    GTID-era file whose transactions carry anonymous GTIDs
#           (gtid_mode OFF): set from Previous_gtids only, warning "anonymous"
#   nogtid  no GTID information at all: pre-GTID servers (4.x-5.5, MariaDB
#           5.5) and MySQL 5.6 with gtid_mode=OFF, which writes no
#           Previous_gtids (the binlog-parser and go-mysql 5.6 files confirm
#           it): empty line, a warning, exit 0
#   v2      the 4.0.0 binlog v2 file: either read as pre-GTID (as nogtid) or
#           refused with exit 4 "unsupported binlog version"; both are
#           allowed by the contract, anything else fails
FIXTURES="
mysql/kingbus/mysql_bin.000011                                   gtid   11  0 mysql/kingbus/mysqlbinlog/11.txt
mysql/kingbus/mysql_bin.000012                                   gtid   10  0 mysql/kingbus/mysqlbinlog/12.txt
mysql/kingbus/mysql_bin.000013                                   gtid   10  0 mysql/kingbus/mysqlbinlog/13.txt
mysql/kingbus/relay/flikedev1-c8pyy-relay-bin.000284             gtid   11  0 mysql/kingbus/mysqlbinlog/284.txt
mysql/kingbus/relay/flikedev1-c8pyy-relay-bin.000286             gtid   10  0 mysql/kingbus/mysqlbinlog/286.txt
mysql/kingbus/relay/flikedev1-c8pyy-relay-bin.000288             gtid   10  0 mysql/kingbus/mysqlbinlog/288.txt
mysql/percona-binlog-server/gtid/binlog.000001                   gtid    4  0 -
mysql/percona-binlog-server/gtid/binlog.000002                   gtid    2  0 -
mysql/percona-binlog-server/position/binlog.000001               anon    0  4 -
mysql/percona-binlog-server/position/binlog.000002               anon    0  2 -
mysql/mysql_binlog_utils/mysql-bin56.000001                      gtid    0  0 -
mysql/mysql_binlog_utils/mysql-bin56.000002                      gtid    1  0 -
mysql/mysql_binlog_utils/only-header-mysql-bin                   gtid    0  0 -
mysql/rust_mysql_common/binlog_transaction_with_GTID.000001      gtid    3  0 -
mysql/rust_mysql_common/binlog_transaction_with_GTID_TAG.000001  gtid    1  0 -
mysql/rust_mysql_common/binlog_transaction_previous_GTID_no_tag.000001 gtid 0 0 -
mysql/rust_mysql_common/binlog_transaction_with_anonymous_GTID.000001 anon 0 2 -
mysql/rust_mysql_common/transaction_compression.000001           anon    0  1 -
mysql/rust_mysql_common/binlog_56_gtid_reserved_word.000001      gtid    6  0 -
mysql/rust_mysql_common/rpl_atomic_ddl_rollback_full.000001      gtid    4  0 -
mysql/rust_mysql_common/binlog-invisible-columns.000001          gtid    5  0 -
mysql/rust_mysql_common/mysql-enum-string-set.000001             gtid    5  0 -
mysql/rust_mysql_common/master-bin.000001                        gtid    0  0 -
mysql/rust-mysql-binlog/bin-log.000001                           gtid    3  0 -
mysql/mysql-binlog-connector-java/mysql-bin.compressed           anon    0  1 -
mysql/mysql-binlog-connector-java/mysql-bin.checksum-none        anon    0 40 -
mysql/mysql-binlog-connector-java/mysql-bin.checksum-crc32       anon    0 60 -
mysql/MyFlash/haha.000005.xxd-r.bin                              anon    0 12 -
mysql/MyFlash/haha.000007.xxd-r.bin                              anon    0  1 -
mysql/MyFlash/haha.000008                                        anon    0  1 -
mysql/MyFlash/haha.000009                                        anon    0  2 -
mysql/MyFlash/haha.000041                                        gtid    7  0 -
mysql/binlog-parser/gtid-fixtures/mysql-bin.01                   gtid   17  0 -
mysql/binlog-parser/fixtures/mysql-bin.01                        nogtid  0  0 -
mysql/binlog-parser/fixtures/mysql-bin.empty                     nogtid  0  0 -
mysql/go-mysql/tcb-eval002c-bin.003320                           nogtid  0  0 -
mysql/canal/tsdb/mysql-bin.000002                                anon    0 16 -
mysql/canal/tsdb/mysql-bin.000003                                anon    0 33 -
mysql/debian/mdev35643_mysql_80_binlog.000001                    anon    0  9 -
mysql/debian/rpl/mysql-5.7.11-stm-temporal-round-binlog.000001   anon    0  1 -
mysql/debian/rpl/mysql-8.0.13-stm-temporal-round-binlog.000001   anon    0  2 -
mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000001          gtid    0  0 -
mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000004          gtid  405  0 -
mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000005          gtid   87  0 -
mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000006          gtid   66  0 -
mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000007          gtid   63  0 -
mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000009          gtid    3  0 -
mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000010          gtid   10  0 -
mariadb/mariadb-poc/domain_id_1/mariadb-repl-bin.000001          gtid    0  0 -
mariadb/mariadb-poc/domain_id_1/mariadb-repl-bin.000002          gtid   12  0 -
mariadb/tiflow/mysql-bin.000001                                  gtid   20  0 -
mariadb/rust_mysql_common/mariadb-bin.000001                     gtid    2  0 -
mariadb/binlog-parser/mysql-bin.07                               gtid    2  0 -
mariadb/debian/mdev29078-mysql-bin.000001                        gtid    3  0 -
mariadb/debian/rpl/master-bin-seq_10.3.36.000001                 gtid    4  0 -
mariadb/debian/mdev6020-mysql-bin.000001                         gtid 1381  0 -
old/debian/trunc_binlog.000001                                   nogtid  0  0 -
old/debian/bug47142_master-bin.000001                            nogtid  0  0 -
old/debian/bug16266.000001                                       nogtid  0  0 -
old/debian/binlog_transaction.000001                             nogtid  0  0 -
old/debian/bug40482-bin.000001                                   nogtid  0  0 -
old/debian/binlog_savepoint.000001                               nogtid  0  0 -
old/debian/bug32407.001                                          nogtid  0  0 -
old/debian/update-full-row.binlog                                nogtid  0  0 -
old/debian/mdev-4645-binlog_none.binlog                          nogtid  0  0 -
old/debian/mdev-4645-binlog_checksum.binlog                      nogtid  0  0 -
old/debian/mdev-4645-binlog_group_id.binlog                      nogtid  0  0 -
old/debian/mdev-4645-binlog_group_id_checksum.binlog             nogtid  0  0 -
old/debian/mariadb-5.5-binlog.000001                             nogtid  0  0 -
old/mysql_binlog_utils/mysql-relay-bin.unfinished                nogtid  0  0 -
old/ybinlogp/mysql-bin.default-path                              nogtid  0  0 -
old/debian/master-bin.000001                                     v2      0  0 -
"

# Consecutive files of one server: the end of file N must be the set the
# server wrote at the start of file N+1 (its Previous_gtids / Gtid_list).
#   eq      equal
#   purged  mysql-bin56.000001 ends empty but .000002 starts with 4 UUIDs: the
#           same server (id 904898000) rotated at startup, and the set it
#           wrote into .000002 was given to it in between (gtid_purged);
#           here both sides must match the oracle and differ from each other.
# The kingbus relay logs 284/286/288 are a replica's: its Previous_gtids is
# the retrieved set, and the odd-numbered relay logs between them added no
# GTIDs, so the retrieved set carries over exactly.
PAIRS="
mysql/kingbus/mysql_bin.000011 mysql/kingbus/mysql_bin.000012 eq
mysql/kingbus/mysql_bin.000012 mysql/kingbus/mysql_bin.000013 eq
mysql/kingbus/relay/flikedev1-c8pyy-relay-bin.000284 mysql/kingbus/relay/flikedev1-c8pyy-relay-bin.000286 eq
mysql/kingbus/relay/flikedev1-c8pyy-relay-bin.000286 mysql/kingbus/relay/flikedev1-c8pyy-relay-bin.000288 eq
mysql/percona-binlog-server/gtid/binlog.000001 mysql/percona-binlog-server/gtid/binlog.000002 eq
mysql/percona-binlog-server/position/binlog.000001 mysql/percona-binlog-server/position/binlog.000002 eq
mysql/mysql_binlog_utils/mysql-bin56.000001 mysql/mysql_binlog_utils/mysql-bin56.000002 purged
mysql/MyFlash/haha.000007.xxd-r.bin mysql/MyFlash/haha.000008 eq
mysql/MyFlash/haha.000008 mysql/MyFlash/haha.000009 eq
mysql/canal/tsdb/mysql-bin.000002 mysql/canal/tsdb/mysql-bin.000003 eq
mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000004 mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000005 eq
mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000005 mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000006 eq
mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000006 mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000007 eq
mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000009 mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000010 eq
mariadb/mariadb-poc/domain_id_1/mariadb-repl-bin.000001 mariadb/mariadb-poc/domain_id_1/mariadb-repl-bin.000002 eq
"

# --------------------------------------------------------------- oracle
# run_oracle REL: reads testdata/REL with mariadb-binlog and oracle.awk;
# sets O_FLAVOR O_SV O_START O_FINAL O_LAST O_NTX O_NANON O_TRUNC,
# arrays O_EVS (event starts), O_EVE (event ends, by start), O_B* (by
# boundary), O_TXS/O_TXE/O_TXG (transactions), O_XCHECK (cross-check lines).
run_oracle() {
    local rel=$1 extra=$2 f=$TD/$1 mblrc
    mariadb-binlog --base64-output=never "$f" >"$SCR/mbl" 2>"$SCR/mbl.err"
    mblrc=$?
    local args=(-v "mbl=$SCR/mbl" -v "mbl_rc=$mblrc")
    [ "$extra" != - ] && args+=(-v "mysqlbinlog=$TD/$extra")
    od -An -v -tu1 "$f" | awk -f "$ORACLE" "${args[@]}" >"$SCR/orc"
    O_FLAVOR="?" O_SV="?" O_START=- O_FINAL=- O_LAST=4 O_NTX=0 O_NANON=0 O_TRUNC=-
    O_EVS=() O_XCHECK=() O_TXS=() O_TXE=() O_TXG=() O_BPOS=()
    unset O_EVE O_BSET O_BIN O_BLG O_BLS O_BLE
    declare -gA O_EVE=() O_BSET=() O_BIN=() O_BLG=() O_BLS=() O_BLE=()
    local tag a b c d e f2 rest
    while IFS=$'\t' read -r tag a b c d e f2 rest; do
        case $tag in
        EV) O_EVS+=("$a"); O_EVE[$a]=$b ;;
        B)
            O_BPOS+=("$a"); O_BSET[$a]=$b; O_BIN[$a]=$c; O_BLG[$a]=$d
            O_BLS[$a]=$e; O_BLE[$a]=$f2; O_LAST=$a
            ;;
        TX)
            O_TXS+=("$c"); O_TXE+=("$d"); O_TXG+=("$b")
            if [ "$a" = gtid ]; then O_NTX=$((O_NTX + 1)); else O_NANON=$((O_NANON + 1)); fi
            ;;
        INFO) O_FLAVOR=$a; O_SV=$b ;;
        START) O_START=$a ;;
        FINAL) O_FINAL=$a ;;
        TRUNC) O_TRUNC=$a ;;
        XCHECK) O_XCHECK+=("$a"$'\t'"$b") ;;
        BAD) O_XCHECK+=("FAIL"$'\t'"oracle could not frame the file: $a $b") ;;
        esac
    done <"$SCR/orc"
}
undash() { [ "$1" = - ] && R= || R=$1; }

# sample N LIMIT: indices 0..N-1 to check (all when N <= LIMIT or --full;
# else the first and last LIMIT/4 and about LIMIT/2 more spread evenly)
sample() {
    local n=$1 lim=$2 i step edge=$(($2 / 4))
    SAMPLE=()
    if [ "$FULL" = 1 ] || [ "$n" -le "$lim" ]; then
        for ((i = 0; i < n; i++)); do SAMPLE+=("$i"); done
        return
    fi
    for ((i = 0; i < edge; i++)); do SAMPLE+=("$i"); done
    step=$(((n - 2 * edge) / (lim - 2 * edge) + 1))
    for ((i = edge; i < n - edge; i += step)); do SAMPLE+=("$i"); done
    for ((i = n - edge; i < n; i++)); do SAMPLE+=("$i"); done
}

# check_boundary REL CLASS POS: gtidpos --json at an event boundary must
# answer what the oracle computed there.
check_boundary() {
    local rel=$1 class=$2 pos=$3 f=$TD/$1
    gp at "$f:$pos" --json
    local why=() exp
    undash "${O_BSET[$pos]}"; exp=$R
    [ "$RC" = 0 ] || why+=("expected exit 0, got $RC")
    [ "$NOTWARN" = 0 ] || why+=("stderr may hold only warnings")
    if json_shape; then
        json_get gtid_set
        [ "$JT" = s ] && [ "$JV" = "$exp" ] || why+=("gtid_set: expected '$exp', got '$JV'")
        json_get pos
        [ "$JV" = "$pos" ] || why+=("pos: expected $pos, got $JV")
        if [ "$class" = gtid ]; then
            json_get last_gtid
            [ "${JV:--}" = "${O_BLG[$pos]}" ] || why+=("last_gtid: expected ${O_BLG[$pos]}, got $JV")
        fi
        json_get last_gtid_start
        [ "$JV" = "${O_BLS[$pos]}" ] || why+=("last_gtid_start: expected ${O_BLS[$pos]}, got $JV")
        json_get last_gtid_end
        [ "$JV" = "${O_BLE[$pos]}" ] || why+=("last_gtid_end: expected ${O_BLE[$pos]}, got $JV")
    else
        why+=("expected one JSON object with the keys: $JSON_KEYS")
    fi
    if [ "${O_BIN[$pos]}" = 1 ]; then
        [ "$NWARN" -ge 1 ] || why+=("position inside a transaction: expected the inside-transaction warning")
    elif [ "$class" = gtid ]; then
        [ "${#ERR[@]}" = 0 ] || why+=("expected no warning (between transactions of a GTID file)")
    fi
    if [ "${#why[@]}" = 0 ]; then
        pass "$rel:$pos agrees with the oracle"
    else
        fail "$rel:$pos agrees with the oracle" "gtidpos at $f:$pos --json" "${why[@]}" "$(show)"
    fi
}

# check_inside_event REL POS: POS+1 is inside the event at POS: exit 6 naming
# both ends of that event (or, at the end of the file, just exit 6)
check_inside_event() {
    local rel=$1 pos=$2 f=$TD/$1 end
    end=${O_EVE[$pos]-}
    if [ -n "$end" ]; then
        expect_err "$rel:$((pos + 1)) is inside the event $pos..$end" 6 "$f" "(^|[^0-9])$pos([^0-9]|$).*(^|[^0-9])$end([^0-9]|$)" at "$f:$((pos + 1))"
    else
        expect_err "$rel:$((pos + 1)) is past the end" 6 "$f" "" at "$f:$((pos + 1))"
    fi
}

# ------------------------------------------------------- per-fixture checks
# fixture_checks REL CLASS NGTID NANON EXTRA: every check of one fixture; it
# runs in a job of its own and leaves the oracle's start and end sets in
# $SCR/start and $SCR/final for the consecutive-files checks.
fixture_checks() {
    local rel=$1 class=$2 ngtid=$3 nanon=$4 extra=$5
    local f=$TD/$rel x i pos final gf mode got l why ls le
    if [ ! -f "$f" ]; then
        fail "fixture $f exists" "missing; see testdata/PROVENANCE.md"
        return
    fi
    run_oracle "$rel" "$extra"
    printf '%s\n' "$O_START" >"$SCR/start"
    printf '%s\n' "$O_FINAL" >"$SCR/final"
    for x in "${O_XCHECK[@]}"; do
        if [ "${x%%$'\t'*}" = ok ]; then
            pass "$rel: ${x#*$'\t'}"
        else
            fail "$rel: ${x#*$'\t'}" "mariadb-binlog said: $(head -c 600 "$SCR/mbl.err")"
        fi
    done
    check "$rel: the oracle frames the file to its end" "$([ "$O_TRUNC" = - ] && echo 0 || echo 1)" "the file ends inside the event at $O_TRUNC"
    check "$rel: $ngtid GTID and $nanon anonymous transactions (INVENTORY.md)" \
        "$([ "$O_NTX" = "$ngtid" ] && [ "$O_NANON" = "$nanon" ] && echo 0 || echo 1)" \
        "the oracle found $O_NTX GTID and $O_NANON anonymous transactions"

    case $class in
    gtid | anon)
        # (b) event boundaries (= the offsets mariadb-binlog printed, see the
        # XCHECK above): a sample, or all with --full, plus the starts and
        # ends of a sample of transactions; and POS+1 inside events
        sample "${#O_BPOS[@]}" 16
        declare -A want=()
        for i in "${SAMPLE[@]}"; do want[${O_BPOS[$i]}]=1; done
        sample "${#O_TXS[@]}" 8
        for i in "${SAMPLE[@]}"; do
            want[${O_TXS[$i]}]=1
            [ "${O_TXE[$i]}" != - ] && want[${O_TXE[$i]}]=1
        done
        for pos in "${O_BPOS[@]}"; do
            [ -n "${want[$pos]-}" ] && check_boundary "$rel" "$class" "$pos"
        done
        unset want
        sample "${#O_BPOS[@]}" 5
        for i in "${SAMPLE[@]}"; do check_inside_event "$rel" "${O_BPOS[$i]}"; done
        ;;
    nogtid | v2)
        # every sampled event start is accepted: empty set, a warning
        sample "${#O_BPOS[@]}" 5
        for i in "${SAMPLE[@]}"; do
            pos=${O_BPOS[$i]}
            gp at "$f:$pos"
            if [ "$class" = v2 ] && [ "$RC" = 4 ]; then
                expect_err "$rel:$pos: binlog v2 refused as unsupported" 4 "$f" "" at "$f:$pos"
                break
            fi
            expect_ok "$rel:$pos: no GTID information: empty set and a warning" "" some at "$f:$pos"
        done
        sample "${#O_BPOS[@]}" 4
        for i in "${SAMPLE[@]}"; do
            pos=${O_BPOS[$i]}
            if [ "$class" = v2 ]; then
                gp at "$f:$((pos + 1))"
                [ "$RC" = 4 ] && break
            fi
            check_inside_event "$rel" "$pos"
        done
        ;;
    esac

    # (e) the whole file: set and warnings at the end
    undash "$O_FINAL"; final=$R
    case $class in
    gtid) expect_ok "$rel: end of file = $O_FINAL" "$final" none at "$f" ;;
    anon) expect_ok "$rel: end of file = $O_FINAL, with the anonymous-transactions warning" "$final" "/anonymous/" at "$f" ;;
    nogtid) expect_ok "$rel: pre-GTID (or gtid_mode=OFF) file: empty line and a warning" "" some at "$f" ;;
    v2)
        gp at "$f"
        if [ "$RC" = 4 ]; then
            expect_err "$rel: binlog v2 refused (exit 4)" 4 "$f" "" at "$f"
        else
            expect_ok "$rel: binlog v2 read as pre-GTID: empty line and a warning" "" some at "$f"
        fi
        ;;
    esac
    # POS=4: the starting set, as the server wrote it
    undash "$O_START"
    case $class in
    gtid | anon) expect_ok "$rel:4 = Previous_gtids/Gtid_list = $O_START" "$R" none at "$f:4" ;;
    esac
    if [ "$class" = gtid ]; then
        expect_ok "$rel: --flavor $O_FLAVOR changes nothing" "$final" none at "$f" --flavor "$O_FLAVOR"
    fi

    # (d) golden files
    gf=$GOLD/$rel
    for mode in txt json; do
        if [ "$mode" = json ]; then gp at --json "$f"; else gp at "$f"; fi
        got=$RAW
        {
            printf 'exit %s\n' "$RC"
            printf '%s' "$got"
            for l in "${ERR[@]}"; do printf 'stderr: %s\n' "$l"; done
        } >"$SCR/golden"
        if [ "$UPDATE" = 1 ]; then
            # write only what we can confirm independently
            why=()
            if [ "$class" = v2 ] && [ "$RC" = 4 ]; then
                :
            else
                [ "$RC" = 0 ] || why+=("exit $RC")
                if [ "$mode" = txt ]; then
                    [ "$got" = "$final"$'\n' ] || why+=("set is not the oracle's $O_FINAL")
                else
                    json_shape || why+=("not one JSON object with the contract keys")
                    json_get gtid_set; [ "$JV" = "$final" ] || why+=("gtid_set '$JV' is not the oracle's $O_FINAL")
                    json_get pos; [ "$JV" = "$O_LAST" ] || why+=("pos $JV is not the end $O_LAST")
                    json_get flavor; [ "$JV" = "$O_FLAVOR" ] || why+=("flavor $JV is not $O_FLAVOR")
                    json_get server_version; [ "$JV" = "$O_SV" ] || why+=("server_version $JV is not $O_SV")
                    json_get file; [ "$JV" = "$f" ] || why+=("file $JV is not $f")
                    json_get warnings
                    if [ "$class" = gtid ]; then
                        [[ $JV =~ ^\[[[:space:]]*\]$ ]] || why+=("warnings $JV should be empty")
                    else
                        [[ $JV =~ ^\[[[:space:]]*\"  ]] || why+=("warnings $JV should not be empty")
                    fi
                    if [ "$class" = gtid ]; then
                        json_get last_gtid; [ "${JV:--}" = "${O_BLG[$O_LAST]}" ] || why+=("last_gtid $JV is not ${O_BLG[$O_LAST]}")
                    fi
                    json_get last_gtid_start; ls=$JV
                    json_get last_gtid_end; le=$JV
                    case $class in
                    gtid | anon)
                        [ "$ls" = "${O_BLS[$O_LAST]}" ] && [ "$le" = "${O_BLE[$O_LAST]}" ] ||
                            why+=("last transaction $ls..$le is not the oracle's ${O_BLS[$O_LAST]}..${O_BLE[$O_LAST]}")
                        ;;
                    *)
                        # no GTID events: last_gtid is null; the last
                        # transaction, if reported, lies on event boundaries
                        json_get last_gtid; [ "$JT" = null ] || why+=("last_gtid $JV should be null")
                        if [ "$ls" != - ] || [ "$le" != - ]; then
                            [ -n "${O_BSET[$ls]-}" ] && [ -n "${O_BSET[$le]-}" ] && [ "$ls" -lt "$le" ] && [ "$le" -le "$O_LAST" ] ||
                                why+=("last transaction $ls..$le is not between event boundaries of the file")
                        fi
                        ;;
                    esac
                fi
            fi
            if [ "${#why[@]}" = 0 ]; then
                mkdir -p "$(dirname "$gf")"
                cp "$SCR/golden" "$gf.$mode"
                pass "$rel: golden .$mode written"
            else
                rm -f "$gf.$mode"
                fail "$rel: golden .$mode not written: not confirmed independently" "${why[@]}" "$(show)"
            fi
        elif [ ! -f "$gf.$mode" ]; then
            fail "$rel: golden $gf.$mode exists" "missing: run tests/cli/run.sh --update once gtidpos agrees with the oracle"
        elif cmp -s "$SCR/golden" "$gf.$mode"; then
            pass "$rel: output equals $gf.$mode"
        else
            fail "$rel: output equals $gf.$mode" "gtidpos at $([ "$mode" = json ] && echo '--json ')$f" \
                "$(diff "$gf.$mode" "$SCR/golden" | head -20)"
        fi
    done
}

# Fixtures run as parallel jobs (one per fixture, at most JOBS at a time,
# default: the number of CPUs); their reports are printed in table order.
echo "# fixtures: oracle cross-checks, boundaries, warnings, golden files ($JOBS jobs)"
njob=0
FIXTURE_LIST=()
while read -r rel class ngtid nanon extra; do
    [ -n "$rel" ] || continue
    njob=$((njob + 1))
    FIXTURE_LIST+=("$rel")
    job_spawn "$TMP/j$njob" fixture_checks "$rel" "$class" "$ngtid" "$nanon" "$extra"
done <<<"$FIXTURES"
wait
declare -A FINAL_OF START_OF
for ((j = 1; j <= njob; j++)); do
    rel=${FIXTURE_LIST[j - 1]}
    d=$TMP/j$j
    job_collect "$d" "$rel"
    [ -f "$d/start" ] && read -r "START_OF[$rel]" <"$d/start"
    [ -f "$d/final" ] && read -r "FINAL_OF[$rel]" <"$d/final"
done

# ------------------------------------------------------ consecutive files
echo "# consecutive files of one server (${SECONDS}s)"
while read -r a b rel; do
    [ -n "$a" ] || continue
    gp at "$TD/$a"
    enda=$RAW rca=$RC
    gp at "$TD/$b:4"
    startb=$RAW rcb=$RC
    case $rel in
    eq)
        check "end of $a = start of $b" "$([ "$rca" = 0 ] && [ "$rcb" = 0 ] && [ "$enda" = "$startb" ] && echo 0 || echo 1)" \
            "gtidpos at $TD/$a -> exit $rca: $(printf '%q' "$enda")" \
            "gtidpos at $TD/$b:4 -> exit $rcb: $(printf '%q' "$startb")"
        # and the server's own word, read by the oracle, not by gtidpos
        check "oracle: end of $a = Previous_gtids/Gtid_list of $b" \
            "$([ "${FINAL_OF[$a]-x}" = "${START_OF[$b]-y}" ] && echo 0 || echo 1)" \
            "oracle: end of $a ${FINAL_OF[$a]-?}, start of $b ${START_OF[$b]-?}"
        ;;
    purged)
        undash "${FINAL_OF[$a]}"; ea=$R
        undash "${START_OF[$b]}"; sb=$R
        check "end of $a and start of $b as the server wrote them (gtid_purged in between)" \
            "$([ "$enda" = "$ea"$'\n' ] && [ "$startb" = "$sb"$'\n' ] && [ "$ea" != "$sb" ] && echo 0 || echo 1)" \
            "gtidpos: $(printf '%q' "$enda") and $(printf '%q' "$startb"); oracle: '$ea' and '$sb'"
        ;;
    esac
done <<<"$PAIRS"

# ------------------------------------------------------------ error classes
echo "# error classes (${SECONDS}s)"
K=$TD/mysql/kingbus/mysql_bin.000012 # 6031 bytes; Write_rows event at 377..428
ksize=6031
expect_err "missing file: exit 3" 3 "$TMP/nonexistent" "" at "$TMP/nonexistent"
expect_err "missing file with a position: exit 3" 3 "$TMP/nonexistent" "" at "$TMP/nonexistent:4"
expect_err "a directory: exit 3" 3 "$TD/mysql" "" at "$TD/mysql"
expect_err "a path through a regular file (ENOTDIR): exit 3" 3 "$K/x" "" at "$K/x"
# Unreadable: root reads any file whatever its mode, so as root the check
# runs gtidpos as the unprivileged user nobody (setpriv, util-linux).
cp "$K" "$TMP/unreadable"
chmod 000 "$TMP/unreadable"
if [ "$(id -u)" != 0 ]; then
    expect_err "unreadable file (mode 000): exit 3" 3 "$TMP/unreadable" "" at "$TMP/unreadable"
elif command -v setpriv >/dev/null 2>&1; then
    gpbin=$GTIDPOS
    case $gpbin in /*) ;; *) gpbin=$PWD/$gpbin ;; esac
    setpriv --reuid=65534 --regid=65534 --clear-groups "$gpbin" at "$TMP/unreadable" >"$TMP/out" 2>"$TMP/err"
    RC=$?
    mapfile -t ERR <"$TMP/err"
    IFS= read -r -d '' RAW <"$TMP/out"
    check "unreadable file (mode 000, run as nobody): exit 3, one line naming the file" \
        "$([ "$RC" = 3 ] && [ -z "$RAW" ] && [ "${#ERR[@]}" = 1 ] && [[ ${ERR[0]} == "gtidpos: "*"$TMP/unreadable"* ]] && echo 0 || echo 1)" \
        "$(show)" "(if gtidpos itself is not readable by nobody, the exit code is not gtidpos's)"
else
    fail "unreadable file check" "running as root without setpriv: root can read a mode-000 file, and there is no way to drop privileges here; install util-linux"
fi
: >"$TMP/empty"
expect_err "empty file: exit 4" 4 "$TMP/empty" "" at "$TMP/empty"
printf 'hello, world\n' >"$TMP/text"
expect_err "wrong magic (text file): exit 4" 4 "$TMP/text" "" at "$TMP/text"
expect_err "wrong magic (canal's binlog mangled by a UTF-8 conversion): exit 4" 4 \
    "$TD/damaged/canal/tsdb/mysql-bin.000001" "" at "$TD/damaged/canal/tsdb/mysql-bin.000001"
printf '\376bin' >"$TMP/magic-only"
expect_err "magic only (4 bytes, no Format_description): exit 5" 5 "$TMP/magic-only" "" at "$TMP/magic-only"
expect_err "14 bytes: magic and part of an event header: exit 5" 5 \
    "$TD/damaged/rust_mysql_common/binlog_truncated_event.000001" "" at "$TD/damaged/rust_mysql_common/binlog_truncated_event.000001"
expect_err "MySQL 5.7 file whose Previous_gtids is cut short (set unknown): exit 5" 5 \
    "$TD/damaged/rust_mysql_common/binlog_truncated_prev_gtid_event.000001" "" \
    at "$TD/damaged/rust_mysql_common/binlog_truncated_prev_gtid_event.000001"
expect_err "MariaDB 10.4 file with a Format_description and no Gtid_list: exit 5" 5 \
    "$TD/damaged/debian/binlog-header.binlog" "" at "$TD/damaged/debian/binlog-header.binlog"

for p in abc "" 12abc -1 +4 0x10 " 4"; do
    expect_err "POS '$p' is not a number: exit 2" 2 "$K" "" at "$K:$p"
done
expect_err "POS past the end (size+1): exit 6" 6 "$K" "" at "$K:$((ksize + 1))"
expect_err "POS far past the end: exit 6" 6 "$K" "" at "$K:1000000"
expect_err "POS inside an event: exit 6 naming the boundaries 377 and 428" 6 "$K" \
    "offset 400.*(^|[^0-9])377([^0-9]|$).*(^|[^0-9])428([^0-9]|$)" at "$K:400"
for p in 0 1 2 3; do
    expect_err "POS $p (inside the magic): exit 6" 6 "$K" "" at "$K:$p"
done
expect_ok "POS = file size is the end" "214eb71f-96ec-11e8-ab4f-fa163e72d4ae:1-11810" none at "$K:$ksize"
expect_err "encrypted MariaDB binlog: exit 7" 7 "$TD/damaged/debian/binlog_before_20574.bin" "" \
    at "$TD/damaged/debian/binlog_before_20574.bin"
M39=$TD/damaged/debian/mdev-39404-binlog.000001
# MDEV-39404: a 10.6 file whose GTID event at 256 has CRC 0 (should be
# 0x04e0a427 - gzip computes CRC-32 too), XID lengths 170+187 (> 128) and
# no Gtid_list after the Format_description.
expect_err "mdev-39404: bad CRC32 of the GTID event at 256: exit 5 (checksum)" 5 "$M39" "256.*(crc|checksum)|(crc|checksum).*256" at "$M39"
expect_err "mdev-39404 --verify gtid: the GTID event is decoded, so checked: exit 5" 5 "$M39" "(crc|checksum)" at "$M39" --verify gtid
expect_err "mdev-39404 --verify none: still damaged (malformed XID, no Gtid_list): exit 5" 5 "$M39" "" at "$M39" --verify none
if [[ ${ERR[0]-} =~ [Cc][Rr][Cc]|[Cc]hecksum ]]; then
    fail "mdev-39404 --verify none: message does not blame the checksum" "${ERR[0]}"
else
    pass "mdev-39404 --verify none: message does not blame the checksum"
fi

# A closed file cut inside an event; an in-use one cut the same way.
head -c 400 "$K" >"$TMP/cut-closed"
expect_err "closed file cut inside an event (Write_rows at 377): exit 5" 5 "$TMP/cut-closed" "" at "$TMP/cut-closed"
K13=$TD/mysql/kingbus/mysql_bin.000013 # in-use; 11811 ends at 773, Write_rows 956..1007
head -c 1000 "$K13" >"$TMP/cut-inuse"
expect_ok "in-use file cut inside an event: the set at the last whole event, a warning" \
    "214eb71f-96ec-11e8-ab4f-fa163e72d4ae:1-11811" some at "$TMP/cut-inuse"
B55=$TD/damaged/debian/bug11747416_32228_binlog.000001
expect_ok "5.5 in-use file whose last event claims bytes past EOF: empty set, warnings" "" some at "$B55"
expect_ok "5.5 in-use file at 316, the start of that event" "" some at "$B55:316"

# CRC mismatch in a row event (not decoded) vs in a GTID event.
cp "$K" "$TMP/flip-rows"
read -r byte < <(od -An -tu1 -j 400 -N 1 "$K")
printf '%b' "\\0$(printf '%03o' $((byte ^ 255)))" | dd of="$TMP/flip-rows" bs=1 seek=400 conv=notrunc 2>/dev/null
expect_err "a flipped byte in the Write_rows event at 377: exit 5 naming offset 377" 5 "$TMP/flip-rows" "377" at "$TMP/flip-rows"
expect_ok "... with --verify none: read anyway" "214eb71f-96ec-11e8-ab4f-fa163e72d4ae:1-11810" none at "$TMP/flip-rows" --verify none
expect_ok "... with --verify gtid: row events are not checked" "214eb71f-96ec-11e8-ab4f-fa163e72d4ae:1-11810" none at "$TMP/flip-rows" --verify gtid
expect_ok "... before the damaged event (POS 377): fine" "214eb71f-96ec-11e8-ab4f-fa163e72d4ae:1-11800" some at "$TMP/flip-rows:377"
cp "$K" "$TMP/flip-gtid"
read -r byte < <(od -An -tu1 -j 230 -N 1 "$K") # GNO of the GTID event at 194
printf '%b' "\\0$(printf '%03o' $((byte ^ 255)))" | dd of="$TMP/flip-gtid" bs=1 seek=230 conv=notrunc 2>/dev/null
expect_err "a flipped byte in the GTID event at 194, --verify gtid: exit 5 naming offset 194" 5 "$TMP/flip-gtid" "194" at "$TMP/flip-gtid" --verify gtid

# Usage errors: the contract's one "gtidpos: ..." line, which need not name
# a file (none may have been given).
expect_err "unknown option: exit 2" 2 "" "" at "$K" --bogus
expect_err "unknown short option: exit 2" 2 "" "" at "$K" -x
expect_err "--flavor without its argument: exit 2" 2 "" "" at "$K" --flavor
expect_err "--json=1 (takes no argument): exit 2" 2 "" "" at "$K" --json=1
expect_err "two FILE arguments: exit 2" 2 "" "" at "$K" "$K"
expect_err "unknown flavor: exit 2" 2 "" "" at "$K" --flavor oracle
expect_err "unknown --verify mode: exit 2" 2 "" "" at "$K" --verify some
expect_err "at without FILE: exit 2" 2 "" "" at
expect_err "unknown command: exit 2" 2 "" "" frobnicate "$K"
gp
check "no arguments: exit 2, nothing on stdout" "$([ "$RC" = 2 ] && [ -z "$RAW" ] && echo 0 || echo 1)" "$(show)"

echo "# done (${SECONDS}s)"
printf '%d passed, %d failed\n' "$PASS" "$FAIL"
[ "$FAIL" = 0 ]
