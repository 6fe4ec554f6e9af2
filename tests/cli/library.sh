#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/cli/library.sh - the library as a user gets it: `make install` into
# a temporary DESTDIR, the README's C example compiled against the installed
# header and library with `pkg-config --cflags --libs gtidpos`, then run on
# fixtures: its set must be what `gtidpos at` prints, its event count what
# `gtidpos events` lists.  Also: libgtidpos.so exports only the public API.
#
#   GTIDPOS=build/gtidpos BUILD=build tests/cli/library.sh
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/cli_prelude.sh
. "$here/../lib/cli_prelude.sh"
# shellcheck source=tests/lib/tally.sh
. "$here/../lib/tally.sh"

# The build directory: that of $GTIDPOS (make passes it as GTIDPOS).
BUILD=${BUILD:-$(dirname "$GTIDPOS")}
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM
PREFIX=/usr/local
DEST=$TMP/stage
# The soname's number: GTIDPOS_VERSION_MAJOR of the header (one place).
MAJOR=$(sed -n 's/^#define GTIDPOS_VERSION_MAJOR \([0-9][0-9]*\)$/\1/p' include/gtidpos.h)
SO=libgtidpos.so.$MAJOR

for tool in cc pkg-config make nm; do
    command -v "$tool" >/dev/null 2>&1 || fail "tool $tool is installed" "this test needs $tool"
done

# Install what $BUILD holds (make install rebuilds nothing that is current).
if make --no-print-directory -s BUILD="$BUILD" PREFIX="$PREFIX" DESTDIR="$DEST" install \
    >"$TMP/install.log" 2>&1; then
    pass "make install PREFIX=$PREFIX DESTDIR=..."
else
    fail "make install PREFIX=$PREFIX DESTDIR=..." "$(tail -5 "$TMP/install.log")"
fi
for f in bin/gtidpos lib/libgtidpos.a lib/libgtidpos.so lib/$SO \
    include/gtidpos.h include/gtidpos_dm.h lib/pkgconfig/gtidpos.pc share/man/man1/gtidpos.1; do
    [ -e "$DEST$PREFIX/$f" ] && pass "installed $PREFIX/$f" || fail "installed $PREFIX/$f" "missing"
done
[ -n "$MAJOR" ] && [ "$(readlink "$DEST$PREFIX/lib/libgtidpos.so")" = "$SO" ] &&
    pass "libgtidpos.so -> $SO" || fail "libgtidpos.so -> $SO" "$(ls -l "$DEST$PREFIX/lib")"
soname=$(objdump -p "$DEST$PREFIX/lib/libgtidpos.so" 2>/dev/null | awk '$1 == "SONAME" { print $2 }')
[ "$soname" = "$SO" ] && pass "soname $SO" || fail "soname $SO" "got [$soname]"
# Only the functions declared in the public headers are exported.
nm -D --defined-only "$DEST$PREFIX/lib/libgtidpos.so" | awk '$2 == "T" || $2 == "D" || $2 == "B" { print $3 }' |
    sort >"$TMP/exported"
grep -ho 'gtidpos_[a-z0-9_]*(' include/gtidpos.h include/gtidpos_dm.h | tr -d '(' | sort -u >"$TMP/declared"
if [ -s "$TMP/exported" ] && cmp -s "$TMP/exported" "$TMP/declared"; then
    pass "libgtidpos.so exports exactly the API of gtidpos.h and gtidpos_dm.h ($(wc -l <"$TMP/exported") functions)"
else
    fail "libgtidpos.so exports exactly the API of gtidpos.h and gtidpos_dm.h" "$(diff "$TMP/declared" "$TMP/exported" | head -10)"
fi
grep -q "^prefix=$PREFIX\$" "$DEST$PREFIX/lib/pkgconfig/gtidpos.pc" &&
    pass "gtidpos.pc says prefix=$PREFIX" || fail "gtidpos.pc says prefix=$PREFIX" "$(cat "$DEST$PREFIX/lib/pkgconfig/gtidpos.pc")"

# The README's example (its first ```c block), compiled the documented way;
# the staging DESTDIR is a sysroot to pkg-config.
awk '/^```c$/ { on = 1; next } on && /^```$/ { exit } on { print }' README.md >"$TMP/example.c"
[ -s "$TMP/example.c" ] && pass "README has a C example" || fail "README has a C example" "no \`\`\`c block"
export PKG_CONFIG_PATH=$DEST$PREFIX/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$DEST
flags=$(pkg-config --cflags --libs gtidpos 2>&1)
case $flags in *"-I$DEST$PREFIX/include"*"-L$DEST$PREFIX/lib"*) pass "pkg-config points into DESTDIR: $flags" ;;
*) fail "pkg-config points into DESTDIR" "got [$flags]" ;; esac
# A sanitizer build's library needs the sanitizer's runtime in the program.
san=
nm -D -u "$DEST$PREFIX/lib/libgtidpos.so" | grep -q __asan_ && san="$san -fsanitize=address"
nm -D -u "$DEST$PREFIX/lib/libgtidpos.so" | grep -q __ubsan_ && san="$san -fsanitize=undefined"
flags="$flags$san"
# shellcheck disable=SC2086
if cc -std=c11 -Wall -Wextra -Werror -o "$TMP/example" "$TMP/example.c" $flags 2>"$TMP/cc.log"; then
    pass "the README example compiles against the installed library"
else
    fail "the README example compiles against the installed library" "$(cat "$TMP/cc.log")"
fi
# shellcheck disable=SC2086
if cc -std=c11 $san -o "$TMP/example-static" "$TMP/example.c" \
    $(pkg-config --cflags gtidpos) "$DEST$PREFIX/lib/libgtidpos.a" $(pkg-config --static --libs-only-l --libs-only-other gtidpos | sed 's/-lgtidpos//') \
    2>"$TMP/cc.log"; then
    pass "the README example links statically against libgtidpos.a"
else
    fail "the README example links statically against libgtidpos.a" "$(cat "$TMP/cc.log")"
fi
ldd "$TMP/example" 2>/dev/null | grep -q "$SO => $DEST$PREFIX/lib/" ||
    LD_LIBRARY_PATH=$DEST$PREFIX/lib ldd "$TMP/example" | grep -q "$SO => $DEST$PREFIX/lib/$SO" &&
    pass "the example loads the installed $SO" || fail "the example loads the installed $SO" "$(LD_LIBRARY_PATH=$DEST$PREFIX/lib ldd "$TMP/example")"

# On fixtures: the same answers as the command.
for spec in testdata/mysql/kingbus/mysql_bin.000012 testdata/mysql/kingbus/mysql_bin.000012:1352 \
    testdata/mysql/kingbus/relay/flikedev1-c8pyy-relay-bin.000286 \
    testdata/mariadb/tiflow/mysql-bin.000001 testdata/mysql/kingbus/mysql_bin.000013; do
    file=${spec%:*} pos=
    [ "$file" != "$spec" ] && pos=${spec##*:}
    want=$("$GTIDPOS" at "$spec" 2>/dev/null)
    nev=$("$GTIDPOS" events "$file" 2>/dev/null | wc -l)
    for ex in example example-static; do
        [ -x "$TMP/$ex" ] || continue
        got=$(LD_LIBRARY_PATH=$DEST$PREFIX/lib "$TMP/$ex" "$file" $pos 2>"$TMP/err")
        rc=$?
        if [ "$rc" = 0 ] && [ -n "$want" ] && [ "$got" = "$want" ] && grep -qx "$nev events" "$TMP/err"; then
            pass "$ex $spec: the set of gtidpos at, $nev events"
        else
            fail "$ex $spec: the set of gtidpos at, $nev events" "want [$want]" "got exit $rc [$got] stderr [$(cat "$TMP/err")]"
        fi
    done
done
# The header's example (the top comment of include/gtidpos.h): it compiles
# against the installed library, and one log answers at the end and at a
# position as two `gtidpos at` do (libgtidpos 1.0).
sed -n '/^ \* Example:/,/^ \* Errors:/p' include/gtidpos.h | sed -n 's/^ \*     //p; s/^ \*$//p' >"$TMP/header_example.c"
grep -q 'int main' "$TMP/header_example.c" && pass "gtidpos.h has a C example" ||
    fail "gtidpos.h has a C example" "$(head -5 "$TMP/header_example.c")"
# shellcheck disable=SC2086
if cc -std=c11 -Wall -Wextra -Werror -o "$TMP/header_example" "$TMP/header_example.c" $flags \
    2>"$TMP/cc.log"; then
    pass "the header example compiles against the installed library"
    f=testdata/mysql/kingbus/mysql_bin.000012
    want=$(printf '%s\n%s' "$("$GTIDPOS" at "$f")" "$("$GTIDPOS" at "$f:1352")")
    got=$(LD_LIBRARY_PATH=$DEST$PREFIX/lib "$TMP/header_example" "$f" 1352 2>&1)
    [ -n "$want" ] && [ "$got" = "$want" ] && pass "the header example: one log, the sets at the end and at 1352" ||
        fail "the header example: one log, two sets" "want [$want]" "got [$got]"
else
    fail "the header example compiles against the installed library" "$(cat "$TMP/cc.log")"
fi

# A damaged file: the error line the command prints (without "gtidpos: ").
f=testdata/corrupt/crc-body.binlog
want=$("$GTIDPOS" at "$f" 2>&1 >/dev/null)
got=$(LD_LIBRARY_PATH=$DEST$PREFIX/lib "$TMP/example" "$f" 2>&1 >/dev/null)
[ "gtidpos: $got" = "$want" ] && pass "damaged file: the library's error line is the command's" ||
    fail "damaged file: the library's error line is the command's" "want [$want]" "got [$got]"

# The command is written on the public API alone (the Makefile compiles
# src/cli/ without -Isrc): here all of it is built again with only the
# installed headers and libgtidpos.so (every internal symbol hidden), and
# must print what gtidpos prints, byte for byte, with the same exit status,
# for every command.
PUBLIC_CLI=$(echo src/cli/*.c)
# issue 15 (dm1): the command reads Ansible's group_vars YAML itself
# (src/cli/ansible_group_vars.c), with libyaml.
# shellcheck disable=SC2086
if cc -std=c11 -Wall -Wextra -Werror -D_DEFAULT_SOURCE -o "$TMP/driver" -pthread \
    $PUBLIC_CLI $(pkg-config --cflags --libs gtidpos) $(pkg-config --cflags --libs yaml-0.1)$san 2>"$TMP/cc.log"; then
    pass "src/cli/*.c build on the installed public headers and libgtidpos.so alone"
else
    fail "src/cli/*.c build on the installed public headers and libgtidpos.so alone" "$(head -5 "$TMP/cc.log")"
fi
same_as_command() { # NAME, then the driver's arguments; the command's are in CMD
    local name=$1 want got want_rc got_rc
    shift
    want=$("$GTIDPOS" "${CMD[@]}" 2>"$TMP/want.err"); want_rc=$?
    got=$(LD_LIBRARY_PATH=$DEST$PREFIX/lib "$TMP/driver" "$@" 2>"$TMP/got.err"); got_rc=$?
    if [ -x "$TMP/driver" ] && [ "$got" = "$want" ] && [ "$got_rc" = "$want_rc" ] && cmp -s "$TMP/want.err" "$TMP/got.err"; then
        pass "public-API driver = gtidpos $name (exit $want_rc)"
    else
        fail "public-API driver = gtidpos $name" "want exit $want_rc [$(echo "$want" | head -3)] [$(cat "$TMP/want.err")]" \
            "got exit $got_rc [$(echo "$got" | head -3)] [$(cat "$TMP/got.err" 2>/dev/null)]"
    fi
}
for args in "testdata/mysql/kingbus/mysql_bin.000012" "testdata/mysql/kingbus/mysql_bin.000012:1352 --json" \
    "testdata/mariadb/tiflow/mysql-bin.000001 --json" "testdata/mysql/kingbus/mysql_bin.000012:1353" \
    "testdata/corrupt/crc-body.binlog" "testdata/corrupt/crc-body.binlog --json --verify none" \
    "testdata/nonexistent.000001" "--io mmap --flavor mysql testdata/mysql/kingbus/mysql_bin.000012:1352" \
    "--before 2014-04-11~10:01:47 testdata/mysql/kingbus" "--before 2014-04-11~10:01:47 --json testdata/mysql/kingbus" \
    "--before 2000-01-01~00:00:00 testdata/mysql/kingbus" "--before yesterday testdata/mysql/kingbus" \
    "--binlog-dir testdata/mysql/kingbus mysql_bin.000012:1352" "--binlog-dir testdata/mysql/kingbus mysql_bin.000012 --json" \
    "--binlog-dir testdata/mysql/kingbus bad|name:4" "--source-pos mysql_bin.000012:1352 testdata/mysql/kingbus/relay" \
    "--relay-dir testdata/nonexistent mysql-bin|000001.000001:4" "--relay-dir testdata/dm --before 2000-01-01~00:00:00 x"; do
    read -r -a CMD <<<"at $args"
    CMD=("${CMD[@]//\~/ }") # the --before times' blank
    same_as_command "${CMD[*]}" "${CMD[@]}"
done
for args in "testdata/mysql/kingbus/mysql_bin.000012" "testdata/mysql/kingbus/mysql_bin.000012 --json --start-position 1352" \
    "testdata/corrupt/crc-body.binlog" "testdata/mysql/kingbus/mysql_bin.000012 --start-position 1353" \
    "testdata/mysql/kingbus/mysql_bin.000012 --stop-position 1000 --verify gtid" "--bogus"; do
    read -r -a CMD <<<"events $args"
    same_as_command "${CMD[*]}" "${CMD[@]}"
done
for args in "214eb71f-96ec-11e8-ab4f-fa163e72d4ae:11801 testdata/mysql/kingbus" \
    "0-1-2 testdata/mariadb/tiflow testdata/mysql/kingbus/mysql_bin.000012" \
    "214eb71f-96ec-11e8-ab4f-fa163e72d4ae:1 testdata/mysql/kingbus" "0-9-9 testdata/corrupt/crc-body.binlog" \
    "not-a-gtid testdata/mysql/kingbus" "0-1-1 testdata/nonexistent-dir/"; do
    read -r -a CMD <<<"find $args"
    same_as_command "${CMD[*]}" "${CMD[@]}"
done
for args in testdata/mysql/kingbus testdata/mariadb/tiflow testdata/corrupt "testdata/nonexistent.000001 testdata/old"; do
    read -r -a CMD <<<"verify $args"
    same_as_command "${CMD[*]}" "${CMD[@]}"
done
for args in "--summary testdata/mysql/kingbus" "--boundaries --sets --format jsonl testdata/mariadb/tiflow" \
    "--summary --format csv --header -j 1 testdata/mysql/kingbus/mysql_bin.000012 testdata/corrupt/crc-body.binlog" \
    "--boundaries testdata/mysql/rust_mysql_common/binlog_transaction_with_anonymous_GTID.000001" \
    "--summary --verify none --flavor mariadb testdata/mariadb/tiflow/mysql-bin.000001" \
    "--summary testdata/nonexistent.000001" "--sets --summary testdata/mysql/kingbus"; do
    read -r -a CMD <<<"scan $args"
    same_as_command "${CMD[*]}" "${CMD[@]}"
done
D=testdata/dm
printf 'source-id: "mysql-replica-01"\nflavor: "mysql"\nenable-gtid: true\n' >"$TMP/g1.yaml"
for args in "--from-worker $D/dm-worker.toml" "--from-ansible $D/inventory.ini" "--from-ansible $D/inventory_guide.ini" \
    "--from-worker $D/nonexistent.toml" "--from-ansible $D/task_v1.yaml" "--from-worker $D/dm-worker.toml -o $D/dm-worker.toml"; do
    read -r -a CMD <<<"dm-source $args"
    same_as_command "${CMD[*]}" "${CMD[@]}"
done
UP="dm-upgrade --task $D/task_v1.yaml --source $D/source2.yaml"
GTID_CP="--checkpoint mysql-replica-02=mysql-bin|000001.000456:10485 --binlog-dir mysql-replica-01=testdata/mysql/kingbus"
for args in "--source $D/source1.yaml --checkpoints $D/checkpoints_guide.txt" \
    "--source $D/dm-worker.toml --checkpoints $D/checkpoints_guide.csv --json --name v2" \
    "--source $TMP/g1.yaml $GTID_CP --checkpoint mysql-replica-01=mysql_bin.000012:1352" \
    "--source $TMP/g1.yaml $GTID_CP --checkpoint mysql-replica-01=mysql_bin.000012:1352 --reset-start --json" \
    "--source $TMP/g1.yaml $GTID_CP --checkpoint mysql-replica-01=mysql_bin.000012:5000" \
    "--source $D/source1.yaml --checkpoints $D/task_v1.yaml" "--source $D/source1.yaml"; do
    read -r -a CMD <<<"$UP $args"
    same_as_command "${CMD[*]}" "${CMD[@]}"
done

# issue 15: a multiarch LIBDIR (as the Debian package installs): the
# libraries and gtidpos.pc land there, and gtidpos.pc names it, not
# ${prefix}/lib; the version in gtidpos.pc and the man page's header is
# the header's.
MA=$TMP/multiarch LIBDIR=/usr/lib/x86_64-linux-gnu
if make --no-print-directory -s BUILD="$BUILD" PREFIX=/usr LIBDIR=$LIBDIR DESTDIR="$MA" install \
    >"$TMP/install-ma.log" 2>&1; then
    pass "make install PREFIX=/usr LIBDIR=$LIBDIR DESTDIR=..."
else
    fail "make install PREFIX=/usr LIBDIR=$LIBDIR DESTDIR=..." "$(tail -5 "$TMP/install-ma.log")"
fi
[ -e "$MA$LIBDIR/$SO" ] && [ -e "$MA$LIBDIR/libgtidpos.a" ] && [ ! -e "$MA/usr/lib/pkgconfig" ] &&
    pass "LIBDIR: the libraries and gtidpos.pc under $LIBDIR" || fail "LIBDIR: libraries under $LIBDIR" "$(cd "$MA" && find . | head -20)"
ma_flags=$(PKG_CONFIG_PATH=$MA$LIBDIR/pkgconfig PKG_CONFIG_SYSROOT_DIR=$MA pkg-config --cflags --libs gtidpos 2>&1)
case $ma_flags in *"-I$MA/usr/include"*"-L$MA$LIBDIR "*) pass "LIBDIR: gtidpos.pc names it: $ma_flags" ;;
*) fail "LIBDIR: gtidpos.pc names it" "got [$ma_flags]" "$(cat "$MA$LIBDIR/pkgconfig/gtidpos.pc" 2>&1)" ;; esac
hv=$(printf '#include "gtidpos.h"\nGTIDPOS_VERSION_STRING\n' | cc -E -P -Iinclude - | tail -n 1 | tr -d '" ')
pcv=$(PKG_CONFIG_PATH=$MA$LIBDIR/pkgconfig pkg-config --modversion gtidpos 2>&1)
thv=$(sed -n 's/^\.TH GTIDPOS .*"gtidpos \([0-9.]*\)".*/\1/p' "$MA/usr/share/man/man1/gtidpos.1")
gv=$("$GTIDPOS" --version)
[ -n "$hv" ] && [ "$pcv" = "$hv" ] && [ "$thv" = "$hv" ] && [ "$gv" = "gtidpos $hv" ] &&
    pass "one version: header $hv = gtidpos.pc = man page = gtidpos --version" ||
    fail "one version: header = gtidpos.pc = man page = --version" "header [$hv] pc [$pcv] man [$thv] command [$gv]"

tally_summary
