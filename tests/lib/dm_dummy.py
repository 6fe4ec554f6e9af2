#!/usr/bin/env python3
"""dm_dummy.py - make DM v1.0 relay files out of real binlogs, for tests.

TiDB DM keeps upstream byte offsets in its relay files; where it did not
receive the upstream's bytes it writes dummy events of the same total size
flagged LOG_EVENT_RELAY_LOG_F (0x40): a User_var event named "!dummyvar"
(DM v1.0 pkg/binlog/event GenDummyEvent).  This tool writes such files:

  dm_dummy.py hole IN OUT START END     OUT = IN with the events in
                                        [START, END) replaced by one dummy
  dm_dummy.py midstart IN OUT START     OUT = IN's header (magic + FDE),
                                        one dummy up to START, IN from START
                                        (a relay that began mid-file)
  dm_dummy.py cut IN OUT END            OUT = IN's first END bytes
  dm_dummy.py boundaries IN             every event start and the file end

START and END must be event boundaries of IN (checked).  The dummy's CRC32
is computed when IN's format description says CRC32.  IN is never changed.
"""
import struct
import sys
import zlib

HEADER = 19
USER_VAR = 14
FDE = 15
RELAY_LOG_F = 0x40
NAME = b"!dummyvar"


def events(data):
    """(offset, size) of every event; stops at the end or a short event."""
    if data[:4] != b"\xfebin":
        sys.exit("not a binlog (bad magic)")
    off = 4
    out = []
    while off + HEADER <= len(data):
        size = struct.unpack_from("<I", data, off + 9)[0]
        if size < HEADER or off + size > len(data):
            break
        out.append((off, size))
        off += size
    return out


def crc32_used(data, evs):
    off, size = evs[0]
    if data[off + 4] != FDE:
        return False
    # FDE body ends with the checksum algorithm byte, then the 4-byte CRC
    # (MySQL 5.6.1+, MariaDB 5.3+); older FDEs have no such byte.
    alg = data[off + size - 5]
    return alg == 1


def dummy(start, end, crc, server_id):
    size = end - start
    trailer = 4 if crc else 0
    fixed = HEADER + 4 + len(NAME) + 1 + 1 + 4 + 4 + trailer
    if size < fixed:
        sys.exit("hole of %d bytes is smaller than a dummy event (%d)" % (size, fixed))
    value_len = size - fixed
    body = struct.pack("<I", len(NAME)) + NAME + b"\x00" + b"\x00"
    body += struct.pack("<II", 33, value_len) + b"\x00" * value_len
    head = struct.pack("<IBIIIH", 0, USER_VAR, server_id, size, end, RELAY_LOG_F)
    ev = head + body
    if crc:
        ev += struct.pack("<I", zlib.crc32(ev) & 0xFFFFFFFF)
    assert len(ev) == size
    return ev


def boundary_set(evs, data_len):
    b = {off for off, _ in evs}
    if evs:
        b.add(evs[-1][0] + evs[-1][1])
    b.add(4)
    return b


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cmd, src = sys.argv[1], sys.argv[2]
    data = open(src, "rb").read()
    evs = events(data)
    if not evs:
        sys.exit("no event in " + src)
    bset = boundary_set(evs, len(data))
    crc = crc32_used(data, evs)
    server_id = struct.unpack_from("<I", data, evs[0][0] + 5)[0]
    if cmd == "boundaries":
        print("\n".join(str(b) for b in sorted(bset)))
        return
    out = sys.argv[3]
    nums = [int(x) for x in sys.argv[4:]]
    for n in nums:
        if n not in bset:
            sys.exit("%d is not an event boundary of %s" % (n, src))
    if cmd == "hole":
        start, end = nums
        res = data[:start] + dummy(start, end, crc, server_id) + data[end:]
    elif cmd == "midstart":
        (start,) = nums
        fde_end = evs[0][0] + evs[0][1]
        if start <= fde_end:
            sys.exit("START must be after the format description (%d)" % fde_end)
        res = data[:fde_end] + dummy(fde_end, start, crc, server_id) + data[start:]
    elif cmd == "cut":
        (end,) = nums
        res = data[:end]
    else:
        sys.exit("unknown command " + cmd)
    with open(out, "wb") as f:
        f.write(res)


if __name__ == "__main__":
    main()
