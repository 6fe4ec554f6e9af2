#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# foreign.sh - issue 12 item 4: what gtidpos said wrongly on foreign real
# files, checked through the command line on the files themselves (and on
# copies damaged here, at offsets chosen here).  Event offsets come from
# mariadb-binlog's "# at N" lines, GTIDs from its "GTID d-s-n" lines, never
# from gtidpos.
#  1. A bit flipped in the server version of a CRC32 MariaDB 10.11 binlog's
#     format description: refused as damage (at/events exit 5, verify
#     reports it, exit 1), not read as a server without checksums.
#  2. MySQL 5.0 relay logs: the source's made-up Rotate (no artificial flag
#     in 5.0) and cache-relative end_log_pos draw no false problem or note;
#     the real damage of corrupt-relay-bin.000624 is still reported.
#  3. MySQL 5.7.1 without Previous_gtids: `at` and `verify` agree.
# Needs: bash, od, dd, mariadb-binlog.  Prints "N passed, M failed" last.
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

# run ARGS...: gtidpos into OUT, ERR, RC
run() {
    "$GTIDPOS" "$@" >"$T/out" 2>"$T/err"
    RC=$?
    OUT=$(cat "$T/out")
    ERR=$(cat "$T/err")
}
boundaries() {
    mariadb-binlog --base64-output=never "$1" 2>/dev/null | sed -n 's/^# at \([0-9]*\)$/\1/p'
}
# setbyte FILE OFFSET XORMASK
xorbyte() {
    local b
    b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
    printf "\\$(printf '%03o' $((b ^ $3)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# ------------------------------------------------- 1. FDE server version
M=testdata/mariadb/gtidpos-10.11/bin.000001
mapfile -t at < <(boundaries "$M")
[ "${at[0]}" = 4 ] && [ "${at[1]}" = 256 ] && pass "mariadb-binlog: FDE at 4..256 in $M" ||
    fail "mariadb-binlog: FDE at 4..256 in $M" "${at[*]:0:3}"
# The set at the end: the last GTID of each domain mariadb-binlog prints.
want=$(mariadb-binlog --base64-output=never "$M" 2>/dev/null |
    sed -n 's/.*GTID \([0-9]*\)-\([0-9]*\)-\([0-9]*\).*/\1 \2 \3/p' |
    awk '{last[$1]=$1"-"$2"-"$3} END {for (d in last) print d, last[d]}' | sort -n | cut -d' ' -f2 | paste -sd,)
run at "$M"
[ "$RC" = 0 ] && [ "$OUT" = "$want" ] && [ -n "$want" ] && pass "intact $M: $OUT" ||
    fail "intact $M" "want '$want' (mariadb-binlog)" "got exit $RC: $OUT $ERR"
run events "$M"
[[ $(head -1 <<<"$OUT") == *"checksum=crc32"* ]] && pass "intact $M: checksum=crc32" ||
    fail "intact $M: checksum=crc32" "$(head -1 <<<"$OUT")"
[ "$(od -An -c -j 25 -N 4 "$M" | tr -d ' ')" = "10.1" ] && pass "byte 28 is the 4th of the version" ||
    fail "byte 28 is the 4th of the version" "$(od -An -c -j 25 -N 4 "$M")"

cp "$M" "$T/flip"
xorbyte "$T/flip" 28 128
for args in "at $T/flip" "at $T/flip:1457" "at $T/flip:4" "events $T/flip"; do
    read -ra a <<<"$args"
    run "${a[@]}"
    if [ "$RC" = 5 ] && [ "$(wc -l <"$T/err")" = 1 ] &&
        [[ $ERR == "gtidpos: $T/flip: offset 4: "*"server version is not text (byte 0xb1 at offset 28)"* ]]; then
        pass "version byte 28 ^ 0x80: $args exits 5 naming file and offsets"
    else
        fail "version byte 28 ^ 0x80: $args" "want exit 5 and one line naming offset 4 and byte 28" "got exit $RC: $ERR"
    fi
done
[ "$(run events "$T/flip"; printf '%s' "$OUT")" = "" ] && pass "no event listed after a damaged FDE" ||
    fail "no event listed after a damaged FDE" "$OUT"
run verify "$T/flip"
if [ "$RC" = 1 ] && grep -q "^$T/flip: offset 4: format description event is damaged: its server version is not text" <<<"$OUT" &&
    grep -q "problems=1 " <<<"$OUT"; then
    pass "version byte 28 ^ 0x80: verify reports the damage at 4, exit 1"
else
    fail "version byte 28 ^ 0x80: verify" "got exit $RC: $OUT"
fi
# A flip that keeps the version printable but reads as a pre-checksum
# server ("00.11.19-MariaDB"): the FDE's layout and CRC32 say otherwise.
cp "$M" "$T/flip2"
xorbyte "$T/flip2" 25 1
run at "$T/flip2"
[ "$RC" = 5 ] && [[ $ERR == *"offset 4: format description event is damaged"*"00.11.19-MariaDB"* ]] &&
    pass "version byte 25 ^ 0x01 (\"00.11.19\"): exit 5" || fail "version byte 25 ^ 0x01" "got exit $RC: $ERR"
# A flip in a later event is still a CRC32 mismatch there (the checks stay on).
cp "$M" "$T/flip3"
xorbyte "$T/flip3" $((at[4] + 30)) 1
run at "$T/flip3"
[ "$RC" = 5 ] && [[ $ERR == *"offset ${at[4]}: CRC32 mismatch"* ]] &&
    pass "a flipped byte in the event at ${at[4]}: CRC32 mismatch there" || fail "flip in event ${at[4]}" "got exit $RC: $ERR"

# ------------------------------------------------- 2. MySQL 5.0 relay logs
R1=testdata/old/debian/bug33029-slave-relay-bin.000001
R2=testdata/damaged/debian/corrupt-relay-bin.000624
for f in "$R1" "$R2"; do
    mapfile -t at < <(boundaries "$f")
    [ "${at[1]}" = 98 ] && pass "mariadb-binlog: an event starts at 98 of $f" || fail "event at 98 of $f" "${at[*]:0:3}"
done
run verify "$R1"
if [ "$RC" = 0 ] && ! grep -q ": offset " <<<"$OUT" && grep -q "problems=0 .*relay=yes" <<<"$OUT"; then
    pass "$R1: no problem, no note, a relay log"
else
    fail "$R1: verify" "got exit $RC: $OUT"
fi
# mariadb-binlog stops there too: "Could not read entry at offset 91204".
mariadb-binlog --base64-output=never "$R2" 2>&1 | grep -q "Could not read entry at offset 91204:" &&
    pass "mariadb-binlog: the damage of $R2 is at 91204" || fail "mariadb-binlog: damage at 91204 of $R2"
run verify "$R2"
if [ "$RC" = 1 ] && [ "$(grep -c ": offset " <<<"$OUT")" = 1 ] &&
    grep -q "^$R2: offset 91204: Query event lengths" <<<"$OUT" && ! grep -q "note:" <<<"$OUT" &&
    grep -q "problems=1 .*relay=yes" <<<"$OUT"; then
    pass "$R2: only the real damage at 91204, no note"
else
    fail "$R2: verify" "want one problem at 91204 and no note" "got exit $RC: $(head -5 <<<"$OUT")"
fi
run at "$R2"
[ "$RC" = 5 ] && [[ $ERR == *"offset 91204:"* ]] && pass "$R2: at refuses at 91204" || fail "$R2: at" "exit $RC: $ERR"

# ------------------------------------------------- 3. MySQL 5.7.1-m11
B=testdata/mysql/rust_mysql_common/bug32407.001
run at "$B"
if [ "$RC" = 0 ] && [ -z "$OUT" ] && [ "$(wc -l <"$T/err")" = 1 ] &&
    [[ $ERR == "gtidpos: warning: "*"no Previous_gtids event: gtid_mode was OFF"*"5.7.1-m11"* ]]; then
    pass "$B: at answers the empty set with a warning"
else
    fail "$B: at" "got exit $RC: '$OUT' $ERR"
fi
run verify "$B"
if [ "$RC" = 0 ] && grep -q "^$B: offset 4: note: no Previous_gtids event: gtid_mode was OFF" <<<"$OUT" &&
    grep -q "problems=0 " <<<"$OUT"; then
    pass "$B: verify agrees (a note, no problem)"
else
    fail "$B: verify" "got exit $RC: $OUT"
fi
# Cut right after its format description (4 + 116 = 120, per mariadb-binlog)
# while closed: both refuse.
mapfile -t at < <(boundaries "$B")
head -c "${at[1]}" "$B" >"$T/cut571"
run at "$T/cut571"
rc_at=$RC
run verify "$T/cut571"
if [ "${at[1]}" = 120 ] && [ "$rc_at" = 5 ] && [ "$RC" = 1 ] &&
    grep -q "^$T/cut571: offset 4: the file ends right after its format description" <<<"$OUT"; then
    pass "$B cut after the FDE: at exit 5, verify a problem at 4"
else
    fail "$B cut after the FDE" "boundary ${at[1]}, at exit $rc_at, verify exit $RC: $OUT"
fi

tally_summary
