#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""make_corrupt.py OUTDIR - build the corrupt-input corpus (testdata/corrupt/).

Every file is derived, byte by byte, from two real fixtures:
  testdata/mysql/kingbus/mysql_bin.000012                (MySQL 5.7.23, CRC32, closed)
  testdata/mysql/kingbus/relay/flikedev1-c8pyy-relay-bin.000286  (its relay log)
Each file carries one kind of damage (see testdata/corrupt/EXPECTED for the
answer gtidpos must give).  Where the damage is in an event's bytes that a
checksum would otherwise catch first, the CRC32 is recomputed so that the
decoder behind the checksum is what is exercised.  The output is
deterministic: tests/cli/corrupt.sh regenerates the corpus and compares.

Binlog v4 facts relied on: a 4-byte magic \\xfebin; each event starts with a
19-byte header (timestamp 4, type 1, server_id 4, event_size 4, log_pos 4,
flags 2), little-endian; with binlog_checksum=CRC32 the last 4 bytes of an
event are the CRC-32 of the bytes before them (the FDE's with the in-use flag
0x1 cleared).  Previous_gtids body: n_sids u64, then per SID 16-byte UUID,
n_intervals u64, and [start, end) u64 pairs.
"""
import os
import struct
import sys
import zlib

BASE = "testdata/mysql/kingbus/mysql_bin.000012"
RELAY = "testdata/mysql/kingbus/relay/flikedev1-c8pyy-relay-bin.000286"
HDR = 19
EV_QUERY, EV_ROTATE, EV_FDE, EV_XID, EV_USER_VAR = 2, 4, 15, 16, 14
EV_TABLE_MAP, EV_WRITE_ROWS, EV_GTID, EV_PGTID = 19, 30, 33, 35
RELAY_LOG_F = 0x40


def events(data):
    """(offset, size, type) of every event, framed by event_size."""
    out, off = [], 4
    while off + HDR <= len(data):
        size = struct.unpack_from("<I", data, off + 9)[0]
        out.append((off, size, data[off + 4]))
        off += size
    return out


def fix_crc(buf, off, size):
    """Recompute the CRC32 trailer of the event at off (in a bytearray)."""
    crc = zlib.crc32(bytes(buf[off:off + size - 4])) & 0xffffffff
    struct.pack_into("<I", buf, off + size - 4, crc)


def first(evs, etype, nth=0):
    hits = [e for e in evs if e[2] == etype]
    return hits[nth]


def build(base, relay):
    evs = events(base)
    fde = first(evs, EV_FDE)
    pgtid = first(evs, EV_PGTID)
    gtid2 = first(evs, EV_GTID, 1)          # second transaction's Gtid event
    query2 = first(evs, EV_QUERY, 1)        # its BEGIN
    table2 = [e for e in evs if e[2] == EV_TABLE_MAP and e[0] > query2[0]][0]
    rows2 = [e for e in evs if e[2] == EV_WRITE_ROWS and e[0] > query2[0]][0]
    files = {}

    def mutate(name, fn):
        b = bytearray(base)
        fn(b)
        files[name] = bytes(b)

    files["empty.binlog"] = b""
    files["magic-only.binlog"] = base[:4]
    mutate("wrong-magic.binlog", lambda b: b.__setitem__(0, 0xfd))

    def set_len(ev, n):
        return lambda b: struct.pack_into("<I", b, ev[0] + 9, n)

    # Length damage on the second transaction's BEGIN query (a streamed
    # event type) and, near 4 GiB, also on its Gtid event (held whole).
    mutate("len-zero.binlog", set_len(query2, 0))
    mutate("len-below-header.binlog", set_len(query2, HDR - 1))
    mutate("len-past-eof.binlog", set_len(query2, len(base) - query2[0] + 1))
    mutate("len-near-4g.binlog", set_len(query2, 0xfffffff0))
    mutate("len-near-4g-gtid.binlog", set_len(gtid2, 0xfffffff0))

    # No Format_description: magic, then the file from Previous_gtids on.
    files["fde-missing.binlog"] = base[:4] + base[pgtid[0]:]
    # A second FDE (a valid copy of the first) inside the second
    # transaction, between BEGIN and its Table_map, with every later
    # event's log_pos left as it was: a binlog server never writes one
    # there (relay logs have theirs after a Rotate, between transactions).
    fde_bytes = base[fde[0]:fde[0] + fde[1]]
    files["fde-second-midtxn.binlog"] = base[:table2[0]] + fde_bytes + base[table2[0]:]

    # CRC damage: one flipped bit in the header (server_id), in the body,
    # in the trailer of the second transaction's Write_rows event.
    mutate("crc-header.binlog", lambda b: b.__setitem__(rows2[0] + 5, b[rows2[0] + 5] ^ 0x01))
    mutate("crc-body.binlog", lambda b: b.__setitem__(rows2[0] + HDR + 3,
                                                       b[rows2[0] + HDR + 3] ^ 0x10))
    mutate("crc-trailer.binlog", lambda b: b.__setitem__(rows2[0] + rows2[1] - 1,
                                                          b[rows2[0] + rows2[1] - 1] ^ 0x80))

    # Previous_gtids whose count overruns the event (CRC recomputed).
    def pgtid_sids(b):
        struct.pack_into("<Q", b, pgtid[0] + HDR, 1000)
        fix_crc(b, pgtid[0], pgtid[1])

    def pgtid_intervals(b):
        struct.pack_into("<Q", b, pgtid[0] + HDR + 8 + 16, 1000)
        fix_crc(b, pgtid[0], pgtid[1])

    def pgtid_start_gt_end(b):
        iv = pgtid[0] + HDR + 8 + 16 + 8
        start, end = struct.unpack_from("<QQ", b, iv)
        struct.pack_into("<QQ", b, iv, end, start)   # [end, start): start > end
        fix_crc(b, pgtid[0], pgtid[1])

    mutate("pgtid-sids-overrun.binlog", pgtid_sids)
    mutate("pgtid-intervals-overrun.binlog", pgtid_intervals)
    mutate("pgtid-interval-start-gt-end.binlog", pgtid_start_gt_end)

    # TiDB DM relay hole: the relay log's second transaction (Gtid .. Xid)
    # replaced by one dummy query of the same size, flagged
    # LOG_EVENT_RELAY_LOG_F, as DM writes it when a relay starts mid-file.
    revs = events(relay)
    rgtids = [e for e in revs if e[2] == EV_GTID]
    hole_from = rgtids[1][0]
    hole_to = rgtids[2][0]
    size = hole_to - hole_from
    stmt = b"# dummy query generated by DM"
    body = struct.pack("<IIBHH", 0, 0, 0, 0, 0) + b"\0"   # post-header, db ""
    pad = size - HDR - len(body) - len(stmt) - 4
    ev = bytearray(struct.pack("<IBIIIH", 0, EV_QUERY, 0, size, hole_to, RELAY_LOG_F) +
                   body + stmt + b" " * pad + b"\0\0\0\0")
    fix_crc(ev, 0, size)
    files["dm-hole-relay.binlog"] = relay[:hole_from] + bytes(ev) + relay[hole_to:]
    return files


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_corrupt.py OUTDIR")
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    with open(os.path.join(root, BASE), "rb") as f:
        base = f.read()
    with open(os.path.join(root, RELAY), "rb") as f:
        relay = f.read()
    os.makedirs(sys.argv[1], exist_ok=True)
    for name, data in sorted(build(base, relay).items()):
        with open(os.path.join(sys.argv[1], name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
