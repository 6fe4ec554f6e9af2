#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# scan.sh - `gtidpos scan` on every real fixture in testdata/, against the
# readers it must agree with: `gtidpos at` (the set at each boundary, where
# "inside a transaction" stops, the set at the end) and `gtidpos events`
# (starting sets, timestamps, event counts, where transactions start).
# Also: -j 1 and -j 4 give the same bytes; several runs concatenate into
# what one run over all files prints; CSV and JSON lines parse (python3);
# a damaged or missing file among good ones.
# Needs: bash, python3.  Prints "N passed, M failed" last.

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/cli_prelude.sh
. "$here/../lib/cli_prelude.sh"
# shellcheck source=tests/lib/tally.sh
. "$here/../lib/tally.sh"
# shellcheck source=tests/lib/full.sh
. "$here/../lib/full.sh"

cli_need_gtidpos
cli_need_tool python3 "python3 is not installed"

cli_tmpdir
tmp=$CLI_TMP

# Every real binlog fixture that `at` answers for (the damaged ones are
# used below).
# MariaDB relay logs are not among them: the replica writes no Gtid_list
# of its own in them, so no walk knows the set at a relay position (man
# gtidpos, relay logs); scan refuses them naming --source-pos, checked here.
MARIADB_RELAY=testdata/mariadb/relay-10.11
mapfile -t FILES < <(find testdata/mysql testdata/mariadb testdata/old -type f ! -name '*.txt' \
    ! -path "$MARIADB_RELAY/*/relay/*" | sort)
if [ "${#FILES[@]}" -gt 50 ]; then pass "fixtures found"; else fail "only ${#FILES[@]} fixtures found"; fi
for f in "$MARIADB_RELAY"/ignore-domain-2/relay/relay-bin.000001 "$MARIADB_RELAY"/gtid-reconnect/relay/relay-bin.000003; do
    e=$("$GTIDPOS" scan --summary "$f" 2>&1 >/dev/null); re=$?
    [ "$re" = 5 ] && grep -qF -- "$f: offset " <<<"$e" && grep -qF -- '--source-pos' <<<"$e" &&
        pass "scan on a MariaDB relay log: refused, naming the offset and --source-pos" ||
        fail "scan on a MariaDB relay log $f: refused naming --source-pos" "$re $e"
done

# Per file, in python (one process per file; `at` is the oracle): prints
# "ok NAME" or "FAIL NAME DETAIL" lines.  Each boundary's set is checked
# against `at` (every boundary under GP_FULL=1, else AT_SAMPLE of them per
# file); the check one event earlier is made at SAMPLE boundaries per
# file, and the cheap checks against `events --json` cover all of them.
SAMPLE=${SCAN_SAMPLE:-8}
AT_SAMPLE=${SCAN_AT_SAMPLE:-16}
gp_full && AT_SAMPLE=0
gp_full_note
check_file() {
    python3 - "$GTIDPOS" "$1" "$SAMPLE" "$AT_SAMPLE" <<'PY'
import json, os, subprocess, sys

gp, path, sample, at_sample = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
name = os.path.basename(path)

def run(*args):
    p = subprocess.run([gp, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr

def ok(what): print("ok %s: %s" % (name, what))
def bad(what, detail): print("FAIL %s: %s: %s" % (name, what, detail))
def check(cond, what, detail=""):
    ok(what) if cond else bad(what, detail)

def at_json(pos=None):
    rc, out, err = run("at", "--json", path if pos is None else "%s:%d" % (path, pos))
    return json.loads(out) if rc == 0 else {"error": err.strip(), "rc": rc}

rc, out, err = run("scan", "--boundaries", "--sets", path)
check(rc == 0, "scan --boundaries --sets exits 0", "exit %d: %s" % (rc, err))
bounds = []
for line in out.splitlines():
    f, start, end, gtid, ts, epoch, gset = line.split("\t")
    bounds.append(dict(file=f, start=int(start), end=int(end), gtid=gtid, ts=ts,
                       epoch=int(epoch), set=gset))
check(all(b["file"] == path for b in bounds), "file column is the path")

rc, out, _ = run("events", "--json", path)
events = [json.loads(l) for l in out.splitlines()]
by_end = {e["end"]: e for e in events}
by_start = {e["start"]: e for e in events}

# Every boundary is the end of an event, with that event's timestamp.
bad_ts = [b["end"] for b in bounds
          if b["end"] not in by_end or by_end[b["end"]]["timestamp"] != b["ts"]]
check(not bad_ts, "every boundary ends an event and has its timestamp", bad_ts[:5])
check([b["end"] for b in bounds] == sorted(set(b["end"] for b in bounds)),
      "boundaries strictly increase")

# Where transactions start: a GTID event starts each one (GTID files).
gtid_types = ("Gtid", "Anonymous_Gtid", "Gtid_tagged")
gstarts = [e["start"] for e in events if e["type"] in gtid_types]
end_state = at_json()
if gstarts:
    starts = [b["start"] for b in bounds]
    expect = list(gstarts)
    if end_state.get("inside_transaction") and expect and expect[-1] == end_state.get("open_start"):
        expect.pop()  # the file ends inside its last transaction
    check(starts == expect, "one boundary per GTID event, starting there",
          "scan %d starts, events %d GTID events" % (len(starts), len(expect)))

# `at` at every boundary (at_sample of them, first, last and evenly
# spaced, when it is not 0): the same set, not inside, this transaction
# last.  At sampled ones (first, last, evenly spaced), one event earlier:
# inside, the previous boundary last - so no boundary is missing before
# this one.
def spread(n, k):
    if k == 0 or n <= k:
        return list(range(n))
    step = (n - 1) / (k - 1)
    return sorted(set(round(i * step) for i in range(k)))
idx = spread(len(bounds), sample)
at_idx = spread(len(bounds), at_sample)
mism = []
for b in (bounds[k] for k in at_idx):
    a = at_json(b["end"])
    want_gtid = b["gtid"] if b["gtid"] and b["gtid"] != "ANONYMOUS" else None
    if (a.get("gtid_set") != b["set"] or a.get("inside_transaction") is not False or
            a.get("last_gtid_end") != b["end"] or a.get("last_gtid_start") != b["start"] or
            a.get("last_gtid") != want_gtid):
        mism.append(("at end", b["end"], a, b))
check(not mism, "%d of %d boundaries: set and last transaction as gtidpos at says" %
      (len(at_idx), len(bounds)), mism[:1])
mism = []
for k in idx:
    b = bounds[k]
    before = by_end[b["end"]]["start"]
    a = at_json(before)
    prev_end = bounds[k - 1]["end"] if k > 0 else None
    if a.get("inside_transaction") is not True or a.get("last_gtid_end") != prev_end:
        mism.append(("one event before", before, a, b))
check(not mism, "%d boundaries: inside a transaction one event earlier" % len(idx), mism[:1])
# After the last boundary nothing else ends.
last_end = bounds[-1]["end"] if bounds else None
check(end_state.get("last_gtid_end") == last_end,
      "at FILE's last transaction is the last boundary",
      "%s vs %s" % (end_state.get("last_gtid_end"), last_end))

# The summary.
rc, out, err = run("scan", "--summary", "--format", "jsonl", path)
check(rc == 0 and len(out.splitlines()) == 1, "scan --summary: one record", err)
s = json.loads(out.splitlines()[0]) if out else {}
rc, at_end, _ = run("at", path)
check(s.get("gtid_set") == at_end.rstrip("\n"), "summary gtid_set == at FILE",
      "%r vs %r" % (s.get("gtid_set"), at_end))
starts = [e for e in events if e["type"] in ("Previous_gtids", "Gtid_list")]
want_prev = starts[0].get("previous_gtids", starts[0].get("gtid_list")) if starts else ""
check(s.get("previous_gtids") == want_prev, "summary previous_gtids == events' starting set",
      "%r vs %r" % (s.get("previous_gtids"), want_prev))
ts = sorted(e["timestamp"] for e in events if e["timestamp"] != "1970-01-01T00:00:00Z")
check(s.get("min_timestamp") == (ts[0] if ts else None) and
      s.get("max_timestamp") == (ts[-1] if ts else None),
      "summary min/max_timestamp == events' min/max", "%s..%s vs %s" %
      (s.get("min_timestamp"), s.get("max_timestamp"), ts[:1] + ts[-1:]))
check(s.get("events") == len(events), "summary events == events lines")
check(s.get("transactions") == len(bounds), "summary transactions == boundaries")
gt = [b["gtid"] for b in bounds if b["gtid"] and b["gtid"] != "ANONYMOUS"]
check(s.get("first_gtid") == (gt[0] if gt else None) and
      s.get("last_gtid") == (gt[-1] if gt else None), "summary first/last_gtid")
check(s.get("size") == os.path.getsize(path), "summary size == file size")
check(s.get("end") == end_state.get("pos"), "summary end == at FILE's position")
if s.get("flavor") == "mysql" and s.get("previous_gtids") == "":
    check(s.get("added_gtids") == s.get("gtid_set"), "added_gtids == gtid_set from an empty start")
if s.get("flavor") == "mariadb" and gt:
    check(gt[-1] in s.get("added_gtids", "").split(","), "added_gtids holds the last GTID")
PY
}

# every fixture under GP_FULL=1, else every third (the runs over all of
# them below still take every one)
mapfile -t CHECKED < <(gp_sample 3 "${FILES[@]}")
echo "# ${#CHECKED[@]} of ${#FILES[@]} fixtures against at and events"
for f in "${CHECKED[@]}"; do
    while read -r verdict rest; do
        if [ "$verdict" = ok ]; then pass "$rest"; else fail "$rest"; fi
    done < <(check_file "$f" 2>&1)
done

# -j 1 and -j 4 give the same bytes; one run over all files prints what
# the runs over each file print, concatenated (formats with no header
# concatenate); a directory is its files in log order.
for args in "--boundaries --sets" "--summary --format csv"; do
    # shellcheck disable=SC2086
    "$GTIDPOS" scan $args -j 1 "${FILES[@]}" >"$tmp/j1" 2>/dev/null
    # shellcheck disable=SC2086
    "$GTIDPOS" scan $args -j 4 "${FILES[@]}" >"$tmp/j4" 2>/dev/null
    : >"$tmp/each"
    for f in "${FILES[@]}"; do
        # shellcheck disable=SC2086
        "$GTIDPOS" scan $args -j 1 "$f" >>"$tmp/each" 2>/dev/null
    done
    if [ -s "$tmp/j1" ] && cmp -s "$tmp/j1" "$tmp/j4"; then pass "-j 1 == -j 4 ($args)"; else fail "-j 1 != -j 4 ($args)"; fi
    if cmp -s "$tmp/j1" "$tmp/each"; then pass "concatenation ($args)"; else fail "one run != runs per file concatenated ($args)"; fi
done
D=testdata/mariadb/mariadb-poc/domain_id_0
"$GTIDPOS" scan --summary "$D" | cut -f1 | sed 's|.*/||' >"$tmp/dir"
find "$D" -type f -printf '%f\n' | sort >"$tmp/ls"
if [ -s "$tmp/dir" ] && cmp -s "$tmp/dir" "$tmp/ls"; then pass "directory: its files in order"; else fail "directory order" "$(paste "$tmp/dir" "$tmp/ls" | head -3)"; fi

# CSV (RFC 4180) and JSON lines parse, and say what TSV says.
"$GTIDPOS" scan --summary --header "${FILES[@]}" >"$tmp/tsv" 2>/dev/null
"$GTIDPOS" scan --summary --header --format csv "${FILES[@]}" >"$tmp/csv" 2>/dev/null
"$GTIDPOS" scan --summary --format jsonl "${FILES[@]}" >"$tmp/jsonl" 2>/dev/null
"$GTIDPOS" scan --boundaries --sets --header --format csv "${FILES[@]}" >"$tmp/bcsv" 2>/dev/null
"$GTIDPOS" scan --boundaries --sets --format jsonl "${FILES[@]}" >"$tmp/bjsonl" 2>/dev/null
"$GTIDPOS" scan --boundaries --sets --header "${FILES[@]}" >"$tmp/btsv" 2>/dev/null
while read -r verdict rest; do
    if [ "$verdict" = ok ]; then pass "$rest"; else fail "$rest"; fi
done < <(python3 - "$tmp" <<'PY' 2>&1
import csv, io, json, sys
d = sys.argv[1]

def tsv_rows(p):
    un = lambda v: v.replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r").replace("\\\\", "\\")
    with open(p, newline="") as f:
        return [[un(v) for v in l.rstrip("\n").split("\t")] for l in f]

for kind, t, c, j in (("summary", "tsv", "csv", "jsonl"), ("boundaries", "btsv", "bcsv", "bjsonl")):
    trows = tsv_rows("%s/%s" % (d, t))
    raw = open("%s/%s" % (d, c), "rb").read().decode()
    crows = list(csv.reader(io.StringIO(raw, newline=""), strict=True))
    jrows = [json.loads(l) for l in open("%s/%s" % (d, j))]
    # issue 14: every JSON line starts with "schema_version":1, then the TSV fields
    print(("ok" if jrows and all(list(o)[0] == "schema_version" and o.pop("schema_version") == 1
                                 for o in jrows) else "FAIL"), kind, "JSON lines start with schema_version 1")
    print(("ok" if crows == trows and len(crows) > 1 else "FAIL"), kind, "CSV parses to the TSV rows")
    print(("ok" if raw.count("\r\n") == len(crows) else "FAIL"), kind, "CSV lines end in CRLF")
    head = trows[0]
    same = len(jrows) == len(trows) - 1 and all(
        list(o.keys()) == head and
        [("" if v is None else str(v)) for v in o.values()] == r
        for o, r in zip(jrows, trows[1:]))
    print(("ok" if same else "FAIL"), kind, "JSON lines parse, same names and values as TSV")
PY
)

# A damaged and a missing file among good ones: each named on stderr in one
# line with its offset, the others scanned, the exit status says so.
G1=testdata/mysql/kingbus/mysql_bin.000011
G2=testdata/mysql/kingbus/mysql_bin.000012
for bad in testdata/damaged/*/*; do
    [ -f "$bad" ] || continue
    "$GTIDPOS" at "$bad" >/dev/null 2>"$tmp/at.err"
    at_rc=$?
    [ "$at_rc" != 0 ] || continue
    "$GTIDPOS" scan --summary -j 2 "$G1" "$bad" "$G2" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    "$GTIDPOS" scan --summary "$G1" "$G2" >"$tmp/good" 2>/dev/null
    if [ "$rc" = "$at_rc" ] && cmp -s "$tmp/out" "$tmp/good" && [ "$(wc -l <"$tmp/err")" = 1 ] &&
        cmp -s "$tmp/err" "$tmp/at.err" && grep -q "^gtidpos: $bad: offset [0-9]*: " "$tmp/err"; then
        pass "damaged $bad among good files"
    else
        fail "damaged $bad among good files" "exit $rc (at: $at_rc)" "stderr: $(head -c 300 "$tmp/err")" "at: $(cat "$tmp/at.err")"
    fi
done
"$GTIDPOS" scan --summary "$G1" /nonexistent/binlog.000001 "$G2" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" = 3 ] && [ "$(wc -l <"$tmp/out")" = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ]; then
    pass "missing file among good ones: exit 3, the others scanned"
else
    fail "missing file among good ones" "exit $rc: $(cat "$tmp/err")"
fi

# No progress (nor anything else) on stderr when it is not a terminal.
"$GTIDPOS" scan --summary "$D" >/dev/null 2>"$tmp/err"
if [ ! -s "$tmp/err" ]; then pass "stderr quiet when not a terminal"; else fail "stderr not quiet" "$(head -c 200 "$tmp/err")"; fi

# --header: the names first, then the same records.
"$GTIDPOS" scan --summary --header "$G1" >"$tmp/h"
if [ "$(head -n 1 "$tmp/h" | cut -f1-4)" = "$(printf 'name\tflavor\tserver_version\tsize')" ] &&
    [ "$(tail -n +2 "$tmp/h")" = "$("$GTIDPOS" scan --summary "$G1")" ]; then
    pass "--header"
else
    fail "--header" "$(head -n 2 "$tmp/h")"
fi

# Usage errors: exit 2, one line.
for args in "--boundaries --summary $G1" "--summary --sets $G1" "-j 0 $G1" "-j x $G1" \
            "--format xml $G1" "" "--bogus $G1"; do
    # shellcheck disable=SC2086
    out=$("$GTIDPOS" scan $args 2>&1 >/dev/null)
    rc=$?
    if [ "$rc" = 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ]; then pass "usage: scan $args"; else fail "usage: scan $args" "exit $rc: $out"; fi
done
if "$GTIDPOS" scan --help | grep -q -- '--summary'; then pass "scan --help"; else fail "scan --help"; fi

tally_summary
