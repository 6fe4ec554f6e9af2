#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""synth_binlog.py OUT [--before N] [--huge BYTES] [--after M]

Write a real-format MySQL binlog assembled from the events of a real
fixture (testdata/mysql/kingbus/mysql_bin.000012, MySQL 5.7.23, CRC32):
its Format_description and Previous_gtids events, then N copies of its first
transaction, then (with --huge) one transaction whose Write_rows events add
up to BYTES bytes, then M more copies, then its Rotate event.  Every copy
gets the next GNO (after the Previous_gtids set's last one), every event its
true log_pos (the end offset modulo 2^32: binlog v4 positions are 32-bit
and wrap past 4 GiB, as a server writes them) and a recomputed CRC32.

The huge Write_rows bodies are zeros written as file holes: a 4 GiB file
costs little disk and little time on a filesystem with sparse files.

Prints what the test needs to derive its expectations, one "key value..."
per line: uuid, prev_last (the last GNO of Previous_gtids), and for every
transaction "txn GNO START END" (END: the offset after its last event), for
the huge one's inner event boundaries "inner OFFSET", then "size N".
"""
import argparse
import os
import struct
import zlib

BASE = "testdata/mysql/kingbus/mysql_bin.000012"
HDR = 19
EV_FDE, EV_ROTATE, EV_XID, EV_GTID, EV_PGTID = 15, 4, 16, 33, 35
EV_WRITE_ROWS = 30
ZEROS = bytes(16 << 20)
ROWS_EVENT_MAX = 480 << 20   # each huge Write_rows event (event_size is 32-bit)


def events(data):
    out, off = [], 4
    while off + HDR <= len(data):
        size = struct.unpack_from("<I", data, off + 9)[0]
        out.append((off, data[off:off + size]))
        off += size
    return out


def finish(ev, end):
    """The event with log_pos = end mod 2^32 and its CRC32 recomputed."""
    b = bytearray(ev)
    struct.pack_into("<I", b, 13, end & 0xffffffff)
    crc = zlib.crc32(bytes(b[:-4])) & 0xffffffff
    struct.pack_into("<I", b, len(b) - 4, crc)
    return bytes(b)


class Writer:
    def __init__(self, f):
        self.f = f
        self.off = 4
        f.write(b"\xfebin")

    def put(self, ev):
        self.f.write(finish(ev, self.off + len(ev)))
        self.off += len(ev)

    def put_zero_body(self, head, size):
        """An event of size bytes: head, then zeros (a hole), then CRC32."""
        end = self.off + size
        b = bytearray(head)
        struct.pack_into("<I", b, 9, size)
        struct.pack_into("<I", b, 13, end & 0xffffffff)
        crc = zlib.crc32(bytes(b))
        left = size - len(b) - 4
        while left > 0:
            n = min(left, len(ZEROS))
            crc = zlib.crc32(ZEROS[:n] if n < len(ZEROS) else ZEROS, crc)
            left -= n
        self.f.write(bytes(b))
        self.f.seek(size - len(b) - 4, os.SEEK_CUR)
        self.f.write(struct.pack("<I", crc & 0xffffffff))
        self.off = end


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--before", type=int, default=10)
    ap.add_argument("--huge", type=int, default=0)
    ap.add_argument("--after", type=int, default=0)
    a = ap.parse_args()

    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    with open(os.path.join(root, BASE), "rb") as f:
        evs = events(f.read())
    fde = next(e for o, e in evs if e[4] == EV_FDE)
    pgtid = next(e for o, e in evs if e[4] == EV_PGTID)
    rotate = next(e for o, e in evs if e[4] == EV_ROTATE)
    i = next(k for k, (o, e) in enumerate(evs) if e[4] == EV_GTID)
    j = next(k for k, (o, e) in enumerate(evs) if k > i and e[4] == EV_XID)
    txn = [e for o, e in evs[i:j + 1]]
    # Previous_gtids: n_sids=1, uuid, n_intervals=1, [start, end).
    uuid = pgtid[HDR + 8:HDR + 24]
    n_sids, = struct.unpack_from("<Q", pgtid, HDR)
    assert n_sids == 1
    prev_end, = struct.unpack_from("<Q", pgtid, HDR + 8 + 16 + 8 + 8)
    gno = prev_end          # the next GNO (end is exclusive)
    u = uuid.hex()
    print("uuid %s-%s-%s-%s-%s" % (u[:8], u[8:12], u[12:16], u[16:20], u[20:]))
    print("prev_last %d" % (prev_end - 1))

    with open(a.out, "wb") as f:
        w = Writer(f)
        w.put(fde)
        w.put(pgtid)

        def put_txn(events_of_txn, huge=0):
            nonlocal gno
            start = w.off
            g = bytearray(events_of_txn[0])
            # Gtid event body: flags 1, SID 16, GNO 8.
            struct.pack_into("<Q", g, HDR + 1 + 16, gno)
            w.put(bytes(g))
            rows = next(e for e in events_of_txn if e[4] == EV_WRITE_ROWS)
            for ev in events_of_txn[1:-1]:
                w.put(ev)
            left = huge
            while left > 0:
                n = min(left, ROWS_EVENT_MAX)
                w.put_zero_body(rows[:HDR + 8], n)
                left -= n
                print("inner %d" % w.off)
            w.put(events_of_txn[-1])
            print("txn %d %d %d" % (gno, start, w.off))
            gno += 1

        for _ in range(a.before):
            put_txn(txn)
        if a.huge:
            put_txn(txn, a.huge)
        for _ in range(a.after):
            put_txn(txn)
        w.put(rotate)
        f.truncate(w.off)
        print("size %d" % w.off)


if __name__ == "__main__":
    main()
