#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# engine_diff_dm.sh OLD NEW - differential check of two gtidpos binaries on
# the DM paths: the same stdout, stderr and exit status for
#   - `at --relay-dir ROOT 'BASE|SUFFIX.SEQ:POS'` (text; --json at every
#     third position) at every event boundary of every relay file of the
#     DM v1.0 relay roots built here, at every boundary of the upstream
#     file the relay file copies (inside a DM hole: the chaining rule), one
#     byte past each boundary (not a boundary), 0..3, the end, past the
#     end, and without ':POS';
#   - the DM v2 form of the names (no '|': the newest subdirectory);
#   - `at --binlog-dir DIR NAME:POS` at the same kind of positions;
#   - `dm-upgrade` (text and --json) with --relay-dir and --binlog-dir at
#     every fifth boundary, and the relay.meta cross-check it reports.
# The relay roots are assembled with tests/lib/dm_relay.sh out of the
# consecutive MySQL 5.7 kingbus files and MariaDB 11.8 mariadb-poc files,
# as tests/cli/relaydir.sh does (two suffixes per upstream, mid-file
# starts, User_var and Query dummies, a cut file), plus what the tests do
# not build: adjacent holes (one hole to the walk), a hole followed by the
# tail of a transaction, a relay file whose last event is incomplete (in
# use), a hole right after the header, and a MariaDB relay file whose
# Gtid_list carries LOG_EVENT_ARTIFICIAL_F (a dump stream's, which is not
# the file's own state).  Prints one line per difference and a tally.
# OLD is typically the build before a change:
#   git archive REV | tar -x -C /tmp/base && make -C /tmp/base build/gtidpos
# MAXPOS (default 0: all) keeps every MAXPOS-th position only, those at
# POSOFF modulo MAXPOS (default 1): MAXPOS=2 POSOFF=0, then POSOFF=1, is
# every position in two runs.
set -u
OLD=$(realpath "$1") NEW=$(realpath "$2")
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib/dm_relay.sh
. tests/lib/dm_relay.sh
MAXPOS=${MAXPOS:-0}
POSOFF=${POSOFF:-1}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
checked=0 differ=0


# shellcheck source=tools/lib/compare.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/compare.sh"

gtid_starts() { "$OLD" events "$1" | awk -F'\t' '$3 == "Gtid" { print $1 }'; }

# The positions asked of relay file RELAY (a copy of upstream UP): every
# boundary of both, one byte past each, 0..3, past the end.
positions() {
    local relay=$1 up=$2 size
    size=$(stat -c %s "$relay")
    {
        dm_relay_boundaries "$relay"
        dm_relay_boundaries "$up"
        dm_relay_boundaries "$relay" | awk '{ print $1 + 1 }'
        printf '%s\n' 0 1 3 $((size + 1)) $((size + 65))
    } | sort -n -u | awk -v m="$MAXPOS" -v o="$POSOFF" 'm == 0 || NR % m == o % m'
}

# Every position of one relay file, by its DM v1.0 name.
check_relay_file() { # ROOT NAME RELAY UPSTREAM
    local root=$1 name=$2 relay=$3 up=$4 p n=0
    compare_builds dm at --relay-dir "$root" "$name"
    for p in $(positions "$relay" "$up"); do
        n=$((n + 1))
        compare_builds dm at --relay-dir "$root" "$name:$p"
        [ $((n % 3)) = 1 ] && compare_builds dm at --relay-dir "$root" "$name:$p" --json
    done
}

# Set LOG_EVENT_ARTIFICIAL_F on the first event of TYPE in FILE (CRC32
# recomputed when the file has one), in place.
flag_artificial() { # FILE TYPE
    python3 - "$1" "$2" <<'EOF'
import struct, sys, zlib
path, want = sys.argv[1], int(sys.argv[2])
d = bytearray(open(path, "rb").read())
off, crc = 4, None
while off + 19 <= len(d):
    typ, size = d[off + 4], struct.unpack_from("<I", d, off + 9)[0]
    if typ == 15:
        crc = d[off + size - 5] == 1
    if typ == want:
        struct.pack_into("<H", d, off + 17, struct.unpack_from("<H", d, off + 17)[0] | 0x20)
        if crc:
            struct.pack_into("<I", d, off + size - 4, zlib.crc32(bytes(d[off:off + size - 4])) & 0xffffffff)
        break
    off += size
open(path, "wb").write(bytes(d))
EOF
}

K=testdata/mysql/kingbus
M=testdata/mariadb/mariadb-poc/domain_id_0
MYSQL_UUID=214eb71f-96ec-11e8-ab4f-fa163e72d4ae
MARIA_UUID=0-10
GTIDPOS=$OLD

# ---- MySQL root: tests/cli/relaydir.sh's layout, and a third suffix ----
root=$W/relay
mkdir -p "$root"
s1=$(dm_relay_sub "$root" $MYSQL_UUID 000001)
s2=$(dm_relay_sub "$root" $MYSQL_UUID 000002)
s3=$(dm_relay_sub "$root" $MYSQL_UUID 000003)
mapfile -t g11 < <(gtid_starts $K/mysql_bin.000011)
mapfile -t g12 < <(gtid_starts $K/mysql_bin.000012)
mapfile -t g13 < <(gtid_starts $K/mysql_bin.000013)
# the first Table_map of 000011's 8th transaction: its rows follow
tm11=$("$OLD" events $K/mysql_bin.000011 |
    awk -F'\t' -v s="${g11[7]}" '$1 > s && $3 == "Table_map" { print $1; exit }')
cut12=${g12[6]}
dm_relay_add "$s1" $K/mysql_bin.000011
dm_relay_add "$s1" $K/mysql_bin.000012 cut="$cut12"
dm_relay_meta "$s1" mysql_bin.000012 "$cut12" "$("$OLD" at "$K/mysql_bin.000012:$cut12")"
dm_relay_add "$s2" $K/mysql_bin.000012 start="${g12[2]}" hole="${g12[4]}-${g12[5]}"
dm_relay_add "$s2" $K/mysql_bin.000013 hole="${g13[1]}-${g13[2]}"
dm_relay_meta "$s2" mysql_bin.000013 5984 "$("$OLD" at $K/mysql_bin.000013 2>/dev/null)"
# Suffix 3: 000011 with a hole right after its header, two adjacent holes
# (User_var then Query dummy), and a hole that ends inside a transaction
# (its Gtid event and BEGIN gone, its rows left); 000012 whole; 000013
# whole but for its last 7 bytes (in use: the last event incomplete).
dm_relay_add "$s3" $K/mysql_bin.000011 hole="${g11[0]}-${g11[1]}" \
    hole="${g11[3]}-${g11[4]}" qhole="${g11[4]}-${g11[5]}" hole="${g11[7]}-$tm11"
dm_relay_add "$s3" $K/mysql_bin.000012
head -c $(($(stat -c %s $K/mysql_bin.000013) - 7)) $K/mysql_bin.000013 >"$s3/mysql_bin.000013"
dm_relay_meta "$s3" mysql_bin.000012 "${g12[3]}" "wrong-on-purpose"

for sub in "$s1" "$s2" "$s3"; do
    suffix=${sub##*.}
    for f in "$sub"/mysql_bin.*; do
        seq=${f##*.}
        check_relay_file "$root" "mysql_bin|$suffix.$seq" "$f" "$K/mysql_bin.$seq"
    done
done
# NEXT:4 before DM created NEXT, and DM v2 names (no '|').
for n in "mysql_bin|000001.000013:4" "mysql_bin|000002.000014:4" "mysql_bin|000003.000014:4" \
    "mysql_bin.000012:${g12[8]}" "mysql_bin.000011:${g11[2]}" "mysql_bin.000013:${g13[3]}" \
    "mysql_bin|000009.000011:4" "mysql_bin|000001.000099:4"; do
    compare_builds dm at --relay-dir "$root" "$n"
    compare_builds dm at --relay-dir "$root" "$n" --json
done

# ---- MariaDB root: relaydir.sh's layout, and an artificial Gtid_list ---
mroot=$W/mrelay
mkdir -p "$mroot"
m1=$(dm_relay_sub "$mroot" $MARIA_UUID 000001)
m2=$(dm_relay_sub "$mroot" $MARIA_UUID 000002)
m3=$(dm_relay_sub "$mroot" $MARIA_UUID 000003)
mapfile -t m6 < <(gtid_starts $M/mariadb-repl-bin.000006)
mapfile -t m7 < <(gtid_starts $M/mariadb-repl-bin.000007)
dm_relay_add "$m1" $M/mariadb-repl-bin.000006 qhole="${m6[10]}-${m6[11]}"
dm_relay_add "$m1" $M/mariadb-repl-bin.000007
dm_relay_meta "$m1" mariadb-repl-bin.000007 "$(stat -c %s $M/mariadb-repl-bin.000007)" \
    "$("$OLD" at $M/mariadb-repl-bin.000007 2>/dev/null)"
dm_relay_add "$m2" $M/mariadb-repl-bin.000007 start="${m7[20]}" hole="${m7[30]}-${m7[33]}"
dm_relay_meta "$m2" mariadb-repl-bin.000007 "${m7[25]}" "$("$OLD" at "$M/mariadb-repl-bin.000007:${m7[25]}" 2>/dev/null)"
# Suffix 3: 000006 with its Gtid_list flagged artificial and a hole.
dm_relay_add "$m3" $M/mariadb-repl-bin.000006 hole="${m6[40]}-${m6[41]}"
flag_artificial "$m3/mariadb-repl-bin.000006" 163
for sub in "$m1" "$m2" "$m3"; do
    suffix=${sub##*.}
    for f in "$sub"/mariadb-repl-bin.*; do
        seq=${f##*.}
        check_relay_file "$mroot" "mariadb-repl-bin|$suffix.$seq" "$f" "$M/mariadb-repl-bin.$seq"
    done
done
for n in "mariadb-repl-bin|000001.000008:4" "mariadb-repl-bin.000007:${m7[40]}" \
    "mariadb-repl-bin.000006:${m6[12]}"; do
    compare_builds dm at --relay-dir "$mroot" "$n"
done

# ---- --binlog-dir ---------------------------------------------------------
bdir=$W/binlogs b2dir=$W/binlogs2
mkdir -p "$bdir" "$b2dir"
cp $K/mysql_bin.0000{11,12,13} "$bdir/"
cp $K/mysql_bin.000011 $K/mysql_bin.000013 "$b2dir/"
for seq in 000011 000012 000013; do
    for p in $(positions $K/mysql_bin.$seq $K/mysql_bin.$seq); do
        compare_builds dm at --binlog-dir "$bdir" "mysql_bin.$seq:$p"
    done
done
for n in mysql_bin.000012:4 mysql_bin.000014:4 mysql_bin.000011 mysql_bin.000012:200; do
    compare_builds dm at --binlog-dir "$b2dir" "$n"
done

# ---- dm-upgrade ---------------------------------------------------------
D=testdata/dm
printf 'source-id: "mysql-replica-01"\nflavor: "mysql"\nenable-gtid: true\nrelay-dir: "unused"\n' >"$W/g1.yaml"
printf 'source-id: "mysql-replica-02"\nflavor: "mariadb"\nenable-gtid: true\nrelay-dir: "unused"\n' >"$W/g2.yaml"
UP=(dm-upgrade --task $D/task_v1.yaml --source "$W/g1.yaml" --source "$W/g2.yaml")
n=0
for p in $(dm_relay_boundaries $K/mysql_bin.000012); do
    n=$((n + 1))
    [ $((n % 5)) = 1 ] || continue
    compare_builds dm "${UP[@]}" --relay-dir "mysql-replica-01=$root" --relay-dir "mysql-replica-02=$mroot" \
        --checkpoint "mysql-replica-01=mysql_bin|000002.000012:$p" \
        --checkpoint "mysql-replica-02=mariadb-repl-bin|000002.000007:${m7[$((n % 60))]}"
    compare_builds dm "${UP[@]}" --relay-dir "mysql-replica-01=$root" --relay-dir "mysql-replica-02=$mroot" \
        --checkpoint "mysql-replica-01=mysql_bin|000003.000011:$p" \
        --checkpoint "mysql-replica-02=mariadb-repl-bin|000001.000006:${m6[$((n % 60))]}" --json
    compare_builds dm "${UP[@]}" --binlog-dir "mysql-replica-01=$bdir" --relay-dir "mysql-replica-02=$mroot" \
        --checkpoint "mysql-replica-01=mysql_bin.000012:$p" \
        --checkpoint "mysql-replica-02=mariadb-repl-bin|000003.000006:${m6[$((n % 60))]}" --json
done
compare_builds dm "${UP[@]}" --relay-dir "mysql-replica-01=$root" --relay-dir "mysql-replica-02=$mroot" \
    --checkpoints $D/checkpoints_guide.txt
compare_builds dm "${UP[@]}" --binlog-dir "mysql-replica-01=$b2dir" --relay-dir "mysql-replica-02=$mroot" \
    --checkpoint "mysql-replica-01=mysql_bin.000012:4" \
    --checkpoint "mysql-replica-02=mariadb-repl-bin|000001.000008:4" --json

echo "engine_diff_dm: $checked comparisons, $differ differ"
[ "$differ" = 0 ]
