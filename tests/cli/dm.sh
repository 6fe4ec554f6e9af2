#!/bin/bash
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

# help and man
run dm-upgrade --help
[ "$RC" = 0 ] && [[ $OUT == *"--reset-start"* ]] && [[ $OUT == *"--binlog-dir"* ]] && pass "dm-upgrade --help" || fail "dm-upgrade --help"
run dm-source --help
[ "$RC" = 0 ] && [[ $OUT == *"--from-ansible"* ]] && pass "dm-source --help" || fail "dm-source --help"

tally_summary
