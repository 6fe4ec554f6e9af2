#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# deb_check.sh [--build-only] OUTDIR - the Debian packages, built the way a
# distribution builds them, then installed and used (make deb, make deb-check).
#
#  1. git clone of HEAD (a clean tree: what is not committed is not built)
#     into OUTDIR/src; debian/changelog's version must be the header's.
#  2. dpkg-buildpackage -us -uc -b (its dh_auto_test runs make check-offline);
#     the log is OUTDIR/build.log, a summary is printed.
#  3. lintian on the .changes: any error fails.
#  4. (not with --build-only) as root: gtidpos, libgtidpos0, libgtidpos-dev
#     and gtidpos-dask installed with dpkg -i in a private mount namespace
#     whose /usr, /etc and /var are overlays on the real ones, discarded at
#     the end (the machine is not changed; GP_DEB_HOST=1 installs on the
#     host itself instead and removes the packages after).  Checked: the
#     files are where Debian wants them (multiarch), gtidpos --version, a
#     small C program compiled with `pkg-config --cflags --libs gtidpos`
#     loads /usr/lib/<triplet>/libgtidpos.so.1 and prints, for a fixture,
#     the set the packaged gtidpos prints; the same linked statically with
#     `pkg-config --static`; gtidpos-dask --help; then dpkg -r removes
#     them all and their files are gone.
# Prints "N passed, M failed" last; exits 1 when M > 0.
set -u
LC_ALL=C
export LC_ALL

build_only=0
if [ "${1:-}" = --build-only ]; then build_only=1; shift; fi
if [ "${1:-}" = --inner ]; then inner=1; shift; else inner=0; fi
[ $# = 1 ] || { echo "usage: $0 [--build-only] OUTDIR" >&2; exit 2; }
OUT=$1
here=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$here/.." && pwd)
case $OUT in /*) ;; *) OUT=$PWD/$OUT ;; esac

npass=0 nfail=0
pass() { npass=$((npass + 1)); echo "ok   $1"; }
fail() {
    nfail=$((nfail + 1)); echo "FAIL $1"; shift
    for l in "$@"; do printf '       %s\n' "$l"; done
}
summary() { echo "$npass passed, $nfail failed"; [ "$nfail" = 0 ]; }

# --- 4. inside the private namespace: install, use, remove ------------
if [ "$inner" = 1 ]; then
    cd "$OUT/src" || exit 2
    MA=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
    DEBS=$(ls "$OUT"/gtidpos_*.deb "$OUT"/libgtidpos0_*.deb "$OUT"/libgtidpos-dev_*.deb)
    if /usr/bin/python3 -c 'import distributed' 2>/dev/null; then
        DEBS="$DEBS $(ls "$OUT"/gtidpos-dask_*.deb)"
    else
        echo "note: python3-distributed is not installed: gtidpos-dask is not installed" >&2
    fi
    # shellcheck disable=SC2086
    if dpkg -i $DEBS >"$OUT/install.log" 2>&1; then
        pass "dpkg -i $(for d in $DEBS; do basename "$d"; done | tr '\n' ' ')"
    else
        fail "dpkg -i" "$(tail -5 "$OUT/install.log")"
        summary; exit 1
    fi
    for f in /usr/bin/gtidpos /usr/share/man/man1/gtidpos.1.gz \
        /usr/share/bash-completion/completions/gtidpos /usr/share/doc/gtidpos/copyright \
        "/usr/lib/$MA/libgtidpos.so.1" "/usr/lib/$MA/libgtidpos.so" "/usr/lib/$MA/libgtidpos.a" \
        "/usr/lib/$MA/pkgconfig/gtidpos.pc" /usr/include/gtidpos.h /usr/include/gtidpos_dm.h; do
        [ -e "$f" ] && pass "installed $f ($(dpkg -S "$f" 2>/dev/null | cut -d: -f1))" || fail "installed $f" "missing"
    done
    hv=$(printf '#include <gtidpos.h>\nGTIDPOS_VERSION_STRING\n' | cc -E -P - | tail -n 1 | tr -d '" ')
    [ "$(gtidpos --version)" = "gtidpos $hv" ] && pass "gtidpos --version: gtidpos $hv" ||
        fail "gtidpos --version" "want [gtidpos $hv] got [$(gtidpos --version)]"
    [ "$(pkg-config --modversion gtidpos)" = "$hv" ] && pass "pkg-config --modversion gtidpos: $hv" ||
        fail "pkg-config --modversion gtidpos" "got [$(pkg-config --modversion gtidpos 2>&1)]"
    T=$(mktemp -d) || exit 2
    cat >"$T/prog.c" <<'PROG'
#include <gtidpos.h>
#include <stdio.h>
#include <stdlib.h>

/* the set executed at the end of argv[1], as the library linked says */
int main(int argc, char **argv)
{
    gtidpos_log *log;
    gtidpos_set *set;
    gtidpos_error *err = gtidpos_error_new();
    char *text;
    if (argc != 2 || err == NULL)
        return 2;
    if (gtidpos_version_number() != GTIDPOS_VERSION_NUMBER) {
        fprintf(stderr, "built with %d, running %u\n", GTIDPOS_VERSION_NUMBER, gtidpos_version_number());
        return 1;
    }
    if (gtidpos_open(&log, argv[1], NULL, err) != GTIDPOS_OK) {
        fprintf(stderr, "%s\n", gtidpos_error_line(err));
        return 1;
    }
    if (gtidpos_at(log, GTIDPOS_END, &set, err) != GTIDPOS_OK) {
        fprintf(stderr, "%s\n", gtidpos_error_line(err));
        gtidpos_close(log);
        return 1;
    }
    text = gtidpos_set_format(set);
    printf("%s\n", text);
    free(text);
    gtidpos_set_free(set);
    gtidpos_close(log);
    return 0;
}
PROG
    flags=$(pkg-config --cflags --libs gtidpos)
    # shellcheck disable=SC2086
    if cc -std=c11 -Wall -Wextra -Werror -o "$T/prog" "$T/prog.c" $flags 2>"$T/cc.log"; then
        pass "cc prog.c \$(pkg-config --cflags --libs gtidpos) [$flags]"
    else
        fail "cc prog.c against the installed library" "$(cat "$T/cc.log")"
    fi
    # shellcheck disable=SC2046
    if cc -std=c11 -o "$T/prog-static" "$T/prog.c" $(pkg-config --cflags gtidpos) \
        "/usr/lib/$MA/libgtidpos.a" $(pkg-config --static --libs gtidpos | sed 's/-lgtidpos//') 2>"$T/cc.log"; then
        pass "cc prog.c /usr/lib/$MA/libgtidpos.a \$(pkg-config --static --libs gtidpos)"
    else
        fail "cc prog.c with libgtidpos.a" "$(cat "$T/cc.log")"
    fi
    # (/lib may be a link to /usr/lib: the paths compared once resolved)
    loaded=$(ldd "$T/prog" 2>/dev/null | awk '$1 == "libgtidpos.so.1" { print $3 }')
    [ -n "$loaded" ] && [ "$(readlink -f "$loaded")" = "$(readlink -f "/usr/lib/$MA/libgtidpos.so.1")" ] &&
        pass "prog loads /usr/lib/$MA/libgtidpos.so.1 ($loaded)" || fail "prog loads the installed library" "$(ldd "$T/prog" 2>&1)"
    for f in testdata/mysql/kingbus/mysql_bin.000012 testdata/mariadb/tiflow/mysql-bin.000001; do
        want=$(gtidpos at "$f" 2>/dev/null)
        for p in prog prog-static; do
            got=$("$T/$p" "$f" 2>&1)
            [ -n "$want" ] && [ "$got" = "$want" ] && pass "$p $f: [$got] = gtidpos at" ||
                fail "$p $f = gtidpos at" "want [$want]" "got [$got]"
        done
    done
    if [ -x /usr/bin/gtidpos-dask ]; then
        gtidpos-dask --help >/dev/null 2>&1 && pass "gtidpos-dask --help" || fail "gtidpos-dask --help" "$(gtidpos-dask --help 2>&1 | tail -3)"
    fi
    rm -rf "$T"
    pkgs=$(for d in $DEBS; do dpkg-deb -f "$d" Package; done | tr '\n' ' ')
    # shellcheck disable=SC2086
    if dpkg -r $pkgs >"$OUT/remove.log" 2>&1; then pass "dpkg -r $pkgs"; else fail "dpkg -r" "$(tail -5 "$OUT/remove.log")"; fi
    left=
    for p in $pkgs; do dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' && left="$left $p"; done
    for f in /usr/bin/gtidpos "/usr/lib/$MA/libgtidpos.so.1" /usr/include/gtidpos.h; do [ -e "$f" ] && left="$left $f"; done
    [ -z "$left" ] && pass "removed: no package, no file left" || fail "removed" "left:$left"
    summary
    exit
fi

# --- 1. clean clone -------------------------------------------------------
start=$(date +%s)
rm -rf "$OUT" && mkdir -p "$OUT" || exit 2
if git clone -q "$REPO" "$OUT/src"; then
    pass "git clone $REPO ($(git -C "$OUT/src" log -1 --format=%h))"
else
    fail "git clone $REPO"; summary; exit 1
fi
[ -z "$(git -C "$REPO" status --porcelain --untracked-files=no)" ] ||
    echo "note: $REPO has uncommitted changes; they are not in this build" >&2
cd "$OUT/src" || exit 2
hv=$(sed -n 's/^#define GTIDPOS_VERSION_\(MAJOR\|MINOR\|PATCH\) *\([0-9]*\) *$/\2/p' include/gtidpos.h | paste -sd.)
cv=$(dpkg-parsechangelog -S Version)
[ "${cv%%-*}" = "$hv" ] && pass "debian/changelog version $cv = include/gtidpos.h $hv" ||
    fail "debian/changelog version = the header's" "changelog [$cv] header [$hv]"

# --- 2. dpkg-buildpackage ---------------------------------------------------
b0=$(date +%s)
DEB_BUILD_OPTIONS="parallel=${GP_DEB_JOBS:-2} ${DEB_BUILD_OPTIONS:-}" \
    nice dpkg-buildpackage -us -uc -b >"$OUT/build.log" 2>&1
rc=$?
b1=$(date +%s)
echo "--- dpkg-buildpackage summary ($OUT/build.log, $((b1 - b0)) s)"
grep -E '^(dpkg-buildpackage: info: source package|dpkg-buildpackage: info: binary-only)|^== |passed, [0-9]+ failed|Checks: [0-9]+|dpkg-gensymbols: warning|dpkg-deb: building package|^dpkg-buildpackage: error|^make.*Error' \
    "$OUT/build.log" | sed 's/^/  /'
if [ "$rc" = 0 ]; then
    pass "dpkg-buildpackage -us -uc -b ($((b1 - b0)) s)"
else
    fail "dpkg-buildpackage -us -uc -b: exit $rc" "$(tail -20 "$OUT/build.log")"
    summary; exit 1
fi
grep -q 'fstack-protector-strong' "$OUT/build.log" && grep -q 'Wl,-z,relro' "$OUT/build.log" &&
    pass "the distribution's hardening flags reach the compiler and the linker" ||
    fail "the distribution's hardening flags reach the compiler and the linker"

# --- 3. lintian -------------------------------------------------------------
changes=$(ls "$OUT"/*.changes)
echo "--- lintian $changes"
lintian --fail-on error --display-info "$changes" >"$OUT/lintian.log" 2>&1
rc=$?
sed 's/^/  /' "$OUT/lintian.log"
[ "$rc" = 0 ] && pass "lintian: no error ($(grep -c '^W:' "$OUT/lintian.log") warnings, $(grep -c '^I:' "$OUT/lintian.log") infos)" ||
    fail "lintian: errors (above)"

if [ "$build_only" = 1 ]; then
    echo "--- $(($(date +%s) - start)) s"
    summary; exit
fi

# --- 4. install, use, remove -------------------------------------------------
if [ "$(id -u)" != 0 ]; then
    fail "install check" "needs root (dpkg -i); run make deb-check as root, or make deb for the build and lintian only"
elif [ "${GP_DEB_HOST:-0}" = 1 ]; then
    "$here/deb_check.sh" --inner "$OUT" >"$OUT/inner.log" 2>&1
    sed 's/^/  /' "$OUT/inner.log"
    last=$(tail -n 1 "$OUT/inner.log")
    case $last in
    *" passed, 0 failed") pass "install check on this host: $last" ;;
    *) fail "install check on this host" "$last" ;;
    esac
else
    # A private mount namespace: /usr, /etc and /var are overlays whose
    # upper layers live in OUTDIR/overlay and vanish with the namespace.
    # shellcheck disable=SC2016
    unshare -m --propagation private sh -c '
        set -e
        for d in usr etc var; do
            mkdir -p "$1/overlay/$d/u" "$1/overlay/$d/w"
            mount -t overlay overlay -o "lowerdir=/$d,upperdir=$1/overlay/$d/u,workdir=$1/overlay/$d/w" "/$d"
        done
        exec "$2" --inner "$1"' sh "$OUT" "$here/deb_check.sh" >"$OUT/inner.log" 2>&1
    sed 's/^/  /' "$OUT/inner.log"
    last=$(tail -n 1 "$OUT/inner.log")
    case $last in
    *" passed, 0 failed") pass "install check in a private namespace: $last" ;;
    *) fail "install check in a private namespace" "$last" ;;
    esac
    rm -rf "$OUT/overlay"
fi
echo "--- $(($(date +%s) - start)) s"
summary
