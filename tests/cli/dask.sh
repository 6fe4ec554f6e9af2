#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# dask.sh - gtidpos-dask (python/gtidpos-dask) on a real Dask cluster: one
# `dask scheduler` and two `dask worker` processes on 127.0.0.1, started
# and stopped here.  The oracle is one `gtidpos scan` / `gtidpos verify`
# run over the same files: stdout, stderr and exit status must be equal,
# byte for byte.  Also: verify --json/--merge split at every boundary, a
# chain gap placed exactly at a part boundary (the GTIDs it names checked
# against the MySQL server's own Previous_gtids events), "in use but not
# the last file" across parts, a worker killed mid-task, an unreachable
# scheduler, and the GNU parallel recipe of the README with names holding
# spaces.  GP_FULL=1: every scan option set x every format, with and
# without --header.
# Needs: bash, python3-distributed (/usr/bin/dask), parallel.
# Prints "N passed, M failed" last.
# shellcheck disable=SC2015

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/cli_prelude.sh
. "$here/../lib/cli_prelude.sh"
# shellcheck source=tests/lib/tally.sh
. "$here/../lib/tally.sh"
# shellcheck source=tests/lib/full.sh
. "$here/../lib/full.sh"
# shellcheck source=tests/lib/dask_cluster.sh
. "$here/../lib/dask_cluster.sh"

cli_need_gtidpos
DASKFE=${GTIDPOS_DASK:-$PWD/python/gtidpos-dask}
/usr/bin/python3 -c 'import distributed' 2>/dev/null ||
    { fail "python3-distributed is not installed (tools/deps.sh test)"; tally_summary; exit 1; }
cli_need_tool parallel "GNU parallel is not installed (Debian parallel)"
cli_tmpdir
T=$CLI_TMP
trap 'dask_stop; rm -rf "$T"' EXIT

# same NAME EXIT1 OUT1 ERR1 EXIT2 OUT2 ERR2: pass when all three agree.
same() {
    if [ "$2" = "$5" ] && cmp -s "$3" "$6" && cmp -s "$4" "$7"; then
        pass "$1"
    else
        fail "$1" "exit $2 vs $5" "$(diff "$3" "$6" | head -5)" "$(diff "$4" "$7" | head -5)"
    fi
}

# identical NAME -- ARGS...: gtidpos-dask ARGS against gtidpos ARGS.
identical() {
    local name=$1
    shift 2
    (cd "$T/files" && "$GTIDPOS" "$@" >"$T/single.out" 2>"$T/single.err")
    a=$?
    (cd "$T/files" && "$DASKFE" -s "$DASK_ADDR" --gtidpos "$GTIDPOS" --parts "$PARTS" "$@" \
        >"$T/dask.out" 2>"$T/dask.err")
    b=$?
    same "$name" "$a" "$T/single.out" "$T/single.err" "$b" "$T/dask.out" "$T/dask.err"
}

# The cluster starts while the checks that need none run.
dask_launch "$T" 2 || { fail "dask_launch"; tally_summary; exit 1; }

# The file set: every fixture (the damaged and not-a-binlog ones too),
# copied under names with spaces, and a directory (*.index order).
mkdir -p "$T/files/a dir" "$T/files/gap dir"
find testdata/mysql testdata/mariadb testdata/old testdata/corrupt testdata/damaged \
    -type f ! -name '*.md' ! -name '*.txt' ! -name EXPECTED | sort |
    python3 -c '
import shutil, sys
for n, f in enumerate(sys.stdin.read().splitlines(), 1):
    shutil.copyfile(f, "%s/%03d %s" % (sys.argv[1], n, f.rsplit("/", 1)[-1]))' "$T/files"
cp testdata/mariadb/mariadb-poc/domain_id_0/* "$T/files/a dir/"
mapfile -t FILES < <(cd "$T/files" && ls -1)
[ "${#FILES[@]}" -gt 50 ] && pass "file set: ${#FILES[@]} entries" || fail "file set" "${#FILES[@]}"

# --- no cluster: verify --json / --merge at every boundary ---------------
# The parts' records merged give the single run's output and exit status
# wherever the list is cut (kingbus: a chain; domain_id_0: a gap).
for d in testdata/mysql/kingbus testdata/mariadb/mariadb-poc/domain_id_0; do
    mapfile -t L < <("$GTIDPOS" ls "$d")
    "$GTIDPOS" verify "$d" >"$T/v1" 2>&1
    a=$?
    bad=
    for ((k = 1; k < ${#L[@]}; k++)); do
        "$GTIDPOS" verify --json "${L[@]:0:k}" >"$T/p1.json"
        "$GTIDPOS" verify --json "${L[@]:k}" >"$T/p2.json"
        "$GTIDPOS" verify --merge "$T/p1.json" - <"$T/p2.json" >"$T/v2" 2>&1
        b=$?
        [ "$a" = "$b" ] && cmp -s "$T/v1" "$T/v2" || bad="$bad $k"
    done
    [ -z "$bad" ] && pass "verify --merge = verify, $d cut at each of $((${#L[@]} - 1)) places" ||
        fail "verify --merge differs, $d cut at:$bad"
done
grep -q '^{"schema_version":1,"record":"file"' "$T/p2.json" && pass "verify --json: schema_version first" ||
    fail "verify --json: schema_version first" "$(head -2 "$T/p2.json")"
echo '{"record":"file"}' >"$T/bad.json"
"$GTIDPOS" verify --merge "$T/bad.json" >"$T/o" 2>&1; rc=$?
[ "$rc" = 2 ] && pass "verify --merge: not --json output, exit 2" || fail "verify --merge bad input: exit $rc" "$(cat "$T/o")"

# gtidpos ls: the order the commands read (a directory: *.index / number).
"$GTIDPOS" ls testdata/mariadb/mariadb-poc/domain_id_0 >"$T/ls"
"$GTIDPOS" scan --summary testdata/mariadb/mariadb-poc/domain_id_0 | cut -f1 >"$T/scan-order"
cmp -s "$T/ls" "$T/scan-order" && pass "ls: scan's order" || fail "ls: scan's order" "$(diff "$T/ls" "$T/scan-order")"
"$GTIDPOS" ls -z "$T/files/a dir" | tr '\0' '\n' | cmp -s - <("$GTIDPOS" ls "$T/files/a dir") &&
    pass "ls -z" || fail "ls -z"

# --- the cluster ---------------------------------------------------------
if ! dask_wait "$T" 2; then
    fail "dask scheduler and 2 workers on 127.0.0.1" "$(tail -n 5 "$T"/*.log)"
    tally_summary
    exit 1
fi
pass "dask scheduler and 2 workers on 127.0.0.1"

# Byte identity: 4 parts over the whole set (damaged files inside parts:
# named on stderr, the same exit status), verify, and scan's options.
PARTS=4
identical "verify, $PARTS parts" -- verify "${FILES[@]}"
if gp_full; then
    for sel in "" "--sets" "--summary"; do
        for fmt in tsv csv jsonl; do
            for hdr in "" "--header"; do
                # shellcheck disable=SC2086
                identical "scan $sel --format $fmt $hdr" -- scan $sel --format "$fmt" $hdr "${FILES[@]}"
            done
        done
    done
    PARTS=9
    identical "verify, 9 parts" -- verify "${FILES[@]}"
    identical "scan --boundaries --verify gtid -j 1, 9 parts" -- scan --boundaries --verify gtid -j 1 "${FILES[@]}"
else
    identical "scan --sets --format csv --header" -- scan --sets --format csv --header "${FILES[@]}"
fi

# A chain gap exactly at a part boundary: mysql_bin.000012 removed, one
# part per file.  The lost GTIDs named must be the ones file 12 added:
# Previous_gtids of 13 minus Previous_gtids of 12, as the server wrote them.
K=testdata/mysql/kingbus
cp "$K/mysql_bin.000011" "$K/mysql_bin.000013" "$T/files/gap dir/"
s12=$("$GTIDPOS" at "$K/mysql_bin.000012:4")
s13=$("$GTIDPOS" at "$K/mysql_bin.000013:4")
uuid=${s12%%:*}
want="'$uuid:$((${s12##*-} + 1))-${s13##*-}'"
# One more file after the in-use mysql_bin.000013: "in use but not the
# last file" across parts too.  Three files, three parts: one per file.
PARTS=3
identical "gap at the part boundary: output = single run" -- verify "gap dir" "a dir/mariadb-repl-bin.000010"
if [ "$b" = 1 ] && grep -qF "gap dir/mysql_bin.000013: offset 4: starting Previous_gtids differs from the set at the end of gap dir/mysql_bin.000011: in no given file (lost or purged files between them?): $want" "$T/dask.out"; then
    pass "gap at the part boundary: lost $want named, exit 1"
else
    fail "gap at the part boundary" "want $want, exit $b" "$(cat "$T/dask.out")"
fi
grep -q 'mysql_bin.000013: marked in use but not the last file' "$T/dask.out" &&
    pass "in use but not the last file, across parts" ||
    fail "in use but not the last file, across parts" "$(cat "$T/dask.out")"
if gp_full; then
    # One part per file over domain_id_0 (MariaDB; .000008 missing):
    # every boundary is a part boundary.
    PARTS=7
    identical "MariaDB gap, one part per file" -- verify "a dir"
    grep -q 'starting Gtid_list differs' "$T/dask.out" && pass "MariaDB gap named" || fail "MariaDB gap named" "$(cat "$T/dask.out")"
fi

# No progress line when stderr is not a terminal.
grep -q 'files, ' "$T/dask.err" && fail "progress off a terminal" "$(cat "$T/dask.err")" || pass "no progress off a terminal"
if gp_full; then
    # ... and on one (script(1) gives it a terminal): files and bytes.
    script -qec "cd '$T/files' && '$DASKFE' -s '$DASK_ADDR' --gtidpos '$GTIDPOS' -o '$T/tty.out' scan --summary 'a dir'" \
        /dev/null >"$T/tty.log" 2>&1
    grep -q 'gtidpos-dask scan: 7/7 files, [0-9]*/[0-9]* MiB' "$T/tty.log" && pass "progress on a terminal" ||
        fail "progress on a terminal" "$(tr '\r' '\n' <"$T/tty.log" | tail -3)"
fi

# GNU parallel (the README's recipe), --sshlogin : (this host), names with
# spaces: the ordered list from gtidpos ls, one name a line.
gp_full && (cd "$T/files" && "$GTIDPOS" ls "${FILES[@]}" |
    parallel --will-cite -d '\n' -k -X -S : "$GTIDPOS" scan --summary \
        >"$T/par.out" 2>/dev/null)
if gp_full; then
    (cd "$T/files" && "$GTIDPOS" scan --summary "${FILES[@]}" >"$T/one.out" 2>/dev/null)
    cmp -s "$T/par.out" "$T/one.out" && [ -s "$T/one.out" ] && pass "parallel -S : scan = one scan" ||
        fail "parallel -S : scan" "$(diff "$T/par.out" "$T/one.out" | head -5)"
fi
(cd "$T/files" && "$GTIDPOS" ls -z "${FILES[@]}" |
    parallel --will-cite -0 -k -X -S : --wd "$T/files" "$GTIDPOS" verify --json |
    "$GTIDPOS" verify --merge - >"$T/par.out" 2>&1)
a=$?
(cd "$T/files" && "$GTIDPOS" verify "${FILES[@]}" >"$T/one.out" 2>&1)
b=$?
cmp -s "$T/par.out" "$T/one.out" && [ "$a" = "$b" ] && pass "parallel -0 -S : verify --json | verify --merge = one verify" ||
    fail "parallel verify" "exit $a vs $b" "$(diff "$T/par.out" "$T/one.out" | head -5)"

# A worker killed while it runs a part: the part goes to the other worker
# and the output is unchanged.  The first part's gtidpos waits 3 s (so
# that it is killed mid-task) and leaves its worker's pid.
cat >"$T/slow-gtidpos" <<EOF
#!/bin/bash
# only a part on a worker (not the front end's own checks: ls, /dev/null)
if [ "\$1" = scan ] && [ "\${!#}" != /dev/null ] && mkdir "$T/slow.lock" 2>/dev/null; then
    echo "\$PPID" >"$T/slow.pid.tmp"; mv "$T/slow.pid.tmp" "$T/slow.pid"
    sleep 3
fi
exec "$GTIDPOS" "\$@"
EOF
chmod +x "$T/slow-gtidpos"
(cd "$T/files" && "$GTIDPOS" scan --summary "${FILES[@]}" >"$T/single.out" 2>"$T/single.err")
a=$?
(cd "$T/files" && "$DASKFE" -s "$DASK_ADDR" --gtidpos "$T/slow-gtidpos" --parts 4 \
    -o "$T/dask.out" scan --summary "${FILES[@]}" 2>"$T/dask.err") &
fe=$!
t=0
while [ ! -s "$T/slow.pid" ] && [ "$t" -lt 300 ]; do sleep 0.1; t=$((t + 1)); done
victim=$(cat "$T/slow.pid" 2>/dev/null)
killed=
for p in "${DASK_WORKER_PIDS[@]}"; do
    [ "$p" = "$victim" ] && kill -9 "$p" && killed=$p && { wait "$p"; } 2>/dev/null
done
wait "$fe"
b=$?
[ -n "$killed" ] && pass "a worker killed mid-task (pid $killed)" || fail "no worker killed" "victim '$victim'" "${DASK_WORKER_PIDS[*]}"
same "killed worker: output (-o FILE) = single run" "$a" "$T/single.out" "$T/single.err" "$b" "$T/dask.out" "$T/dask.err"
dask_stop

# The scheduler unreachable: a clear error, non-zero, no output file.
port=$(dask_free_port)
(cd "$T/files" && "$DASKFE" -s "tcp://127.0.0.1:$port" --timeout 1 --gtidpos "$GTIDPOS" \
    -o "$T/never.tsv" scan --summary "a dir" >"$T/o" 2>"$T/e")
rc=$?
if [ "$rc" = 3 ] && [ ! -e "$T/never.tsv" ] && [ ! -s "$T/o" ] && grep -q 'cannot reach the Dask scheduler' "$T/e" &&
    [ -z "$(find "$T" -maxdepth 1 -name '.gtidpos-dask.*')" ]; then
    pass "scheduler unreachable: exit 3, no output"
else
    fail "scheduler unreachable" "exit $rc" "$(cat "$T/e")"
fi

tally_summary
