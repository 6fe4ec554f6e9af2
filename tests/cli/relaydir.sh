#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# relaydir.sh - `gtidpos at --relay-dir / --binlog-dir / --source-pos` on
# directories assembled from real binlogs: TiDB DM v1.0 relay roots built
# by tests/lib/dm_relay.sh (two suffixes per upstream, mid-file starts,
# dummy-event holes, relay.meta) out of the consecutive MySQL 5.7 kingbus
# files and the consecutive MariaDB 11.8 mariadb-poc files.
#
# The oracle is `gtidpos at` on the original, unholed upstream file at the
# same position (itself checked against mysqlbinlog, mariadb-binlog and the
# live server by the other tests): every position the chaining rule says
# is accounted for must give exactly that answer, and every position whose
# history a hole hides must be refused (exit 5) naming the hole's bytes.
# Needs: bash, python3.  Prints "N passed, M failed" last.

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/cli_prelude.sh
. "$here/../lib/cli_prelude.sh"
# shellcheck source=tests/lib/tally.sh
. "$here/../lib/tally.sh"
# shellcheck source=tests/lib/dm_relay.sh
. "$here/../lib/dm_relay.sh"
# shellcheck source=tests/lib/full.sh
. "$here/../lib/full.sh"

cli_need_gtidpos
cli_need_tool python3 "python3 is not installed"

cli_tmpdir
tmp=$CLI_TMP

K=testdata/mysql/kingbus
M=testdata/mariadb/mariadb-poc/domain_id_0
MYSQL_UUID=214eb71f-96ec-11e8-ab4f-fa163e72d4ae # the kingbus server's server_uuid
MARIA_UUID=0-10                                 # gtid_domain_id 0, server_id 10

# The answer and status of one gtidpos run: "STATUS|STDOUT", stderr in $tmp/err.
run() {
    local out rc
    out=$("$GTIDPOS" at "$@" 2>"$tmp/err")
    rc=$?
    printf '%s|%s' "$rc" "$out"
}

# Transaction starts (GTID events) of a file, from gtidpos events.
gtid_starts() {
    "$GTIDPOS" events "$1" | awk -F'\t' '$3 == "Gtid" { print $1 }'
}

# The positions checked in FILE (to keep the test under a minute on a busy
# machine): every STEP-th event boundary, every GTID_STEP-th transaction
# start, the end, and every boundary inside the ranges A-B given (holes,
# mid-file starts, cuts: where the chaining rule does its work).  Without
# GP_FULL=1 (make test) STEP and GTID_STEP are PICK_SPREAD times larger;
# the ranges are whole.
PICK_SPREAD=$(gp_stride 3)
gp_full_note
pick() {
    local file=$1 step=$(($2 * PICK_SPREAD)) gstep=$(($3 * PICK_SPREAD)) b=$tmp/boundaries
    shift 3
    dm_relay_boundaries "$file" >"$b"
    {
        awk -v s="$step" 'NR % s == 1 { print } { last = $0 } END { print last }' "$b"
        gtid_starts "$file" | awk -v s="$gstep" 'NR % s == 1'
        local r
        for r in "$@"; do
            awk -v a="${r%-*}" -v b="${r#*-}" '$1 >= a && $1 <= b' "$b"
        done
    } | sort -n -u
}

# Every position P in $POSITIONS: --relay-dir ROOT NAME:P == at ORIGINAL:P,
# or, for P > REFUSE_AFTER, refused with exit 5 naming HOLE ("A..B").
check_file() {
    local label=$1 root=$2 name=$3 orig=$4 refuse_after=${5:-} hole=${6:-} p want got n=0 bad=0
    for p in $POSITIONS; do
        n=$((n + 1))
        got=$(run --relay-dir "$root" "$name:$p")
        if [ -n "$refuse_after" ] && [ "$p" -gt "$refuse_after" ]; then
            if [ "${got%%|*}" != 5 ] || ! grep -q "bytes $hole of upstream" "$tmp/err"; then
                bad=$((bad + 1))
                [ $bad -le 3 ] && fail "$label: $name:$p must be refused naming $hole" \
                    "got: $got" "$(cat "$tmp/err")"
            fi
            continue
        fi
        want="0|$("$GTIDPOS" at "$orig:$p" 2>/dev/null)"
        if [ "$got" != "$want" ]; then
            bad=$((bad + 1))
            [ $bad -le 3 ] && fail "$label: $name:$p" "want: $want" "got:  $got" "$(cat "$tmp/err")"
        fi
    done
    [ $bad = 0 ] && pass "$label: $n positions of $name"
}

# ---- MySQL: two suffixes of one upstream --------------------------------
root=$tmp/relay
mkdir -p "$root"
s1=$(dm_relay_sub "$root" $MYSQL_UUID 000001)
s2=$(dm_relay_sub "$root" $MYSQL_UUID 000002)
mapfile -t g12 < <(gtid_starts $K/mysql_bin.000012)
mapfile -t g13 < <(gtid_starts $K/mysql_bin.000013)
# Suffix 1: all of 000011, then 000012 up to its 7th transaction (DM stopped).
cut12=${g12[6]}
dm_relay_add "$s1" $K/mysql_bin.000011
dm_relay_add "$s1" $K/mysql_bin.000012 cut="$cut12"
dm_relay_meta "$s1" mysql_bin.000012 "$cut12" "$("$GTIDPOS" at "$K/mysql_bin.000012:$cut12")"
# Suffix 2: 000012 again from its 3rd transaction (a mid-file start), with
# its 5th transaction a DM hole (covered by suffix 1's copy); then 000013
# with its 2nd transaction a hole no other relay file covers.
start12=${g12[2]} hole12=${g12[4]}-${g12[5]} hole13=${g13[1]}-${g13[2]}
dm_relay_add "$s2" $K/mysql_bin.000012 start="$start12" hole="$hole12"
dm_relay_add "$s2" $K/mysql_bin.000013 hole="$hole13"
dm_relay_meta "$s2" mysql_bin.000013 5984 "$("$GTIDPOS" at $K/mysql_bin.000013 2>/dev/null)"

# The assembled files really have what the test is about.
if "$GTIDPOS" at "$s2/mysql_bin.000012" >/dev/null 2>&1; then
    fail "mysql: the mid-file relay copy alone must not be answerable"
else
    pass "mysql: the mid-file relay copy alone is refused by plain at"
fi

POSITIONS=$(pick $K/mysql_bin.000011 8 2)
check_file "mysql suffix 1" "$root" "mysql_bin|000001.000011" $K/mysql_bin.000011
# 000012 in suffix 1 ends at the cut: positions past it are out of range.
n=0 bad=0
for p in $(pick $K/mysql_bin.000012 8 2 "$((cut12 - 600))-$cut12"); do
    [ "$p" -gt "$cut12" ] && continue
    n=$((n + 1))
    want="0|$("$GTIDPOS" at "$K/mysql_bin.000012:$p" 2>/dev/null)"
    got=$(run --relay-dir "$root" "mysql_bin|000001.000012:$p")
    [ "$got" = "$want" ] || { bad=$((bad + 1)); fail "mysql suffix 1: 000012:$p" "want: $want" "got:  $got"; }
done
[ $bad = 0 ] && pass "mysql suffix 1: $n positions of the cut 000012"
got=$(run --relay-dir "$root" "mysql_bin|000001.000012:$((cut12 + 65))")
[ "${got%%|*}" = 6 ] && pass "mysql: past the end of a cut relay file is exit 6" ||
    fail "mysql: past the end of a cut relay file" "got: $got" "$(cat "$tmp/err")"

# Every position of suffix 2's 000012 is accounted for through suffix 1.
POSITIONS=$(pick $K/mysql_bin.000012 6 1 "4-$start12" "$hole12")
check_file "mysql suffix 2 (mid-file start + hole, chained)" "$root" \
    "mysql_bin|000002.000012" $K/mysql_bin.000012
# 000013's hole hides a transaction: refused after its start.
POSITIONS=$(pick $K/mysql_bin.000013 10 2 "$hole13")
check_file "mysql suffix 2 (uncovered hole)" "$root" "mysql_bin|000002.000013" \
    $K/mysql_bin.000013 "${hole13%-*}" "${hole13/-/..}"
# A DM v2 name without '|': the newest subdirectory holding the file.
want="0|$("$GTIDPOS" at "$K/mysql_bin.000012:${g12[8]}" 2>/dev/null)"
got=$(run --relay-dir "$root" "mysql_bin.000012:${g12[8]}")
[ "$got" = "$want" ] && pass "mysql: name without suffix" || fail "mysql: name without suffix" "want: $want" "got: $got"
# NEXT:4 before DM created NEXT is the end of the file before it only if
# that file ends with the upstream's Rotate to NEXT: 000013 was in use.
got=$(run --relay-dir "$root" "mysql_bin|000002.000014:4")
if [ "${got%%|*}" = 3 ] && grep -q "does not end with a Rotate" "$tmp/err"; then
    pass "mysql: NEXT:4 after a file that did not rotate is refused"
else
    fail "mysql: NEXT:4 after a file that did not rotate" "got: $got" "$(cat "$tmp/err")"
fi

# ---- MariaDB: an uncovered hole, the next file's Gtid_list, and chaining --
mroot=$tmp/mrelay
mkdir -p "$mroot"
s3=$(dm_relay_sub "$mroot" $MARIA_UUID 000001)
s4=$(dm_relay_sub "$mroot" $MARIA_UUID 000002)
mapfile -t m6 < <(gtid_starts $M/mariadb-repl-bin.000006)
mapfile -t m7 < <(gtid_starts $M/mariadb-repl-bin.000007)
hole6=${m6[10]}-${m6[11]}
# (DM's Query form of dummy event here, the User_var form elsewhere.)
dm_relay_add "$s3" $M/mariadb-repl-bin.000006 qhole="$hole6"
dm_relay_add "$s3" $M/mariadb-repl-bin.000007
dm_relay_meta "$s3" mariadb-repl-bin.000007 "$(stat -c %s $M/mariadb-repl-bin.000007)" \
    "$("$GTIDPOS" at $M/mariadb-repl-bin.000007 2>/dev/null)"
dm_relay_add "$s4" $M/mariadb-repl-bin.000007 start="${m7[20]}" hole="${m7[30]}-${m7[33]}"
dm_relay_meta "$s4" mariadb-repl-bin.000007 "$(stat -c %s $M/mariadb-repl-bin.000007)" \
    "$("$GTIDPOS" at $M/mariadb-repl-bin.000007 2>/dev/null)"

POSITIONS=$(pick $M/mariadb-repl-bin.000007 80 6 "$((m7[20] - 300))-$((m7[20] + 300))" "${m7[30]}-${m7[33]}")
check_file "mariadb (chained through the earlier copy)" "$mroot" \
    "mariadb-repl-bin|000002.000007" $M/mariadb-repl-bin.000007
# 000006: after the hole, only its end is known (000007's Gtid_list); the
# positions between the hole and the last transaction's end are refused.
last_end=$("$GTIDPOS" events $M/mariadb-repl-bin.000006 | awk -F'\t' '$3 == "Rotate" { print $1 }')
size6=$(stat -c %s $M/mariadb-repl-bin.000006)
n=0 bad=0
for p in $(pick $M/mariadb-repl-bin.000006 80 6 "$hole6" "$((last_end - 400))-$size6"); do
    n=$((n + 1))
    got=$(run --relay-dir "$mroot" "mariadb-repl-bin|000001.000006:$p")
    if [ "$p" -gt "${hole6%-*}" ] && [ "$p" -lt "$last_end" ]; then
        [ "${got%%|*}" = 5 ] && grep -q "bytes ${hole6/-/..} of upstream" "$tmp/err" ||
            { bad=$((bad + 1)); [ $bad -le 3 ] && fail "mariadb 000006:$p must be refused" "got: $got"; }
    else
        want="0|$("$GTIDPOS" at "$M/mariadb-repl-bin.000006:$p" 2>/dev/null)"
        [ "$got" = "$want" ] ||
            { bad=$((bad + 1)); [ $bad -le 3 ] && fail "mariadb 000006:$p" "want: $want" "got:  $got" "$(cat "$tmp/err")"; }
    fi
done
[ $bad = 0 ] && pass "mariadb: $n positions of the holed 000006 (end from 000007's Gtid_list)"
want="0|$("$GTIDPOS" at "$M/mariadb-repl-bin.000006:$size6" 2>/dev/null)"
got=$(run --relay-dir "$mroot" "mariadb-repl-bin|000001.000007:4")
[ "$got" = "$want" ] && pass "mariadb: end of 000006 == 000007:4" || fail "mariadb: 000007:4" "want: $want" "got: $got"

# ---- --binlog-dir -------------------------------------------------------
bdir=$tmp/binlogs
mkdir -p "$bdir"
cp $K/mysql_bin.0000{11,12,13} "$bdir/"
n=0 bad=0
for p in $(pick $K/mysql_bin.000012 12 3); do
    n=$((n + 1))
    want="0|$("$GTIDPOS" at "$K/mysql_bin.000012:$p" 2>/dev/null)"
    got=$(run --binlog-dir "$bdir" "mysql_bin.000012:$p")
    [ "$got" = "$want" ] || { bad=$((bad + 1)); fail "binlog-dir 000012:$p" "want: $want" "got: $got"; }
done
[ $bad = 0 ] && pass "binlog-dir: $n positions of 000012"
# The end of a file is the start of the next: the server's own Previous_gtids.
a=$(run --binlog-dir "$bdir" "mysql_bin.000011:6312")
b=$(run --binlog-dir "$bdir" "mysql_bin.000012:4")
[ "$a" = "$b" ] && [ "${a%%|*}" = 0 ] && pass "binlog-dir: end of 000011 == 000012:4" ||
    fail "binlog-dir: end of 000011 vs 000012:4" "$a" "$b"
# Without 000012 in the directory, 000012:4 is the end of 000011, which
# rotates to it; its own Previous_gtids must agree.
b2dir=$tmp/binlogs2
mkdir -p "$b2dir"
cp $K/mysql_bin.000011 $K/mysql_bin.000013 "$b2dir/"
a="0|$("$GTIDPOS" at $K/mysql_bin.000012:4 2>/dev/null)"
b=$(run --binlog-dir "$b2dir" "mysql_bin.000012:4")
[ "$a" = "$b" ] && pass "binlog-dir: missing 000012:4 == end of 000011 == 000012's Previous_gtids" ||
    fail "binlog-dir: missing 000012:4" "want: $a" "got: $b" "$(cat "$tmp/err")"
b=$(run --binlog-dir "$b2dir" "mysql_bin.000014:4")
[ "${b%%|*}" = 3 ] && pass "binlog-dir: 000014:4 after the in-use 000013 is refused" ||
    fail "binlog-dir: 000014:4" "got: $b" "$(cat "$tmp/err")"

# ---- errors -------------------------------------------------------------
expect_status() {
    local want=$1 label=$2 got
    shift 2
    got=$(run "$@")
    if [ "${got%%|*}" = "$want" ] && [ "$(wc -l <"$tmp/err")" -ge 1 ]; then
        pass "$label (exit $want)"
    else
        fail "$label: want exit $want" "got: $got" "$(cat "$tmp/err")"
    fi
}
expect_status 2 "checkpoint without a position after ':'" --relay-dir "$root" "mysql_bin|000001.000011:"
expect_status 2 "'|' without SUFFIX.SEQ" --relay-dir "$root" "mysql_bin|000001:4"
expect_status 2 "non-digit suffix" --relay-dir "$root" "mysql_bin|00000x.000011:4"
expect_status 2 "both --relay-dir and --binlog-dir" --relay-dir "$root" --binlog-dir "$bdir" "mysql_bin.000011:4"
expect_status 3 "a suffix not in server-uuid.index" --relay-dir "$root" "mysql_bin|000009.000011:4"
expect_status 3 "a file not in the subdirectory" --relay-dir "$root" "mysql_bin|000001.000013:4"
expect_status 3 "not a DM relay root" --relay-dir "$bdir" "mysql_bin|000001.000011:4"
expect_status 6 "a position inside an event" --relay-dir "$root" "mysql_bin|000001.000011:200"

# ---- --source-pos over real MySQL relay logs ------------------------------
# kingbus's relay logs hold the source files from offset 194 on: the
# source's Previous_gtids (123..194) never reached them, so no source
# position can be answered exactly, and the refusal names those bytes.
got=$(run --source-pos "mysql_bin.000011:$(gtid_starts $K/mysql_bin.000011 | sed -n 3p)" $K/relay)
if [ "${got%%|*}" = 5 ] && grep -q "123..194" "$tmp/err"; then
    pass "source-pos: kingbus relay logs lack the source's Previous_gtids: refused"
else
    fail "source-pos over kingbus relay logs" "got: $got" "$(cat "$tmp/err")"
fi
expect_status 6 "source-pos: a source file not in the relay logs" --source-pos mysql_bin.000099:4 $K/relay

tally_summary
