#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# habits.sh - the command-line habits every gtidpos command shares (issue
# 14, items 4 and 5): `gtidpos help [CMD]`, --help anywhere, usage hints
# naming the command's --help, write errors on help output, options after
# operands and "--", --files-from (and -0) with awkward names, --label for
# standard input, TSV escapes in every text record, "schema_version":1
# first in every JSON output, the progress line (forced, off, TERM=dumb),
# and the bash completion.
# Needs: bash, python3, script (util-linux, for a terminal).
# Prints "N passed, M failed" last.
# pass and fail always return 0, so "test && pass || fail" is if-then-else.
# shellcheck disable=SC2015,SC2002  # cat F | ...: a pipe, as a streaming mapper has

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/cli_prelude.sh
. "$here/../lib/cli_prelude.sh"
# shellcheck source=tests/lib/tally.sh
. "$here/../lib/tally.sh"

cli_need_gtidpos
cli_need_tool python3 "python3 is not installed"
cli_need_tool script "script (util-linux) is not installed: the progress tests need a terminal"
cli_tmpdir
T=$CLI_TMP
G=$GTIDPOS
K=testdata/mysql/kingbus
F1=$K/mysql_bin.000011
F2=$K/mysql_bin.000012
F3=$K/mysql_bin.000013

# ------------------------------------------------------------------ help
COMMANDS=$("$G" --help | awk '/^  [a-z][a-z-]* / && $1 != "gtidpos" { print $1 }' | sort -u)
[ "$(wc -w <<<"$COMMANDS")" -ge 7 ] && pass "gtidpos --help lists the commands" ||
    fail "gtidpos --help lists the commands" "$COMMANDS"
a=$("$G" help) && b=$("$G" --help) && [ "$a" = "$b" ] && pass "gtidpos help = gtidpos --help" ||
    fail "gtidpos help = gtidpos --help"
for c in $COMMANDS; do
    a=$("$G" help "$c"); ra=$?
    b=$("$G" "$c" --help); rb=$?
    [ "$ra$rb" = 00 ] && [ -n "$a" ] && [ "$a" = "$b" ] && pass "help $c = $c --help" ||
        fail "help $c = $c --help" "exit $ra/$rb"
    # after an operand, and after a wrong option: the help wins
    d=$("$G" "$c" "$F2" --help 2>&1); rd=$?
    [ "$rd" = 0 ] && [ "$d" = "$b" ] && pass "$c FILE --help prints the help" ||
        fail "$c FILE --help prints the help" "exit $rd" "${d:0:200}"
    d=$("$G" "$c" --no-such-option "$F2" --help 2>&1); rd=$?
    [ "$rd" = 0 ] && [ "$d" = "$b" ] && pass "$c --no-such-option --help prints the help" ||
        fail "$c --no-such-option --help prints the help" "exit $rd" "${d:0:200}"
    # the hint names the command's own --help
    e=$("$G" "$c" --no-such-option 2>&1 >/dev/null); re=$?
    [ "$re" = 2 ] && grep -qF "(try 'gtidpos $c --help')" <<<"$e" && pass "$c: usage hint names '$c --help'" ||
        fail "$c: usage hint names '$c --help'" "exit $re" "$e"
    # --help after "--" is an operand, not the option
    d=$("$G" "$c" -- --help 2>/dev/null)
    [ "$d" != "$b" ] && pass "$c -- --help: an operand" || fail "$c -- --help: an operand"
done
e=$("$G" no-such-command 2>&1); re=$?
[ "$re" = 2 ] && grep -qF "(try 'gtidpos --help')" <<<"$e" && pass "unknown command: exit 2, hint" ||
    fail "unknown command: exit 2, hint" "$re $e"
e=$("$G" help no-such-command 2>&1); re=$?
[ "$re" = 2 ] && pass "help of an unknown command: exit 2" || fail "help of an unknown command: exit 2" "$re $e"
# a value that happens to read --help is a value
e=$("$G" at --label --help "$F2" 2>&1); re=$?
[ "$re" = 0 ] && ! grep -q '^usage' <<<"$e" && pass "--label --help: a value, not the help" ||
    fail "--label --help: a value, not the help" "$re ${e:0:200}"

# write errors: help and version into a full disk fail (exit 3, a message)
if [ -w /dev/full ]; then
    for args in "--help" "--version" "help" "help scan" "at --help" "scan --help" "verify --help" \
        "find --help" "events --help" "dm-source --help" "dm-upgrade --help"; do
        read -r -a A <<<"$args"
        e=$("$G" "${A[@]}" 2>&1 >/dev/full); re=$?
        [ "$re" = 3 ] && grep -q '^gtidpos: writing the .*: No space left on device' <<<"$e" &&
            pass "$args >/dev/full: exit 3 and a message" || fail "$args >/dev/full: exit 3 and a message" "exit $re" "$e"
    done
    e=$("$G" at "$F2" 2>&1 >/dev/full); re=$?
    [ "$re" = 3 ] && pass "at FILE >/dev/full: exit 3" || fail "at FILE >/dev/full: exit 3" "exit $re $e"
else
    fail "/dev/full is writable" "cannot test write errors without it"
fi

# ---------------------------------------------- options after operands, --
a=$("$G" scan --summary --format jsonl "$F2")
b=$("$G" scan "$F2" --format jsonl --summary)
[ -n "$a" ] && [ "$a" = "$b" ] && pass "scan: options after the PATHs" || fail "scan: options after the PATHs"
a=$("$G" at --json "$F2") && b=$("$G" at "$F2" --json) && [ "$a" = "$b" ] && pass "at: options after FILE" ||
    fail "at: options after FILE" "$a" "$b"
a=$("$G" verify "$F1" "$F2" --no-progress) && b=$("$G" verify --no-progress "$F1" "$F2") && [ "$a" = "$b" ] &&
    pass "verify: options after the PATHs" || fail "verify: options after the PATHs" "$a" "$b"
g=214eb71f-96ec-11e8-ab4f-fa163e72d4ae:11801
a=$("$G" find "$g" "$K") && [ -n "$a" ] && pass "find GTID DIR" || fail "find GTID DIR" "$a"
mkdir "$T/dd" && cp "$F2" "$T/dd/--json" && cp "$F2" "$T/dd/-x"
a=$(cd "$T/dd" && "$G" at -- --json) && [ "$a" = "$("$G" at "$F2")" ] && pass "at -- --json: a file named --json" ||
    fail "at -- --json: a file named --json" "$a"
a=$(cd "$T/dd" && "$G" scan --summary -- -x --json | cut -f1 | tr '\n' ' ')
[ "$a" = "-x --json " ] && pass "scan -- -x --json: two files" || fail "scan -- -x --json: two files" "$a"

# ------------------------------------- --files-from, -0, awkward names
W=$T/weird
mkdir "$W"
SP="$W/with space.000011"
TB="$W/with	tab.000012"
NL="$W/with
newline.000013"
BS="$W/back\\slash.000013"
cp "$F1" "$SP"; cp "$F2" "$TB"; cp "$F3" "$NL"; cp "$F3" "$BS"
printf '%s\n' "$SP" "$TB" "$BS" >"$T/list"
printf '%s\0' "$SP" "$TB" "$NL" >"$T/list0"
direct=$("$G" scan --summary --format jsonl "$SP" "$TB" "$BS")
a=$("$G" scan --summary --format jsonl --files-from "$T/list")
[ -n "$direct" ] && [ "$a" = "$direct" ] && pass "scan --files-from: names with space, TAB, backslash" ||
    fail "scan --files-from: names with space, TAB, backslash" "$a"
a=$("$G" scan --summary --format jsonl --files-from - <"$T/list")
[ "$a" = "$direct" ] && pass "scan --files-from - (standard input)" || fail "scan --files-from -" "$a"
direct0=$("$G" scan --summary --format jsonl "$SP" "$TB" "$NL")
a=$("$G" scan --summary --format jsonl -0 --files-from "$T/list0")
[ -n "$direct0" ] && [ "$a" = "$direct0" ] && pass "scan -0 --files-from: a name with a newline" ||
    fail "scan -0 --files-from: a name with a newline" "$a"
a=$("$G" scan --summary --format jsonl --null --files-from "$T/list0" "$F2" | wc -l)
[ "$a" = 4 ] && pass "--files-from, then the PATH operands" || fail "--files-from, then the PATH operands" "$a lines"
a=$("$G" verify --files-from "$T/list0" -0 | grep -c ': summary: ')
[ "$a" = 3 ] && pass "verify -0 --files-from" || fail "verify -0 --files-from" "$a summaries"
a=$("$G" at --before '2030-01-01 00:00:00' --files-from "$T/list0" -0)
[ "$(cut -f3 <<<"$a")" = "$("$G" at "$F3")" ] && pass "at --before -0 --files-from" ||
    fail "at --before -0 --files-from" "$a"
: >"$T/empty"
a=$("$G" events --files-from "$T/list0" -0 | wc -l)
b=$("$G" events "$SP" "$TB" "$NL" | wc -l)
[ "$b" -gt 0 ] && [ "$a" = "$b" ] && pass "events -0 --files-from" || fail "events -0 --files-from" "$a against $b lines"
e=$("$G" scan --files-from "$T/empty" 2>&1); re=$?
[ "$re" = 2 ] && pass "--files-from an empty list: exit 2" || fail "--files-from an empty list: exit 2" "$re $e"
e=$("$G" scan --files-from "$T/nonexistent" 2>&1); re=$?
[ "$re" = 3 ] && grep -qF "$T/nonexistent" <<<"$e" && pass "--files-from a missing file: exit 3, named" ||
    fail "--files-from a missing file: exit 3, named" "$re $e"
e=$(printf '%s\n' - | "$G" scan --files-from - 2>&1); re=$?
[ "$re" = 2 ] && pass "--files-from - naming - : exit 2" || fail "--files-from - naming - : exit 2" "$re $e"
e=$("$G" at --files-from "$T/list" "$F2" 2>&1); re=$?
[ "$re" = 2 ] && pass "at FILE --files-from: exit 2 (needs --before)" || fail "at FILE --files-from" "$re $e"

# ------------------------------------------------------------ TSV escapes
# Every text record with a file name escapes TAB, newline and backslash
# (\t \n \\), so that one record stays one line of TAB-separated fields.
unescape() { python3 -c 'import sys; s = sys.stdin.read().rstrip("\n"); print(s.replace("\\t", "\t").replace("\\n", "\n").replace("\\\\", "\\"), end="")'; }
for f in "$TB" "$NL" "$BS"; do
    out=$("$G" scan --summary "$f")
    [ "$(wc -l <<<"$out")" = 1 ] && [ "$(cut -f1 <<<"$out" | unescape)" = "$f" ] &&
        pass "scan: escaped name $(printf %q "${f##*/}")" || fail "scan: escaped name $(printf %q "$f")" "$out"
    out=$("$G" at --before '2030-01-01 00:00:00' "$f")
    [ "$(wc -l <<<"$out")" = 1 ] && [ "$(awk -F'\t' '{ print NF }' <<<"$out")" = 3 ] &&
        [ "$(cut -f1 <<<"$out" | unescape)" = "$f" ] &&
        pass "at --before: escaped name $(printf %q "${f##*/}")" || fail "at --before: escaped name $(printf %q "$f")" "$out"
    out=$("$G" verify "$f")
    [ "$(grep -c ': summary: ' <<<"$out")" = 1 ] && [ "$(grep -c . <<<"$out")" = "$(wc -l <<<"$out")" ] &&
        [ "$(grep ': summary: ' <<<"$out" | sed 's/: summary: .*//' | unescape)" = "$f" ] &&
        pass "verify: escaped name $(printf %q "${f##*/}")" || fail "verify: escaped name $(printf %q "$f")" "$out"
    out=$("$G" at --json "$f")
    python3 -c 'import json, sys; sys.exit(json.loads(sys.argv[1])["file"] != sys.argv[2])' "$out" "$f" &&
        pass "at --json: the name $(printf %q "${f##*/}") round-trips" || fail "at --json: name $(printf %q "$f")" "$out"
done

# ------------------------------------------------------------------ --label
L=mysql-bin.000012
a=$(cat "$F2" | "$G" scan --summary --label "$L" -)
b=$("$G" scan --summary "$F2")
[ "$(cut -f1 <<<"$a")" = "$L" ] && [ "$(cut -f2- <<<"$a")" = "$(cut -f2- <<<"$b")" ] &&
    pass "scan --label names -" || fail "scan --label names -" "$a"
a=$(cat "$F2" | "$G" scan --boundaries --label "$L" - | cut -f1 | sort -u)
[ "$a" = "$L" ] && pass "scan --boundaries --label" || fail "scan --boundaries --label" "$a"
a=$(cat "$F2" | "$G" at --json --label "$L" -)
python3 -c 'import json, sys; sys.exit(json.loads(sys.argv[1])["file"] != sys.argv[2])' "$a" "$L" &&
    pass "at --json --label" || fail "at --json --label" "$a"
a=$(cat "$F2" | "$G" verify --label "$L" -)
[ "$(head -1 <<<"$a" | sed 's/: summary: .*//')" = "$L" ] && pass "verify --label" || fail "verify --label" "$a"
a=$(cat "$F2" | "$G" at --before '2030-01-01 00:00:00' --label "$L" -)
[ "$(cut -f1 <<<"$a")" = "$L" ] && pass "at --before --label" || fail "at --before --label" "$a"
# messages name it too
for c in "at" "scan --summary" "verify" "events"; do
    read -r -a A <<<"$c"
    e=$(printf 'not a binlog at all' | "$G" "${A[@]}" --label x.000001 - 2>&1); re=$?
    grep -q '^gtidpos: x.000001: \|^x.000001: ' <<<"$e" && ! grep -q '^gtidpos: -: ' <<<"$e" && [ "$re" = 4 ] &&
        pass "$c --label: the message names the label, exit 4" || fail "$c --label: the message names the label" "$re $e"
done

# ---------------------------------------------------------- schema_version
# Every JSON document or line that at, scan (and verify, when it has
# --json) print starts with "schema_version":1.
check_json() { # name, then the output
    python3 - "$1" "$2" <<'PY'
import json, sys
name, out = sys.argv[1], sys.argv[2]
lines = [l for l in out.split("\n") if l.strip()]
bad = [l for l in lines if not (l.startswith('{"schema_version":1,') or l == '{"schema_version":1}')
       or json.loads(l).get("schema_version") != 1]
print(("ok" if lines and not bad else "FAIL"), name, (bad or [""])[0][:200])
PY
}
while read -r verdict name rest; do
    [ "$verdict" = ok ] && pass "$name: schema_version first" || fail "$name: schema_version first" "$rest"
done < <(
    check_json at-json "$("$G" at --json "$F2")"
    check_json at-pos-json "$("$G" at --json "$F2:194")"
    check_json at-before-json "$("$G" at --before '2030-01-01 00:00:00' --json "$K")"
    check_json at-binlog-dir-json "$("$G" at --binlog-dir "$K" mysql_bin.000012:194 --json 2>/dev/null)"
    check_json scan-summary-jsonl "$("$G" scan --summary --format jsonl "$K")"
    check_json scan-boundaries-jsonl "$("$G" scan --boundaries --sets --format jsonl "$K")"
    check_json events-json "$("$G" events --json "$F2")"
    check_json find-json "$("$G" find --json 214eb71f-96ec-11e8-ab4f-fa163e72d4ae:11805 "$K")"
    check_json cover-json "$("$G" cover --json 214eb71f-96ec-11e8-ab4f-fa163e72d4ae:1-11805 "$K")"
    check_json diff-json "$("$G" diff --json "$K" "$K")"
    check_json ls-json "$("$G" ls --json "$K")"
    if "$G" verify --help | grep -q -- '--json'; then
        check_json verify-json "$("$G" verify --json "$K")"
    fi
)

# ---------------------------------------------------------------- progress
# Forced into a file: lines, and a last one "done".  Not forced and stderr
# not a terminal: nothing.  On a terminal: drawn (GTIDPOS_PROGRESS_DELAY=0:
# from the start, not after half a second), except with TERM=dumb or
# --no-progress.
for c in "at $F2" "scan --summary $K" "verify $K" "at --before 2030-01-01T00:00:00 $K" "events $K"; do
    read -r -a A <<<"$c"
    "$G" "${A[@]}" --progress >"$T/out" 2>"$T/err"
    "$G" "${A[@]}" >"$T/out2" 2>"$T/err2"
    cmd=${A[0]}
    grep -q "^gtidpos $cmd: [0-9]*/[0-9]* files, .*done in" "$T/err" && ! grep -q $'\r' "$T/err" &&
        pass "$cmd --progress into a file: a plain last line" || fail "$cmd --progress into a file" "$(cat "$T/err")"
    [ ! -s "$T/err2" ] && cmp -s "$T/out" "$T/out2" && pass "$cmd without --progress, not a terminal: no progress, same output" ||
        fail "$cmd without --progress: no progress" "$(cat "$T/err2")"
done
tty_run() { # TERM, then the command line: what a terminal shows
    GTIDPOS_PROGRESS_DELAY=0 TERM=$1 script -qec "$2" /dev/null </dev/null
}
q=$(printf '%q' "$G")
out=$(tty_run xterm "$q at $F2")
grep -q "gtidpos at: 0/1 files" <<<"$out" && grep -q $'\e\\[K' <<<"$out" && pass "terminal: progress drawn and erased" ||
    fail "terminal: progress drawn and erased" "$(od -c <<<"$out" | head -5)"
grep -q "$("$G" at "$F2")" <<<"$out" && pass "terminal: the answer still printed" || fail "terminal: the answer" "$out"
out=$(tty_run dumb "$q at $F2")
! grep -q "gtidpos at:" <<<"$out" && grep -q "$("$G" at "$F2")" <<<"$out" && pass "TERM=dumb: no progress" ||
    fail "TERM=dumb: no progress" "$out"
out=$(tty_run xterm "$q at $F2 --no-progress")
! grep -q "gtidpos at:" <<<"$out" && pass "terminal --no-progress: no progress" || fail "--no-progress on a terminal" "$out"
out=$(tty_run xterm "$q events $F2")
! grep -q "gtidpos events:" <<<"$out" && grep -q "Format_desc" <<<"$out" &&
    pass "events with stdout on a terminal: no progress line over the events" ||
    fail "events with stdout on a terminal: no progress" "$out"
out=$(tty_run dumb "$q scan --summary $K --progress")
grep -q "gtidpos scan: 3/3 files" <<<"$out" && pass "TERM=dumb --progress: forced" || fail "TERM=dumb --progress" "$out"

# -------------------------------------------------------------- completion
# shellcheck source=completion/gtidpos.bash
. completion/gtidpos.bash
complete_words() { # the words of a command line, the last being completed
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMPREPLY=()
    _gtidpos
    printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}
has() { # completions, then the words they must include
    local got=" $1" w
    shift
    for w in "$@"; do [[ $got == *" $w "* ]] || return 1; done
}
r=$(complete_words "$G" "")
has "$r" at scan verify find events dm-source dm-upgrade help && pass "completion: commands" ||
    fail "completion: commands" "$r"
r=$(complete_words "$G" "sc")
[ "$r" = "scan " ] && pass "completion: sc -> scan" || fail "completion: sc -> scan" "$r"
r=$(complete_words "$G" help ve)
[ "$r" = "verify " ] && pass "completion: help ve -> verify" || fail "completion: help ve" "$r"
r=$(complete_words "$G" scan --s)
has "$r" --summary --sets && pass "completion: scan --s" || fail "completion: scan --s" "$r"
r=$(complete_words "$G" scan "$K" --files)
[ "$r" = "--files-from " ] && pass "completion: options after a PATH" || fail "completion: scan PATH --files" "$r"
r=$(complete_words "$G" scan --format "")
[ "$r" = "csv jsonl tsv " ] && pass "completion: --format values" || fail "completion: --format values" "$r"
r=$(complete_words "$G" at --flavor m)
[ "$r" = "mariadb mysql " ] && pass "completion: --flavor values" || fail "completion: --flavor values" "$r"
r=$(complete_words "$G" verify testdata/mysql/king)
[ "$r" = "testdata/mysql/kingbus " ] && pass "completion: file names" || fail "completion: file names" "$r"

# make install puts it where bash-completion looks
BUILD=$(dirname "$G")
if make --no-print-directory -s BUILD="$BUILD" PREFIX=/usr/local DESTDIR="$T/stage" install >"$T/install.log" 2>&1 &&
    cmp -s completion/gtidpos.bash "$T/stage/usr/local/share/bash-completion/completions/gtidpos"; then
    pass "make install: share/bash-completion/completions/gtidpos"
else
    fail "make install: share/bash-completion/completions/gtidpos" "$(tail -3 "$T/install.log")"
fi

tally_summary
