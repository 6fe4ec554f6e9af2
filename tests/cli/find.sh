#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# find.sh - `gtidpos find GTID FILE...` on real files, against readers we
# did not write: MySQL's own mysqlbinlog output shipped with the kingbus
# binlogs (testdata/mysql/kingbus/mysqlbinlog/*.txt) and mariadb-binlog.
# Needs: bash, awk, mariadb-binlog.  Prints "N passed, M failed" last.

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/cli_prelude.sh
. "$here/../lib/cli_prelude.sh"
# shellcheck source=tests/lib/tally.sh
. "$here/../lib/tally.sh"

if [ ! -x "$GTIDPOS" ]; then
    echo "find.sh: no gtidpos binary at $GTIDPOS (run make first)" >&2
    exit 2
fi
command -v mariadb-binlog >/dev/null || { fail "mariadb-binlog is not installed (Debian mariadb-client)"; tally_summary; exit 1; }

K=testdata/mysql/kingbus
KFILES=("$K/mysql_bin.000011" "$K/mysql_bin.000012" "$K/mysql_bin.000013")

# From mysqlbinlog text: "GTID START END" per transaction, START the
# "# at" of its GTID event, END the end_log_pos of its Xid ("-" if none).
mysqlbinlog_gtids() {
    awk '
        /^# at / { at = $3 }
        /\tGTID\t/ { start = at }
        /GTID_NEXT= / { g = $0; sub(/.*GTID_NEXT= \047/, "", g); sub(/\047.*/, "", g)
                       if (g != "AUTOMATIC") { gtid = g; end = "-" } }
        /\tXid = / && gtid != "" { n = split($0, f, "end_log_pos "); split(f[2], e, " ")
                       print gtid, start, e[1]; gtid = "" }
    ' "$1"
}

# Every MySQL GTID of the kingbus files: found in exactly its own file, at
# mysqlbinlog's offsets, and nowhere else.
for n in 11 12 13; do
    file=$K/mysql_bin.0000$n
    count=0
    while read -r gtid start end; do
        count=$((count + 1))
        out=$("$GTIDPOS" find "$gtid" "${KFILES[@]}" 2>&1)
        rc=$?
        want=$(printf '%s\t%s\t%s\t%s' "$file" "$start" "$end" "$gtid")
        if [ "$rc" = 0 ] && [ "$out" = "$want" ]; then
            pass "find $gtid"
        else
            fail "find $gtid" "expected (exit 0): $want" "got (exit $rc): $out"
        fi
    done < <(mysqlbinlog_gtids "$K/mysqlbinlog/$n.txt")
    if [ "$count" -gt 0 ]; then pass "mysqlbinlog $n.txt lists GTIDs"; else fail "mysqlbinlog $n.txt lists no GTID"; fi
done

# Older than the files: in mysql_bin.000011's Previous_gtids.
out=$("$GTIDPOS" find 214eb71f-96ec-11e8-ab4f-fa163e72d4ae:7 "${KFILES[@]}" 2>&1)
rc=$?
if [ "$rc" = 1 ] && [[ $out == *"older than $K/mysql_bin.000011"* ]] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ]; then
    pass "GTID older than the files"
else
    fail "GTID older than the files" "expected exit 1 and one line naming mysql_bin.000011" "got (exit $rc): $out"
fi
out=$("$GTIDPOS" find 214eb71f-96ec-11e8-ab4f-fa163e72d4ae:99999 "${KFILES[@]}" 2>&1)
rc=$?
if [ "$rc" = 1 ] && [[ $out == *"nor in their starting sets"* ]]; then pass "GTID newer than the files"; else fail "GTID newer than the files" "got (exit $rc): $out"; fi

# MariaDB: every 20th GTID of mdev6020, at mariadb-binlog's offsets; the set
# at the reported end has that GTID as its last transaction.
M=testdata/mariadb/debian/mdev6020-mysql-bin.000001
i=0
while read -r start gtid; do
    i=$((i + 1))
    [ $((i % 20)) = 1 ] || continue
    out=$("$GTIDPOS" find "$gtid" "$M" 2>&1)
    rc=$?
    IFS=$'\t' read -r f s e g <<<"$out"
    last=$("$GTIDPOS" at --json "$M:${e:-0}" 2>/dev/null | sed -n 's/.*"last_gtid":"\([^"]*\)".*/\1/p')
    if [ "$rc" = 0 ] && [ "$f" = "$M" ] && [ "$s" = "$start" ] && [ "$g" = "$gtid" ] && [ "$last" = "$gtid" ]; then
        pass "find $gtid in mdev6020"
    else
        fail "find $gtid in mdev6020" "expected $M start $start" "got (exit $rc): $out; last_gtid at end: $last"
    fi
done < <(mariadb-binlog --base64-output=never "$M" 2>/dev/null |
         awk '/^# at / { at = $3 } /[ \t]GTID [0-9]+-[0-9]+-[0-9]+/ { for (k = 1; k <= NF; k++) if ($k == "GTID") print at, $(k + 1) }')
if [ "$i" -gt 1000 ]; then pass "mariadb-binlog lists mdev6020's GTIDs"; else fail "mariadb-binlog listed only $i GTIDs of mdev6020"; fi

# Tagged MySQL GTID (9.6), tag given in another case.
if out=$("$GTIDPOS" find 55778904-0299-11f1-b1b8-4ef0c4956feb:MyTag:3 \
        testdata/mysql/rust_mysql_common/binlog_transaction_with_GTID_TAG.000001 2>&1) &&
    [ "$(printf '%s\n' "$out" | wc -l)" = 1 ]; then
    pass "tagged GTID found"
else
    fail "tagged GTID" "got: $out"
fi

# Usage errors: exit 2, one line.
for args in "bogus $K/mysql_bin.000011" "214eb71f-96ec-11e8-ab4f-fa163e72d4ae:0 $K/mysql_bin.000011" \
            "0-1 $K/mysql_bin.000011" "0-1-5" "--bogus 0-1-5 x"; do
    # shellcheck disable=SC2086
    out=$("$GTIDPOS" find $args 2>&1 >/dev/null)
    rc=$?
    if [ "$rc" = 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ]; then pass "usage: find $args"; else fail "usage: find $args" "got (exit $rc): $out"; fi
done
# A missing file among good ones: reported, the others still searched.
out=$("$GTIDPOS" find 214eb71f-96ec-11e8-ab4f-fa163e72d4ae:11805 /nonexistent "${KFILES[@]}" 2>/dev/null)
rc=$?
if [ "$rc" = 3 ] && [[ $out == "$K/mysql_bin.000012"* ]]; then pass "missing file reported, others searched"; else fail "missing file among good ones" "got (exit $rc): $out"; fi

# One rule with `at` (walk/engine.c): a file that `at` refuses as damaged
# gets no confident answer from find either, with at's one-line error and
# exit status, after the matches before the damage.
for c in "testdata/damaged/debian/binlog-header.binlog 0-1-1" \
         "testdata/corrupt/fde-second-midtxn.binlog 214eb71f-96ec-11e8-ab4f-fa163e72d4ae:11801" \
         "testdata/corrupt/dm-hole-relay.binlog 214eb71f-96ec-11e8-ab4f-fa163e72d4ae:99999"; do
    read -r file gtid <<<"$c"
    want=$("$GTIDPOS" at "$file" 2>&1 >/dev/null)
    wrc=$?
    err=$("$GTIDPOS" find "$gtid" "$file" 2>&1 >/dev/null)
    rc=$?
    if [ "$wrc" != 0 ] && [ "$rc" = "$wrc" ] && [ "$err" = "$want" ]; then
        pass "find refuses what at refuses: $file"
    else
        fail "find refuses what at refuses: $file" "expected (exit $wrc): $want" "got (exit $rc): $err"
    fi
done
out=$("$GTIDPOS" find 214eb71f-96ec-11e8-ab4f-fa163e72d4ae:11801 testdata/corrupt/fde-second-midtxn.binlog 2>/dev/null)
if [ "$out" = "$(printf 'testdata/corrupt/fde-second-midtxn.binlog\t194\t773\t214eb71f-96ec-11e8-ab4f-fa163e72d4ae:11801')" ]; then
    pass "the match before the damage is reported"
else
    fail "the match before the damage is reported" "got: $out"
fi

# ---- find SET (issue 14): sets and ranges, older / absent, headers only --
# Oracle: mysqlbinlog's own listing of the three files (every GTID with its
# offsets) and its Previous-GTIDs line of mysql_bin.000011.
U=214eb71f-96ec-11e8-ab4f-fa163e72d4ae
: >"${TMPDIR:-/tmp}/find_oracle.$$"
ORA=${TMPDIR:-/tmp}/find_oracle.$$
trap 'rm -f "$ORA"' EXIT
for n in 11 12 13; do
    # every GTID_NEXT (DDL too, which has no Xid): FILE START GTID GNO
    awk -v f="$K/mysql_bin.0000$n" -v OFS='\t' '
        /^# at / { at = $3 }
        /\tGTID\t/ { start = at }
        /GTID_NEXT= / { g = $0; sub(/.*GTID_NEXT= \047/, "", g); sub(/\047.*/, "", g)
                       if (g != "AUTOMATIC") { split(g, p, ":"); print f, start, g, p[2] } }
    ' "$K/mysqlbinlog/$n.txt" >>"$ORA"
done
prev11=$(awk '/Previous-GTIDs/ { getline; sub(/^# /, ""); print; exit }' "$K/mysqlbinlog/11.txt")
first_gno=$(head -1 "$ORA" | cut -f4) last_gno=$(tail -1 "$ORA" | cut -f4)
old_last=${prev11##*-}
if [ "$first_gno" = $((old_last + 1)) ]; then pass "oracle: the files start after Previous_gtids ($prev11)"; else fail "oracle: first GTID $first_gno after $prev11"; fi
# ranges that start before the files, cross file boundaries, end past them
for range in "$((old_last - 3))-$((first_gno + 2))" "$((first_gno + 5))-$((first_gno + 14))" \
             "$((last_gno - 1))-$((last_gno + 4))" "$first_gno-$last_gno" "$((first_gno + 12))"; do
    a=${range%-*} b=${range#*-}
    want=$(awk -F'\t' -v a="$a" -v b="$b" -v OFS='\t' '$4 >= a && $4 <= b { print $1, $2, $3 }' "$ORA")
    got=$("$GTIDPOS" find "$U:$range" "$K" 2>"$ORA.err")
    rc=$?
    got=$(cut -f1,2,4 <<<"$got")
    err=$(cat "$ORA.err")
    # the older part: [a, old_last]; the absent part: (last_gno, b]
    okerr=1
    if [ "$a" -le "$old_last" ]; then
        o_end=$(( b < old_last ? b : old_last ))
        o_set=$U:$a; [ "$o_end" != "$a" ] && o_set=$U:$a-$o_end
        [[ $err == *"$o_set is not in these files: it is older than $K/mysql_bin.000011"* ]] || okerr=0
    fi
    if [ "$b" -gt "$last_gno" ]; then
        x_start=$(( a > last_gno ? a : last_gno + 1 ))
        x_set=$U:$x_start; [ "$x_start" != "$b" ] && x_set=$U:$x_start-$b
        [[ $err == *"$x_set is not in these files, nor in their starting sets"* ]] || okerr=0
    fi
    wrc=0; { [ "$a" -le "$old_last" ] || [ "$b" -gt "$last_gno" ]; } && wrc=1
    if [ "$got" = "$want" ] && [ "$rc" = "$wrc" ] && [ "$okerr" = 1 ]; then
        pass "find set $U:$range"
    else
        fail "find set $U:$range" "expected (exit $wrc): $want" "got (exit $rc): $got / $err"
    fi
done
# A set inside one file: the headers prove it, only that file is read; the
# same answer when every file is read (--read-all), and with options first.
one=$("$GTIDPOS" find --json "$U:$((first_gno + 12))-$((first_gno + 13))" "$K")
if [[ $one == '{"schema_version":1,'* ]] && [[ $one == *'"files":3,"files_walked":1,'* ]]; then pass "set in one file: 1 of 3 files walked"; else fail "set in one file: files walked" "got: $one"; fi
none=$("$GTIDPOS" find "$U:$((old_last - 2))" "$K" --json 2>/dev/null)
if [[ $none == *'"files_walked":0,'* ]] && [[ $none == *"\"older\":\"$U:$((old_last - 2))\""* ]]; then pass "older GTID: no file walked"; else fail "older GTID: no file walked" "got: $none"; fi
a=$("$GTIDPOS" find "$U:$((first_gno + 3))-$((last_gno - 3))" "$K" 2>&1)
b=$("$GTIDPOS" find --read-all "$U:$((first_gno + 3))-$((last_gno - 3))" "$K" 2>&1)
if [ "$a" = "$b" ] && [ -n "$a" ]; then pass "--read-all: the same answer"; else fail "--read-all differs" "$a" "$b"; fi
# JSON records carry the commit time of the transaction's last event
# (mysqlbinlog's "#181017 16:09:50" header of the Xid is local time, +08:00).
if [[ $one == *'"commit_time":"2018-10-17T08:09:5'?'Z"'* ]]; then pass "commit time in JSON"; else fail "commit time in JSON" "$one"; fi
# MariaDB list: three GTIDs of mdev6020, one absent.
mlist=$(mariadb-binlog --base64-output=never "$M" 2>/dev/null | awk '/[ \t]GTID [0-9]+-[0-9]+-[0-9]+/ { for (k = 1; k <= NF; k++) if ($k == "GTID") print $(k + 1) }' | sed -n '5p;50p;500p' | paste -sd,)
got=$("$GTIDPOS" find "$mlist,0-99-999999999" "$M" 2>&1); rc=$?
if [ "$rc" = 1 ] && [ "$(grep -c $'^'"$M"$'\t' <<<"$got")" = 3 ] && [[ $got == *"0-99-999999999 is not in these files, nor in their starting sets"* ]]; then
    pass "MariaDB list: 3 found, 1 absent"
else
    fail "MariaDB list $mlist" "got (exit $rc): $got"
fi
# A name with a TAB is escaped in the record.
TD=$(mktemp -d); cp "$K/mysql_bin.000012" "$TD/a"$'\t'"b.000012"
got=$("$GTIDPOS" find "$U:$((first_gno + 12))" "$TD/a"$'\t'"b.000012")
if [[ $got == "$TD/a\\tb.000012"$'\t'* ]]; then pass "TAB in a name escaped"; else fail "TAB in a name" "got: $got"; fi
rm -rf "$TD"
# Usage: --help anywhere; the hint names the command's own help.
"$GTIDPOS" find 0-1-1 x --help | grep -q '^usage: gtidpos find' && pass "find ... --help" || fail "find ... --help"
[[ $("$GTIDPOS" find --bogus 0-1-1 x 2>&1) == *"gtidpos find --help"* ]] && pass "usage hint names find --help" || fail "usage hint"

# --files-from (lines, or NUL-separated with -0) and --label for "-".
a=$("$GTIDPOS" find "$U:$first_gno-$last_gno" "$K" 2>&1)
b=$(printf '%s\n' "${KFILES[@]}" | "$GTIDPOS" find "$U:$first_gno-$last_gno" --files-from - 2>&1)
c=$(printf '%s\0' "${KFILES[@]}" | "$GTIDPOS" find -0 --files-from - "$U:$first_gno-$last_gno" 2>&1)
[ "$a" = "$b" ] && [ "$a" = "$c" ] && pass "--files-from, -0" || fail "--files-from" "$a" "$b" "$c"
got=$("$GTIDPOS" find "$U:$((first_gno + 12))" - --label 'my file' <"$K/mysql_bin.000012")
[[ $got == "my file"$'\t'* ]] && pass "--label names standard input" || fail "--label" "got: $got"

# MySQL relay logs (their own Previous_gtids, with a hole at 11789): the
# headers give the answer that reading every file gives, GTID by GTID.
RL=$K/relay
bad=0
for g in $(seq 11755 11812); do
    a=$("$GTIDPOS" find "$U:$g" "$RL" 2>&1); b=$("$GTIDPOS" find --read-all "$U:$g" "$RL" 2>&1)
    [ "$a" = "$b" ] || { bad=$((bad + 1)); fail "relay logs: find $U:$g" "$a" "$b"; }
done
[ "$bad" = 0 ] && pass "relay logs: headers = --read-all for 58 GTIDs"

# diff's records end in the commit time: the header time of the
# transaction's last event, as events prints it for the event ending there.
out=$("$GTIDPOS" diff "$K/mysql_bin.000011" "$K")
bad=0 n=0
while IFS=$'\t' read -r side file start end gtid when; do
    [ "$side" = b-only ] || continue
    n=$((n + 1))
    ev=$("$GTIDPOS" events "$file" | awk -F'\t' -v e="$end" '$2 == e { print $6 }')
    [ -n "$when" ] && [ "$when" = "$ev" ] || { bad=$((bad + 1)); fail "diff: commit time of $gtid" "$when vs $ev"; }
done <<<"$out"
[ "$bad" = 0 ] && [ "$n" -ge 10 ] && pass "diff: each record's commit time is its last event's ($n records)"

tally_summary
