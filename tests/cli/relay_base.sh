#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# relay_base.sh - `gtidpos at --source-pos FILE:POS RELAYDIR --source-base
# SET` on a real MySQL 5.7 replica's relay logs (testdata/mysql/kingbus/relay,
# of the source binlogs testdata/mysql/kingbus/mysql_bin.0000{11,12,13}).
#
# A MySQL replica never relays the source's Previous_gtids (its receiver
# writes a Rotate in its place), and these relay files are not consecutive
# (285 and 287 are missing): without a base set every position is refused,
# naming --source-base and the first source position of the relay logs.
# With the base read by `gtidpos at` from the source's binlog at that first
# position, the answer at EVERY transaction boundary of the relayed range
# (each Gtid event's source position, and the end of each file's relayed
# part) must equal `gtidpos at` over the source's own binlog there.
# Also: a relay file missing whose GTIDs the next file's Previous_gtids do
# not account for breaks the chain (refused); a malformed base is a usage
# error; a position past what is relayed is a position error.
# Prints "N passed, M failed" last.

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/cli_prelude.sh
. "$here/../lib/cli_prelude.sh"
# shellcheck source=tests/lib/tally.sh
. "$here/../lib/tally.sh"

cli_need_gtidpos
cli_need_tool python3 "python3 is not installed"
cli_tmpdir
tmp=$CLI_TMP
K=testdata/mysql/kingbus
R=$K/relay

# The source positions the relay files hold, per source file: each source
# Gtid event's start (log_pos - size) and the end of the last source event
# ("FILE POS" lines).  Source events are those of the source's server_id
# with a log_pos; the relay file's own carry the replica's.
relayed_boundaries() {
    local f
    for f in "$R"/*; do
        "$GTIDPOS" events --json "$f" | python3 -c '
import json, sys
ev = [json.loads(l) for l in sys.stdin]
own = ev[0]["server_id"]
cur = None
last = {}
for e in ev[1:]:
    if e["server_id"] in (own, 0):
        continue
    if e["type"] == "Rotate" and e["log_pos"] == 0:
        cur = e["rotate_file"]
        continue
    if e["log_pos"] == 0 or cur is None:
        continue
    if e["type"] == "Gtid":
        print(cur, e["log_pos"] - e["size"])
    last[cur] = e["log_pos"]
for f, p in last.items():
    print(f, p)
'
    done
}
relayed_boundaries | sort -u >"$tmp/positions"
n=$(wc -l <"$tmp/positions")
[ "$n" -ge 30 ] && pass "$n relayed boundaries" || fail "only $n relayed boundaries found"

first=$("$GTIDPOS" events --json "$R/flikedev1-c8pyy-relay-bin.000284" |
    python3 -c 'import json,sys; e=[json.loads(l) for l in sys.stdin][2]; print("%s:%d" % (e["rotate_file"], e["rotate_pos"]))')
[ "$first" = mysql_bin.000011:4 ] && pass "first relayed source position $first" ||
    fail "first relayed source position: $first"
base=$("$GTIDPOS" at "$K/${first%%:*}:${first##*:}")

agreed=0 refused_ok=0
while read -r f p; do
    want=$("$GTIDPOS" at "$K/$f:$p" 2>/dev/null)
    got=$("$GTIDPOS" at --source-pos "$f:$p" --source-base "$base" "$R" 2>"$tmp/err")
    rc=$?
    if [ $rc = 0 ] && [ -n "$want" ] && [ "$got" = "$want" ]; then
        agreed=$((agreed + 1))
    else
        fail "$f:$p with --source-base" "want: $want" "got:  $got (exit $rc)" "$(cat "$tmp/err")"
    fi
    # Without the base: refused, saying what to give.
    "$GTIDPOS" at --source-pos "$f:$p" "$R" >/dev/null 2>"$tmp/err"
    rc=$?
    if [ $rc = 5 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q -- "--source-base SET" "$tmp/err" &&
        grep -q "at $first, the first source position" "$tmp/err"; then
        refused_ok=$((refused_ok + 1))
    else
        fail "$f:$p without --source-base: must be refused naming --source-base" "exit $rc" "$(cat "$tmp/err")"
    fi
done <"$tmp/positions"
[ "$agreed" = "$n" ] && pass "all $n boundaries: relay answer = at over the source binlog" ||
    fail "$agreed of $n boundaries agreed"
[ "$refused_ok" = "$n" ] && pass "all $n boundaries refused without --source-base" ||
    fail "$refused_ok of $n refused as they should be"

# The JSON answer carries the source offsets of the last transaction.
json=$("$GTIDPOS" at --json --source-pos mysql_bin.000012:773 --source-base "$base" "$R" 2>/dev/null)
[[ $json == *'"gtid_set":"214eb71f-96ec-11e8-ab4f-fa163e72d4ae:1-11801"'* ]] &&
    pass "--json with --source-base" || fail "--json with --source-base" "$json"

# 286 missing: 288's Previous_gtids (the replica's retrieved set) holds
# GTIDs received in it that were not read: the chain breaks.
mkdir "$tmp/gap"
cp "$R/flikedev1-c8pyy-relay-bin.000284" "$R/flikedev1-c8pyy-relay-bin.000288" "$tmp/gap/"
"$GTIDPOS" at --source-pos mysql_bin.000013:773 --source-base "$base" "$tmp/gap" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 5 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && pass "unaccounted missing relay file: refused" ||
    fail "unaccounted missing relay file" "exit $rc" "$(cat "$tmp/err")"
# ... while 284 alone still answers in its own range.
got=$("$GTIDPOS" at --source-pos mysql_bin.000011:6265 --source-base "$base" "$tmp/gap" 2>/dev/null)
[ "$got" = "$("$GTIDPOS" at "$K/mysql_bin.000011:6265")" ] && pass "284's range still answered" ||
    fail "284's range with 286 missing" "$got"

"$GTIDPOS" at --source-pos mysql_bin.000012:773 --source-base "not-a-set" "$R" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 2 ] && grep -q "is not a MySQL GTID set" "$tmp/err" && pass "malformed base: exit 2" ||
    fail "malformed base" "exit $rc" "$(cat "$tmp/err")"
"$GTIDPOS" at --source-base "$base" "$R" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 2 ] && grep -q -- "--source-base goes with --source-pos" "$tmp/err" &&
    pass "--source-base alone: usage error" || fail "--source-base alone" "exit $rc" "$(cat "$tmp/err")"
# mysql_bin.000011 ends at 6312 (its Rotate), which no relay file holds.
"$GTIDPOS" at --source-pos mysql_bin.000011:6312 --source-base "$base" "$R" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 6 ] && grep -q "not in the relay logs" "$tmp/err" && pass "past the relayed part: exit 6" ||
    fail "past the relayed part" "exit $rc" "$(cat "$tmp/err")"

tally_summary
