#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/abi/abi_check.sh - the ABI check (tools/abi_check.sh, make
# abi-check) catches what it is there for (make abi-test; about a minute,
# so not in make test; CI runs it beside make abi-check).
#
# In temporary copies of this tree (Makefile, src/, include/, uncommitted
# edits included), each compared with the unchanged copy:
#   1. unchanged: compatible, exit 0;
#   2. three incompatible changes at once: GTIDPOS_ERR_USAGE renumbered,
#      gtidpos_at()'s pos parameter narrowed from uint64_t to uint32_t,
#      gtidpos_version_number() removed: exit 1, FAIL, each one named;
#   3. a function added (gtidpos_abi_test_added, in a new header and
#      source file): exit 0, the addition listed;
#   4. the changes of 2 with GTIDPOS_VERSION_MAJOR raised (a new soname,
#      an intended break): exit 0 with the soname NOTE.
#   5. two lines added to gtidpos_at()'s body: exit 0 (no parameter
#      registers compared: the dumps say MissedRegs).
# The edits are made with sed on the text of include/gtidpos.h and the
# library source; an edit that no longer applies (the header changed
# shape) is a failed check saying which, never a silent pass.
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.." || exit 2
set -u
LC_ALL=C
export LC_ALL
# shellcheck source=tests/lib/tally.sh
. tests/lib/tally.sh

for t in abi-dumper abi-compliance-checker make cc; do
    command -v "$t" >/dev/null 2>&1 || {
        fail "tool $t is installed" "make abi-test needs it (tools/deps.sh abi)"
        tally_summary; exit 1
    }
done
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
start=$(date +%s)

# check NAME TREE WANT_RC PATTERN... : run the check of TREE against the
# unchanged copy; its exit status must be WANT_RC and its output must match
# every PATTERN (grep -E).
check() {
    local name=$1 tree=$2 want=$3 rc out p
    shift 3
    s=$(date +%s)
    tools/abi_check.sh --old-tree "$T/base" --new-tree "$T/$tree" --work "$T/work-$tree" \
        >"$T/$tree.out" 2>&1
    rc=$?
    out=$(cat "$T/$tree.out")
    if [ "$rc" = "$want" ]; then
        pass "$name: exit $rc"
    else
        fail "$name: exit $want" "got exit $rc:" "$(tail -n 25 "$T/$tree.out")"
    fi
    for p in "$@"; do
        grep -Eq -- "$p" <<<"$out" && pass "$name: output has /$p/" ||
            fail "$name: output has /$p/" "$(tail -n 25 "$T/$tree.out")"
    done
    echo "   ($name: $(($(date +%s) - s)) s)"
}

# edit FILE SED_SCRIPT WHAT: apply, and fail the check WHAT if FILE did not change
edit() {
    cp "$1" "$T/before"
    sed -i -E "$2" "$1"
    if cmp -s "$1" "$T/before"; then
        fail "edit: $3" "sed '$2' changed nothing in ${1#"$T"/}: the test's edit must follow the header"
        return 1
    fi
    pass "edit: $3"
}

mkdir -p "$T/base"
tar -c Makefile src include | tar -x -C "$T/base" || exit 2

# 1. the unchanged tree (builds the copy once: the others copy its objects)
check "unchanged" base 0 '^binary compatibility: compatible' '^source compatibility: compatible'

# 2. three incompatible changes
cp -a "$T/base" "$T/broken"
H=$T/broken/include/gtidpos.h
edit "$H" 's/^([[:space:]]*GTIDPOS_ERR_USAGE[[:space:]]*=[[:space:]]*)([0-9]+)/\1\2 + 100/' \
    "GTIDPOS_ERR_USAGE renumbered (+100)"
at_src=$(grep -l -E '^GTIDPOS_API gtidpos_status gtidpos_at\(' "$T"/broken/src/lib/*.c | head -n 1)
if [ -n "$at_src" ]; then
    for f in "$H" "$at_src"; do
        edit "$f" 's/(gtidpos_at\(gtidpos_log \*log, )uint64_t pos/\1uint32_t pos/' \
            "gtidpos_at(): pos uint64_t -> uint32_t in ${f#"$T"/broken/}"
    done
else
    fail "edit: gtidpos_at() is defined in src/lib/*.c" "no line 'GTIDPOS_API gtidpos_status gtidpos_at('"
fi
vn_src=$(grep -l -E '^GTIDPOS_API unsigned gtidpos_version_number\(void\)' "$T"/broken/src/lib/*.c | head -n 1)
if [ -n "$vn_src" ]; then
    edit "$H" '/gtidpos_version_number\(void\);/d' "gtidpos_version_number() declaration removed"
    # the definition: from its first line to the closing brace at column 0
    edit "$vn_src" '/^GTIDPOS_API unsigned gtidpos_version_number\(void\)/,/^\}/d' \
        "gtidpos_version_number() definition removed"
else
    fail "edit: gtidpos_version_number() is defined in src/lib/*.c" "no line 'GTIDPOS_API unsigned gtidpos_version_number(void)'"
fi
check "incompatible" broken 1 \
    '^binary compatibility: incompatible' \
    'removed symbols: .*gtidpos_version_number' \
    'symbol gtidpos_at: Parameter_Type.*uint64_t.*uint32_t' \
    'type enum gtidpos_status: Enum_Member_Value: .*GTIDPOS_ERR_USAGE' \
    '^abi-check: FAIL'

# 3. an addition
cp -a "$T/base" "$T/added"
cat >"$T/added/include/gtidpos_abi_test.h" <<'EOF'
#include "gtidpos.h"
int gtidpos_abi_test_added(int x);
EOF
# exported whatever the library's own export macro is (-fvisibility=hidden)
cat >"$T/added/src/lib/abi_test_added.c" <<'EOF'
#include "gtidpos_abi_test.h"
__attribute__((visibility("default"))) int gtidpos_abi_test_added(int x) { return x + 1; }
EOF
check "added function" added 0 'added symbols: gtidpos_abi_test_added' \
    '^binary compatibility: compatible' '^abi-check: compatible'

# 4. the incompatible changes with a new soname
cp -a "$T/broken" "$T/major"
major=$(sed -n -E 's/^#define GTIDPOS_VERSION_MAJOR[[:space:]]+([0-9]+)[[:space:]]*$/\1/p' "$T/major/include/gtidpos.h")
edit "$T/major/include/gtidpos.h" \
    "s/^(#define GTIDPOS_VERSION_MAJOR[[:space:]]+)${major:-X}[[:space:]]*\$/\\1$((${major:-0} + 1))/" \
    "GTIDPOS_VERSION_MAJOR raised (${major:-?} -> $((${major:-0} + 1)))"
check "incompatible, new soname" major 0 '^binary compatibility: incompatible' \
    'NOTE: the soname changed \(libgtidpos\.so\.[0-9]+ -> libgtidpos\.so\.[0-9]+\)'

# 5. an edit of a function's body only: compatible.  The registers a
# parameter lives in inside the function are not compared (at -Og
# abi-dumper records them and a body edit of gtidpos_check_file was a
# "High" Parameter_Changed_Register problem): the dumps must say so.
cp -a "$T/base" "$T/body"
f=$(grep -l -E '^GTIDPOS_API gtidpos_status gtidpos_at\(' "$T"/body/src/lib/*.c | head -n 1)
if [ -n "$f" ]; then
    edit "$f" '/^GTIDPOS_API gtidpos_status gtidpos_at\(/,/^\{/{/^\{/a\
    if (log == NULL \&\& pos == 1)\
        return GTIDPOS_ERR_USAGE;
}' "gtidpos_at(): two lines added to its body"
else
    fail "edit: gtidpos_at() is defined in src/lib/*.c" "no line 'GTIDPOS_API gtidpos_status gtidpos_at('"
fi
check "body edit" body 0 '^binary compatibility: compatible' '^abi-check: compatible'
for d in "$T/work-body/old.dump" "$T/work-body/new.dump"; do
    grep -q "'MissedRegs' => '1'" "$d" && pass "${d#"$T"/}: no registers recorded (MissedRegs)" ||
        fail "${d#"$T"/}: no registers recorded" "abi-dumper recorded parameter registers: build -O0, not -Og"
done

echo "== abi-test: $(($(date +%s) - start)) s"
tally_summary
