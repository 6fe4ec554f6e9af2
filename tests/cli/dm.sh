#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# dm.sh - `gtidpos dm-source` and `gtidpos dm-upgrade` on the DM
# documentation's examples (testdata/dm/, see testdata/PROVENANCE.md) and on
# real binlogs from testdata/ (no server).  What is checked against what:
#   - dm-source output against the upgrade guide's own converted source
#     files (the guide's YAML with its comments stripped);
#   - dm-upgrade's meta against the guide's checkpoint table and its
#     "binlog-name without |000001" rule, binlog-gtid against `gtidpos at`
#     on the same file and position (itself checked against mysqlbinlog and
#     the live server elsewhere);
#   - every refusal: its exit status, its message, and that nothing was
#     written.
# Needs: bash, awk, cmp.  Prints "N passed, M failed" last.

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/cli_prelude.sh
. "$here/../lib/cli_prelude.sh"
# shellcheck source=tests/lib/tally.sh
. "$here/../lib/tally.sh"

cli_need_gtidpos
D=testdata/dm
cli_tmpdir
TMP=$CLI_TMP

# run ARGS...: sets OUT, ERR, RC
run() {
    OUT=$("$GTIDPOS" "$@" 2>"$TMP/err")
    RC=$?
    ERR=$(cat "$TMP/err")
}

# The guide's YAML without its "# ..." comments and trailing blanks.
uncomment() { sed -e 's/[[:space:]]*#.*$//' -e '/^$/d' "$1"; }

expect() { # NAME WANT_RC WANT_IN_ERR
    if [ "$RC" = "$2" ] && [[ $ERR == *"$3"* ]]; then pass "$1"
    else fail "$1" "want exit $2 and stderr containing: $3" "got exit $RC, stderr: $ERR"; fi
}

# ---- dm-source ----
run dm-source --from-worker $D/dm-worker.toml
if [ "$RC" = 0 ] && [ "$OUT" = "$(uncomment $D/source_from_worker.yaml)" ] &&
    [[ $ERR == *"read as DM v1.0 dm-worker.toml"* ]]; then pass "dm-source --from-worker = the guide's source YAML"
else fail "dm-source --from-worker" "got (exit $RC): $OUT" "stderr: $ERR"; fi

mkdir "$TMP/out"
run dm-source --from-ansible $D/inventory.ini -d "$TMP/out"
for n in 1 2; do
    if [ "$RC" = 0 ] && [ "$(cat "$TMP/out/source$n.yaml")" = "$(uncomment $D/source$n.yaml)" ]; then
        pass "dm-source --from-ansible: source$n.yaml = the guide's"
    else fail "dm-source --from-ansible source$n.yaml" "exit $RC, $ERR" "$(cat "$TMP/out/source$n.yaml" 2>&1)"; fi
done
[ "$(ls -A "$TMP/out" | wc -l)" = 2 ] && pass "dm-source -d: no temporary file left" || fail "dm-source -d leftovers" "$(ls -A "$TMP/out")"

run dm-source --from-ansible $D/inventory.ini
if [ "$RC" = 0 ] && [ "$(printf '%s\n' "$OUT" | grep -c '^---$')" = 2 ] &&
    [ "$(printf '%s\n' "$OUT" | grep -c 'source-id:')" = 2 ]; then pass "dm-source --from-ansible to stdout: two documents"
else fail "dm-source --from-ansible stdout" "$OUT"; fi

# The guide lists its hosts under [dm_master_servers]: refused, and told.
run dm-source --from-ansible $D/inventory_guide.ini -d "$TMP/out"
expect "inventory without [dm_worker_servers]" 2 "is in [dm_master_servers]; move it to [dm_worker_servers]"
printf '[dm_worker_servers]\nw1 server_id=1 mysql_host=h\n' >"$TMP/nosid.ini"
run dm-source --from-ansible "$TMP/nosid.ini"
expect "host without source_id" 2 "line 2: host w1 has no source_id"
printf '[dm_worker_servers]\nw1 source_id=a mysql_host=h mysql_port=x\n' >"$TMP/badport.ini"
run dm-source --from-ansible "$TMP/badport.ini"
expect "mysql_port not a number" 2 "mysql_port='x' is not a number"
printf '[dm_worker_servers]\nw1 source_id=a mysql_host=h enable_gtid=True flavor=mariadb\n' >"$TMP/gtid.ini"
run dm-source --from-ansible "$TMP/gtid.ini"
if [ "$RC" = 0 ] && [[ $OUT == *'flavor: "mariadb"'* ]] && [[ $OUT == *"enable-gtid: true"* ]] &&
    [[ $OUT == *"port: 3306"* ]] && [[ $OUT == *'user: "root"'* ]]; then
    pass "enable_gtid and flavor carried over, DM-Ansible's port and user defaults"
else fail "enable_gtid/flavor/defaults" "$OUT" "$ERR"; fi
printf '[dm_worker_servers]\nw1 source_id=a mysql_host=h\nw2 source_id=a mysql_host=h\n' >"$TMP/dup.ini"
run dm-source --from-ansible "$TMP/dup.ini" -d "$TMP/out2"
expect "two hosts, one source_id" 2 "source_id a is used by two hosts"
run dm-source --from-ansible $D/inventory.ini -o x.yaml
expect "-o with --from-ansible" 2 "-o goes with --from-worker"
run dm-source
expect "dm-source without input" 2 "needs one of"
cp $D/dm-worker.toml "$TMP/w.toml"
run dm-source --from-worker "$TMP/w.toml" -o "$TMP/w.toml"
if [ "$RC" = 2 ] && cmp -s "$TMP/w.toml" $D/dm-worker.toml; then pass "dm-source -o over its input: refused"
else fail "dm-source -o over its input" "exit $RC $ERR"; fi

# ---- dm-upgrade, the guide's example (no enable-gtid) ----
UP=(dm-upgrade --task $D/task_v1.yaml --source $D/source1.yaml --source $D/source2.yaml)
run "${UP[@]}" --checkpoints $D/checkpoints_guide.txt
want_meta() { # the guide: binlog-name without "|000001", binlog-pos as in the table
    printf '%s\n' "$1" | awk -v id="$2" -v name="$3" -v pos="$4" '
        $0 ~ "source-id: .?" id { inside = 1; next }
        inside && /binlog-name:/ { gotname = ($2 == "\"" name "\"") }
        inside && /binlog-pos:/ { gotpos = ($2 == pos) }
        inside && /^- / { inside = 0 }
        END { exit !(gotname && gotpos) }'
}
if [ "$RC" = 0 ] && want_meta "$OUT" mysql-replica-01 mysql-bin.000123 15847 &&
    want_meta "$OUT" mysql-replica-02 mysql-bin.000456 10485 &&
    [[ $OUT == *'name: "task_v1_v2"'* ]] && [[ $OUT == *"task-mode: incremental"* ]] &&
    [[ $OUT != *binlog-gtid* ]]; then pass "dm-upgrade: the guide's checkpoints -> its meta"
else fail "dm-upgrade guide example" "exit $RC" "$OUT" "$ERR"; fi
guide_out=$OUT
for f in tsv csv; do
    run "${UP[@]}" --checkpoints $D/checkpoints_guide.$f
    [ "$RC" = 0 ] && [ "$OUT" = "$guide_out" ] && pass "checkpoints as $f: same task" || fail "checkpoints as $f" "$ERR"
done
OUT=$("$GTIDPOS" "${UP[@]}" --checkpoints - <$D/checkpoints_guide.txt 2>/dev/null)
[ "$OUT" = "$guide_out" ] && pass "--checkpoints - reads stdin" || fail "--checkpoints -"
run "${UP[@]}" --checkpoint 'mysql-replica-01=mysql-bin|000001.000123:15847' \
    --checkpoint 'mysql-replica-02=mysql-bin|000001.000456:10485'
[ "$RC" = 0 ] && [ "$OUT" = "$guide_out" ] && pass "--checkpoint options: same task" || fail "--checkpoint options" "$ERR"
run "${UP[@]}" --checkpoints $D/checkpoints_guide.txt --name task_v2
[[ $OUT == *'name: "task_v2"'* ]] && pass "--name" || fail "--name" "$OUT"

run "${UP[@]}" --checkpoints $D/checkpoints_guide.txt -o "$TMP/task_v2.yaml"
if [ "$RC" = 0 ] && [ -z "$OUT" ] && [ "$(cat "$TMP/task_v2.yaml")" = "$guide_out" ]; then pass "-o writes the task, stdout empty"
else fail "-o" "exit $RC $ERR"; fi
run "${UP[@]}" --checkpoints $D/checkpoints_guide.txt --json
if [ "$RC" = 0 ] && [ "$(printf '%s\n' "$OUT" | wc -l)" = 2 ] &&
    [[ $OUT == *'"source_id":"mysql-replica-01"'*'"binlog_pos":15847,"binlog_name":"mysql-bin.000123"'* ]] &&
    [[ $OUT == *'"binlog_gtid":null'* ]]; then pass "--json: one report per source"
else fail "--json" "$OUT" "$ERR"; fi

run dm-upgrade --task $D/task_v1.yaml --source $D/dm-worker.toml --source $D/source2.yaml \
    --checkpoints $D/checkpoints_guide.txt
if [ "$RC" = 0 ] && [ "$OUT" = "$guide_out" ] && [[ $ERR == *"dm-worker.toml: read as DM v1.0 dm-worker.toml"* ]]; then
    pass "--source dm-worker.toml: read as such, same task"
else fail "--source dm-worker.toml" "$ERR"; fi
cp $D/checkpoints_guide.txt "$TMP/cp.txt"
run "${UP[@]}" --checkpoints "$TMP/cp.txt" -o "$TMP/cp.txt"
if [ "$RC" = 2 ] && cmp -s "$TMP/cp.txt" $D/checkpoints_guide.txt; then pass "-o over the checkpoints file: refused"
else fail "-o over the checkpoints file" "exit $RC $ERR"; fi

# The full task template of the DM documentation: its meta is replaced.
run dm-upgrade --task $D/task_full.yaml --source $D/source1.yaml --source $D/source2.yaml \
    --checkpoints $D/checkpoints_guide.txt
if [ "$RC" = 0 ] && want_meta "$OUT" mysql-replica-01 mysql-bin.000123 15847 &&
    [[ $OUT != *"03fc0263"* ]] && [[ $OUT == *'name: "test_v2"'* ]]; then pass "full template: meta replaced"
else fail "full template" "$ERR"; fi

# ---- refusals: nothing written ----
refuse() { # NAME RC MESSAGE ARGS...
    local name=$1 rc=$2 msg=$3
    shift 3
    rm -f "$TMP/never.yaml"
    run "$@" -o "$TMP/never.yaml"
    if [ "$RC" = "$rc" ] && [[ $ERR == *"$msg"* ]] && [[ $ERR == *"nothing written"* ]] &&
        [ ! -e "$TMP/never.yaml" ] && [ -z "$OUT" ]; then pass "refused: $name"
    else fail "refused: $name" "want exit $rc, '$msg', no file" "got exit $RC, stderr: $ERR"; fi
}
refuse "checkpoint id without a source" 2 "checkpoint id mysql-replica-02: no --source has source-id" \
    dm-upgrade --task $D/task_v1.yaml --source $D/source1.yaml --checkpoints $D/checkpoints_guide.txt
printf 'name: t\nmysql-instances:\n  - source-id: mysql-replica-01\n' >"$TMP/one.yaml"
refuse "checkpoint id without an instance" 2 "the task has no mysql-instances entry with source-id mysql-replica-02" \
    dm-upgrade --task "$TMP/one.yaml" --source $D/source1.yaml --source $D/source2.yaml --checkpoints $D/checkpoints_guide.txt
refuse "instance without a checkpoint" 2 "mysql-instances entry mysql-replica-02 has no checkpoint" \
    "${UP[@]}" --checkpoint 'mysql-replica-01=mysql-bin|000001.000123:15847'
refuse "two checkpoints for one source" 2 "a second checkpoint for source 'mysql-replica-01'" \
    "${UP[@]}" --checkpoints $D/checkpoints_guide.txt --checkpoint 'mysql-replica-01=mysql-bin.000124:4'
sed 's/task-mode: all/task-mode: incremental/' $D/task_full.yaml >"$TMP/incr.yaml"
refuse "already incremental with meta" 2 "already incremental with a meta for mysql-replica-01" \
    dm-upgrade --task "$TMP/incr.yaml" --source $D/source1.yaml --source $D/source2.yaml --checkpoints $D/checkpoints_guide.txt
run dm-upgrade --task "$TMP/incr.yaml" --source $D/source1.yaml --source $D/source2.yaml --checkpoints $D/checkpoints_guide.txt --force
[ "$RC" = 0 ] && want_meta "$OUT" mysql-replica-01 mysql-bin.000123 15847 && pass "--force replaces the meta" || fail "--force" "$ERR"
printf 'source-id: "mysql-replica-01"\nenable-gtid: true\n' >"$TMP/gtid_nodir.yaml"
refuse "enable-gtid without relay-dir" 3 "has enable-gtid: true but no relay-dir" \
    dm-upgrade --task $D/task_v1.yaml --source "$TMP/gtid_nodir.yaml" --source $D/source2.yaml --checkpoints $D/checkpoints_guide.txt
printf 'source-id: "mysql-replica-01"\nenable-gtid: true\nrelay-dir: "no-such-relay"\n' >"$TMP/gtid_missing.yaml"
refuse "enable-gtid, relay dir not found" 3 "no-such-relay" \
    dm-upgrade --task $D/task_v1.yaml --source "$TMP/gtid_missing.yaml" --source $D/source2.yaml --checkpoints $D/checkpoints_guide.txt
refuse "--relay-dir for an unknown source" 2 "--relay-dir nobody: no checkpointed source" \
    "${UP[@]}" --checkpoints $D/checkpoints_guide.txt --relay-dir nobody=/tmp
refuse "--purged for a source without enable-gtid" 2 "--purged mysql-replica-02: the source has no enable-gtid" \
    "${UP[@]}" --checkpoints $D/checkpoints_guide.txt --purged mysql-replica-02=0-1-2
refuse "garbage checkpoint table" 2 "line 1: not a checkpoint table" \
    "${UP[@]}" --checkpoints $D/task_v1.yaml
refuse "a source file that is a task" 2 "no source-id" \
    "${UP[@]}" --checkpoints $D/checkpoints_guide.txt --source $D/task_v1.yaml

cp $D/task_v1.yaml "$TMP/task.yaml"
ln -s "$TMP/task.yaml" "$TMP/link.yaml"
for o in "$TMP/task.yaml" "$TMP/link.yaml"; do
    run dm-upgrade --task "$TMP/task.yaml" --source $D/source1.yaml --source $D/source2.yaml \
        --checkpoints $D/checkpoints_guide.txt -o "$o"
    if [ "$RC" = 2 ] && [[ $ERR == *"is the input task file"* ]] && cmp -s "$TMP/task.yaml" $D/task_v1.yaml; then
        pass "-o $(basename "$o") = --task: refused, input intact"
    else fail "-o = --task ($o)" "exit $RC $ERR"; fi
done

# ---- enable-gtid: binlog-gtid from the files ----
K=testdata/mysql/kingbus
mkdir "$TMP/bin"
cp $K/mysql_bin.000011 $K/mysql_bin.000012 $K/mysql_bin.000013 "$TMP/bin/"
printf 'source-id: "mysql-replica-01"\nflavor: "mysql"\nenable-gtid: true\nrelay-dir: "unused"\n' >"$TMP/g1.yaml"
GUP=(dm-upgrade --task $D/task_v1.yaml --source "$TMP/g1.yaml" --source $D/source2.yaml
     --checkpoint 'mysql-replica-02=mysql-bin|000001.000456:10485' --binlog-dir "mysql-replica-01=$TMP/bin")
n=0
while read -r pos; do
    n=$((n + 1))
    [ $((n % 3)) = 1 ] || continue
    want=$("$GTIDPOS" at --json "$K/mysql_bin.000012:$pos" 2>/dev/null)
    inside=$(printf '%s' "$want" | sed -n 's/.*"inside_transaction":\([a-z]*\).*/\1/p')
    set=$(printf '%s' "$want" | sed -n 's/.*"gtid_set":"\([^"]*\)".*/\1/p')
    run "${GUP[@]}" --checkpoint "mysql-replica-01=mysql_bin.000012:$pos"
    if [ "$inside" = true ]; then
        if [ "$RC" = 6 ] && [[ $ERR == *"is inside transaction"* ]] && [[ $ERR == *"nothing written"* ]]; then
            pass "checkpoint $pos inside a transaction: refused"
        else fail "checkpoint $pos inside a transaction" "exit $RC $ERR"; fi
    elif [ "$RC" = 0 ] && [[ $OUT == *"binlog-gtid: \"$set\""* ]] && want_meta "$OUT" mysql-replica-01 mysql_bin.000012 "$pos"; then
        pass "binlog-gtid at mysql_bin.000012:$pos = gtidpos at"
    else fail "binlog-gtid at $pos" "want $set" "exit $RC $ERR"; fi
done < <("$GTIDPOS" events "$K/mysql_bin.000012" | awk -F'\t' '$3 == "Xid" || $3 == "Query" || $3 == "Previous_gtids" { print $2 }')
run "${GUP[@]}" --checkpoint "mysql-replica-01=mysql_bin.000012:5000"
expect "checkpoint not on an event boundary" 6 "not an event boundary"

# A retrieved set that does not start at 1 (a real MySQL relay log):
# warning naming both options; --reset-start and --purged, before and after.
R=testdata/mysql/kingbus/relay/flikedev1-c8pyy-relay-bin.000284
mkdir "$TMP/relay"
cp $R "$TMP/relay/"
size=$(stat -c %s $R)
computed=$("$GTIDPOS" at $R)
RUP=(dm-upgrade --task $D/task_v1.yaml --source "$TMP/g1.yaml" --source $D/source2.yaml
     --checkpoint 'mysql-replica-02=mysql-bin|000001.000456:10485' --binlog-dir "mysql-replica-01=$TMP/relay"
     --checkpoint "mysql-replica-01=$(basename $R):$size")
run "${RUP[@]}"
if [ "$RC" = 0 ] && [[ $OUT == *"binlog-gtid: \"$computed\""* ]] && [[ $ERR == *"does not start at 1"*"--purged mysql-replica-01=SET"*"--reset-start"* ]]; then
    pass "interval not from 1: kept, and a warning names --purged and --reset-start"
else fail "late start warning" "$computed" "$ERR"; fi
uuid=${computed%%:*}
last=${computed##*-}
run "${RUP[@]}" --reset-start --json
if [ "$RC" = 0 ] && [[ $OUT == *"\"computed_gtid\":\"$computed\""*"\"reset_start\":true,\"binlog_gtid\":\"$uuid:1-$last\""* ]] &&
    [[ $ERR == *"set at the checkpoint: $computed; after --reset-start: $uuid:1-$last"* ]]; then
    pass "--reset-start: $uuid:1-$last, before and after reported"
else fail "--reset-start" "$OUT" "$ERR"; fi
run "${RUP[@]}" --purged "mysql-replica-01=$uuid:1-11756"
if [ "$RC" = 0 ] && [[ $OUT == *"binlog-gtid: \"$uuid:1-11788:11790-11800\""* ]] && [[ $ERR == *"after --purged"* ]] &&
    [[ $ERR == *"does not start at 1"* ]]; then pass "--purged: unioned (the gap at 11789 stays, still warned)"
else fail "--purged" "$OUT" "$ERR"; fi
refuse "--purged not a GTID set" 2 "not a MySQL GTID set" "${RUP[@]}" --purged "mysql-replica-01=nonsense"

# ---- issue 13: every file written is one DM v2 accepts as it is ----
# The strict decoder (tests/lib/dm_v2_strict.py) holds the v2.0.0 key sets
# once, from DM's source; it must refuse the v1 inputs (so it can fail)
# and accept every file gtidpos writes.
V=$D/v1
STRICT=(python3 "$here/../lib/dm_v2_strict.py")
strict_ok() { # NAME KIND FILE
    local why
    if why=$("${STRICT[@]}" "$2" "$3" 2>&1); then pass "strict v2 decode: $1"
    else fail "strict v2 decode: $1" "$why"; fi
}
if "${STRICT[@]}" task $V/task_all_keys.yaml >/dev/null 2>&1; then
    fail "strict decoder refuses the v1 task (else it checks nothing)"
else pass "strict decoder refuses the v1 task (else it checks nothing)"; fi
"${STRICT[@]}" source $V/deploy/conf/dm-worker.toml >/dev/null 2>&1
[ $? = 2 ] && pass "strict decoder: a TOML file is not a v2 source" || fail "strict decoder on TOML"

# dm-source on a worker file with every v1.0.7 key, in the deploy layout
(umask 022; "$GTIDPOS" dm-source --from-worker $V/deploy/conf/dm-worker.toml -o "$TMP/w_all.yaml" 2>"$TMP/err")
RC=$?; ERR=$(cat "$TMP/err")
[ "$RC" = 0 ] && strict_ok "dm-source --from-worker (every v1 key)" source "$TMP/w_all.yaml" ||
    fail "dm-source all keys" "exit $RC $ERR"
[ "$(stat -c %a "$TMP/w_all.yaml")" = 600 ] && pass "source file with a password: mode 600 under umask 022" ||
    fail "source mode" "$(stat -c %a "$TMP/w_all.yaml")"
# What each v1.0.7 worker key became: kept (same key in the YAML, under its
# table), or dropped with a stderr line naming it.
while read -r key fate; do
    leaf=${key##*.}
    case $fate in
    kept) grep -q "^ *\"\?$leaf\"\?: " "$TMP/w_all.yaml" && pass "worker key $key: kept" ||
              fail "worker key $key: kept" "$(cat "$TMP/w_all.yaml")" ;;
    dropped) [[ $ERR == *": $key: "* ]] && ! grep -q "^ *$leaf: " "$TMP/w_all.yaml" &&
              pass "worker key $key: dropped, named on stderr" || fail "worker key $key: dropped" "$ERR" ;;
    esac
done <<'EOF'
log-level dropped
log-file dropped
log-rotate dropped
worker-addr dropped
enable-gtid kept
auto-fix-gtid kept
relay-dir kept
meta-dir kept
server-id kept
flavor kept
charset kept
relay-binlog-name dropped
relay-binlog-gtid dropped
source-id kept
from.host kept
from.port kept
from.user kept
from.password kept
from.max-allowed-packet kept
from.session.sql_mode kept
from.session.time_zone kept
purge.interval kept
purge.expires kept
purge.remain-space kept
checker.check-enable kept
checker.backoff-rollback kept
checker.backoff-max kept
checker.check-interval kept
checker.backoff-min kept
checker.backoff-jitter kept
tracer.enable kept
tracer.source kept
tracer.tracer-addr kept
tracer.batch-size kept
tracer.checksum kept
EOF
grep -q "relay-dir: \"$(cd $V/deploy && pwd -P)/relay_log\"" "$TMP/w_all.yaml" &&
    [[ $ERR == *"the deploy folder above conf/"* ]] && pass "relative relay-dir: the deploy folder's, absolute" ||
    fail "relative relay-dir" "$(grep relay-dir "$TMP/w_all.yaml")"
[[ $ERR == *"relay-binlog-name: not carried on purpose"*"start over"* ]] && pass "relay-binlog-name: the reason is given" ||
    fail "relay-binlog-name reason" "$ERR"
grep -q '"sql_mode": "ANSI_QUOTES,NO_ZERO_IN_DATE"' "$TMP/w_all.yaml" && pass "[from.session] and a multi-line string carried" ||
    fail "[from.session]" "$(cat "$TMP/w_all.yaml")"

# the guide's worker file and the Ansible layouts, strictly
run dm-source --from-worker $D/dm-worker-full.toml
printf '%s\n' "$OUT" >"$TMP/wf.yaml"
[ "$RC" = 0 ] && strict_ok "dm-source on the documentation's full dm-worker.toml" source "$TMP/wf.yaml" || fail "dm-worker-full" "$ERR"
[[ $ERR == *"relay-dir: './relay_log' is relative and"*"left out"* ]] && pass "relative relay-dir that is not there: left out, said" ||
    fail "relay-dir left out" "$ERR"
mkdir "$TMP/ans"
(umask 022; "$GTIDPOS" dm-source --from-ansible $V/ansible/inventory.ini -d "$TMP/ans" 2>"$TMP/err")
RC=$?; ERR=$(cat "$TMP/err")
if [ "$RC" = 0 ]; then
    for n in 1 2; do strict_ok "dm-source --from-ansible source$n.yaml" source "$TMP/ans/source$n.yaml"; done
else fail "dm-source --from-ansible with group_vars" "exit $RC $ERR"; fi
[ "$(stat -c %a "$TMP/ans/source1.yaml")" = 600 ] && pass "-d: a file with a password is mode 600" || fail "-d mode"
grep -q 'user: "dm_user"' "$TMP/ans/source1.yaml" && grep -q 'enable-gtid: true' "$TMP/ans/source1.yaml" &&
    grep -q 'flavor: "mysql"' "$TMP/ans/source1.yaml" && grep -q 'enable-gtid: false' "$TMP/ans/source2.yaml" &&
    grep -q 'port: 3307' "$TMP/ans/source2.yaml" &&
    pass "group_vars applied: dm_worker_servers.yml over all.yml and the inventory's vars, host line over all" ||
    fail "group_vars" "$(cat "$TMP/ans/source1.yaml" "$TMP/ans/source2.yaml")"
mkdir -p "$TMP/ans2/source2.yaml"
run dm-source --from-ansible $V/ansible/inventory.ini -d "$TMP/ans2"
if [ "$RC" = 3 ] && [[ $ERR == *"source2.yaml: exists and is not a regular file"*"nothing written"* ]] &&
    [ ! -e "$TMP/ans2/source1.yaml" ] && [ "$(ls -A "$TMP/ans2")" = source2.yaml ]; then
    pass "-d: source2.yaml cannot be written -> source1.yaml not written either"
else fail "-d all or none" "exit $RC $ERR" "$(ls -A "$TMP/ans2")"; fi

# dm-source refusals: message and exit status, nothing written
wbad() { # NAME RC MESSAGE TOML
    printf '%b' "$4" >"$TMP/bad.toml"
    rm -f "$TMP/bad.yaml"
    run dm-source --from-worker "$TMP/bad.toml" -o "$TMP/bad.yaml"
    if [ "$RC" = "$2" ] && [[ $ERR == *"$3"* ]] && [ ! -e "$TMP/bad.yaml" ]; then pass "dm-source refuses: $1"
    else fail "dm-source refuses: $1" "want exit $2, '$3'" "got exit $RC: $ERR"; fi
}
wbad "no [from]" 2 "no [from] table" 'source-id = "a"\nenable-gtid = true\n'
wbad "[from] without host" 2 "[from] has no host" 'source-id = "a"\n[from]\nuser = "root"\n'
wbad "no source-id" 2 "no source-id" '[from]\nhost = "h"\nuser = "u"\n'
wbad "a port that is a string" 2 "line 4: from.port must be an integer from 0 to 65535" 'source-id = "a"\n[from]\nhost = "h"\nport = "3306"\nuser = "u"\n'
wbad "a flavor DM does not know" 2 'flavor must be "mysql" or "mariadb"' 'source-id = "a"\nflavor = "oracle"\n[from]\nhost = "h"\nuser = "u"\n'
wbad "TOML it cannot read" 2 "line 2: unterminated multi-line string" 'source-id = "a"\nx = """open\n'
run dm-source --from-worker "$TMP/bad.toml"
[[ $ERR == *"nothing written"* ]] && pass "dm-source refusal says nothing written" || fail "nothing written" "$ERR"

# dm-upgrade on the task with every v1.0.7 key
AUP=(dm-upgrade --task $V/task_all_keys.yaml --source $D/source1.yaml --source $D/source2.yaml
     --checkpoints $D/checkpoints_guide.txt)
run "${AUP[@]}" -o "$TMP/all_v2.yaml"
[ "$RC" = 0 ] && strict_ok "dm-upgrade on the task with every v1 key" task "$TMP/all_v2.yaml" || fail "dm-upgrade all keys" "exit $RC $ERR"
while read -r key fate; do
    leaf=${key##*.}; leaf=${leaf%%\[*}
    case $fate in
    kept) grep -q "^[ -]*$leaf:" "$TMP/all_v2.yaml" && pass "task key $key: kept" || fail "task key $key: kept" ;;
    dropped) [[ $ERR == *": $key: "*"dropped"* ]] && pass "task key $key: dropped, named on stderr" ||
                 fail "task key $key: dropped" "$ERR" ;;
    mapped) [[ $ERR == *": $key: mapped to enable-heartbeat: true"* ]] && grep -q '^enable-heartbeat: true$' "$TMP/all_v2.yaml" &&
                ! grep -q disable-heartbeat "$TMP/all_v2.yaml" && pass "task key $key: mapped" || fail "task key $key: mapped" "$ERR" ;;
    esac
done <<'EOF'
name kept
task-mode kept
is-sharding kept
ignore-checking-items kept
meta-schema kept
remove-meta kept
disable-heartbeat mapped
enable-heartbeat kept
heartbeat-update-interval kept
heartbeat-report-interval kept
timezone kept
case-sensitive kept
target-database kept
target-database.host kept
target-database.max-allowed-packet kept
target-database.session kept
target-database.comment dropped
mysql-instances kept
online-ddl-scheme kept
routes kept
filters kept
column-mappings kept
black-white-list kept
mydumpers kept
mydumpers.global.mydumper-path kept
mydumpers.global.chunk-filesize kept
mydumpers.global.skip-tz-utc kept
mydumpers.global.extra-args kept
loaders kept
loaders.global.pool-size kept
loaders.global.dir kept
syncers kept
syncers.global.meta-file kept
syncers.global.worker-count kept
syncers.global.max-retry kept
syncers.global.auto-fix-gtid kept
syncers.global.disable-detect kept
syncers.global.safe-mode kept
syncers.global.enable-ansi-quotes kept
syncers.global.tuning dropped
mysql-instances[1].meta kept
mysql-instances[1].filter-rules kept
mysql-instances[1].column-mapping-rules kept
mysql-instances[1].route-rules kept
mysql-instances[1].mydumper-config-name kept
mysql-instances[1].loader-config-name kept
mysql-instances[1].syncer-config-name kept
mysql-instances[2].mydumper-thread kept
mysql-instances[2].loader-thread kept
mysql-instances[2].syncer-thread kept
mysql-instances[2].syncer.flush dropped
mysql-instances[2].comment dropped
description dropped
shared-rules dropped
EOF
grep -q 'schema-pattern: "test_\*"' "$TMP/all_v2.yaml" && grep -q 'do-dbs: \["~^test.\*"\]' "$TMP/all_v2.yaml" &&
    ! grep -q '\*route\|\*bw\|&route\|&bw' "$TMP/all_v2.yaml" &&
    pass "anchors of the dropped shared-rules: their aliases written out in full" ||
    fail "anchors resolved" "$(cat "$TMP/all_v2.yaml")"
for f in task_v1 task_full; do
    run dm-upgrade --task $D/$f.yaml --source $D/source1.yaml --source $D/source2.yaml --checkpoints $D/checkpoints_guide.txt
    printf '%s\n' "$OUT" >"$TMP/$f.out.yaml"
    [ "$RC" = 0 ] && strict_ok "dm-upgrade on $f.yaml" task "$TMP/$f.out.yaml" || fail "dm-upgrade $f" "$ERR"
done

# The heartbeat: v1.0.7 ran it when EnableHeartbeat || !DisableHeartbeat,
# DisableHeartbeat defaulting to true (dm/config/task.go); v2 must have
# enable-heartbeat: true exactly then.
for en in - true false; do for dis in - true false; do
    { echo "name: hb"; [ $en = - ] || echo "enable-heartbeat: $en"; [ $dis = - ] || echo "disable-heartbeat: $dis"
      printf 'mysql-instances:\n  - source-id: "mysql-replica-01"\n'; } >"$TMP/hb.yaml"
    v1on=false
    { [ $en = true ] || [ $dis = false ]; } && v1on=true
    run dm-upgrade --task "$TMP/hb.yaml" --source $D/source1.yaml --checkpoint 'mysql-replica-01=mysql-bin.000001:4'
    v2on=false
    [[ $OUT == *$'\nenable-heartbeat: true'* ]] && v2on=true
    if [ "$RC" = 0 ] && [ $v1on = $v2on ] && [[ $OUT != *disable-heartbeat* ]]; then
        pass "heartbeat enable=$en disable=$dis: v1 $v1on, v2 $v2on"
    else fail "heartbeat enable=$en disable=$dis" "v1 $v1on, v2 $v2on" "$OUT"; fi
done; done

# dm-upgrade refusals
sed 's/task-mode: all/task-mode: full/' $D/task_v1.yaml >"$TMP/full.yaml"
refuse "task-mode full without --force" 2 "task-mode is full: a full-mode v1 task only dumps and loads" \
    dm-upgrade --task "$TMP/full.yaml" --source $D/source1.yaml --source $D/source2.yaml --checkpoints $D/checkpoints_guide.txt
run dm-upgrade --task "$TMP/full.yaml" --source $D/source1.yaml --source $D/source2.yaml --checkpoints $D/checkpoints_guide.txt --force
[ "$RC" = 0 ] && [[ $OUT == *"task-mode: incremental"* ]] && [[ $ERR == *"task-mode full becomes incremental (--force)"* ]] &&
    pass "task-mode full with --force: incremental, warned" || fail "full --force" "$ERR"
printf 'mysql-replica-01\tmysql-bin|000001.000123\t15847\t1\t2026-01-01\t2026-01-01\t0\t0\n' >"$TMP/star_n.tsv"
refuse "SELECT * printed with mysql -N" 2 "8 columns and no header line (mysql -N leaves it out)" \
    "${UP[@]}" --checkpoints "$TMP/star_n.tsv"
printf 'source-id: "mysql-replica-01"\nenable-gtid: true\nrelay-dir: "./relay_log"\n' >"$TMP/conf_src.yaml"
mkdir -p "$TMP/deploy/conf" && cp "$TMP/conf_src.yaml" "$TMP/deploy/conf/src.yaml"
refuse "relative relay-dir in neither place" 3 "neither $(cd "$TMP" && pwd -P)/deploy/conf/./relay_log nor $(cd "$TMP" && pwd -P)/deploy/./relay_log is a directory" \
    dm-upgrade --task $D/task_v1.yaml --source "$TMP/deploy/conf/src.yaml" --source $D/source2.yaml --checkpoints $D/checkpoints_guide.txt
[[ $ERR == *"--relay-dir mysql-replica-01=DIR"* ]] && pass "relay-dir failure names --relay-dir ID=DIR" || fail "relay-dir option" "$ERR"
printf 'source-id: "mysql-replica-01"\nflavor: "mariadb"\nenable-gtid: true\n' >"$TMP/maria.yaml"
refuse "a MariaDB source given MySQL files" 5 "the source's flavor key (mariadb in $TMP/maria.yaml)" \
    dm-upgrade --task $D/task_v1.yaml --source "$TMP/maria.yaml" --source $D/source2.yaml \
    --checkpoint 'mysql-replica-02=mysql-bin|000001.000456:10485' --checkpoint 'mysql-replica-01=mysql_bin.000012:4' \
    --binlog-dir "mysql-replica-01=$TMP/bin"

# the guide's preconditions, from dumps of the meta tables
printf 'source_id\ttarget_table_id\tsource_table_id\tactive_index\tis_global\tdata\n' >"$TMP/sm0.tsv"
: >"$TMP/empty.tsv"
printf 'id,filename,cp_schema,cp_table,offset,end_pos\nmysql-replica-01,db.t.sql,db,t,200,200\n' >"$TMP/lc_done.csv"
run "${UP[@]}" --checkpoints $D/checkpoints_guide.txt --sharding-meta "$TMP/sm0.tsv" --onlineddl "$TMP/empty.tsv" \
    --loader-checkpoints "$TMP/lc_done.csv"
[ "$RC" = 0 ] && [ "$OUT" = "$guide_out" ] && [[ $ERR != *"not checked"* ]] &&
    [[ $ERR == *"task_v1_syncer_sharding_meta checked"*"task_v1_onlineddl checked"*"task_v1_loader_checkpoint checked"* ]] &&
    pass "preconditions hold: all three checked, same task" || fail "preconditions hold" "$ERR"
run "${UP[@]}" --checkpoints $D/checkpoints_guide.txt
[[ $ERR == *"not checked that no shard DDL"*"not checked that no online DDL"*"not checked that the full import"* ]] &&
    pass "without the dumps: each unchecked precondition named" || fail "unchecked preconditions" "$ERR"
pre() { # NAME OPTION FILE MESSAGE
    rm -f "$TMP/never.yaml"
    run "${UP[@]}" --checkpoints $D/checkpoints_guide.txt "$2" "$3" -o "$TMP/never.yaml"
    if [ "$RC" = 1 ] && [[ $ERR == *"$4"* ]] && [[ $ERR == *"nothing written"* ]] && [ ! -e "$TMP/never.yaml" ]; then
        pass "precondition fails: $1 (exit 1)"
    else fail "precondition: $1" "want exit 1, '$4'" "got exit $RC: $ERR"; fi
}
printf '+------------------+-----------------+-----------------+\n| source_id        | target_table_id | source_table_id |\n+------------------+-----------------+-----------------+\n| mysql-replica-01 | `db`.`t`        | `db_1`.`t_1`    |\n+------------------+-----------------+-----------------+\n' >"$TMP/sm1.txt"
pre "shard DDL in coordination" --sharding-meta "$TMP/sm1.txt" \
    "task_v1_syncer_sharding_meta: line 4: source mysql-replica-01, table \`db_1\`.\`t_1\` -> \`db\`.\`t\`: a shard DDL is being coordinated"
printf 'id\tghost_schema\tghost_table\tddls\tupdate_time\nmysql-replica-01\tdb\t_t_gho\t[]\t2026-01-01 00:00:00\n' >"$TMP/od1.tsv"
pre "online DDL in flight" --onlineddl "$TMP/od1.tsv" "task_v1_onlineddl: line 2: source mysql-replica-01, shadow table db._t_gho"
printf 'id,filename,cp_schema,cp_table,offset,end_pos\nmysql-replica-01,db.t.sql,db,t,200,200\nmysql-replica-02,db.u.sql,db,u,100,300\n' >"$TMP/lc1.csv"
pre "import not finished" --loader-checkpoints "$TMP/lc1.csv" \
    "task_v1_loader_checkpoint: line 3: source mysql-replica-02, file db.u.sql imported to offset 100 of 300"
printf 'id\tfilename\nx\ty\n' >"$TMP/lc_bad.tsv"
refuse "a loader dump without offset/end_pos" 2 "needs a header with the column offset" \
    "${UP[@]}" --checkpoints $D/checkpoints_guide.txt --loader-checkpoints "$TMP/lc_bad.tsv"
printf 'name: a\nx: &i {threads: 2, bogus: 1}\nmydumpers: {g: *i}\nmysql-instances: [{source-id: "mysql-replica-01"}]\n' >"$TMP/alias_bad.yaml"
refuse "an alias in a checked place naming a mapping with a key v2 lacks" 2 \
    "mydumpers.g is an alias of a mapping with a key DM v2's MydumperConfig does not have (bogus)" \
    dm-upgrade --task "$TMP/alias_bad.yaml" --source $D/source1.yaml --checkpoint mysql-replica-01=mysql-bin.000001:4
run dm-upgrade --task - --checkpoints - --source $D/source1.yaml </dev/null
expect "standard input for two inputs" 2 "'-' (standard input) given for more than one input"
printf '[dm_worker_servers]\nw1 source_id=a mysql_host=h mysql_password="{{ pw }}"\n' >"$TMP/jinja.ini"
run dm-source --from-ansible "$TMP/jinja.ini"
expect "an inventory value that is a Jinja2 template" 2 "host w1: mysql_password is a Jinja2 template ('{{ pw }}')"
(umask 022; "$GTIDPOS" "${UP[@]}" --checkpoints $D/checkpoints_guide.txt -o "$TMP/pw_task.yaml" 2>/dev/null)
(umask 022; "$GTIDPOS" dm-upgrade --task "$TMP/hb.yaml" --source $D/source1.yaml --checkpoint 'mysql-replica-01=mysql-bin.000001:4' -o "$TMP/nopw_task.yaml" 2>/dev/null)
[ "$(stat -c %a "$TMP/pw_task.yaml")" = 600 ] && [ "$(stat -c %a "$TMP/nopw_task.yaml")" = 644 ] &&
    pass "task -o: 600 with target-database.password, 644 (umask 022) without" ||
    fail "task -o modes" "$(stat -c %a "$TMP/pw_task.yaml" "$TMP/nopw_task.yaml")"
run "${UP[@]}" --checkpoints $D/checkpoints_guide.txt --json
[[ $OUT == '{"schema_version":1,"source_id":'* ]] && pass "--json: schema_version first" || fail "--json schema_version" "$OUT"

# help and man
run dm-upgrade --help
[ "$RC" = 0 ] && [[ $OUT == *"--reset-start"* ]] && [[ $OUT == *"--binlog-dir"* ]] && pass "dm-upgrade --help" || fail "dm-upgrade --help"
run dm-source --help
[ "$RC" = 0 ] && [[ $OUT == *"--from-ansible"* ]] && pass "dm-source --help" || fail "dm-source --help"

tally_summary
