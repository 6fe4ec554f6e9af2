#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# symbols.sh [--check] [LIB] - the Debian symbols file of libgtidpos
# (debian/libgtidposN.symbols, N the soname's number) from the symbols LIB
# exports (nm -D --defined-only; default build/libgtidpos.so).
#
# Without --check: rewrites the file (make symbols).  A symbol already
# listed keeps its minimal version, unless that version is of an older
# major (an older soname: the symbol then dates from MAJOR.0.0); a new
# symbol gets the version of include/gtidpos.h.
# With --check: fails, listing the differences, when the exported symbols
# and the file's differ, when the file's first line names another soname
# or package, or when a symbol outside gtidpos_* is exported (make
# check-offline and make abi-check run it).
set -eu
LC_ALL=C
export LC_ALL
here=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$here/.." && pwd)

check=0
[ "${1:-}" = --check ] && { check=1; shift; }
lib=${1:-$REPO/build/libgtidpos.so}
[ -e "$lib" ] || { echo "symbols.sh: no $lib (make first)" >&2; exit 2; }

soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
major=${soname##*.so.}
case $major in '' | *[!0-9]*) echo "symbols.sh: $lib: soname [$soname] has no number" >&2; exit 2 ;; esac
pkg=libgtidpos$major
file=$REPO/debian/$pkg.symbols
hv() { sed -n "s/^#define GTIDPOS_VERSION_$1  *\([0-9][0-9]*\) *\$/\1/p" "$REPO/include/gtidpos.h"; }
version=$(hv MAJOR).$(hv MINOR).$(hv PATCH)
head_line="$soname $pkg #MINVER#"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$lib" | awk 'NF >= 2 { print $NF }' | sort -u >"$tmp/exported"
[ -s "$tmp/exported" ] || { echo "symbols.sh: $lib exports nothing" >&2; exit 2; }

if [ "$check" = 1 ]; then
    bad=0
    if [ ! -f "$file" ]; then
        echo "symbols.sh: $lib is $soname but there is no debian/$pkg.symbols" \
            "(debian/ has: $(cd "$REPO/debian" && ls -- *.symbols 2>/dev/null | tr '\n' ' '))" >&2
        echo "  a new soname: rename the library package (abi/README), then tools/symbols.sh" >&2
        exit 1
    fi
    first=$(head -n 1 "$file")
    [ "$first" = "$head_line" ] || {
        echo "symbols.sh: debian/$pkg.symbols: first line [$first], want [$head_line]" >&2; bad=1; }
    sed -n 's/^ \([^@ ]*\)@[^ ]* .*/\1/p' "$file" | sort -u >"$tmp/listed"
    comm -23 "$tmp/exported" "$tmp/listed" >"$tmp/new"
    comm -13 "$tmp/exported" "$tmp/listed" >"$tmp/gone"
    if [ -s "$tmp/new" ] || [ -s "$tmp/gone" ]; then
        bad=1
        echo "symbols.sh: $lib's exported symbols differ from debian/$pkg.symbols:" >&2
        sed 's/^/  exported, not listed: /' "$tmp/new" >&2
        sed 's/^/  listed, not exported: /' "$tmp/gone" >&2
        echo "  (an intended change: tools/symbols.sh (make symbols) rewrites the file)" >&2
    fi
    if grep -v '^gtidpos_' "$tmp/exported" >"$tmp/foreign"; then
        bad=1
        sed 's/^/symbols.sh: exported outside gtidpos_*: /' "$tmp/foreign" >&2
    fi
    [ "$bad" = 0 ] || exit 1
    echo "symbols: debian/$pkg.symbols lists the $(wc -l <"$tmp/exported") symbols $soname exports"
    exit 0
fi

# the minimal versions already recorded
touch "$tmp/old"
[ -f "$file" ] && sed -n 's/^ \([^@ ]*\)@[^ ]* \([^ ]*\).*/\1 \2/p' "$file" >"$tmp/old"
{
    echo "$head_line"
    echo "* Build-Depends-Package: libgtidpos-dev"
    awk -v major="$major" -v version="$version" '
        FILENAME == ARGV[1] { minver[$1] = $2; next }
        {
            v = version
            if ($1 in minver) {
                split(minver[$1], p, ".")
                v = (p[1] + 0 == major + 0) ? minver[$1] : major ".0.0"
            }
            printf " %s@Base %s\n", $1, v
        }' "$tmp/old" "$tmp/exported"
} >"$tmp/symbols"
if [ -f "$file" ] && cmp -s "$tmp/symbols" "$file"; then
    echo "symbols: debian/$pkg.symbols unchanged ($(wc -l <"$tmp/exported") symbols)"
else
    cp "$tmp/symbols" "$file"
    echo "symbols: wrote debian/$pkg.symbols ($(wc -l <"$tmp/exported") symbols, $soname)"
fi
