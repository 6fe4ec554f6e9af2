# shellcheck shell=bash
# dm_relay.sh - assemble a TiDB DM v1.0 relay directory from real binlog
# files, for tests.  Source it; needs python3 (tests/lib/dm_dummy.py).
#
# Layout made (DM v1.0 pkg/relay): ROOT/server-uuid.index lists the
# subdirectories ROOT/<uuid>.<6-digit suffix>/ in order; each holds relay
# files named after the upstream binlogs (same byte offsets) and relay.meta.
#
#   dm_relay_sub ROOT UUID SUFFIX
#       Create ROOT/UUID.SUFFIX (SUFFIX as DM prints it, e.g. 000001),
#       append it to ROOT/server-uuid.index and print its path.  For a
#       MariaDB upstream DM's UUID is "<gtid_domain_id>-<server_id>".
#   dm_relay_add SUBDIR FILE [start=N] [hole=A-B ...] [cut=N]
#       Copy FILE into SUBDIR under its own name, as DM would have relayed
#       it: start=N: the relay began at upstream offset N (DM writes the
#       header, then a dummy event up to N); hole=A-B: the events in [A, B)
#       are replaced by one dummy event of the same size (flag 0x40, CRC32
#       recomputed); cut=N: the relay stopped at offset N.  A, B, N must be
#       event boundaries of FILE (see dm_relay_boundaries).
#   dm_relay_meta SUBDIR NAME POS [GTID]
#       Write SUBDIR/relay.meta as DM does (binlog-name, binlog-pos,
#       binlog-gtid).
#   dm_relay_boundaries FILE
#       Print every event boundary of FILE (offsets, one a line).
#
# Example:
#   . tests/lib/dm_relay.sh
#   s1=$(dm_relay_sub "$root" 214eb71f-96ec-11e8-ab4f-fa163e72d4ae 000001)
#   dm_relay_add "$s1" testdata/mysql/kingbus/mysql_bin.000011
#   dm_relay_add "$s1" testdata/mysql/kingbus/mysql_bin.000012 cut=2000
#   dm_relay_meta "$s1" mysql_bin.000012 2000 "$(gtidpos at .../mysql_bin.000012:2000)"

DM_DUMMY=${DM_DUMMY:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/dm_dummy.py}

dm_relay_sub() {
    local root=$1 uuid=$2 suffix=$3
    mkdir -p "$root/$uuid.$suffix" || return 1
    printf '%s\n' "$uuid.$suffix" >>"$root/server-uuid.index" || return 1
    printf '%s\n' "$root/$uuid.$suffix"
}

dm_relay_add() {
    local sub=$1 file=$2 name out tmp spec start="" cut="" holes=()
    shift 2
    name=$(basename "$file")
    out=$sub/$name
    for spec in "$@"; do
        case $spec in
            start=*) start=${spec#start=} ;;
            cut=*) cut=${spec#cut=} ;;
            hole=*-*) holes+=("${spec#hole=}") ;;
            *) echo "dm_relay_add: bad spec '$spec'" >&2; return 1 ;;
        esac
    done
    cp "$file" "$out" || return 1
    tmp=$out.tmp
    if [ -n "$start" ]; then
        python3 "$DM_DUMMY" midstart "$out" "$tmp" "$start" && mv "$tmp" "$out" || return 1
    fi
    for spec in "${holes[@]}"; do
        python3 "$DM_DUMMY" hole "$out" "$tmp" "${spec%-*}" "${spec#*-}" && mv "$tmp" "$out" || return 1
    done
    if [ -n "$cut" ]; then
        python3 "$DM_DUMMY" cut "$out" "$tmp" "$cut" && mv "$tmp" "$out" || return 1
    fi
}

dm_relay_meta() {
    local sub=$1 name=$2 pos=$3 gtid=${4:-}
    {
        printf 'binlog-name = "%s"\n' "$name"
        printf 'binlog-pos = %s\n' "$pos"
        printf 'binlog-gtid = "%s"\n' "$gtid"
    } >"$sub/relay.meta"
}

dm_relay_boundaries() {
    python3 "$DM_DUMMY" boundaries "$1"
}
