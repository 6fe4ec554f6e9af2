#!/bin/bash
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

tally_summary
