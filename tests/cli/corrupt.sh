#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/cli/corrupt.sh - gtidpos on damaged input: the corrupt-input corpus
# (testdata/corrupt/, its answers in testdata/corrupt/EXPECTED) and the
# cases generated here (truncation at every byte of the first and the last
# event, an unreadable file, a directory, a file that grows while read).
#
#   GTIDPOS=build/gtidpos tests/cli/corrupt.sh
#
# Every error must be exactly one stderr line naming the file and the byte
# offset, with the documented exit status and nothing on stdout.  Where the
# damage lies after POS, `at FILE:POS` must give what the intact fixture
# gives at POS (whose answers tests/cli/run.sh checks against oracles).
# VALGRIND_QUICK=1 (make valgrind): every corpus case with --io read only,
# and the truncations at a sample of bytes instead of every byte.
# GP_FULL=1 (make test-full): the truncations at every byte; otherwise
# (make test) at every seventh byte and at the edges of the header.
# Needs: bash, python3 (tools/make_corrupt.py, tools/synth_binlog.py),
# setpriv (util-linux) when run as root.
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/cli_prelude.sh
. "$here/../lib/cli_prelude.sh"
# shellcheck source=tests/lib/tally.sh
. "$here/../lib/tally.sh"
# shellcheck source=tests/lib/full.sh
. "$here/../lib/full.sh"

CORPUS=testdata/corrupt
QUICK=${VALGRIND_QUICK:-0}
IOS="read mmap"
[ "$QUICK" = 1 ] && IOS=read
# cut_points SIZE: the byte counts an event is cut after (0..SIZE-1).
cut_points() {
    if [ "$QUICK" = 1 ]; then
        printf '%s\n' 0 1 18 19 20 $(($1 / 2)) $(($1 - 1)) | awk -v n="$1" '$1 < n' | sort -nu
    elif gp_full; then
        seq 0 $(($1 - 1))
    else
        { seq 0 7 $(($1 - 1)); printf '%s\n' 1 17 18 19 20 21 $(($1 - 1)); } |
            awk -v n="$1" '$1 < n' | sort -nu
    fi
}
TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM
chmod 755 "$TMP"

# run ARGS... : gtidpos's exit status in RC, stdout in OUT, stderr lines in ERR.
run() {
    "$GTIDPOS" "$@" >"$TMP/out" 2>"$TMP/err"
    RC=$?
    OUT=$(cat "$TMP/out")
    mapfile -t ERR <"$TMP/err"
}

show() {
    printf 'exit %s, stdout [%s], stderr [%s]' "$RC" "$OUT" "$(cat "$TMP/err")"
}

# expect_error DESC EXIT REGEX ARGS... : one stderr line matching REGEX,
# the exit status EXIT, an empty stdout.
expect_error() {
    local desc=$1 want=$2 re=$3
    shift 3
    run "$@"
    if [ "$RC" = "$want" ] && [ -z "$OUT" ] && [ "${#ERR[@]}" = 1 ] && [[ ${ERR[0]} =~ $re ]]; then
        pass "$desc"
    else
        fail "$desc" "want exit $want, no stdout, one stderr line matching: $re" "got $(show)"
    fi
}

# expect_intact DESC FILE BASE POS [OPTS...] : `at FILE:POS` prints what
# `at BASE:POS` prints; its stderr is the intact one's (names swapped) plus
# at most a "damage after position POS" warning.
expect_intact() {
    local desc=$1 file=$2 base=$3 pos=$4 want_out want_err got_err
    shift 4
    "$GTIDPOS" at "$@" "$base:$pos" >"$TMP/base_out" 2>"$TMP/base_err"
    local base_rc=$?
    run at "$@" "$file:$pos"
    want_out=$(cat "$TMP/base_out")
    want_err=$(sed "s|$base|$file|g" "$TMP/base_err")
    got_err=$(grep -v -F "warning: $file: damage after position $pos: " "$TMP/err")
    if [ "$base_rc" != 0 ]; then
        fail "$desc" "the intact file $base gives exit $base_rc at $pos"
    elif [ "$RC" = 0 ] && [ "$OUT" = "$want_out" ] && [ -n "$OUT" ] && [ "$got_err" = "$want_err" ]; then
        pass "$desc"
    else
        fail "$desc" "want exit 0, stdout [$want_out], stderr [$want_err]" "got $(show)"
    fi
}

for tool in python3; do
    command -v "$tool" >/dev/null 2>&1 || fail "tool $tool is installed" "this test needs $tool"
done

# 1. The committed corpus is what the generator builds from the fixtures.
if python3 tools/make_corrupt.py "$TMP/regen" 2>"$TMP/gen_err"; then
    n=0
    for f in "$TMP"/regen/*; do
        n=$((n + 1))
        if cmp -s "$f" "$CORPUS/${f##*/}"; then
            pass "corpus file ${f##*/} is reproducible"
        else
            fail "corpus file ${f##*/} is reproducible" "tools/make_corrupt.py builds a different $CORPUS/${f##*/}"
        fi
    done
    have=$(find "$CORPUS" -name '*.binlog' | wc -l)
    [ "$n" = "$have" ] && pass "corpus has exactly the generated files" ||
        fail "corpus has exactly the generated files" "generated $n, committed $have"
else
    fail "tools/make_corrupt.py runs" "$(cat "$TMP/gen_err")"
fi

# 2. Every case of EXPECTED, read and mapped.
cases=0
listed=" "
while IFS=$'\t' read -r file pos want expect; do
    case $file in '#'* | '') continue ;; esac
    cases=$((cases + 1))
    listed="$listed$file "
    path=$CORPUS/$file
    arg=$path
    [ "$pos" != - ] && arg=$path:$pos
    for io in $IOS; do
        if [ "$want" = 0 ]; then
            expect_intact "$arg (--io $io): the intact answer" "$path" "${expect#=}" "$pos" --io "$io"
        else
            expect_error "$arg (--io $io): exit $want" "$want" "${expect//FILE/$path}" at --io "$io" "$arg"
        fi
    done
done <"$CORPUS/EXPECTED"
[ "$cases" -gt 0 ] && pass "EXPECTED lists cases" || fail "EXPECTED lists cases" "none read"
for f in "$CORPUS"/*.binlog; do
    case $listed in *" ${f##*/} "*) pass "${f##*/} has an expectation" ;;
    *) fail "${f##*/} has an expectation" "not in $CORPUS/EXPECTED" ;; esac
done

# Event offsets of a fixture, read from the bytes (magic, then event_size
# at byte 9 of each 19-byte header): "OFFSET SIZE" per line.
event_offsets() {
    python3 - "$1" <<'EOF'
import struct, sys
d = open(sys.argv[1], "rb").read()
off = 4
while off + 19 <= len(d):
    n = struct.unpack_from("<I", d, off + 9)[0]
    print(off, n)
    off += n
EOF
}

# 3. Truncated at every byte of the first event, and of the last one.
K=testdata/mysql/kingbus/mysql_bin.000012      # closed by the server
mapfile -t EV < <(event_offsets "$K")
read -r first_off first_size <<<"${EV[0]}"
read -r last_off last_size <<<"${EV[${#EV[@]} - 1]}"
bad=0
for k in $(cut_points "$first_size"); do
    head -c $((first_off + k)) "$K" >"$TMP/cut"
    expect_error "first event cut after $k of its $first_size bytes: exit 5" 5 \
        "^gtidpos: $TMP/cut: offset 4: " at "$TMP/cut"
done
for k in $(cut_points "$last_size"); do
    [ "$k" = 0 ] && continue
    head -c $((last_off + k)) "$K" >"$TMP/cut"
    expect_error "last event cut after $k of its $last_size bytes (closed file): exit 5" 5 \
        "^gtidpos: $TMP/cut: offset $last_off: .*the server closed this file" at "$TMP/cut"
    expect_intact "last event cut after $k bytes: at its start, the intact answer" \
        "$TMP/cut" "$K" "$last_off"
done
# A file still in use: the cut last event is reported and the answer is the
# intact file's at that event's start.
U=testdata/mysql/kingbus/mysql_bin.000013
mapfile -t EV < <(event_offsets "$U")
read -r last_off last_size <<<"${EV[${#EV[@]} - 1]}"
"$GTIDPOS" at "$U:$last_off" >"$TMP/want" 2>/dev/null
for k in $(cut_points "$last_size"); do
    [ "$k" = 0 ] && continue
    head -c $((last_off + k)) "$U" >"$TMP/cut"
    run at "$TMP/cut"
    if [ "$RC" = 0 ] && [ "$OUT" = "$(cat "$TMP/want")" ] &&
        grep -q "warning: $TMP/cut: the last event is incomplete.*position $last_off\$" "$TMP/err"; then
        pass "in-use file, last event cut after $k bytes: answer at $last_off with a warning"
    else
        fail "in-use file, last event cut after $k bytes: answer at $last_off with a warning" \
            "want [$(cat "$TMP/want")]" "got $(show)"
    fi
done

# 4. Unreadable input.  Root reads a mode-000 file, so as root gtidpos runs
# as the user nobody (setpriv); without setpriv the check fails, never skips.
expect_error "a directory: exit 3" 3 "^gtidpos: $CORPUS: is a directory\$" at "$CORPUS"
cp "$K" "$TMP/unreadable"
chmod 000 "$TMP/unreadable"
if [ "$(id -u)" != 0 ]; then
    expect_error "unreadable file (mode 000): exit 3" 3 \
        "^gtidpos: $TMP/unreadable: Permission denied\$" at "$TMP/unreadable"
elif command -v setpriv >/dev/null 2>&1; then
    # nobody must be able to run gtidpos: a copy it can reach.
    cp "$GTIDPOS" "$TMP/gtidpos" && chmod 755 "$TMP/gtidpos"
    setpriv --reuid=65534 --regid=65534 --clear-groups "$TMP/gtidpos" at "$TMP/unreadable" \
        >"$TMP/out" 2>"$TMP/err"
    RC=$?
    OUT=$(cat "$TMP/out")
    mapfile -t ERR <"$TMP/err"
    if [ "$RC" = 3 ] && [ -z "$OUT" ] && [ "${#ERR[@]}" = 1 ] &&
        [[ ${ERR[0]} =~ ^gtidpos:\ $TMP/unreadable:\ Permission\ denied$ ]]; then
        pass "unreadable file (mode 000, run as nobody): exit 3"
    else
        fail "unreadable file (mode 000, run as nobody): exit 3" "got $(show)"
    fi
else
    fail "unreadable file check" "running as root without setpriv (util-linux): root reads a mode-000 file, so this case cannot be made to fail"
fi

# 5. A file that grows while gtidpos reads it: the answer is the set at
# the size seen at open (a prefix ending on a boundary: its own answer),
# or an error; never a mix.  The file: a synthesized binlog of real events
# (tools/synth_binlog.py), first its first part, then the rest appended in
# pieces while gtidpos runs.
python3 tools/synth_binlog.py "$TMP/full" --before 30000 >"$TMP/layout" ||
    fail "tools/synth_binlog.py runs" "see above"
size=$(stat -c %s "$TMP/full")
cut=$(awk '$1 == "txn" && $2 == 11800 + 20000 { print $4 }' "$TMP/layout")
head -c "$cut" "$TMP/full" >"$TMP/grow"
"$GTIDPOS" at "$TMP/grow" >"$TMP/want_before" 2>/dev/null
"$GTIDPOS" at "$TMP/full" >"$TMP/want_after" 2>/dev/null
rounds="1 2 3"
[ "$QUICK" = 1 ] && rounds=1
for round in $rounds; do
    head -c "$cut" "$TMP/full" >"$TMP/grow"
    "$GTIDPOS" at "$TMP/grow" >"$TMP/out" 2>"$TMP/err" &
    pid=$!
    # Append the rest in 64 KiB pieces, not on event boundaries.
    for ((o = cut; o < size; o += 65536)); do
        dd if="$TMP/full" of="$TMP/grow" bs=65536 count=1 skip="$o" iflag=skip_bytes \
            oflag=append conv=notrunc status=none
    done
    wait "$pid"
    RC=$?
    OUT=$(cat "$TMP/out")
    # Whatever size gtidpos saw at open, the answer must be the set at that
    # size: the GNOs are consecutive, so a prefix's answer is 1-N with N the
    # number of whole transactions in the prefix.
    if [ "$RC" = 0 ]; then
        n=${OUT##*:1-}
        end=$(awk -v g="$n" '$1 == "txn" && $2 == g { print $4 }' "$TMP/layout")
        if [ "$OUT" = "$(cat "$TMP/want_before")" ] || [ "$OUT" = "$(cat "$TMP/want_after")" ]; then
            pass "growing file, round $round: the answer at the size seen at open"
        elif [ -n "$end" ] && head -c "$end" "$TMP/full" >"$TMP/prefix" &&
            [ "$("$GTIDPOS" at "$TMP/prefix" 2>/dev/null)" = "$OUT" ]; then
            pass "growing file, round $round: the answer at a boundary the file had reached"
        else
            fail "growing file, round $round: the answer at the size seen at open" "got $(show)"
        fi
    elif [ "$RC" = 5 ] && [ -z "$OUT" ] && grep -q "^gtidpos: $TMP/grow: offset [0-9]*: " "$TMP/err"; then
        pass "growing file, round $round: opened mid-event: a damage error, no set"
    else
        fail "growing file, round $round: an answer or a damage error" "got $(show)"
    fi
done

tally_summary
