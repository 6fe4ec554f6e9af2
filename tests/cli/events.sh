#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/cli/events.sh - `gtidpos events` on the real binlogs in testdata/.
#
#   GTIDPOS=build/gtidpos tests/cli/events.sh [--verbose]
#
# Expected values never come from gtidpos:
#   - event offsets ("# at N") and MariaDB GTIDs ("GTID d-s-n") from
#     mariadb-binlog --base64-output=never, and for MySQL files the type
#     sequence of its event header lines (it prints MySQL GTID events as
#     "Ignorable event type 33/34/35"; it stops at Transaction_payload and
#     Gtid_tagged events, so its offsets must be a prefix of ours there);
#   - MySQL GTIDs ("GTID_NEXT= '...'") and offsets from MySQL's own
#     mysqlbinlog output shipped in testdata/mysql/kingbus/mysqlbinlog/;
#   - file sizes (the last event ends at the end of an intact file);
#   - testdata/PROVENANCE.md for the damaged files (where the damage is).
# Self-consistency: end = next start; --start/--stop-position slices are
# lines of the full output; --json lines have the documented shape and the
# same starts and types as the text.
#
# Needs: bash, awk, cmp, mariadb-binlog.  Prints "N passed, M failed" last;
# exits 1 when M > 0.  Files mariadb-binlog cannot read are reported as
# "note" lines (the other checks still run on them).

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/cli_prelude.sh
. "$here/../lib/cli_prelude.sh"
TD=testdata
VERBOSE=0
for arg in "$@"; do
    case $arg in
    --verbose) VERBOSE=1 ;;
    *) echo "usage: $0 [--verbose]" >&2; exit 2 ;;
    esac
done

# shellcheck source=tests/lib/tally.sh
. "$here/../lib/tally.sh"
# shellcheck source=tests/lib/full.sh
. "$here/../lib/full.sh"
check() { # name expected actual
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected: ${2:0:300}" "actual:   ${3:0:300}"; fi
}

if [ ! -x "$GTIDPOS" ]; then
    echo "events.sh: $GTIDPOS is not executable (set GTIDPOS)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
if ! command -v mariadb-binlog >/dev/null 2>&1; then
    echo "events.sh: mariadb-binlog is not installed (apt-get install mariadb-client)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

filesize() { wc -c <"$1" | tr -d ' '; }

# Our event types, normalized to what mariadb-binlog's header lines say.
norm_ours() {
    awk -F'\t' '{
        t = $3
        if (t == "Format_desc" || t == "Start_v3") t = "Start"
        else if (t == "Gtid") t = "code33"
        else if (t == "Anonymous_Gtid") t = "code34"
        else if (t == "Previous_gtids") t = "code35"
        sub(/_v1$/, "", t)
        print t
    }'
}
# mariadb-binlog's header lines: the word after end_log_pos [CRC32 0x..];
# a word not in the list matches anything ("*").
norm_theirs() {
    awk '/^#[0-9][0-9][0-9][0-9][0-9][0-9] / {
        s = $0
        sub(/.*end_log_pos [0-9]+( CRC32 0x[0-9a-f]+)?[ \t]*/, "", s)
        split(s, w, /[ :\t]+/)
        t = w[1]
        if (t == "Ignorable") { t = "*"; if (match(s, /type [0-9]+/)) t = "code" substr(s, RSTART + 5, RLENGTH - 5) }
        else if (t !~ /^(Start|Query|Xid|Table_map|Write_rows|Update_rows|Delete_rows|Rotate|Stop)$/) t = "*"
        print t
    }'
}

# ---- every readable fixture ---------------------------------------------
mapfile -t FIXTURES < <(find "$TD/mysql" "$TD/mariadb" "$TD/old" -type f ! -name '*.txt' | sort)
[ "${#FIXTURES[@]}" -gt 40 ] || fail "fixture list" "only ${#FIXTURES[@]} files under $TD"
# Against mariadb-binlog: every fixture under GP_FULL=1, else every third
# (the cheap checks of --json below cover them all).
mapfile -t CROSS < <(gp_sample 3 "${FIXTURES[@]}")
gp_full_note
echo "# ${#CROSS[@]} of ${#FIXTURES[@]} fixtures against mariadb-binlog"

for f in "${CROSS[@]}"; do
    out=$TMP/out err=$TMP/err
    "$GTIDPOS" events "$f" >"$out" 2>"$err"
    rc=$?
    nerr=$(wc -l <"$err")
    if [ "$rc" != 0 ]; then
        fail "$f: exit 0" "exit $rc: $(head -1 "$err")"
        continue
    fi
    pass "$f: exit 0"
    check "$f: stderr at most one warning line" 1 "$([ "$nerr" -le 1 ] && echo 1 || echo "$nerr lines")"
    check "$f: seven tab-separated columns" "" \
        "$(awk -F'\t' 'NF != 7 { print NR": "NF; exit }' "$out")"
    check "$f: end = next start, first start 4" "" \
        "$(awk -F'\t' 'NR == 1 && $1 != 4 { print "first "$1; exit }
                       NR > 1 && $1 != e { print NR": "$1" != "e; exit }
                       $2 != $1 + $5 { print NR": end "$2; exit } { e = $2 }' "$out")"
    size=$(filesize "$f")
    last=$(tail -1 "$out" | cut -f2)
    if [ "$nerr" = 0 ]; then
        check "$f: last end = file size" "$size" "$last"
    else
        # in-use file cut mid-event: the warning names the incomplete event
        check "$f: warning names the last end" "1" \
            "$(grep -c "offset $last: " "$err")"
    fi

    # mariadb-binlog: offsets, and GTIDs (MariaDB) or types (MySQL)
    mariadb-binlog --base64-output=never "$f" >"$TMP/mb" 2>/dev/null
    mbrc=$?
    sed -n 's/^# at \([0-9][0-9]*\)$/\1/p' "$TMP/mb" >"$TMP/mb_at"
    cut -f1 "$out" >"$TMP/our_at"
    n=$(wc -l <"$TMP/mb_at")
    if [ "$n" = 0 ]; then
        printf 'note %s: mariadb-binlog printed no offsets (exit %s); not cross-checked\n' "$f" "$mbrc"
        continue
    fi
    if [ "$mbrc" = 0 ]; then
        check "$f: offsets = mariadb-binlog's" "$(cat "$TMP/mb_at")" "$(cat "$TMP/our_at")"
    else
        printf 'note %s: mariadb-binlog stopped (exit %s) after %s offsets; prefix compared\n' "$f" "$mbrc" "$n"
        check "$f: offsets = mariadb-binlog's (prefix)" "$(cat "$TMP/mb_at")" "$(head -n "$n" "$TMP/our_at")"
    fi
    case $f in
    "$TD"/mariadb/*)
        check "$f: GTIDs = mariadb-binlog's" \
            "$(sed -n 's/.*	GTID \([0-9]*-[0-9]*-[0-9]*\).*/\1/p' "$TMP/mb")" \
            "$(awk -F'\t' '$3 == "Gtid" { sub(/^gtid=/, "", $7); sub(/ .*/, "", $7); print $7 }' "$out")"
        ;;
    "$TD"/mysql/*)
        norm_theirs <"$TMP/mb" >"$TMP/mb_types"
        norm_ours <"$out" >"$TMP/our_types"
        check "$f: types match mariadb-binlog's" "" \
            "$(awk 'NR == FNR { t[NR] = $1; n = NR; next }
                    FNR <= n && t[FNR] != "*" && t[FNR] != $1 { print FNR": "t[FNR]" vs "$1; exit }
                    END { if (FNR < n) print "ours shorter" }' "$TMP/mb_types" "$TMP/our_types")"
        ;;
    esac
done

# ---- MySQL's mysqlbinlog output (kingbus) --------------------------------
for pair in 11:mysql_bin.000011 12:mysql_bin.000012 13:mysql_bin.000013 \
    284:relay/flikedev1-c8pyy-relay-bin.000284 286:relay/flikedev1-c8pyy-relay-bin.000286 \
    288:relay/flikedev1-c8pyy-relay-bin.000288; do
    txt=$TD/mysql/kingbus/mysqlbinlog/${pair%%:*}.txt
    f=$TD/mysql/kingbus/${pair#*:}
    "$GTIDPOS" events "$f" >"$TMP/out" 2>/dev/null
    check "$f: GTIDs = mysqlbinlog's GTID_NEXT" \
        "$(sed -n "s/^SET @@SESSION.GTID_NEXT= '\([^']*\)'.*/\1/p" "$txt" | grep -v '^AUTOMATIC$')" \
        "$(awk -F'\t' '$3 == "Gtid" || $3 == "Anonymous_Gtid" { sub(/^gtid=/, "", $7); print $7 }' "$TMP/out")"
    # mysqlbinlog prints "# at N" before each event (and the end after Rotate/Stop)
    check "$f: offsets = mysqlbinlog's" "" \
        "$(sed -n 's/^# at \([0-9][0-9]*\)$/\1/p' "$txt" >"$TMP/at"
           cut -f1 "$TMP/out" >"$TMP/ours"; tail -1 "$TMP/out" | cut -f2 >>"$TMP/ours"
           awk 'NR == FNR { o[NR] = $1; n = NR; next } FNR <= n && o[FNR] != $1 { print FNR": "o[FNR]" vs "$1; exit }
                END { if (n < 2) print "no offsets" }' "$TMP/at" "$TMP/ours")"
done

# ---- slices --------------------------------------------------------------
for f in "$TD/mysql/kingbus/mysql_bin.000012" "$TD/mariadb/debian/mdev29078-mysql-bin.000001" \
    "$TD/mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000005" "$TD/old/debian/binlog_transaction.000001"; do
    "$GTIDPOS" events "$f" >"$TMP/full" 2>/dev/null
    s=$(sed -n 3p "$TMP/full" | cut -f1)
    t=$(sed -n 7p "$TMP/full" | cut -f1)
    if [ -z "$s" ] || [ -z "$t" ]; then
        fail "$f: slice fixture has 7 events"
        continue
    fi
    "$GTIDPOS" events "$f" --start-position "$s" --stop-position "$t" >"$TMP/slice" 2>"$TMP/err"
    check "$f: --start $s --stop $t exit" 0 "$?"
    # mariadb-binlog prints the Format_description (line 1) whatever the start
    check "$f: --start $s --stop $t = lines 1, 3-6" "$(sed -n '1p;3,6p' "$TMP/full")" "$(cat "$TMP/slice")"
    "$GTIDPOS" events "$f" --stop-position "$((t + 1))" >"$TMP/slice" 2>/dev/null
    check "$f: --stop $((t + 1)) (not a boundary) = lines 1-7" "$(sed -n 1,7p "$TMP/full")" "$(cat "$TMP/slice")"
    "$GTIDPOS" events "$f" --start-position "$t" >"$TMP/slice" 2>/dev/null
    check "$f: --start $t = lines 1, 7-" "$(sed -n '1p;7,$p' "$TMP/full")" "$(cat "$TMP/slice")"
    "$GTIDPOS" events "$f" --start-position "$((s + 1))" >"$TMP/slice" 2>"$TMP/err"
    rc=$?
    check "$f: --start $((s + 1)) exits 6" 6 "$rc"
    check "$f: --start $((s + 1)): the Format_description, one error line naming the offset" "1 1 1" \
        "$(wc -l <"$TMP/slice") $(wc -l <"$TMP/err") $(grep -c "^gtidpos: $f: offset $((s + 1)): " "$TMP/err")"
    size=$(filesize "$f")
    "$GTIDPOS" events "$f" --start-position "$size" >"$TMP/slice" 2>/dev/null
    check "$f: --start at the file size: the Format_description, exit 0" "0 1" "$? $(wc -l <"$TMP/slice")"
    "$GTIDPOS" events "$f" --start-position "$((size + 1))" >/dev/null 2>&1
    check "$f: --start past the end exits 6" 6 "$?"
    "$GTIDPOS" events "$f" --start-position 2 >/dev/null 2>&1
    check "$f: --start 2 (inside the magic) exits 6" 6 "$?"
done
"$GTIDPOS" events "$TD/mysql/kingbus/mysql_bin.000012" --start-position x >/dev/null 2>&1
check "--start-position x exits 2" 2 "$?"
"$GTIDPOS" events >/dev/null 2>&1
check "no FILE exits 2" 2 "$?"
check "gtidpos --help lists events" 1 "$("$GTIDPOS" --help | grep -c '^  events PATH\.\.\.')"

# ---- JSON ----------------------------------------------------------------
JSON_RE='^\{"schema_version":1,"start":[0-9]+,"end":[0-9]+,"type":"[^"]+","type_code":[0-9]+,"server_id":[0-9]+,"size":[0-9]+,"timestamp":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z","log_pos":[0-9]+,"flags":[0-9]+(,"[a-z_]+":("([^"\\]|\\.)*"|[0-9]+|true|false))*\}$'
for f in "${FIXTURES[@]}"; do
    "$GTIDPOS" events --json "$f" >"$TMP/json" 2>/dev/null
    "$GTIDPOS" events "$f" >"$TMP/text" 2>/dev/null
    check "$f: --json lines have the documented shape" "" \
        "$(grep -Evn "$JSON_RE" "$TMP/json" | head -1)"
    check "$f: --json starts and types = text" "$(cut -f1,3 "$TMP/text")" \
        "$(sed -E 's/^\{"schema_version":1,"start":([0-9]+),"end":[0-9]+,"type":"([^"]+)".*/\1	\2/' "$TMP/json")"
done

# ---- damaged files: events before the damage, one error line -------------
# file | exit | end of the last event printed ("-": none) | stderr lines
while IFS='|' read -r f want last_end nlines; do
    f=$TD/damaged/$f
    "$GTIDPOS" events "$f" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    got_last=$(tail -1 "$TMP/out" | cut -f2)
    check "$f: exit $want, last event ends at $last_end, $nlines stderr line" \
        "$want ${last_end/-/} $nlines" "$rc $got_last $(wc -l <"$TMP/err")"
done <<'TABLE'
debian/mdev-39404-binlog.000001|5|256|1
debian/binlog_before_20574.bin|7|296|1
debian/bug11747416_32228_binlog.000001|0|316|1
debian/binlog-header.binlog|0|256|0
rust_mysql_common/binlog_truncated_event.000001|5|-|1
rust_mysql_common/binlog_truncated_prev_gtid_event.000001|0|120|1
canal/tsdb/mysql-bin.000001|4|-|1
TABLE

# Derived damage on a closed file: a flipped byte and a truncated copy.
f=$TD/mysql/kingbus/mysql_bin.000012
"$GTIDPOS" events "$f" >"$TMP/full" 2>/dev/null
s=$(sed -n 10p "$TMP/full" | cut -f1)
cp "$f" "$TMP/flip"
printf '\x55' | dd of="$TMP/flip" bs=1 seek=$((s + 20)) conv=notrunc 2>/dev/null
"$GTIDPOS" events "$TMP/flip" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "flipped byte at $((s + 20)): exit 5, 9 events, one error line at $s" \
    "5 $(sed -n 1,9p "$TMP/full" | cksum) 1" \
    "$rc $(cksum <"$TMP/out") $(grep -c "offset $s: " "$TMP/err")"
head -c $((s + 30)) "$f" >"$TMP/trunc"
"$GTIDPOS" events "$TMP/trunc" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "truncated at $((s + 30)): exit 5, 9 events, one error line" \
    "5 $(sed -n 1,9p "$TMP/full" | cksum) 1" \
    "$rc $(cksum <"$TMP/out") $(wc -l <"$TMP/err")"

# ---- MySQL --include-gtids / --exclude-gtids against oracle.awk ---------
# mysqlbinlog (not installable here) leaves out whole transactions: from
# the GTID event to its XID or COMMIT.  The expected events come from
# tests/cli/oracle.awk (an independent byte walker): its events (EV) minus
# those inside the transactions (TX, GTID event to commit) the set leaves
# out.  The sets are ranges of the files' own GTIDs, and one set with a
# range past them.
oracle_events() { # FILE...: "file start type" per event, "TX file start end gtid" per transaction
    local f
    for f in "$@"; do
        od -An -v -tu1 "$f" | awk -f "$here/oracle.awk" |
            awk -F'\t' -v f="$f" '$1 == "EV" { print "EV\t" f "\t" $2 "\t" $4 }
                                  $1 == "TX" { print "TX\t" f "\t" $4 "\t" $5 "\t" $3 }'
    done
}
# expected MODE SET <oracle: the offsets mysqlbinlog would print
expected_mysql() {
    awk -F'\t' -v mode="$1" -v set="$2" '
        function inset(g,   u, n, p, i, r, lo, hi, k) {
            u = g; sub(/:[0-9]+$/, "", u); n = g; sub(/.*:/, "", n); n += 0
            k = split(set, p, ",")
            for (i = 1; i <= k; i++) {
                if (index(p[i], u ":") != 1) continue
                r = substr(p[i], length(u) + 2)
                lo = r; hi = r; if (index(r, "-")) { lo = substr(r, 1, index(r, "-") - 1); hi = substr(r, index(r, "-") + 1) }
                if (n >= lo + 0 && n <= hi + 0) return 1
            }
            return 0
        }
        $1 == "TX" { out = (mode == "include") ? !inset($5) : inset($5)
                     if (out) { nx++; xf[nx] = $2; xs[nx] = $3; xe[nx] = $4 } next }
        { ev[++ne] = $2 "\t" $3 "\t" $4 }
        END {
            for (i = 1; i <= ne; i++) {
                split(ev[i], e, "\t"); drop = 0
                for (j = 1; j <= nx && !drop; j++)
                    if (xf[j] == e[1] && e[2] + 0 >= xs[j] + 0 && e[2] + 0 < xe[j] + 0) drop = 1
                if (!drop) print e[2]
            }
        }'
}
KB=$TD/mysql/kingbus
KBF=("$KB/mysql_bin.000011" "$KB/mysql_bin.000012" "$KB/mysql_bin.000013")
oracle_events "${KBF[@]}" >"$TMP/oracle"
mapfile -t GT < <(awk -F'\t' '$1 == "TX" { print $5 }' "$TMP/oracle")
if [ "${#GT[@]}" -lt 20 ]; then
    fail "kingbus: oracle.awk found ${#GT[@]} transactions (want 20 or more)"
else
    u=${GT[0]%:*}
    lo=${GT[3]##*:} hi=${GT[14]##*:} one=${GT[20]##*:}
    for set in "$u:$lo-$hi" "$u:$lo-$hi,$u:$one" "$u:1-$lo" "$u:$((hi + 100000))-$((hi + 100005))"; do
        for mode in include exclude; do
            want=$(expected_mysql "$mode" "$set" <"$TMP/oracle")
            got=$("$GTIDPOS" events --"$mode"-gtids "$set" "${KBF[@]}" 2>"$TMP/err" | cut -f1)
            check "kingbus x3 --$mode-gtids $set: events = oracle.awk's without the sets' transactions" \
                "$want" "$got"
        done
    done
    # a directory operand lists the same files, in order
    check "kingbus directory = its three files" \
        "$("$GTIDPOS" events "${KBF[@]}" | cksum)" "$("$GTIDPOS" events "$KB" | cksum)"
fi
for f in "$TD/mysql/MyFlash/haha.000041" "$TD/mysql/rust_mysql_common/binlog_56_gtid_reserved_word.000001"; do
    oracle_events "$f" >"$TMP/oracle"
    mapfile -t GT < <(awk -F'\t' '$1 == "TX" && $5 != "anonymous" { print $5 }' "$TMP/oracle")
    set="${GT[1]}"
    for mode in include exclude; do
        check "$f --$mode-gtids $set: oracle.awk's events" \
            "$(expected_mysql "$mode" "$set" <"$TMP/oracle")" \
            "$("$GTIDPOS" events --"$mode"-gtids "$set" "$f" 2>/dev/null | cut -f1)"
    done
done

# ---- filters against mariadb-binlog on fixtures -------------------------
# A relay log (its second Format_description, the source's, is skipped by
# a byte start past it, as mariadb-binlog skips it) and MariaDB files; the
# live-server matrix is tests/mariadb/events_parity.sh.
for f in "$TD/mysql/kingbus/relay/flikedev1-c8pyy-relay-bin.000284" \
    "$TD/mariadb/debian/mdev29078-mysql-bin.000001" "$TD/mariadb/gtidpos-10.11/bin.000001" \
    "$TD/mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000005"; do
    "$GTIDPOS" events "$f" >"$TMP/full" 2>/dev/null
    s5=$(sed -n 5p "$TMP/full" | cut -f1)
    sid=$(awk -F'\t' '$3 == "Gtid" { print $4; exit }' "$TMP/full")
    dom=$(awk -F'\t' '$3 == "Gtid" { g = $7; sub(/^gtid=/, "", g); sub(/-.*/, "", g); print g; exit }' "$TMP/full")
    for opts in "--start-position=$s5" "--do-server-ids=${sid:-1}" "--ignore-domain-ids=${dom:-0}"; do
        mariadb-binlog "$opts" "$f" 2>/dev/null | sed -n 's/^# at //p' >"$TMP/mb_at"
        check "$f $opts: offsets = mariadb-binlog's" "$(cat "$TMP/mb_at")" \
            "$("$GTIDPOS" events "$opts" "$f" 2>/dev/null | cut -f1)"
    done
done

# ---- options: after operands, --help anywhere, bad values exit 2 --------
f=$KB/mysql_bin.000012
check "options after the operand" "$("$GTIDPOS" events --json "$f" | cksum)" \
    "$("$GTIDPOS" events "$f" --json | cksum)"
check "--help after an operand and a bad option: usage, exit 0" "0 1" \
    "$("$GTIDPOS" events "$f" --bogus --help >"$TMP/help" 2>&1; echo "$?") $(grep -c '^usage: gtidpos events' "$TMP/help")"
for bad in "--start-position=1-2" "--stop-position=x" "--start-datetime=2026-02-30" \
    "--include-gtids=0-1-1" "--do-domain-ids=a" "--ignore-server-ids=-1" \
    "--gtid-strict-mode=maybe" "--start-position=0-1-1,0-2-2"; do
    "$GTIDPOS" events "$f" "$bad" >"$TMP/out" 2>"$TMP/err"
    check "$bad: exit 2, one line naming the option, no events" "2 1 1 0" \
        "$? $(wc -l <"$TMP/err") $(grep -c -- "${bad%%=*} '" "$TMP/err") $(wc -l <"$TMP/out")"
done
"$GTIDPOS" events "$f" --do-domain-ids=1 --ignore-domain-ids=2 >/dev/null 2>&1
check "--do-domain-ids with --ignore-domain-ids: exit 2" 2 "$?"
"$GTIDPOS" events "$f" --start-position=0-1-9 --stop-position=0-1-5 >/dev/null 2>&1
check "GTID stop before start (strict): exit 2" 2 "$?"
"$GTIDPOS" events "$f" --skip-gtid-strict-mode --start-position=0-1-9 --stop-position=0-1-5 >/dev/null 2>"$TMP/err"
check "GTID stop before start, not strict: no usage error" 0 "$(grep -c usage "$TMP/err")"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
