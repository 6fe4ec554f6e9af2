/* SPDX-License-Identifier: BSD-2-Clause */
#include "fde.h"

#include <string.h>

#include "crc.h"
#include "format.h"
#include "reader.h"

uint32_t gp_version_product(const char *v)
{
    uint32_t part[3] = {0, 0, 0};
    int i = 0;

    for (; i < 3; i++) {
        int digits = 0;
        while (*v >= '0' && *v <= '9' && digits < 4) {
            part[i] = part[i] * 10 + (uint32_t)(*v++ - '0');
            digits++;
        }
        if (digits == 0)
            return 0;
        if (i < 2) {
            if (*v != '.')
                return 0;
            v++;
        }
    }
    if (part[1] > 99 || part[2] > 99)
        return 0;
    return part[0] * 10000 + part[1] * 100 + part[2];
}

gtidpos_flavor gp_flavor_of_version(const char *v)
{
    /* MariaDB puts its name in the version ("10.11.6-MariaDB-log"); some
     * MariaDB 5.x builds and forks wrote "-maria-". */
    if (strstr(v, "MariaDB") != NULL || strstr(v, "-maria-") != NULL)
        return GTIDPOS_FLAVOR_MARIADB;
    return GTIDPOS_FLAVOR_MYSQL;
}

gp_start_set_rule gp_fde_start_set_rule(const gp_fde *f, gtidpos_flavor flavor)
{
    uint32_t v = f->version_product;

    if (flavor == GTIDPOS_FLAVOR_MARIADB)
        return v >= GP_MARIADB_GTID_VERSION ? GP_START_SET_REQUIRED : GP_START_SET_NONE;
    if (v >= GP_MYSQL_PGTID_ALWAYS_VERSION)
        return GP_START_SET_REQUIRED;
    return v >= GP_MYSQL_GTID_VERSION ? GP_START_SET_IF_GTID_MODE : GP_START_SET_NONE;
}

/* Servers from MySQL 5.6.1 and MariaDB 5.3.0 append the checksum algorithm
 * byte and a CRC to every FDE (MySQL Format_description_event,
 * checksum_version_split; MariaDB is_version_before_checksum). */
static int fde_has_checksum_alg(const gp_fde *f)
{
    uint32_t first = f->flavor == GTIDPOS_FLAVOR_MARIADB ? GP_MARIADB_CHECKSUM_VERSION
                                                    : GP_MYSQL_CHECKSUM_VERSION;
    return f->version_product >= first;
}

/*
 * Copy the NUL-padded version.  Servers write it from their own version
 * string (MYSQL_SERVER_VERSION plus suffixes such as "-log", "-debug",
 * "-MariaDB-0+deb12u1"): printable ASCII.  Any other byte is damage, and
 * reading on would be worse than stopping: the version decides whether the
 * FDE carries a checksum algorithm, so a flipped bit there (byte 28 of a
 * MariaDB 10.11 binlog: "10.\xb11.19-MariaDB") would turn off every CRC32
 * check of the file.  0 or the offset (in the event) of the first bad byte.
 */
static uint32_t copy_version(gp_fde *f, const uint8_t *p, uint32_t at)
{
    size_t n = 0;

    while (n < GP_FDE_SERVER_VERSION_LEN && p[n] != '\0') {
        if (p[n] < 0x20 || p[n] > 0x7e)
            return at + (uint32_t)n;
        n++;
    }
    memcpy(f->server_version, p, n);
    f->server_version[n] = '\0';
    f->version_product = gp_version_product(f->server_version);
    f->flavor = gp_flavor_of_version(f->server_version);
    return 0;
}

/*
 * Does the FDE end in the checksum algorithm byte and a CRC32?  Its own
 * bytes say so before its server version does:
 *  - the CRC32 of the event, computed with LOG_EVENT_BINLOG_IN_USE_F
 *    cleared as the server computes it (see format.h), equals its last
 *    four bytes: yes.  Checksum-aware servers write that CRC whatever
 *    binlog_checksum is (MySQL 5.7.20 with NONE, MariaDB 5.5 and 10.0 with
 *    the algorithm off: all in testdata/); a pre-checksum FDE ends in
 *    post-header lengths that match by chance once in 2^32.
 *  - otherwise the FDE is damaged or was written without a checksum.  Its
 *    layout tells which it should be: servers set the FDE's own post-header
 *    length (entry 15) to the body before the checksum fields (MySQL
 *    FORMAT_DESCRIPTION_HEADER_LEN, MariaDB likewise), so the body is that
 *    length, or that length + 5.  This held on every real FDE we have, 5.0
 *    to 11.8.  When the layout is one of the two and contradicts the
 *    version, one of them is damaged (a version bit flipped to another
 *    printable version, or the other way round): refuse.  When it agrees,
 *    or is neither (synthetic events), the version decides, and a mismatch
 *    of a checksummed FDE is the walker's CRC32 error.
 * body: the event's bytes after the common header (tail included).
 */
static gtidpos_status decide_checksum(gp_fde *f, const uint8_t *ev, uint32_t len, uint32_t body,
                              int by_version, const char *file, uint64_t offset, gp_error *e)
{
    int layout = -1; /* 1: checksum fields, 0: none, -1: cannot tell */

    if (len >= (uint32_t)f->header_len + GP_FDE_POST_HEADER_LENS + 1 + GP_CHECKSUM_LEN &&
        gp_fde_crc_ok(ev, len)) {
        f->has_checksum_alg = 1;
        return GTIDPOS_OK;
    }
    if (body >= GP_FDE_POST_HEADER_LENS + GP_EV_FORMAT_DESCRIPTION) {
        uint8_t own = ev[len - body + GP_FDE_POST_HEADER_LENS + GP_EV_FORMAT_DESCRIPTION - 1];
        layout = body == (uint32_t)own + 1 + GP_CHECKSUM_LEN ? 1 : body == own ? 0 : -1;
    }
    if (layout >= 0 && layout != by_version)
        return gp_error_set(e, GTIDPOS_ERR_CORRUPT, file, (int64_t)offset,
                            "format description event is damaged: its length says it %s "
                            "a checksum, server version \"%s\" says it %s, and its "
                            "CRC32 does not match",
                            layout ? "ends in" : "has no", f->server_version,
                            by_version ? "ends in one" : "has none");
    f->has_checksum_alg = by_version;
    return GTIDPOS_OK;
}

/*
 * An FDE whose algorithm byte says off is not held to its CRC: the CRC can
 * be stale there (a source re-sends its FDE to a replica with log_pos and
 * `created' set to 0 and recomputes the CRC only when checksums are on:
 * MariaDB sql_repl.cc "fix the checksum due to latest changes in header",
 * MySQL Binlog_sender::send_format_description_event; MariaDB's
 * suite/binlog/std_data/invalid_row_v2_tag.001 stores 0 there).  But the
 * one bit flip that would silently turn every CRC32 check of the file off,
 * 1 -> 0 in that byte, shows: the CRC then matches with the byte put back.
 */
static int alg_byte_flipped(const uint8_t *ev, uint32_t len)
{
    uint8_t copy[GP_EVH_LEN_V4 + 512];

    if (len > sizeof copy || len < GP_EVH_LEN_V4 + 1 + GP_CHECKSUM_LEN)
        return 0; /* longer than any server's FDE (MariaDB 11.8: 252 bytes) */
    memcpy(copy, ev, len);
    copy[len - GP_CHECKSUM_LEN - 1] = GP_CHECKSUM_ALG_CRC32;
    return gp_fde_crc_ok(copy, len);
}

gtidpos_status gp_fde_parse(gp_fde *f, const uint8_t *ev, uint32_t len,
                    uint8_t header_len, const char *file, uint64_t offset,
                    gp_error *e)
{
    gp_rd r;
    const uint8_t *ver;
    uint8_t type, hlen;
    size_t tail;

    memset(f, 0, sizeof *f);
    if (len < header_len)
        return gp_error_set(e, GTIDPOS_ERR_CORRUPT, file, (int64_t)offset,
                            "format description event shorter than its header");
    type = ev[GP_EVH_TYPE];
    r = gp_rd_make(ev + header_len, len - header_len);
    if (gp_rd_u16le(&r, &f->binlog_version) != 0 ||
        gp_rd_bytes(&r, GP_FDE_SERVER_VERSION_LEN, &ver) != 0 ||
        gp_rd_skip(&r, 4) != 0)
        return gp_error_set(e, GTIDPOS_ERR_CORRUPT, file, (int64_t)offset,
                            "format description event too short (%u bytes)", len);
    {
        uint32_t bad = copy_version(f, ver, (uint32_t)(ver - ev));
        if (bad != 0)
            return gp_error_set(e, GTIDPOS_ERR_CORRUPT, file, (int64_t)offset,
                                "format description event is damaged: its server "
                                "version is not text (byte 0x%02x at offset %llu)",
                                ev[bad], (unsigned long long)(offset + bad));
    }

    if (type == GP_EV_START_V3) {
        /* 1: MySQL 3.23, 13-byte header; 2: 4.0.0-4.0.1; 3: 4.0.2-4.1 */
        if (f->binlog_version < 1 || f->binlog_version > 3)
            return gp_error_set(e, GTIDPOS_ERR_UNSUPPORTED, file, (int64_t)offset,
                                "Start_event_v3 declares binlog version %u",
                                f->binlog_version);
        f->header_len = f->binlog_version == 1 ? GP_EVH_LEN_V1 : GP_EVH_LEN_V4;
        return GTIDPOS_OK;
    }
    if (f->binlog_version != 4)
        return gp_error_set(e, GTIDPOS_ERR_UNSUPPORTED, file, (int64_t)offset,
                            "binlog version %u (only 1 to 4 exist)",
                            f->binlog_version);
    if (gp_rd_u8(&r, &hlen) != 0)
        return gp_error_set(e, GTIDPOS_ERR_CORRUPT, file, (int64_t)offset,
                            "format description event too short (%u bytes)", len);
    if (hlen < GP_EVH_LEN_V4)
        return gp_error_set(e, GTIDPOS_ERR_CORRUPT, file, (int64_t)offset,
                            "common header length %u is below 19", hlen);
    f->header_len = hlen;
    if (decide_checksum(f, ev, len, len - header_len, fde_has_checksum_alg(f), file, offset,
                        e) != GTIDPOS_OK)
        return e->code;
    tail = f->has_checksum_alg ? 1 + GP_CHECKSUM_LEN : 0;
    if (gp_rd_left(&r) < tail)
        return gp_error_set(e, GTIDPOS_ERR_CORRUPT, file, (int64_t)offset,
                            "format description event too short for its "
                            "checksum fields (%u bytes)", len);
    if (gp_rd_left(&r) - tail > 255)
        return gp_error_set(e, GTIDPOS_ERR_CORRUPT, file, (int64_t)offset,
                            "format description event lists %zu event types",
                            gp_rd_left(&r) - tail);
    f->n_post_header = (uint8_t)(gp_rd_left(&r) - tail);
    memcpy(f->post_header_len, r.p, f->n_post_header);
    if (f->has_checksum_alg) {
        f->checksum_alg = r.p[f->n_post_header];
        if (f->checksum_alg != GP_CHECKSUM_ALG_OFF &&
            f->checksum_alg != GP_CHECKSUM_ALG_CRC32)
            return gp_error_set(e, GTIDPOS_ERR_CORRUPT, file, (int64_t)offset,
                                "unknown checksum algorithm %u", f->checksum_alg);
        if (f->checksum_alg == GP_CHECKSUM_ALG_OFF && alg_byte_flipped(ev, len))
            return gp_error_set(e, GTIDPOS_ERR_CORRUPT, file, (int64_t)offset,
                                "format description event is damaged: its checksum "
                                "algorithm byte says off, but its CRC32 matches it as "
                                "CRC32");
    }
    return GTIDPOS_OK;
}

int gp_fde_crc_ok(const uint8_t *ev, uint32_t len)
{
    uint8_t flags_lo;
    uint32_t crc;

    if (len < GP_EVH_LEN_V4 + GP_CHECKSUM_LEN)
        return 0;
    flags_lo = (uint8_t)(ev[GP_EVH_FLAGS] & ~GP_LOG_EVENT_BINLOG_IN_USE_F);
    crc = gp_crc32(0, ev, GP_EVH_FLAGS);
    crc = gp_crc32(crc, &flags_lo, 1);
    crc = gp_crc32(crc, ev + GP_EVH_FLAGS + 1, len - GP_CHECKSUM_LEN - GP_EVH_FLAGS - 1);
    return crc == gp_load_u32le(ev + len - GP_CHECKSUM_LEN);
}
