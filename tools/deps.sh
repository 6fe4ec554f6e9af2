#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# deps.sh build|test|fuzz|deb|abi - make sure the Debian packages gtidpos needs are there.
# As root, missing packages are installed with apt-get; otherwise the exact
# command to run is printed and the script fails.
set -eu

BUILD_PKGS="gcc make pkg-config libdeflate-dev zlib1g-dev libzstd-dev libyaml-dev check"
TEST_PKGS="$BUILD_PKGS mariadb-server mariadb-client util-linux python3 valgrind gzip zstd pigz"
FUZZ_PKGS="$BUILD_PKGS clang libclang-rt-14-dev"
# dm13: tests/lib/dm_v2_strict.py decodes dm-upgrade/dm-source output strictly
TEST_PKGS="$TEST_PKGS python3-yaml"
# gtidpos-dask (issue 16): Dask distributed for the front end and its
# tests, GNU parallel for the README's recipe (tests/cli/dask.sh).
TEST_PKGS="$TEST_PKGS python3-distributed parallel"
# issue 15: make deb / deb-check (debian/control's Build-Depends and the
# packaging tools).
DEB_PKGS="$BUILD_PKGS python3 python3-yaml debhelper dpkg-dev devscripts lintian fakeroot"
# issue 15: make abi-check / abi-test (the ABI guard; CI, not the build)
ABI_PKGS="$BUILD_PKGS abi-dumper abi-compliance-checker python3"
TEST_PKGS="$TEST_PKGS abi-dumper abi-compliance-checker"
# issue 15: make deb-chroot-check (a clean chroot for the packages)
DEB_PKGS="$DEB_PKGS debootstrap"

case "${1:-build}" in
build) want=$BUILD_PKGS ;;
test) want=$TEST_PKGS ;;
fuzz) want=$FUZZ_PKGS ;;
deb) want=$DEB_PKGS ;;
abi) want=$ABI_PKGS ;;
*) echo "usage: $0 build|test|fuzz|deb|abi" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "gtidpos: missing Debian packages:$missing" >&2
    echo "run as root:  apt-get update && apt-get install -y$missing" >&2
    exit 1
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# The package's own service start is refused in containers (policy-rc.d);
# the tests start their own private server.
apt-get install -y -qq $missing >&2
