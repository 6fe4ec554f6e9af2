#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/mariadb/events_parity.sh - `gtidpos events` with mariadb-binlog's
# filters against mariadb-binlog itself, on a live server's binlogs.
#
# A private mariadbd (tests/lib/mariadb_server.sh) runs a seeded workload:
# three gtid_domain_ids, three server ids (SET SESSION server_id), BEGIN..
# COMMIT groups, ROLLBACK, DDL, MyISAM, explicit SET TIMESTAMPs (so that
# --start/--stop-datetime cut inside the files; the first file's header
# and setup DDL carry the real time), FLUSH BINARY LOGS (several files);
# then it is stopped (the files closed, with a Stop event).  For a matrix
# of filters x file lists, the events gtidpos prints (their start
# offsets, in order) must equal mariadb-binlog's "# at N" lines, and the
# two must agree on success (exit 0) or failure (non-zero: strict-mode
# errors, a start GTID never reached, an invalid range).  Filter values
# come from the files themselves (GTIDs and timestamps picked at fixed
# fractions of each domain's run).
#
# The default run: every filter on all the files, and a sample of the
# filters on the other file lists; GP_FULL=1: every filter on every list,
# and a second, larger workload.  Prints a table (filter, files, events
# mariadb-binlog printed, agreed) and "N passed, M failed" last.
# Env: GTIDPOS (default build/gtidpos), GP_SEED, GP_KEEP=1, GP_FULL.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/mariadb_server.sh source-path=SCRIPTDIR disable=SC1091
. "$here/../lib/mariadb_server.sh"
# shellcheck source=../lib/tally.sh disable=SC1091
. "$here/../lib/tally.sh"
# shellcheck source=../lib/mariadb_prelude.sh disable=SC1091
. "$here/../lib/mariadb_prelude.sh"
# shellcheck source=../lib/full.sh disable=SC1091
. "$here/../lib/full.sh"
command -v mariadb-binlog >/dev/null || die "mariadb-binlog not found (apt-get install mariadb-client)"

seed=${GP_SEED:-$(( ($(date +%s) + $$) % 32768 ))}
echo "events_parity: seed $seed (rerun with GP_SEED=$seed)"
gp_full_note
RANDOM=$seed
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gtidpos-evpar.XXXXXX")
S=$TMP/server
mkdir -p "$S"

mdb_start_free "$S" 5 --server-id=1 --binlog-format=ROW --binlog-checksum=CRC32 \
    --innodb-buffer-pool-size=32M --innodb-flush-log-at-trx-commit=0 \
    --innodb-log-file-size=16M || die "could not start mariadbd"
mdb_sql "$S" "CREATE DATABASE s; CREATE TABLE s.t (id INT AUTO_INCREMENT PRIMARY KEY, v TEXT) ENGINE=InnoDB;
    CREATE TABLE s.m (id INT AUTO_INCREMENT PRIMARY KEY, v TEXT) ENGINE=MyISAM" ||
    die "setup SQL failed"

# workload N: N steps; timestamps from 2026-01-01 00:00:00 UTC on, 1 to 40
# seconds apart; every domain and server id gets groups.
workload() {
    local i k ts=1767225600
    echo "USE s;"
    for ((i = 0; i < $1; i++)); do
        ts=$((ts + 1 + RANDOM % 40))
        echo "SET TIMESTAMP=$ts;"
        k=$((RANDOM % 12))
        case $k in
        0) echo "SET SESSION gtid_domain_id=$((RANDOM % 3));" ;;
        1) echo "SET SESSION server_id=$((1 + RANDOM % 3));" ;;
        2 | 3) echo "BEGIN; INSERT INTO t (v) VALUES ('a$i'); INSERT INTO t (v) VALUES ('b$i'); COMMIT;" ;;
        4) echo "BEGIN; INSERT INTO t (v) VALUES ('r$i'); ROLLBACK;" ;;
        5) echo "CREATE TABLE IF NOT EXISTS d$((RANDOM % 5)) (x INT);" ;;
        6) echo "INSERT INTO m (v) VALUES ('m$i');" ;;
        7) if [ $((RANDOM % 3)) = 0 ]; then echo "FLUSH BINARY LOGS;"; fi ;;
        *) echo "INSERT INTO t (v) VALUES (REPEAT('x', $((RANDOM % 300))));" ;;
        esac
        # at least one file per 30 steps, whatever the seed draws
        if [ $((i % 30)) = 29 ]; then echo "FLUSH BINARY LOGS;"; fi
    done
    # every domain and server id at least once, then a last file
    for k in 0 1 2; do
        echo "SET SESSION gtid_domain_id=$k; SET SESSION server_id=$((k + 1));"
        echo "SET TIMESTAMP=$((ts + k + 1)); INSERT INTO t (v) VALUES ('z$k');"
    done
    echo "FLUSH BINARY LOGS;"
    # a file whose domain 1 goes back (gtid_seq_no set below the last:
    # the server's own gtid_strict_mode is off), for --gtid-strict-mode
    echo "SET SESSION gtid_domain_id=1; SET SESSION server_id=2; SET TIMESTAMP=$((ts + 10));"
    echo "INSERT INTO t (v) VALUES ('o1'); INSERT INTO t (v) VALUES ('o2');"
    echo "SET SESSION gtid_seq_no=1; INSERT INTO t (v) VALUES ('o3'); INSERT INTO t (v) VALUES ('o4');"
    echo "FLUSH BINARY LOGS;"
}
if gp_full; then steps=400; else steps=150; fi
workload "$steps" | mdb_sql "$S" || die "workload failed"
mdb_stop "$S"

mapfile -t FILES < <(sed "s|^.*/||; s|^|$S/data/|" "$S/data/bin.index")
[ "${#FILES[@]}" -ge 5 ] || die "only ${#FILES[@]} binlog files"
# the last file holds the header only; the one before it the out-of-order
# GTIDs (OOO); ALL is the files before these
OOO=("${FILES[@]: -2:1}")
ALL=("${FILES[@]:0:${#FILES[@]}-2}")
N=${#ALL[@]}
echo "# $N binlog files, $(cat "${ALL[@]}" | wc -c) bytes"

# ---- filter values, from the files ---------------------------------------
"$GTIDPOS" events "${ALL[@]}" >"$TMP/all" || die "gtidpos events on the files failed"
# gtid_at DOMAIN FRACTION [FILES...]: the GTID of that domain at that
# fraction of its groups in the files (default all).
gtid_at() {
    local d=$1 frac=$2
    shift 2
    [ $# -gt 0 ] || set -- "${ALL[@]}"
    "$GTIDPOS" events "$@" 2>/dev/null | awk -F'\t' -v d="$d" -v fr="$frac" '
        $3 == "Gtid" { g = $7; sub(/^gtid=/, "", g); sub(/ .*/, "", g)
                       split(g, p, "-"); if (p[1] == d) l[++n] = g }
        END { if (n) { i = int(n * fr); if (i < 1) i = 1; print l[i] } }'
}
# time_at FRACTION [TZ]: the header time of the event at that fraction of
# the files' events, as local time in TZ (default UTC).
time_at() {
    local t
    t=$(awk -F'\t' -v fr="$1" '{ l[NR] = $6 } END { print l[int(NR * fr)] }' "$TMP/all")
    TZ=${2:-UTC} date -d "$t" '+%Y-%m-%d %H:%M:%S'
}
# first_event_in FILE INDEX: the start offset of the INDEX-th event of FILE.
event_in() { "$GTIDPOS" events "$1" | sed -n "${2}p" | cut -f1; }

LATE=("${ALL[@]:N-2}")       # the last two files (the GTID state starts mid-way)
ONE=("${ALL[1]}")
FIRST2=("${ALL[@]:0:2}")

G0a=$(gtid_at 0 0.3) G0b=$(gtid_at 0 0.7)
G1a=$(gtid_at 1 0.3) G1b=$(gtid_at 1 0.7)
G2a=$(gtid_at 2 0.3) G2b=$(gtid_at 2 0.7)
START3="$G0a,$G1a,$G2a"
STOP3="$G0b,$G1b,$G2b"
# the late files' own state and positions within them
L0=$(gtid_at 0 0.5 "${LATE[@]}") L1=$(gtid_at 1 0.5 "${LATE[@]}") L2=$(gtid_at 2 0.5 "${LATE[@]}")
LSTART=$(printf '%s\n' "$L0" "$L1" "$L2" | grep . | paste -sd,)
T1=$(time_at 0.4) T2=$(time_at 0.6)
T1_TOKYO=$(time_at 0.4 Asia/Tokyo)
# times inside the late files (the first file's header carries the real
# time, which a --stop-datetime reaches at once)
TL1=$("$GTIDPOS" events "${LATE[@]}" | awk -F'\t' '{ l[NR] = $6 } END { print l[int(NR / 3)] }')
TL2=$("$GTIDPOS" events "${LATE[@]}" | awk -F'\t' '{ l[NR] = $6 } END { print l[int(NR * 2 / 3)] }')
TL1=$(TZ=UTC date -d "$TL1" '+%Y-%m-%d %H:%M:%S') TL2=$(TZ=UTC date -d "$TL2" '+%Y-%m-%d %H:%M:%S')
B1=$(event_in "${ALL[0]}" 6) B2=$(event_in "${ALL[N - 1]}" 5)
# a byte start past the end of every file (the documented difference)
BPAST=$(( $(stat -c %s "${ALL[@]}" | sort -n | tail -1) + 1 ))
# A stop GTID met in the first file after the byte start B1, with the
# other domains' stops later: the byte start skips the first file's
# Gtid_list, and the second file's starts that domain at or past its stop,
# which must not read as "not in these files" (CI seed 31243).  SF: the
# first file's last GTID after B1, else the second file's first GTID.
SF=$({ "$GTIDPOS" events "${ALL[0]}" | awk -F'\t' -v b="$B1" '$1 >= b'
       "$GTIDPOS" events "${ALL[1]}" | sed 's/^/next\t/'; } |
     awk -F'\t' '$1 != "next" && $3 == "Gtid" { g = $7; sub(/^gtid=/, "", g); sub(/ .*/, "", g); last = g }
                  $1 == "next" && $4 == "Gtid" && first == "" { g = $8; sub(/^gtid=/, "", g); sub(/ .*/, "", g); first = g }
                  END { print (last != "" ? last : first) }')
SF_STOP=$SF
for g in "$G0b" "$G1b" "$G2b"; do
    [ "${g%%-*}" = "${SF%%-*}" ] || SF_STOP="$SF_STOP,$g"
done
for v in G0a G0b G1a G1b G2a G2b T1 T2 TL1 TL2 B1 B2 SF; do
    [ -n "${!v}" ] || die "no value for $v (the workload is too small)"
done

# ---- the matrix ----------------------------------------------------------
# One filter per line: NAME|TZ|OPTIONS (split on spaces; "_" stands for a
# space inside a value).
FILTERS=$(cat <<EOF
none|UTC|
byte start|UTC|--start-position=$B1
byte stop|UTC|--stop-position=$B2
byte start+stop|UTC|--start-position=$B1 --stop-position=$B2
start-datetime|UTC|--start-datetime=${T1/ /_}
stop-datetime|UTC|--stop-datetime=${T2/ /_}
start+stop-datetime|UTC|--start-datetime=${T1/ /_} --stop-datetime=${T2/ /_}
start-datetime TZ=Asia/Tokyo|Asia/Tokyo|--start-datetime=${T1_TOKYO/ /_}
stop-datetime inside the late files|UTC|--stop-datetime=${TL2/ /_}
start+stop-datetime inside the late files|UTC|--start-datetime=${TL1/ /_} --stop-datetime=${TL2/ /_}
do-domain-ids=1|UTC|--do-domain-ids=1
ignore-domain-ids=0,2|UTC|--ignore-domain-ids=0,2
do-server-ids=2|UTC|--do-server-ids=2
ignore-server-ids=1,3|UTC|--ignore-server-ids=1,3
server-id=3|UTC|--server-id=3
do-domain-ids=2 + do-server-ids=1|UTC|--do-domain-ids=2 --do-server-ids=1
ignore-domain-ids=1 + ignore-server-ids=2|UTC|--ignore-domain-ids=1 --ignore-server-ids=2
GTID start, 3 domains|UTC|--start-position=$START3
GTID stop, 3 domains|UTC|--stop-position=$STOP3
GTID stop, one domain|UTC|--stop-position=$G1b
GTID start+stop|UTC|--start-position=$START3 --stop-position=$STOP3
GTID start+stop, stop in one domain|UTC|--start-position=$START3 --stop-position=$G2b
GTID start + do-server-ids=2|UTC|--start-position=$START3 --do-server-ids=2
GTID start + ignore-domain-ids=0|UTC|--start-position=$START3 --ignore-domain-ids=0
GTID start, one domain missing (strict error)|UTC|--start-position=$G0a,$G1a
GTID start, one domain missing, not strict|UTC|--skip-gtid-strict-mode --start-position=$G0a,$G1a
GTID start past the files (never reached)|UTC|--start-position=${G0a%-*}-99999,$G1a,$G2a
GTID stop before start (strict error)|UTC|--start-position=$G0b --stop-position=$G0a
GTID stop before start, not strict|UTC|--skip-gtid-strict-mode --start-position=$G0b,$G1a,$G2a --stop-position=$G0a
GTID start = stop in one domain|UTC|--start-position=$START3 --stop-position=$G1a,$G2b
GTID stop, one domain + ignore-server-ids=2|UTC|--stop-position=$G2b --ignore-server-ids=2
do-domain-ids=0,1 + stop-datetime|UTC|--do-domain-ids=0,1 --stop-datetime=${T2/ /_}
GTID start of the late files' own state|UTC|--start-position=$LSTART
GTID start + start-datetime|UTC|--start-position=$START3 --start-datetime=${T1/ /_}
byte start + GTID stop|UTC|--start-position=$B1 --stop-position=$STOP3
byte start + GTID stop met in the first file|UTC|--start-position=$B1 --stop-position=$SF_STOP
byte start past the first file's end (refused)|UTC|--start-position=$BPAST
EOF
)
LISTS=("all" "late" "first2" "one")
list_files() {
    case $1 in
    all) printf '%s\n' "${ALL[@]}" ;;
    late) printf '%s\n' "${LATE[@]}" ;;
    first2) printf '%s\n' "${FIRST2[@]}" ;;
    one) printf '%s\n' "${ONE[@]}" ;;
    ooo) printf '%s\n' "${OOO[@]}" ;;
    esac
}

# compare NAME TZ LIST OPTIONS...: one cell of the matrix.
compare() {
    local name=$1 tz=$2 list=$3 mrc grc m
    shift 3
    local files
    mapfile -t files < <(list_files "$list")
    TZ=$tz mariadb-binlog "$@" "${files[@]}" >"$TMP/m.out" 2>"$TMP/m.err"
    mrc=$?
    TZ=$tz "$GTIDPOS" events "$@" "${files[@]}" >"$TMP/g.out" 2>"$TMP/g.err"
    grc=$?
    sed -n 's/^# at //p' "$TMP/m.out" >"$TMP/m.at"
    cut -f1 "$TMP/g.out" >"$TMP/g.at"
    m=$(wc -l <"$TMP/m.at")
    # The documented difference (man gtidpos(1), EVENTS): a byte
    # --start-position past the end of the first file is refused here
    # (exit 6, nothing listed) where mariadb-binlog lists what follows.
    local a start=
    for a in "$@"; do
        case $a in --start-position=[0-9]*) [[ ${a#*=} =~ ^[0-9]+$ ]] && start=${a#*=} ;; esac
    done
    if [ -n "$start" ] && [ "$start" -gt "$(stat -c %s "${files[0]}")" ]; then
        if [ "$grc" = 6 ] && [ ! -s "$TMP/g.at" ] && grep -q "is past the end of the file" "$TMP/g.err"; then
            pass "$name on $list (start past the first file's end: refused)"
            printf '%-46s %-7s %6s  refused: start past the end (exit %s/%s)\n' "$name" "$list" "$m" "$mrc" "$grc" >>"$TMP/table"
        else
            fail "$name on $list: a byte start past the first file's end is not refused" \
                "gtidpos exit $grc: $(head -c 200 "$TMP/g.err" | tr '\n' ' ')"
            printf '%-46s %-7s %6s  NOT REFUSED (exit %s/%s)\n' "$name" "$list" "$m" "$mrc" "$grc" >>"$TMP/table"
        fi
        return
    fi
    if cmp -s "$TMP/m.at" "$TMP/g.at" && [ "$((mrc == 0))" = "$((grc == 0))" ]; then
        pass "$name on $list"
        printf '%-46s %-7s %6s  agreed   (exit %s/%s)\n' "$name" "$list" "$m" "$mrc" "$grc" >>"$TMP/table"
    else
        fail "$name on $list: mariadb-binlog exit $mrc, $m events; gtidpos exit $grc, $(wc -l <"$TMP/g.at") events" \
            "options: $*" \
            "first difference: $(diff "$TMP/m.at" "$TMP/g.at" | head -3 | tr '\n' ' ')" \
            "mariadb-binlog: $(head -c 200 "$TMP/m.err" | tr '\n' ' ')" \
            "gtidpos: $(head -c 200 "$TMP/g.err" | tr '\n' ' ')"
        printf '%-46s %-7s %6s  DISAGREED (exit %s/%s)\n' "$name" "$list" "$m" "$mrc" "$grc" >>"$TMP/table"
    fi
}

: >"$TMP/table"
i=0
while IFS='|' read -r name tz opts; do
    read -r -a args <<<"$opts"
    for ((k = 0; k < ${#args[@]}; k++)); do args[k]=${args[k]//_/ }; done
    for list in "${LISTS[@]}"; do
        # default run: every filter on all files; the other lists in turn
        if ! gp_full && [ "$list" != all ] && [ "${LISTS[1 + i % 3]}" != "$list" ]; then
            continue
        fi
        compare "$name" "$tz" "$list" "${args[@]}"
    done
    i=$((i + 1))
done <<<"$FILTERS"

# --gtid-strict-mode on the out-of-order file: with GTID positions,
# mariadb-binlog refuses a sequence number that goes back, and only warns
# with --skip-gtid-strict-mode.
OSTATE=$("$GTIDPOS" events "${OOO[@]}" | awk -F'\t' '$3 == "Gtid_list" { sub(/^gtid_list=/, "", $7); print $7 }')
[ -n "$OSTATE" ] || die "no Gtid_list in ${OOO[0]}"
while IFS='|' read -r name opts; do
    read -r -a args <<<"$opts"
    compare "out-of-order seq: $name" UTC ooo "${args[@]}"
done <<EOF
GTID start at its Gtid_list|--start-position=$OSTATE
the same, not strict|--skip-gtid-strict-mode --start-position=$OSTATE
GTID stop at its Gtid_list|--stop-position=${OSTATE//,*/}
do-domain-ids=1|--do-domain-ids=1
EOF

# A directory operand is the files of its index, in order.
if "$GTIDPOS" events --do-domain-ids=1 "$S/data" | cmp -s - <("$GTIDPOS" events --do-domain-ids=1 "${FILES[@]}"); then
    pass "a directory lists what its bin.index lists"
else
    fail "a directory lists what its bin.index lists"
fi

printf '%-46s %-7s %6s  %s\n' "filter" "files" "events" "verdict"
cat "$TMP/table"
tally_summary
