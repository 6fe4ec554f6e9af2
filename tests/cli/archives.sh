#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# archives.sh - a .gz or .zst of a binlog, and a binlog on standard input,
# behave exactly like the plain file.
#
#   GTIDPOS=build/gtidpos tests/cli/archives.sh [--verbose]
#   JOBS=N   fixtures checked N at a time (default: the number of CPUs)
#
# The oracle is gtidpos itself on the plain file, and gzip(1) / zstd(1) make
# the archives: for every file under testdata/, a .gz, a .zst, the file piped
# on stdin and the .gz piped on stdin must give byte-identical stdout, the
# same exit status and the same stderr (the file's name aside) for
#   at F, at F:POS (boundaries and non-boundaries taken from `events --json`
#   of the plain file, and positions past its end), events F, find GTID F.
# Then archives split into several gzip members / zstd frames, damaged
# archives (cut short, a flipped byte, a wrong CRC32 or length trailer,
# bytes after the last member), a .gz of a file that is no binlog, and
# --io mmap, which maps plain files only.
#
# Needs: bash, gzip, zstd, od, dd, stat.  Prints "N passed, M failed" last.

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/cli_prelude.sh
. "$here/../lib/cli_prelude.sh"
# shellcheck source=tests/lib/tally.sh
. "$here/../lib/tally.sh"
# shellcheck source=tests/lib/jobs.sh
. "$here/../lib/jobs.sh"
# shellcheck source=tests/lib/full.sh
. "$here/../lib/full.sh"
for arg in "$@"; do
    case $arg in
    --verbose) VERBOSE=1 ;;
    *) echo "usage: $0 [--verbose]" >&2; exit 2 ;;
    esac
done

cli_need_gtidpos
for tool in gzip zstd od dd; do
    command -v "$tool" >/dev/null 2>&1 ||
        { fail "tool $tool is installed" "this test needs $tool (tools/deps.sh test)"; tally_summary; exit 1; }
done

TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM
SCR=$TMP # scratch directory of the current job

# Processes are dear (each run of gtidpos is one, and there are thousands):
# outputs are compared as bash strings, names replaced by substitutions.

# gp INPUT ARGS...: run gtidpos ARGS, stdin from INPUT ("|FILE": FILE
# through a pipe); sets OUT, ERR and RC.
gp() {
    local input=$1
    shift
    if [[ $input == "|"* ]]; then
        cat -- "${input#|}" | "$GTIDPOS" "$@" >"$SCR/out" 2>"$SCR/err"
        RC=${PIPESTATUS[1]}
    else
        "$GTIDPOS" "$@" <"$input" >"$SCR/out" 2>"$SCR/err"
        RC=$?
    fi
    IFS= read -r -d '' OUT <"$SCR/out"
    IFS= read -r -d '' ERR <"$SCR/err"
}

# unname NAME TEXT: TEXT with the file name NAME replaced by FILE, in UN
# ("-" only where a file name stands: at the start of a find line, after
# "gtidpos: " and after "warning: ").
unname() {
    local t=$'\n'$2
    if [ "$1" = - ]; then
        t=${t//$'\n-\t'/$'\nFILE\t'}
        t=${t//$'\ngtidpos: -: '/$'\ngtidpos: FILE: '}
        t=${t//$'\ngtidpos: warning: -: '/$'\ngtidpos: warning: FILE: '}
    else
        t=${t//"$1"/FILE}
    fi
    UN=${t#$'\n'}
}

# same DESC PLAIN-NAME OTHER-NAME: OUT, ERR and RC of the last run agree
# with P_OUT, P_ERR and P_RC (the plain file's), the file names aside.
same() {
    local desc=$1 an=$2 bn=$3 why=() a
    [ "$P_RC" = "$RC" ] || why+=("exit status $RC, plain file $P_RC")
    if [ "$P_OUT" != "$OUT" ]; then
        unname "$an" "$P_OUT"
        a=$UN
        unname "$bn" "$OUT"
        [ "$a" = "$UN" ] || why+=("stdout differs:" "plain: ${a:0:300}" "other: ${UN:0:300}")
    fi
    if [ "$P_ERR" != "$ERR" ]; then
        unname "$an" "$P_ERR"
        a=$UN
        unname "$bn" "$ERR"
        [ "$a" = "$UN" ] || why+=("stderr differs:" "plain: ${a:0:300}" "other: ${UN:0:300}")
    fi
    if [ "${#why[@]}" = 0 ]; then pass "$desc"; else fail "$desc" "${why[@]}"; fi
}

# plain ARGS...: run with stdin from /dev/null, kept in P_OUT, P_ERR, P_RC
plain() {
    gp /dev/null "$@"
    P_OUT=$OUT P_ERR=$ERR P_RC=$RC
}

# compare_all FILE: every variant of FILE against FILE itself.
compare_all() {
    local f=$1 v name input n=0 gtid="" line k a size mid
    local -a positions args cmd starts ends po pe pr
    gzip -c "$f" >"$SCR/f.gz"
    zstd -q -c "$f" >"$SCR/f.zst"
    # positions and a GTID: from the plain file's event list
    while IFS= read -r line; do
        [[ $line =~ ^\{\"schema_version\":1,\"start\":([0-9]+),\"end\":([0-9]+), ]] || continue
        starts+=("${BASH_REMATCH[1]}")
        ends+=("${BASH_REMATCH[2]}")
        n=$((n + 1))
        [ -z "$gtid" ] && [[ $line =~ \"gtid\":\"([^\"]*)\" ]] && gtid=${BASH_REMATCH[1]}
    done < <("$GTIDPOS" events --json --verify none "$f" 2>/dev/null)
    positions=(4)
    if [ "$n" -gt 0 ]; then
        mid=$(((n - 1) / 2))
        positions+=("${ends[0]}" "${starts[mid]}" "$((starts[mid] + 1))" "${ends[n - 1]}" "$((ends[n - 1] + 1))")
    fi
    size=$(stat -c %s "$f")
    positions+=("$((size + 1000))")
    args=("at FILE")
    for k in "${positions[@]}"; do args+=("at FILE:$k"); done
    args+=("events FILE")
    [ -n "$gtid" ] && args+=("find $gtid FILE")
    for k in "${!args[@]}"; do
        read -ra cmd <<<"${args[k]}"
        plain "${cmd[@]//FILE/$f}"
        po[k]=$P_OUT pe[k]=$P_ERR pr[k]=$P_RC
    done
    for v in gz zst pipe gzpipe; do
        case $v in
        gz) name=$SCR/f.gz input=/dev/null ;;
        zst) name=$SCR/f.zst input=/dev/null ;;
        pipe) name=- input="|$f" ;;
        gzpipe) name=- input="|$SCR/f.gz" ;;
        esac
        for k in "${!args[@]}"; do
            a=${args[k]}
            # the .gz through a pipe: the whole file only
            [ "$v" = gzpipe ] && [[ $a == *FILE:* ]] && continue
            read -ra cmd <<<"$a"
            gp "$input" "${cmd[@]//FILE/$name}"
            P_OUT=${po[k]} P_ERR=${pe[k]} P_RC=${pr[k]}
            same "$f [$v] $a" "$f" "$name"
        done
    done
}

# ------------------------------------------------------------- fixtures
mapfile -t FILES < <(find testdata -type f ! -name '*.md' | sort)
if [ "${#FILES[@]}" -gt 50 ]; then
    pass "testdata holds the fixtures (${#FILES[@]})"
else
    fail "testdata holds the fixtures" "found ${#FILES[@]} files"
fi
# every file under GP_FULL=1; else every fourth of them (sorted: each
# kind of fixture is among them)
NALL=${#FILES[@]}
mapfile -t FILES < <(gp_sample 4 "${FILES[@]}")
gp_full_note
echo "# ${#FILES[@]} of $NALL testdata files as .gz, .zst, on stdin and as .gz on stdin ($JOBS jobs)"
for ((j = 0; j < ${#FILES[@]}; j++)); do
    job_spawn "$TMP/j$j" compare_all "${FILES[j]}"
done
wait
SCR=$TMP
for ((j = 0; j < ${#FILES[@]}; j++)); do
    job_collect "$TMP/j$j" "${FILES[j]}"
done

# ------------------------------------------------- several members/frames
echo "# several gzip members and zstd frames (${SECONDS}s)"
K=testdata/mysql/kingbus/mysql_bin.000012
M=testdata/mariadb/debian/mdev6020-mysql-bin.000001
W=$TMP/w
mkdir -p "$W"
# split_compress FILE TOOL OUT: FILE cut in three (and an empty piece),
# each piece compressed on its own, one after the other in OUT
split_compress() {
    local f=$1 tool=$2 out=$3 size
    size=$(stat -c %s "$f")
    {
        head -c 1000 "$f" | $tool -c
        printf '' | $tool -c
        head -c $((size / 2)) "$f" | tail -c +1001 | $tool -c
        tail -c +$((size / 2 + 1)) "$f" | $tool -c
    } >"$out"
}
for f in "$K" "$M"; do
    for tool in gzip "zstd -q"; do
        split_compress "$f" "$tool" "$W/multi"
        for a in "at FILE" "at FILE:$(($(stat -c %s "$f") / 2))" "events FILE"; do
            read -ra cmd <<<"$a"
            plain "${cmd[@]//FILE/$f}"
            gp /dev/null "${cmd[@]//FILE/$W/multi}"
            same "$f split in 3 ${tool% *} streams: $a" "$f" "$W/multi"
        done
    done
done

# A binlog cut inside an event, inside an intact archive: the binlog's
# truncation, as for the plain file.
n=0
while IFS= read -r line; do
    n=$((n + 1))
    [ "$n" = 10 ] && [[ $line =~ ^\{\"schema_version\":1,\"start\":([0-9]+), ]] && cut=$((BASH_REMATCH[1] + 7))
done < <("$GTIDPOS" events --json "$K")
head -c "$cut" "$K" >"$W/cut.bin"
gzip -c "$W/cut.bin" >"$W/cut.gz"
for a in "at FILE" "events FILE" "at FILE:4"; do
    read -ra cmd <<<"$a"
    plain "${cmd[@]//FILE/$W/cut.bin}"
    gp /dev/null "${cmd[@]//FILE/$W/cut.gz}"
    same "binlog cut at $cut inside a whole .gz: $a" "$W/cut.bin" "$W/cut.gz"
done
if [ "$RC" = 0 ] && [ -n "$OUT" ]; then pass "cut binlog: the set at 4 is still answered"; else fail "cut binlog: the set at 4 is still answered" "$ERR"; fi

# The kind is told by the magic bytes, not by the name.
cp "$W/cut.gz" "$W/no-suffix"
cp "$K" "$W/plain.gz"
gzip -c "$K" >"$W/k.gz"
cp "$W/k.gz" "$W/k-no-suffix"
plain at "$K"
gp /dev/null at "$W/plain.gz"
same "a plain binlog named .gz is read as plain" "$K" "$W/plain.gz"
gp /dev/null at "$W/k-no-suffix"
same "a .gz without its suffix is inflated" "$K" "$W/k-no-suffix"
plain events "$W/cut.bin"
gp /dev/null events "$W/no-suffix"
same "a .gz of a cut binlog without its suffix is inflated" "$W/cut.bin" "$W/no-suffix"
# a named pipe (process substitution) works like stdin
plain events "$K"
"$GTIDPOS" events <(gzip -c "$K") >"$SCR/out" 2>"$SCR/err"
RC=$?
IFS= read -r -d '' OUT <"$SCR/out"
IFS= read -r -d '' ERR <"$SCR/err"
same "a .gz through a named pipe" "$K" /dev/fd/

# ------------------------------------------------------ damaged archives
echo "# damaged archives (${SECONDS}s)"
# flip FILE OFFSET: invert the bits of one byte, in place
flip() {
    local b
    b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
    printf "\\$(printf '%03o' $((b ^ 255)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
plain events "$M"
M_EVENTS=$P_OUT
# damaged DESC FILE WANT-RC WANT-TEXT: `at FILE` fails with WANT-RC, prints
# nothing on stdout and one stderr line that names FILE and says WANT-TEXT;
# `events FILE` fails alike, after a prefix of the plain file's events.
damaged() {
    local desc=$1 f=$2 rc=$3 text=$4 why=()
    gp /dev/null at "$f"
    [ "$RC" = "$rc" ] || why+=("at: exit status $RC, want $rc")
    [ -z "$OUT" ] || why+=("at printed on stdout: ${OUT:0:200}")
    [[ $ERR == "gtidpos: $f: "*$'\n' && $ERR != *$'\n'*$'\n' ]] || why+=("at: stderr is not one line naming the file")
    [[ $ERR == *"$text"* ]] || why+=("at: stderr does not say '$text'")
    why+=("$ERR")
    gp /dev/null events "$f"
    [ "$RC" = "$rc" ] || why+=("events: exit status $RC, want $rc")
    [[ $ERR == *"$text"* ]] || why+=("events: stderr does not say '$text'")
    [[ $M_EVENTS == "$OUT"* ]] || why+=("events printed lines that are not the plain file's")
    if [ "${#why[@]}" = 1 ]; then pass "$desc"; else fail "$desc" "${why[@]}"; fi
}
gzip -c "$M" >"$W/m.gz"
zstd -q -c "$M" >"$W/m.zst"
for z in gz zst; do
    size=$(stat -c %s "$W/m.$z")
    head -c $((size / 2)) "$W/m.$z" >"$W/cut.$z"
    damaged "$z cut in the middle" "$W/cut.$z" 5 "archive is damaged: it is truncated"
    gp /dev/null events "$W/cut.$z"
    n=$(printf '%s' "$OUT" | grep -c .)
    if [ "$n" -gt 10 ]; then
        pass "$z cut in the middle: the $n events before the cut are listed"
    else
        fail "$z cut in the middle: the events before the cut are listed" "only $n"
    fi
    head -c 5 "$W/m.$z" >"$W/head.$z"
    damaged "$z cut after 5 bytes" "$W/head.$z" 5 "archive is damaged: it is truncated"
    cp "$W/m.$z" "$W/flip.$z"
    flip "$W/flip.$z" $((size / 2))
    damaged "$z with a flipped byte in the middle" "$W/flip.$z" 5 "archive is damaged"
done
size=$(stat -c %s "$W/m.gz")
cp "$W/m.gz" "$W/crc.gz"
flip "$W/crc.gz" $((size - 8))
damaged "gz with a wrong CRC32 trailer" "$W/crc.gz" 5 "incorrect data check"
cp "$W/m.gz" "$W/isize.gz"
flip "$W/isize.gz" $((size - 4))
damaged "gz with a wrong length trailer" "$W/isize.gz" 5 "incorrect length check"
{ cat "$W/m.gz"; echo trailing; } >"$W/trail.gz"
damaged "gz followed by bytes that are no gzip member" "$W/trail.gz" 5 "not another gzip member"
{ cat "$W/m.zst"; echo trailing; } >"$W/trail.zst"
damaged "zst followed by bytes that are no zstd frame" "$W/trail.zst" 5 "archive is damaged"
# a position before the damage is answered as in the plain file: the walk
# stops there
n=0
while IFS= read -r line; do
    n=$((n + 1))
    [ "$n" = 20 ] && [[ $line =~ ^\{\"schema_version\":1,\"start\":([0-9]+), ]] && pos=${BASH_REMATCH[1]}
done < <("$GTIDPOS" events --json "$M")
plain at "$M:$pos"
gp /dev/null at "$W/cut.gz:$pos"
if [ "$RC" = 0 ] && [ "$P_RC" = 0 ] && [ "$OUT" = "$P_OUT" ] && [ "$ERR" = "$P_ERR" ]; then
    pass "cut .gz: the set at $pos, before the cut, is the plain file's"
else
    fail "cut .gz: the set at $pos, before the cut, is the plain file's" "exit $RC: $ERR"
fi

# verify on a damaged archive: one exit status, 5 as for `at`, for gzip and
# zstd wherever the cut or the damage falls (issue 12: it was 5 or 1
# depending on whether the cut fell inside the first zstd block).  The cut
# points are taken from the archive's size and format, not from gtidpos:
# just past the magic, inside the header, just after it, a quarter, half
# and three quarters in, and the last 8, 4 and 1 bytes (the gzip CRC32 and
# length trailer, the zstd block end / frame checksum).  A cut shorter than
# the magic leaves nothing that says "archive": not a binlog (4), for both
# commands.  A good file after the damaged one is still verified.
for z in gz zst; do
    case $z in gz) gzip -c "$K" >"$W/k.$z"; magic=2 hdr=10 ;; zst) zstd -q -c "$K" >"$W/k.$z"; magic=4 hdr=6 ;; esac
    size=$(stat -c %s "$W/k.$z")
    cuts="$magic $((magic + 1)) $((hdr - 1)) $hdr $((hdr + 1)) $((size / 4)) $((size / 2)) $((size * 3 / 4)) $((size - 8)) $((size - 4)) $((size - 1))"
    for cut in 1 $cuts; do
        head -c "$cut" "$W/k.$z" >"$W/vcut.$z"
        want=5
        [ "$cut" -lt "$magic" ] && want=4
        gp /dev/null at "$W/vcut.$z"
        at_rc=$RC
        gp /dev/null verify "$W/vcut.$z" "$K"
        if [ "$RC" = "$want" ] && [ "$at_rc" = "$want" ] &&
            { [ "$want" = 4 ] || [[ $OUT == *"$W/vcut.$z: "*"the ${z/zst/zstd}"*" archive is damaged"* ]]; } &&
            [[ $OUT == *"$K: summary: events="*"problems=0 "* ]]; then
            pass "$z cut after $cut of $size bytes: verify and at exit $want"
        else
            fail "$z cut after $cut of $size bytes: verify and at exit $want" "at exit $at_rc, verify exit $RC" "$OUT"
        fi
    done
    cp "$W/k.$z" "$W/vflip.$z"
    flip "$W/vflip.$z" $((size / 2))
    gp /dev/null verify "$W/vflip.$z"
    [ "$RC" = 5 ] && [[ $OUT == *"archive is damaged"* ]] && pass "$z with a flipped byte: verify exits 5" ||
        fail "$z with a flipped byte: verify exits 5" "exit $RC" "$OUT"
done
# A plain binlog cut the same way stays a verify finding (exit 1): the rule
# is about the archive, not about the binlog in it.
head -c $(($(stat -c %s "$K") / 2)) "$K" >"$W/vcut.plain"
gp /dev/null verify "$W/vcut.plain"
[ "$RC" = 1 ] && pass "plain binlog cut in half: verify exits 1" || fail "plain binlog cut in half: verify exits 1" "exit $RC" "$OUT"

for z in gzip "zstd -q"; do
    $z -c README.md >"$W/readme"
    gp /dev/null at "$W/readme"
    if [ "$RC" = 4 ] && [ -z "$OUT" ] && [[ $ERR == *"no binlog magic"* ]]; then
        pass "${z% *} of a text file: not a binlog"
    else
        fail "${z% *} of a text file: not a binlog" "exit $RC: $ERR"
    fi
done

# ----------------------------------------------------------- --io mmap
echo "# --io mmap (${SECONDS}s)"
plain at "$K"
gp /dev/null at --io mmap "$K"
same "--io mmap on a plain file" "$K" "$K"
for arg in "$W/k.gz" -; do
    gp "$K" at --io mmap "$arg"
    if [ "$RC" = 2 ] && [ -z "$OUT" ] && [[ $ERR == *"--io mmap"*"--io read"* ]]; then
        pass "--io mmap refuses $arg as a usage error"
    else
        fail "--io mmap refuses $arg as a usage error" "exit $RC: $ERR"
    fi
done

echo "# done in ${SECONDS}s"
tally_summary
