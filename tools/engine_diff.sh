#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# engine_diff.sh OLD NEW [FILE...] - differential check of two gtidpos
# binaries: the same stdout, stderr and exit status for `at FILE:POS`
# (every event boundary, and one byte inside each event, with --io read,
# mmap and a forced two-thread split, text and JSON), `scan --boundaries
# --sets`, `scan --summary`, `verify`, `events`, `find GTID FILE` (each
# GTID of the file's GTID events, up to MAXGTID of them spread over the
# file, and one in no file; in a file without GTID events, one of each
# flavour) and `events FILE --start-position N` (the
# same positions as `at`, up to MAXSEEK of them, and past the end), on
# every binlog in testdata/ (or the FILEs given).  Used to prove that a rewrite of the walk
# layer changed no answer; prints one line per difference and a tally.
# OLD is typically a build of the commit before the change:
#   git worktree add --detach /tmp/base REV && make -C /tmp/base
set -u
OLD=$1 NEW=$2
shift 2
if [ $# -gt 0 ]; then files=("$@"); else
    mapfile -t files < <(find testdata -type f ! -name '*.md' ! -name '*.index' ! -name '*.yaml' \
        ! -name '*.toml' ! -name '*.ini' ! -name '*.json' ! -name '*.txt' ! -name '*.tsv' \
        ! -name '*.csv' ! -name '*.sql' ! -name '*.py' | sort)
fi
MAXPOS=${MAXPOS:-600}
MAXGTID=${MAXGTID:-40}
MAXSEEK=${MAXSEEK:-200}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
checked=0 differ=0


# shellcheck source=tools/lib/compare.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/compare.sh"

absent() { # GTID -> one of its UUID (and tag) or domain and server, held by no file
    local sep=: g=$1
    [[ $g == *:* ]] || sep=-
    echo "${g%"$sep"*}${sep}999999999"
}

for f in "${files[@]}"; do
    compare_builds "$f" at "$f"
    compare_builds "$f" at "$f" --json
    compare_builds "$f" scan --boundaries --sets "$f"
    compare_builds "$f" scan --summary --format jsonl "$f"
    compare_builds "$f" verify "$f"
    compare_builds "$f" events "$f"
    mapfile -t pos < <("$OLD" events --json "$f" 2>/dev/null |
        sed -n 's/^{\("schema_version":1,\)\{0,1\}"start":\([0-9]*\),"end":\([0-9]*\),.*/\2 \3/p' |
        awk '{print $1; print $1 + 1; print $2}' | sort -un)
    n=${#pos[@]}
    step=$(( n > MAXPOS ? n / MAXPOS : 1 ))
    for ((i = 0; i < n; i += step)); do
        p=${pos[$i]}
        compare_builds "$f" at "$f:$p" --json
        compare_builds "$f" at "$f:$p" --io mmap
        GTIDPOS_SPLIT_MIN=1 compare_builds "$f" at "$f:$p" --io split --json
    done
    step=$(( n > MAXSEEK ? n / MAXSEEK : 1 ))
    for ((i = 0; i < n; i += step)); do
        compare_builds "$f" events "$f" --start-position "${pos[$i]}"
    done
    size=$(stat -c %s "$f")
    compare_builds "$f" events "$f" --start-position $((size + 1)) --json
    compare_builds "$f" events "$f" --start-position 1
    # the GTIDs of the file's GTID events (as `events` prints them), and
    # one of the same UUID / domain that no file holds
    mapfile -t gtids < <("$OLD" events "$f" 2>/dev/null |
        sed -n 's/.*\tgtid=\([^ ]*\).*/\1/p' | grep -v '^ANONYMOUS$' | awk '!seen[$0]++')
    g=${#gtids[@]}
    step=$(( g > MAXGTID ? g / MAXGTID : 1 ))
    for ((i = 0; i < g; i += step)); do
        compare_builds "$f" find "${gtids[$i]}" "$f"
    done
    if [ "$g" -gt 0 ]; then
        compare_builds "$f" find "${gtids[$((g - 1))]}" "$f" "$f"
        compare_builds "$f" find "$(absent "${gtids[0]}")" "$f"
    else # no GTID event: what find says of a file it cannot hold
        compare_builds "$f" find 0-1-1 "$f"
        compare_builds "$f" find 3e11fa47-71ca-11e1-9e33-c80aa9429562:1 "$f"
    fi
done
echo "engine_diff: $checked comparisons, $differ differ"
[ "$differ" = 0 ]
