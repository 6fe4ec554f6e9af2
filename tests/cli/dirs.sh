#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# dirs.sh - directories as PATH (find, verify, at --before): log order from
# an .index file or the numeric suffix, and `at --before` against
# mariadb-binlog --stop-datetime (where it stops) and `at FILE:POS --json`
# (the last transaction before that point).
# Needs: bash, mariadb-binlog.  Prints "N passed, M failed" last.
# pass and fail always return 0, so "test && pass || fail" is if-then-else.
# shellcheck disable=SC2015

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/cli_prelude.sh
. "$here/../lib/cli_prelude.sh"
# shellcheck source=tests/lib/tally.sh
. "$here/../lib/tally.sh"

cli_need_gtidpos
cli_need_tool mariadb-binlog "mariadb-binlog is not installed (Debian mariadb-client)"
cli_tmpdir
T=$CLI_TMP

K=testdata/mysql/kingbus
# find GTID DIR == find GTID FILES (numeric order): every GTID of 11..13.
n=0 bad=0
while read -r g; do
    n=$((n + 1))
    a=$("$GTIDPOS" find "$g" "$K" 2>&1)
    b=$("$GTIDPOS" find "$g" "$K"/mysql_bin.0000{11,12,13} 2>&1)
    [ -n "$a" ] && [ "$a" = "$b" ] || { bad=$((bad + 1)); [ "$bad" = 1 ] && fail "find $g in $K" "dir: $a" "files: $b"; }
done < <(cat "$K"/mysqlbinlog/1[123].txt | grep -o "GTID_NEXT= '[^']*'" | grep -v AUTOMATIC | sed "s/GTID_NEXT= '//; s/'//")
[ "$n" -gt 20 ] && [ "$bad" = 0 ] && pass "find over a directory = over its files ($n GTIDs)" || fail "find over a directory: $bad of $n differ"

# Numeric order, not name order: 9 < 10 (copies renamed 000009, 000010).
mkdir "$T/num"
cp testdata/mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000009 "$T/num/x.9"
cp testdata/mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000010 "$T/num/x.10"
out=$("$GTIDPOS" verify "$T/num")
if [ "$(grep -o '^[^:]*: summary' <<<"$out" | tr '\n' ' ')" = "$T/num/x.9: summary $T/num/x.10: summary " ]; then
    pass "numeric order x.9 < x.10"
else
    fail "numeric order" "$out"
fi

# An .index wins over numeric order: list 13, 11, 12 (./ and absolute).
mkdir "$T/idx"
cp "$K"/mysql_bin.0000{11,12,13} "$T/idx/"
printf './mysql_bin.000013\n/var/lib/mysql/mysql_bin.000011\nmysql_bin.000012\n' >"$T/idx/mysql_bin.index"
out=$("$GTIDPOS" verify "$T/idx")
order=$(grep -o '^[^:]*: summary' <<<"$out" | sed "s|$T/idx/||; s/: summary//" | tr '\n' ' ')
if [ "$order" = "mysql_bin.000013 mysql_bin.000011 mysql_bin.000012 " ]; then
    pass "index order wins"
else
    fail "index order" "got: $order"
fi
# ... so 13 (in use) is not last: verify says so.
grep -q "mysql_bin.000013: marked in use but not the last file" <<<"$out" && pass "index order used by verify" || fail "index order used by verify" "$out"
# A file named in the index but missing: a clear error naming it.
rm "$T/idx/mysql_bin.000012"
out=$("$GTIDPOS" find 214eb71f-96ec-11e8-ab4f-fa163e72d4ae:11805 "$T/idx" 2>&1)
rc=$?
if [ "$rc" = 3 ] && [[ $out == *"mysql_bin.index"*"mysql_bin.000012"* ]] && [ "$(wc -l <<<"$out")" = 1 ]; then
    pass "missing file named in the index"
else
    fail "missing file named in the index" "got (exit $rc): $out"
fi
# Two index files: ambiguous, refused.
cp "$T/idx/mysql_bin.index" "$T/idx/other.index"
out=$("$GTIDPOS" verify "$T/idx" 2>&1); rc=$?
[ "$rc" = 2 ] && [[ $out == *"index files"* ]] && pass "two index files refused" || fail "two index files" "got (exit $rc): $out"
# Empty directory.
mkdir "$T/empty"
out=$("$GTIDPOS" find 0-1-1 "$T/empty" 2>&1); rc=$?
[ "$rc" = 3 ] && [[ $out == *"no log file"* ]] && pass "empty directory" || fail "empty directory" "got (exit $rc): $out"

# --- at --before ------------------------------------------------------
# mariadb-binlog --stop-datetime stops at the first event at or after T;
# the last end_log_pos it prints is where it stopped.  gtidpos's answer
# must be the last transaction before that position, as `at FILE:POS
# --json` reports it (last_gtid_end, gtid_set).
M=testdata/mariadb/debian/mdev6020-mysql-bin.000001
# check_before TZ TIME FILE...: with several files, the file where
# mariadb-binlog stopped is the one whose format description it printed
# last.
check_before() {
    local tz=$1 t=$2 out stop nf f want got
    shift 2
    out=$(TZ=$tz mariadb-binlog --base64-output=never --stop-datetime="$t" "$@" 2>/dev/null)
    stop=$(grep -o 'end_log_pos [0-9]*' <<<"$out" | tail -1 | cut -d' ' -f2)
    nf=$(grep -c 'Start: binlog v 4' <<<"$out")
    f=${*:nf:1}
    want=$("$GTIDPOS" at --json "$f:$stop" 2>/dev/null | sed -n 's/.*"gtid_set":"\([^"]*\)","last_gtid":\(null\|"[^"]*"\),"last_gtid_start":[0-9]*,"last_gtid_end":\([0-9]*\).*/\3\t\1/p')
    got=$(TZ=$tz "$GTIDPOS" at --before "$t" "$@" 2>/dev/null)
    if [ -n "$stop" ] && [ -n "$want" ] && [ "$got" = "$f"$'\t'"$want" ]; then
        pass "at --before '$t' TZ=$tz $*"
    else
        fail "at --before '$t' TZ=$tz $*" "mariadb-binlog stops at $f:$stop; expected $f<TAB>$want" "got: $got"
    fi
}
for t in '2014-04-11 09:57:40' '2014-04-11 09:59:00' '2014-04-11 10:01:47' '2014-04-11 10:03:05' '2014-04-11 10:05:30'; do
    check_before UTC "$t" "$M"
done
# Two files (canal): a time in the first, between them, in the second.
C=testdata/mysql/canal/tsdb
for t in '2017-09-15 12:54:30' '2017-09-15 09:00:00' '2017-09-15 09:13:00' '2017-09-15 13:11:05' '2017-09-19 09:00:00' '2017-09-19 12:10:38' '2017-09-21 13:01:03'; do
    check_before UTC "$t" "$C/mysql-bin.000002" "$C/mysql-bin.000003"
done
# Another zone: the same instants, written in Asia/Kolkata (UTC+05:30).
check_before Asia/Kolkata '2014-04-11 15:29:00' "$M"
check_before Asia/Kolkata '2014-04-11 15:34:30' "$M"
a=$(TZ=UTC "$GTIDPOS" at --before '2014-04-11 09:59:00' "$M")
b=$(TZ=Asia/Kolkata "$GTIDPOS" at --before '2014-04-11 15:29:00' "$M")
[ -n "$a" ] && [ "$a" = "$b" ] && pass "TZ applies" || fail "TZ applies" "$a" "$b"
# A directory = its files in order.
a=$(TZ=UTC "$GTIDPOS" at --before '2017-09-19 12:10:38' "$C" 2>/dev/null)
b=$(TZ=UTC "$GTIDPOS" at --before '2017-09-19 12:10:38' "$C/mysql-bin.000002" "$C/mysql-bin.000003")
[ -n "$a" ] && [ "$a" = "$b" ] && pass "at --before over a directory" || fail "at --before over a directory" "$a" "$b"
# Before every event: exit 1 and a message; a bad time: exit 2.
out=$(TZ=UTC "$GTIDPOS" at --before '2000-01-01 00:00:00' "$M" 2>&1); rc=$?
[ "$rc" = 1 ] && [[ $out == *"no transaction committed before"* ]] && pass "nothing before" || fail "nothing before" "got (exit $rc): $out"
out=$("$GTIDPOS" at --before 'yesterday' "$M" 2>&1); rc=$?
[ "$rc" = 2 ] && pass "bad --before time: exit 2" || fail "bad --before time" "got (exit $rc): $out"
# --json: the object `at FILE:POS --json` prints.
a=$(TZ=UTC "$GTIDPOS" at --before '2014-04-11 10:01:47' --json "$M")
IFS=$'\t' read -r f p _ < <(TZ=UTC "$GTIDPOS" at --before '2014-04-11 10:01:47' "$M")
b=$("$GTIDPOS" at --json "$f:$p")
[ -n "$a" ] && [ "$a" = "$b" ] && pass "at --before --json" || fail "at --before --json" "$a" "$b"

tally_summary
