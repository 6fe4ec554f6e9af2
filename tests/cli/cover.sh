#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# cover.sh - `gtidpos cover SET PATH...` on real files: the first
# transaction a replay from SET must apply, and the files from there on.
# Oracles: MySQL's mysqlbinlog listing shipped with the kingbus binlogs
# (every GTID_NEXT with the "# at" of its GTID event, and the files'
# Previous-GTIDs), and mariadb-binlog's listing of a MariaDB binlog.
# Prints "N passed, M failed" last.

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/cli_prelude.sh
. "$here/../lib/cli_prelude.sh"
# shellcheck source=tests/lib/tally.sh
. "$here/../lib/tally.sh"

if [ ! -x "$GTIDPOS" ]; then
    echo "cover.sh: no gtidpos binary at $GTIDPOS (run make first)" >&2
    exit 2
fi
command -v mariadb-binlog >/dev/null || { fail "mariadb-binlog is not installed (Debian mariadb-client)"; tally_summary; exit 1; }

K=testdata/mysql/kingbus
U=214eb71f-96ec-11e8-ab4f-fa163e72d4ae
ORA=$(mktemp)
trap 'rm -f "$ORA"' EXIT
for n in 11 12 13; do
    awk -v f="$K/mysql_bin.0000$n" -v OFS='\t' '
        /^# at / { at = $3 }
        /\tGTID\t/ { start = at }
        /GTID_NEXT= / { g = $0; sub(/.*GTID_NEXT= \047/, "", g); sub(/\047.*/, "", g)
                       if (g != "AUTOMATIC") { split(g, p, ":"); print f, start, g, p[2] } }
    ' "$K/mysqlbinlog/$n.txt" >>"$ORA"
done
[ "$(wc -l <"$ORA")" -ge 20 ] && pass "mysqlbinlog lists $(wc -l <"$ORA") GTIDs" || fail "mysqlbinlog listing"
prev11=$(awk '/Previous-GTIDs/ { getline; sub(/^# /, ""); print; exit }' "$K/mysqlbinlog/11.txt")
last_gno=$(tail -1 "$ORA" | cut -f4)

# expect FILE START: that line, then "FILE 4" for each later file.
expect() {
    local f=$1 s=$2 seen=0 x
    for x in "$K"/mysql_bin.0000{11,12,13}; do
        if [ "$x" = "$f" ]; then printf '%s\t%s\n' "$x" "$s"; seen=1
        elif [ "$seen" = 1 ]; then printf '%s\t4\n' "$x"; fi
    done
}
# SET = everything before each GTID: the replay starts at that GTID.
checked=0 bad=0 spared=0
while IFS=$'\t' read -r f s g gno; do
    got=$("$GTIDPOS" cover "$U:1-$((gno - 1))" "$K" 2>&1); rc=$?
    want=$(expect "$f" "$s")
    checked=$((checked + 1))
    if [ "$rc" != 0 ] || [ "$got" != "$want" ]; then
        bad=$((bad + 1)); fail "cover $U:1-$((gno - 1))" "expected: $want" "got (exit $rc): $got"
    fi
    w=$("$GTIDPOS" cover --json "$U:1-$((gno - 1))" "$K" | sed -n 's/.*"files_walked":\([0-9]*\).*/\1/p')
    [ "$w" = 1 ] && spared=$((spared + 1))
done <"$ORA"
[ "$bad" = 0 ] && pass "cover = mysqlbinlog for all $checked GTIDs"
[ "$spared" = "$checked" ] && pass "one file walked for each of the $checked" || fail "files walked: 1 for only $spared of $checked"
# A hole in the set: the replay starts at the hole, not after the set's end.
hole=$(sed -n 15p "$ORA")
IFS=$'\t' read -r hf hs _ hg <<<"$hole"
got=$("$GTIDPOS" cover "$U:1-$((hg - 1)):$((hg + 1))-$last_gno" "$K")
[ "$got" = "$(expect "$hf" "$hs")" ] && pass "a hole at $hg" || fail "a hole at $hg" "got: $got"
# Everything applied: nothing to replay.
got=$("$GTIDPOS" cover "$U:1-$last_gno" "$K" 2>&1); rc=$?
[ "$rc" = 0 ] && [ -z "$got" ] && pass "nothing to replay" || fail "nothing to replay" "got (exit $rc): $got"
# A set that lacks GTIDs older than the files (in Previous_gtids): exit 1,
# stderr names them; the answer is still printed.
got=$("$GTIDPOS" cover "$U:100-$last_gno" "$K" 2>&1 >/dev/null); rc=$?
[ "$rc" = 1 ] && [[ $got == *"holds $U:1-99, which the set lacks"* ]] && pass "missing older GTIDs named ($prev11)" || fail "missing older GTIDs" "got (exit $rc): $got"
# JSON document: schema_version first, the first GTID.
js=$("$GTIDPOS" cover "$U:1-11800" "$K" --json)
[[ $js == '{"schema_version":1,"command":"cover",'* ]] && [[ $js == *"\"first_gtid\":\"$U:11801\""* ]] && pass "JSON" || fail "JSON" "$js"

# MariaDB: a state one GTID of mdev6020 holds; the replay starts at the
# next GTID (one domain, seq_nos growing) - mariadb-binlog's "# at".
M=testdata/mariadb/debian/mdev6020-mysql-bin.000001
mapfile -t MG < <(mariadb-binlog --base64-output=never "$M" 2>/dev/null |
    awk '/^# at / { at = $3 } /[ \t]GTID [0-9]+-[0-9]+-[0-9]+/ { for (k = 1; k <= NF; k++) if ($k == "GTID") print at "\t" $(k + 1) }')
bad=0 n=0
for i in 0 1 100 700 $((${#MG[@]} - 2)); do
    IFS=$'\t' read -r _ g <<<"${MG[i]}"
    IFS=$'\t' read -r ns _ <<<"${MG[i + 1]}"
    got=$("$GTIDPOS" cover "$g" "$M" 2>&1)
    n=$((n + 1))
    [ "$got" = "$M"$'\t'"$ns" ] || { bad=$((bad + 1)); fail "cover $g $M" "expected $ns" "got: $got"; }
done
[ "$bad" = 0 ] && pass "MariaDB: cover = mariadb-binlog for $n states"
IFS=$'\t' read -r _ g <<<"${MG[${#MG[@]} - 1]}"
[ -z "$("$GTIDPOS" cover "$g" "$M")" ] && pass "MariaDB: the last GTID: nothing to replay" || fail "MariaDB last GTID"

# Usage: exit 2, one line naming cover --help; --help after operands.
for args in "bogus-set $K" "$U:1-5" "--bogus $U:1 $K"; do
    # shellcheck disable=SC2086
    out=$("$GTIDPOS" cover $args 2>&1 >/dev/null); rc=$?
    [ "$rc" = 2 ] && [ "$(wc -l <<<"$out")" = 1 ] && [[ $out == *"gtidpos cover --help"* ]] && pass "usage: cover $args" || fail "usage: cover $args" "got (exit $rc): $out"
done
"$GTIDPOS" cover "$U:1" "$K" --help | grep -q '^usage: gtidpos cover' && pass "cover ... --help" || fail "cover ... --help"

tally_summary
