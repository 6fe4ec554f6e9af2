#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# licence.sh - the project's licence is stated where a distribution looks
# for it (issue 15): LICENSE is BSD-2-Clause, every source file the project
# wrote carries the SPDX line (tools/spdx.sh --check; run tools/spdx.sh to
# add it to new files), and debian/copyright (DEP-5) gives every fixture
# directory of testdata/ a paragraph of its own.
# Needs: bash, git (the files are the repository's).  Prints "N passed,
# M failed" last.
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/cli_prelude.sh
. "$here/../lib/cli_prelude.sh"
# shellcheck source=tests/lib/tally.sh
. "$here/../lib/tally.sh"
cli_need_tool git "git is not installed"

grep -q '^BSD 2-Clause License$' LICENSE && grep -q 'Copyright (c) 2026, the gtidpos authors' LICENSE &&
    pass "LICENSE: BSD-2-Clause, the gtidpos authors" || fail "LICENSE: BSD-2-Clause, the gtidpos authors" "$(head -3 LICENSE 2>&1)"
if [ -d .git ] || [ -f .git ]; then
    out=$(tools/spdx.sh --check 2>&1) && pass "every source file has its SPDX line" ||
        fail "every source file has its SPDX line" "$(printf '%s\n' "$out" | tail -5)"
else
    fail "every source file has its SPDX line" "not a git checkout: tools/spdx.sh lists the files with git ls-files"
fi
# Each fixture directory (testdata/KIND/PROJECT) is covered by a Files:
# pattern of debian/copyright other than the catch-all "*".
missing=
for d in testdata/*/*/; do
    d=${d%/}
    case $d in testdata/dm/* | testdata/corrupt/*) continue ;; esac
    grep -q "^\(Files:\)\? *$d/\*\$" debian/copyright || missing="$missing $d"
done
[ -z "$missing" ] && pass "debian/copyright names every fixture directory's licence" ||
    fail "debian/copyright names every fixture directory's licence" "missing:$missing"
grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' debian/copyright &&
    pass "debian/copyright is DEP-5" || fail "debian/copyright is DEP-5"
tally_summary
