#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# spdx.sh [--check] - the SPDX licence line at the top of every source file
# the project wrote (LICENSE: BSD-2-Clause).  Adds it where it is missing;
# with --check, lists the files without it and fails.  testdata/ (the
# fixtures, each under its own licence: testdata/PROVENANCE.md) and the
# tests' data (tests/fuzz/seeds/, tests/cli/golden/) are never touched.
#
# Where the line goes: line 1 of C files, the Makefile and comment-only
# scripts; after a first line that must stay first (a #! line, a
# "# shellcheck" file directive, an editor mode line "-*- ... -*-").
set -eu
cd "$(dirname "$0")/.."

check=0
[ "${1:-}" = --check ] && check=1
TAG=SPDX-License-Identifier:
LICENCE=BSD-2-Clause

files=$(git ls-files -- src include tests tools bench python completion Makefile |
    grep -v -e '^tests/fuzz/seeds/' -e '^tests/cli/golden/' |
    grep -e '\.[ch]$' -e '\.sh$' -e '\.py$' -e '\.awk$' -e '\.bash$' -e '\.pc\.in$' \
        -e '^Makefile$' -e '^python/gtidpos-dask$')

missing=0
for f in $files; do
    # already there: within the first 3 lines
    head -n 3 "$f" | grep -q "$TAG" && continue
    if [ "$check" = 1 ]; then
        echo "$f: no $TAG line" >&2
        missing=$((missing + 1))
        continue
    fi
    case $f in
    *.c | *.h) line="/* $TAG $LICENCE */" ;;
    *) line="# $TAG $LICENCE" ;;
    esac
    first=$(head -n 1 "$f")
    tmp=$f.spdx.$$
    case $first in
    '#!'* | '# shellcheck '* | *'-*-'*'-*-'*)
        { printf '%s\n%s\n' "$first" "$line"; tail -n +2 "$f"; } >"$tmp" ;;
    *)
        { printf '%s\n' "$line"; cat "$f"; } >"$tmp" ;;
    esac
    # keep the file's mode (the scripts' executable bit)
    chmod "$(stat -c %a "$f")" "$tmp"
    mv "$tmp" "$f"
    echo "spdx: $f"
done
if [ "$check" = 1 ] && [ "$missing" -gt 0 ]; then
    echo "spdx.sh: $missing files without the $TAG line (run tools/spdx.sh)" >&2
    exit 1
fi
exit 0
