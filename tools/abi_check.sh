#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# abi_check.sh [--old-tree DIR] [--new-tree DIR] [--work DIR] - is the
# library built from the current tree backward compatible with the
# baseline release?  (make abi-check; abi/README says when and how the
# baseline moves.)
#
# Old: the commit abi/BASELINE names (a commit id or a tag), its Makefile,
# src/ and include/ taken with git archive into WORK/base-<commit>; its
# dump is kept there and reused (a commit does not change); with
# --save-baseline it is written to abi/base-<BASELINE>.dump.gz, which the
# check then uses when present (make abi-baseline).  New: this
# working tree, committed or not.  --old-tree/--new-tree give other trees
# (tests/abi/abi_check.sh uses them).  Each library is built with -g -O0
# (the debug information abi-dumper reads), dumped with abi-dumper,
# keeping only what include/*.h declares, and the two dumps are compared
# by abi-compliance-checker for binary and source compatibility.
#
# Exit 0: compatible (added functions and types are fine), or the soname
# changed (an intended incompatible release: the report is printed as
# information).  Exit 1: incompatible; the verdicts and every problem
# (symbol or type, what changed) are printed, the HTML report's path last.
# Exit 2: the check could not run (tool missing, a build failed, the
# baseline is not in this clone).  With the repository's own tree as new
# tree, the exported symbols are also compared with the Debian symbols
# file (tools/symbols.sh --check).
set -eu
LC_ALL=C
export LC_ALL

here=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$here/.." && pwd)
old_tree= new_tree= work= save=0
while [ $# -gt 0 ]; do
    case $1 in
    --old-tree) old_tree=$(cd "$2" && pwd); shift 2 ;;
    --new-tree) new_tree=$(cd "$2" && pwd); shift 2 ;;
    --work) mkdir -p "$2"; work=$(cd "$2" && pwd); shift 2 ;;
    --save-baseline) save=1; shift ;;
    *) echo "usage: $0 [--old-tree DIR] [--new-tree DIR] [--work DIR] [--save-baseline]" >&2; exit 2 ;;
    esac
done
[ -n "$work" ] || { mkdir -p "$REPO/build/abi"; work=$REPO/build/abi; }
die() { echo "abi-check: $*" >&2; exit 2; }

for t in abi-dumper abi-compliance-checker python3 readelf; do
    command -v $t >/dev/null 2>&1 || die "$t is not installed (tools/deps.sh abi)"
done

# build TREE LOG: the shared library in TREE/build/abi/lib, -g -O0; prints
# its real path.  Not -Og, abi-dumper's advice: at -Og it records the
# register each parameter lives in inside the function (r12, rbp, ...,
# from the DWARF locations) and abi-compliance-checker then calls a mere
# edit of a function's body "Parameter_Changed_Register", High (seen on
# gtidpos_check_file); at -O0 it leaves registers and stack offsets out
# and compares types, sizes, parameters, enum values and symbols only.  (A build directory inside the tree, named relative to
# it: a copy of a built tree, cp -a, rebuilds only what its edits touch.)
build() {
    if ! nice make -C "$1" --no-print-directory -j"${GP_ABI_JOBS:-2}" BUILD=build/abi/lib \
        OPT='-g -O0' WERROR= SAN= build/abi/lib/libgtidpos.so >"$2" 2>&1; then
        tail -n 20 "$2" >&2
        die "building the library of $1 failed (log: $2)"
    fi
    readlink -f "$1/build/abi/lib/libgtidpos.so"
}

# dump SO TREE DUMP LABEL
dump() {
    abi-dumper "$1" -o "$3.tmp" -lver "$4" -public-headers "$2/include" -quiet \
        >"$3.log" 2>&1 || { cat "$3.log" >&2; die "abi-dumper $1 failed"; }
    mv "$3.tmp" "$3"
}

soname() { readelf -d "$1" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p'; }

# --- old: the baseline ------------------------------------------------------
if [ -n "$old_tree" ]; then
    old_label=old
    old_dump=$work/old.dump
    old_so=$(build "$old_tree" "$work/old-build.log")
    old_soname=$(soname "$old_so")
    dump "$old_so" "$old_tree" "$old_dump" "$old_label"
else
    [ -f "$REPO/abi/BASELINE" ] || die "no abi/BASELINE"
    rev=$(sed -e 's/#.*//' "$REPO/abi/BASELINE" | awk 'NF { print $1; exit }')
    [ -n "$rev" ] || die "abi/BASELINE names no commit"
fi
# The baseline's dump, committed beside abi/BASELINE (make abi-baseline
# writes it): the check then needs neither the baseline commit in the
# clone (CI may clone shallow) nor a second build.
if [ -z "$old_tree" ] && [ "$save" = 0 ] && [ -s "$REPO/abi/base-$rev.dump.gz" ] && [ -s "$REPO/abi/base-$rev.soname" ]; then
    old_label=$rev
    old_dump=$work/base-committed.dump
    gzip -dc "$REPO/abi/base-$rev.dump.gz" >"$old_dump" || die "abi/base-$rev.dump.gz is damaged"
    old_soname=$(cat "$REPO/abi/base-$rev.soname")
    echo "abi-check: baseline $rev: its committed dump (abi/base-$rev.dump.gz)"
elif [ -z "$old_tree" ]; then
    commit=$(git -C "$REPO" rev-parse --verify -q "$rev^{commit}") ||
        die "abi/BASELINE names $rev, which is not in this clone (a shallow clone? git fetch --unshallow --tags)"
    old_label=$(git -C "$REPO" describe --tags --always "$commit")
    base=$work/base-$commit
    old_dump=$base.dump
    if [ -s "$old_dump" ] && [ -s "$base.soname" ]; then
        echo "abi-check: baseline $rev ($old_label): the dump of an earlier run ($old_dump)"
    else
        rm -rf "$base"
        mkdir -p "$base/tree"
        git -C "$REPO" archive "$commit" Makefile src include | tar -x -C "$base/tree" ||
            die "git archive $commit failed"
        echo "abi-check: building the baseline $rev ($old_label)"
        old_so=$(build "$base/tree" "$base.build.log")
        soname "$old_so" >"$base.soname"
        dump "$old_so" "$base/tree" "$old_dump" "$old_label"
        rm -rf "$base"
    fi
    old_soname=$(cat "$base.soname")
    if [ "$save" = 1 ]; then
        rm -f "$REPO"/abi/base-*.dump.gz "$REPO"/abi/base-*.soname
        gzip -9n <"$old_dump" >"$REPO/abi/base-$rev.dump.gz"
        cp "$base.soname" "$REPO/abi/base-$rev.soname"
        echo "abi-check: wrote abi/base-$rev.dump.gz and abi/base-$rev.soname: commit them"
        exit 0
    fi
fi

# --- new: this tree -----------------------------------------------------------
own_tree=0
[ -n "$new_tree" ] || { new_tree=$REPO; own_tree=1; }
echo "abi-check: building $new_tree"
new_so=$(build "$new_tree" "$work/new-build.log")
new_soname=$(soname "$new_so")
dump "$new_so" "$new_tree" "$work/new.dump" new

# --- compare -------------------------------------------------------------------
rm -rf "$work/report.html" "$work/report.xml"
set +e
abi-compliance-checker -l libgtidpos -old "$old_dump" -new "$work/new.dump" \
    -report-path "$work/report.html" >"$work/acc.log" 2>&1
rc=$?
abi-compliance-checker -l libgtidpos -old "$old_dump" -new "$work/new.dump" \
    -xml -report-path "$work/report.xml" >>"$work/acc.log" 2>&1
set -e
if [ "$rc" -gt 1 ] || [ ! -s "$work/report.xml" ]; then
    cat "$work/acc.log" >&2
    die "abi-compliance-checker failed (exit $rc)"
fi

# The verdicts, the added and removed symbols, and every problem above
# "Safe", one line each, from the XML report.
python3 - "$work/report.xml" <<'PY'
import re, sys
import xml.etree.ElementTree as ET

text = open(sys.argv[1], encoding="utf-8").read()
# the file holds two <report> elements (binary, source) in <reports>
root = ET.fromstring(text)
for rep in root.iter("report"):
    kind = rep.get("kind")
    verdict = rep.findtext("test_results/verdict", "?")
    print(f"{kind} compatibility: {verdict}")
    for what in ("added_symbols", "removed_symbols"):
        names = [n.text for n in rep.findall(f"{what}//name")]
        if names:
            print(f"  {what.replace('_', ' ')}: {' '.join(sorted(set(names)))}")
    for grp in rep:
        if not grp.tag.startswith("problems_with_"):
            continue
        sev = grp.get("severity")
        if sev == "Safe":
            continue
        for item in grp.iter():
            if item.tag not in ("symbol", "type", "constant") or item.find("problem") is None:
                continue
            name = item.get("name")
            for prob in item.findall("problem"):
                for ch in prob.findall("change"):
                    msg = re.sub(r"@(\w+)", lambda m: str(ch.get(m.group(1), m.group(0))), ch.text or "")
                    print(f"  [{sev}] {item.tag} {name}: {prob.get('id')}: {msg}")
PY

status=0
if [ "$rc" = 1 ]; then
    if [ -n "$old_soname" ] && [ "$old_soname" != "$new_soname" ]; then
        echo "abi-check: NOTE: the soname changed ($old_soname -> $new_soname): an intended"
        echo "  incompatible release; the problems above are allowed.  At the release, point"
        echo "  abi/BASELINE at it (abi/README)."
    else
        echo "abi-check: FAIL: incompatible with the baseline ($old_label, $old_soname) and the soname"
        echo "  is unchanged.  Undo the change, or for an intended break raise GTIDPOS_VERSION_MAJOR"
        echo "  (the soname follows) and rename the Debian library package (abi/README)."
        status=1
    fi
else
    echo "abi-check: compatible with the baseline ($old_label, $old_soname -> $new_soname)"
fi
echo "abi-check: report $work/report.html"

if [ "$own_tree" = 1 ]; then
    "$here/symbols.sh" --check "$new_so" || status=1
fi
exit $status
