#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# deb_chroot_check.sh [DEBDIR] - the packages make deb built (DEBDIR,
# default build/deb) installed on a clean Debian system: a minimal chroot
# made by debootstrap from this host's Debian mirror and release (make
# deb-chroot-check; root and network; a few minutes; not in CI).
#
#  1. debootstrap --variant=minbase SUITE into a temporary directory (the
#     suite: this host's VERSION_CODENAME; the mirror: GP_CHROOT_MIRROR, or
#     the first Debian mirror of /etc/apt/sources.list*).  With
#     GP_CHROOT_CACHE=FILE.tar the fresh base is kept in FILE.tar and
#     unpacked from there next time (still a clean base each run).
#  2. apt-get install of gtidpos, libgtidposN and libgtidpos-dev from
#     DEBDIR (their dependencies come from the mirror) and of gcc,
#     libc6-dev and pkg-config.
#  3. In the chroot: gtidpos --version; pkg-config --modversion gtidpos;
#     tests/deb/prog.c compiled with `cc prog.c $(pkg-config --cflags
#     --libs gtidpos)`; ldd shows it loads /usr/lib/<triplet>/
#     libgtidpos.so.N; `prog --version` (header and library agree);
#     `prog FIXTURE` prints what `gtidpos at FIXTURE` prints.
# Prints a summary, then "N passed, M failed"; exits 1 when M > 0.  The
# chroot is removed at the end (GP_CHROOT_KEEP=1 keeps it).
set -u
LC_ALL=C
export LC_ALL
here=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$here/.." && pwd)
DEBDIR=${1:-$REPO/build/deb}
case $DEBDIR in /*) ;; *) DEBDIR=$PWD/$DEBDIR ;; esac
FIXTURE=testdata/mysql/kingbus/mysql_bin.000012

npass=0 nfail=0
pass() { npass=$((npass + 1)); echo "ok   $1"; }
fail() {
    nfail=$((nfail + 1)); echo "FAIL $1"; shift
    for l in "$@"; do printf '       %s\n' "$l"; done
}
summary() { echo "$npass passed, $nfail failed"; [ "$nfail" = 0 ]; }
stop() { fail "$@"; summary; exit 1; }

[ "$(id -u)" = 0 ] || stop "root" "debootstrap and chroot need root"
command -v debootstrap >/dev/null 2>&1 ||
    stop "debootstrap is installed" "apt-get install -y debootstrap (tools/deps.sh deb)"
debs=
for p in gtidpos 'libgtidpos[0-9]+' libgtidpos-dev; do
    # (not libgtidpos1-dbgsym_*.deb)
    f=$(ls "$DEBDIR"/*.deb 2>/dev/null | grep -E "/${p}_[^/]*\.deb\$" | head -n 1)
    [ -n "$f" ] || stop "packages in $DEBDIR" "no ${p}_*.deb: run make deb first"
    debs="$debs $f"
done

# this host's release and Debian mirror
. /etc/os-release
SUITE=${GP_CHROOT_SUITE:-${VERSION_CODENAME:-bookworm}}
MIRROR=${GP_CHROOT_MIRROR:-$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
    /etc/apt/sources.list.d/*.sources 2>/dev/null |
    sed -n -e 's/^URIs: *\(http[^ ]*debian\/*\)$/\1/p' \
        -e 's/^deb  *\(\[[^]]*\] *\)\{0,1\}\(http[^ ]*debian\/*\)  *[a-z]* .*/\2/p' | head -n 1)}
[ -n "$MIRROR" ] || stop "a Debian mirror" "none in /etc/apt/sources.list*; set GP_CHROOT_MIRROR"

start=$(date +%s)
ROOT=$(mktemp -d /var/tmp/gtidpos-chroot.XXXXXX) || exit 2
# (mktemp's 0700 would keep apt's _apt user out of the chroot's /)
chmod 755 "$ROOT"
cleanup() {
    [ "${GP_CHROOT_KEEP:-0}" = 1 ] && { echo "kept: $ROOT"; return; }
    umount "$ROOT/proc" 2>/dev/null
    rm -rf "$ROOT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. a clean base system -------------------------------------------------
if [ -n "${GP_CHROOT_CACHE:-}" ] && [ -s "$GP_CHROOT_CACHE" ]; then
    tar -x -C "$ROOT" -f "$GP_CHROOT_CACHE" || stop "unpack $GP_CHROOT_CACHE"
    pass "base system: $GP_CHROOT_CACHE (debootstrap --variant=minbase $SUITE, kept from an earlier run)"
else
    if nice debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" >"$ROOT.debootstrap.log" 2>&1; then
        pass "debootstrap --variant=minbase $SUITE $MIRROR ($(($(date +%s) - start)) s)"
    else
        fail "debootstrap --variant=minbase $SUITE $MIRROR" "$(tail -n 5 "$ROOT.debootstrap.log")"
        rm -f "$ROOT.debootstrap.log"
        summary; exit 1
    fi
    rm -f "$ROOT.debootstrap.log"
    [ -n "${GP_CHROOT_CACHE:-}" ] && tar -c -C "$ROOT" -f "$GP_CHROOT_CACHE" .
fi
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C \
    DEBIAN_FRONTEND=noninteractive HOME=/root "$@"; }
before=$(in_root dpkg-query -W -f '${Package}\n' | wc -l)
for p in gtidpos libgtidpos-dev gcc pkg-config; do
    in_root dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' &&
        fail "the base system has no $p" "it has"
done
pass "clean: $before packages, none of gtidpos, libgtidpos-dev, gcc, pkg-config"

# --- 2. install ----------------------------------------------------------------
mkdir -p "$ROOT/tmp/gp/debs"
# shellcheck disable=SC2086
cp $debs "$ROOT/tmp/gp/debs/"
cp "$REPO/tests/deb/prog.c" "$REPO/$FIXTURE" "$ROOT/tmp/gp/"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null
mount -t proc proc "$ROOT/proc" 2>/dev/null
names=$(for d in $debs; do basename "$d"; done | paste -sd " " -)
if in_root sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends \
        /tmp/gp/debs/*.deb gcc libc6-dev pkg-config' >"$ROOT/tmp/gp/install.log" 2>&1; then
    pass "apt-get install $names gcc libc6-dev pkg-config"
else
    stop "apt-get install $names" "$(tail -n 8 "$ROOT/tmp/gp/install.log")"
fi
pkgs=$(in_root dpkg-query -W -f '${Package} ${Version} ${Status}\n' 'gtidpos' 'libgtidpos*' |
    awk '/ok installed/ { print $1 " " $2 }' | tr '\n' ',' | sed 's/,$//; s/,/, /g')
echo "     installed: $pkgs"

# --- 3. use ----------------------------------------------------------------------
MA=$(in_root dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || in_root gcc -print-multiarch)
hv=$(in_root sh -c 'printf "#include <gtidpos.h>\nGTIDPOS_VERSION_STRING\n" | cc -E -P - | tail -n 1' | tr -d '" ')
maj=${hv%%.*}
v=$(in_root gtidpos --version 2>&1)
[ "$v" = "gtidpos $hv" ] && pass "gtidpos --version: $v" || fail "gtidpos --version" "want [gtidpos $hv] got [$v]"
v=$(in_root pkg-config --modversion gtidpos 2>&1)
[ "$v" = "$hv" ] && pass "pkg-config --modversion gtidpos: $v" || fail "pkg-config --modversion gtidpos" "got [$v]"
flags=$(in_root pkg-config --cflags --libs gtidpos 2>&1)
if in_root sh -c 'cd /tmp/gp && cc -std=c11 -Wall -Wextra -Werror -o prog prog.c $(pkg-config --cflags --libs gtidpos)' \
    >"$ROOT/tmp/gp/cc.log" 2>&1; then
    pass "cc -o prog prog.c \$(pkg-config --cflags --libs gtidpos) [$flags]"
else
    fail "cc prog.c against the installed library" "$(cat "$ROOT/tmp/gp/cc.log")"
fi
loaded=$(in_root ldd /tmp/gp/prog 2>/dev/null | awk -v so="libgtidpos.so.$maj" '$1 == so { print $3 }')
real=$(in_root readlink -f "/usr/lib/$MA/libgtidpos.so.$maj")
[ -n "$loaded" ] && [ "$(in_root readlink -f "$loaded")" = "$real" ] &&
    pass "prog loads libgtidpos.so.$maj from $loaded -> $real ($(in_root dpkg -S "$real" | cut -d: -f1))" ||
    fail "prog loads /usr/lib/$MA/libgtidpos.so.$maj" "$(in_root ldd /tmp/gp/prog 2>&1)"
v=$(in_root /tmp/gp/prog --version 2>&1) && pass "prog --version: $v" || fail "prog --version" "$v"
f=/tmp/gp/${FIXTURE##*/}
want=$(in_root gtidpos at "$f" 2>&1)
got=$(in_root /tmp/gp/prog "$f" 2>&1)
[ -n "$want" ] && [ "$got" = "$want" ] && pass "prog ${FIXTURE##*/}: [$got] = gtidpos at" ||
    fail "prog ${FIXTURE##*/} = gtidpos at" "want [$want]" "got [$got]"

echo "--- summary: $SUITE chroot from $MIRROR ($before packages in the base), installed"
echo "    $pkgs;"
echo "    a program built with pkg-config ran against /usr/lib/$MA/libgtidpos.so.$maj;"
echo "    $(($(date +%s) - start)) s"
summary
