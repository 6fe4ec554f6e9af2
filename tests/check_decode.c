/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_decode.c - tests for src/binlog/event.c, decode.c and txn.c.
 *
 * Events are assembled by hand from the layouts in format.h (MySQL
 * libbinlogevents and libs/mysql/serialization, MariaDB sql/log_event.h):
 * a common header, the body, and a CRC-32 trailer computed here with
 * zlib when the format says so.  Each event lives in a buffer of exactly
 * its size followed by an inaccessible page, so a decoder that reads past
 * the event faults in every build; it is framed with gp_event_frame before
 * being decoded, as the walker does.
 *
 * The transaction-boundary cases feed whole event sequences to
 * gp_txn_feed and check the step returned at every event.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "binlog/decode.h"
#include "binlog/event.h"
#include "binlog/format.h"
#include "binlog/txn.h"
#include "suites.h"
#include "testutil.h"

#define U1 "3e11fa47-71ca-11e1-9e33-c80aa9429562"
#define U2 "3e11fa47-71ca-11e1-9e33-c80aa9429563"
#define U4 "ffffffff-ffff-ffff-ffff-ffffffffffff"
#define GNO_MAX_TEXT "9223372036854775806"
#define TAG32 "abcdefghijklmnopqrstuvwxyz_01234"
#define TAG33 TAG32 "5"

/* ---- byte builder ------------------------------------------------------- */

typedef struct bb {
    uint8_t d[4096];
    size_t n;
} bb;

static void bb_mem(bb *b, const void *p, size_t n)
{
    ck_assert_uint_le(b->n + n, sizeof b->d);
    if (n > 0)
        memcpy(b->d + b->n, p, n);
    b->n += n;
}

static void bb_u8(bb *b, uint8_t v)
{
    bb_mem(b, &v, 1);
}

static void bb_le(bb *b, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        bb_u8(b, (uint8_t)(v >> (8 * i)));
}

static void bb_u16(bb *b, uint16_t v)
{
    bb_le(b, v, 2);
}

static void bb_u32(bb *b, uint32_t v)
{
    bb_le(b, v, 4);
}

static void bb_u64(bb *b, uint64_t v)
{
    bb_le(b, v, 8);
}

static void bb_str(bb *b, const char *s)
{
    bb_mem(b, s, strlen(s));
}

/* A literal that may hold NUL bytes. */
#define BB_LIT(b, lit) bb_mem((b), (lit), sizeof(lit) - 1)

/* MySQL serialization varlen (see reader.h): the minimal encoding. */
static size_t varlen_size(uint64_t v)
{
    for (unsigned n = 1; n <= 8; n++)
        if (v < (1ull << (7 * n)))
            return n;
    return 9;
}

static void bb_varlen(bb *b, uint64_t v)
{
    size_t n = varlen_size(v);

    if (n == 9) {
        bb_u8(b, 0xff);
        bb_u64(b, v);
        return;
    }
    bb_le(b, (v << n) | ((1ull << (n - 1)) - 1), (unsigned)n);
}

static void bb_varlen_signed(bb *b, int64_t v)
{
    bb_varlen(b, v >= 0 ? (uint64_t)v << 1 : ((uint64_t)(-(v + 1)) << 1) | 1);
}

static gp_uuid uuid_of(const char *text)
{
    gp_uuid u;

    ck_assert_int_eq(gp_uuid_parse(&u, text, strlen(text)), 0);
    return u;
}

static void bb_uuid(bb *b, const char *text)
{
    gp_uuid u = uuid_of(text);
    bb_mem(b, u.b, 16);
}

/* ---- formats and events ------------------------------------------------- */

enum fmt {
    FMT_V4,          /* MySQL 8.0, no checksum */
    FMT_V4_CRC,      /* MySQL 8.0, CRC32 */
    FMT_MARIA_CRC,   /* MariaDB 10.11, CRC32 */
    FMT_V4_NOLIST,   /* v4 FDE that lists no post-header lengths */
    FMT_V3,          /* binlog v3 (MySQL 4.0): Query post-header 11 */
    FMT_GOOGLE       /* 23-byte common header */
};

static gp_fde fde_of(enum fmt which)
{
    gp_fde f;

    memset(&f, 0, sizeof f);
    f.binlog_version = 4;
    f.header_len = GP_EVH_LEN_V4;
    f.n_post_header = 41;
    f.post_header_len[GP_EV_QUERY - 1] = GP_QUERY_POST_HEADER_V4;
    f.post_header_len[GP_EV_ROTATE - 1] = 8;
    f.has_checksum_alg = 1;
    f.checksum_alg = GP_CHECKSUM_ALG_OFF;
    strcpy(f.server_version, "8.0.40");
    f.version_product = 80040;
    f.flavor = GTIDPOS_FLAVOR_MYSQL;
    switch (which) {
    case FMT_V4:
        break;
    case FMT_V4_CRC:
        f.checksum_alg = GP_CHECKSUM_ALG_CRC32;
        break;
    case FMT_MARIA_CRC:
        strcpy(f.server_version, "10.11.6-MariaDB-log");
        f.version_product = 101106;
        f.flavor = GTIDPOS_FLAVOR_MARIADB;
        f.n_post_header = 168;
        f.checksum_alg = GP_CHECKSUM_ALG_CRC32;
        break;
    case FMT_V4_NOLIST:
        f.n_post_header = 0;
        break;
    case FMT_V3:
        f.binlog_version = 3;
        f.has_checksum_alg = 0;
        f.n_post_header = 0;
        strcpy(f.server_version, "4.0.18-log");
        f.version_product = 40018;
        break;
    case FMT_GOOGLE:
        f.header_len = 23;
        f.has_checksum_alg = 0;
        strcpy(f.server_version, "5.1.63-google-debug-log");
        f.version_product = 50163;
        break;
    }
    return f;
}

/* One hand-built event, framed. */
typedef struct tev {
    uint8_t *buf;
    size_t len;
    gp_event ev;
} tev;

/* Assemble header + body (+ CRC trailer) in an exact buffer; returns its
 * length.  No framing. */
static uint8_t *assemble(const gp_fde *fde, uint8_t type, uint32_t server_id,
                         const uint8_t *body, size_t body_len, uint64_t offset,
                         size_t *len_out)
{
    bb e = {{0}, 0};
    int crc = fde->checksum_alg == GP_CHECKSUM_ALG_CRC32 &&
              type != GP_EV_FORMAT_DESCRIPTION;
    size_t len = fde->header_len + body_len + (crc ? GP_CHECKSUM_LEN : 0);

    bb_u32(&e, 1700000000u);
    bb_u8(&e, type);
    bb_u32(&e, server_id);
    bb_u32(&e, (uint32_t)len);
    bb_u32(&e, (uint32_t)(offset + len));
    bb_u16(&e, 0);
    while (e.n < fde->header_len)
        bb_u8(&e, 0xee); /* extra header bytes of longer headers */
    bb_mem(&e, body, body_len);
    if (crc)
        bb_u32(&e, (uint32_t)crc32(0L, e.d, (uInt)e.n));
    ck_assert_uint_eq(e.n, len);
    *len_out = len;
    return exact_copy(e.d, len);
}

static void tev_make(tev *t, const gp_fde *fde, uint8_t type, uint32_t server_id,
                     const uint8_t *body, size_t body_len, uint64_t offset)
{
    gp_error e;
    gtidpos_status rc;

    t->buf = assemble(fde, type, server_id, body, body_len, offset, &t->len);
    rc = gp_event_frame(&t->ev, t->buf, t->len, offset, fde, "test.bin", &e);
    ck_assert_msg(rc == GTIDPOS_OK, "framing: %s", e.msg);
    /* The whole event is at data, as the walker hands it over. */
    gp_event_set_body(&t->ev, fde, (uint32_t)t->len);
    ck_assert_int_eq(t->ev.partial, 0);
    ck_assert_uint_eq(t->ev.body_len, body_len);
}

static void tev_free(tev *t)
{
    exact_free(t->buf, t->len);
}

/* ---- gp_event_frame ----------------------------------------------------- */

enum { NO_FDE = -1 };

/*
 * gp_event_frame decodes and checks the header only (event.h): an event
 * whose size runs past the bytes available frames fine, and the caller
 * reports it with gp_event_truncated.  Those cases have want GTIDPOS_OK and
 * size > avail.
 */
static const struct frame_case {
    const char *name;
    int fmt;            /* enum fmt, or NO_FDE for a file's first event */
    uint8_t type;
    uint32_t size;      /* the header's event_size */
    size_t avail;       /* bytes handed to the framer (buffer length) */
    gtidpos_status want;
    uint8_t hlen;       /* expected header length */
    uint32_t body_len;  /* expected once the whole event is there */
} frame_cases[] = {
    {"exact", FMT_V4, GP_EV_QUERY, 40, 40, GTIDPOS_OK, 19, 21},
    {"more bytes follow", FMT_V4, GP_EV_QUERY, 40, 100, GTIDPOS_OK, 19, 21},
    {"header only", FMT_V4, GP_EV_STOP, 19, 19, GTIDPOS_OK, 19, 0},
    {"CRC: trailer excluded", FMT_V4_CRC, GP_EV_XID, 31, 31, GTIDPOS_OK, 19, 8},
    {"CRC: header and trailer only", FMT_V4_CRC, GP_EV_STOP, 23, 23, GTIDPOS_OK, 19, 0},
    {"CRC: FDE keeps its own trailer", FMT_V4_CRC, GP_EV_FORMAT_DESCRIPTION, 19, 19,
     GTIDPOS_OK, 19, 0},
    {"23-byte header", FMT_GOOGLE, GP_EV_QUERY, 30, 30, GTIDPOS_OK, 23, 7},
    {"first event: FDE", NO_FDE, GP_EV_FORMAT_DESCRIPTION, 121, 121, GTIDPOS_OK, 19, 102},
    {"first event: v3 start", NO_FDE, GP_EV_START_V3, 75, 75, GTIDPOS_OK, 19, 56},
    {"first event: v1 start", NO_FDE, GP_EV_START_V3, 69, 69, GTIDPOS_OK, 13, 56},
    /* avail < header */
    {"nothing available", FMT_V4, GP_EV_QUERY, 40, 0, GTIDPOS_ERR_TRUNCATED, 0, 0},
    {"18 of 19 header bytes", FMT_V4, GP_EV_QUERY, 40, 18, GTIDPOS_ERR_TRUNCATED, 0, 0},
    {"22 of 23 header bytes", FMT_GOOGLE, GP_EV_QUERY, 40, 22, GTIDPOS_ERR_TRUNCATED, 0, 0},
    {"first event, 12 bytes", NO_FDE, GP_EV_START_V3, 69, 12, GTIDPOS_ERR_TRUNCATED, 0, 0},
    {"first event, 18 bytes", NO_FDE, GP_EV_FORMAT_DESCRIPTION, 121, 18,
     GTIDPOS_ERR_TRUNCATED, 0, 0},
    /* size < header (+ trailer) */
    {"size 0", FMT_V4, GP_EV_QUERY, 0, 40, GTIDPOS_ERR_CORRUPT, 0, 0},
    {"size 18", FMT_V4, GP_EV_QUERY, 18, 40, GTIDPOS_ERR_CORRUPT, 0, 0},
    {"size 22 with a 23-byte header", FMT_GOOGLE, GP_EV_QUERY, 22, 40, GTIDPOS_ERR_CORRUPT,
     0, 0},
    {"CRC: size 19", FMT_V4_CRC, GP_EV_XID, 19, 40, GTIDPOS_ERR_CORRUPT, 0, 0},
    {"CRC: size 22", FMT_V4_CRC, GP_EV_XID, 22, 40, GTIDPOS_ERR_CORRUPT, 0, 0},
    {"first event: v1 start of 12 bytes", NO_FDE, GP_EV_START_V3, 12, 40,
     GTIDPOS_ERR_CORRUPT, 0, 0},
    /* size > avail: framed, then reported by the caller */
    {"one byte missing", FMT_V4, GP_EV_QUERY, 41, 40, GTIDPOS_OK, 19, 22},
    {"header only available", FMT_V4, GP_EV_QUERY, 41, 19, GTIDPOS_OK, 19, 22},
    {"size 4 GiB - 1", FMT_V4, GP_EV_QUERY, 0xffffffffu, 40, GTIDPOS_OK, 19,
     0xffffffffu - 19},
    {"CRC: one byte missing", FMT_V4_CRC, GP_EV_XID, 31, 30, GTIDPOS_OK, 19, 8},
    {"first event: v1 start cut", NO_FDE, GP_EV_START_V3, 69, 40, GTIDPOS_OK, 13, 56},
};
#define N_FRAME (sizeof frame_cases / sizeof frame_cases[0])

START_TEST(test_frame)
{
    const struct frame_case *c = &frame_cases[_i];
    gp_fde f = fde_of(c->fmt == NO_FDE ? FMT_V4 : (enum fmt)c->fmt);
    const gp_fde *fp = c->fmt == NO_FDE ? NULL : &f;
    uint8_t raw[256];
    uint8_t *buf;
    gp_event ev;
    gp_error e;
    gtidpos_status rc;
    const uint64_t off = 0x100000004ull; /* past 4 GiB: offsets are 64-bit */

    memset(raw, 0xa5, sizeof raw);
    /* timestamp, type, server id, size, log_pos, flags */
    raw[0] = 0x01, raw[1] = 0x02, raw[2] = 0x03, raw[3] = 0x04;
    raw[GP_EVH_TYPE] = c->type;
    raw[5] = 0x11, raw[6] = 0x22, raw[7] = 0x33, raw[8] = 0x44;
    for (int i = 0; i < 4; i++)
        raw[GP_EVH_EVENT_SIZE + i] = (uint8_t)(c->size >> (8 * i));
    raw[13] = 0x10, raw[14] = 0x20, raw[15] = 0x30, raw[16] = 0x40;
    raw[17] = 0x01, raw[18] = 0x80;
    ck_assert_uint_le(c->avail, sizeof raw);
    buf = exact_copy(raw, c->avail);
    gp_error_clear(&e);
    rc = gp_event_frame(&ev, buf, c->avail, off, fp, "frame.bin", &e);
    ck_assert_msg(rc == c->want, "%s: got %s want %s (%s)", c->name, gp_strerror(rc),
                  gp_strerror(c->want), e.msg);
    if (rc == GTIDPOS_OK) {
        ck_assert_ptr_eq(ev.data, buf);
        ck_assert_uint_eq(ev.header_len, c->hlen);
        if (c->size <= c->avail) {
            gp_event_set_body(&ev, fp, c->size);
            ck_assert_ptr_eq(ev.body, buf + c->hlen);
            ck_assert_uint_eq(ev.body_len, c->body_len);
            ck_assert_int_eq(ev.partial, 0);
        } else {
            gp_error te;
            gp_error_clear(&te);
            ck_assert_int_eq(gp_event_truncated(&ev, c->avail, "frame.bin", &te),
                             GTIDPOS_ERR_TRUNCATED);
            ck_assert_int_eq(te.code, GTIDPOS_ERR_TRUNCATED);
            ck_assert(te.offset == (int64_t)off);
            ck_assert_str_eq(te.file, "frame.bin");
            ck_assert(te.msg[0] != '\0');
        }
        ck_assert_uint_eq(ev.size, c->size);
        ck_assert_uint_eq(ev.type, c->type);
        ck_assert(ev.offset == off);
        ck_assert(gp_event_end(&ev) == off + c->size);
        ck_assert_uint_eq(ev.timestamp, 0x04030201u);
        ck_assert_uint_eq(ev.server_id, 0x44332211u);
        if (c->hlen >= GP_EVH_LEN_V4) {
            ck_assert_uint_eq(ev.log_pos, 0x40302010u);
            ck_assert_uint_eq(ev.flags, 0x8001u);
        } else {
            /* binlog v1 headers have neither field */
            ck_assert_uint_eq(ev.log_pos, 0);
            ck_assert_uint_eq(ev.flags, 0);
        }
    } else {
        ck_assert_int_eq(e.code, c->want);
        ck_assert(e.offset == (int64_t)off);
        ck_assert_str_eq(e.file, "frame.bin");
        ck_assert(e.msg[0] != '\0');
    }
    exact_free(buf, c->avail);
}
END_TEST

/* Only the first bytes of a large event are kept: the body is what is
 * there, and the event says so. */
START_TEST(test_event_partial)
{
    static const enum fmt fmts[] = {FMT_V4, FMT_V4_CRC, FMT_GOOGLE};

    for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++) {
        gp_fde f = fde_of(fmts[k]);
        uint8_t body[200];
        tev t;

        memset(body, 'x', sizeof body);
        tev_make(&t, &f, GP_EV_QUERY, 1, body, sizeof body, 4);
        gp_event_set_body(&t.ev, &f, (uint32_t)f.header_len + 50);
        ck_assert_int_eq(t.ev.partial, 1);
        ck_assert_ptr_eq(t.ev.body, t.buf + f.header_len);
        ck_assert_uint_eq(t.ev.body_len, 50);
        gp_event_set_body(&t.ev, &f, (uint32_t)t.len);
        ck_assert_int_eq(t.ev.partial, 0);
        ck_assert_uint_eq(t.ev.body_len, sizeof body);
        tev_free(&t);
    }
}
END_TEST

START_TEST(test_event_crc)
{
    gp_fde f = fde_of(FMT_V4_CRC);
    bb body = {{0}, 0};
    tev t;
    uint8_t *copy;

    bb_u64(&body, 0x1122334455667788ull);
    tev_make(&t, &f, GP_EV_XID, 1, body.d, body.n, 4);
    ck_assert(gp_event_crc_ok(&t.ev));
    /* Every single-bit error anywhere in the event is detected. */
    copy = t.buf;
    for (size_t i = 0; i < t.len; i++)
        for (int bit = 0; bit < 8; bit++) {
            copy[i] ^= (uint8_t)(1u << bit);
            ck_assert_msg(!gp_event_crc_ok(&t.ev), "byte %zu bit %d", i, bit);
            copy[i] ^= (uint8_t)(1u << bit);
        }
    ck_assert(gp_event_crc_ok(&t.ev));
    tev_free(&t);

    /* The smallest checksummed event: header and trailer. */
    tev_make(&t, &f, GP_EV_STOP, 1, NULL, 0, 4);
    ck_assert(gp_event_crc_ok(&t.ev));
    tev_free(&t);
}
END_TEST

START_TEST(test_event_name)
{
    char buf[16];

    ck_assert_str_eq(gp_event_name(GP_EV_QUERY, buf), "Query");
    ck_assert_str_eq(gp_event_name(GP_EV_XID, buf), "Xid");
    ck_assert_str_eq(gp_event_name(250, buf), "type 250");
    ck_assert_str_eq(gp_event_name(255, buf), "type 255");
}
END_TEST

/* ---- MySQL GTID and ANONYMOUS_GTID -------------------------------------- */

static const struct gtid_case {
    const char *name;
    uint8_t type;
    size_t body_len;    /* flags, SID, GNO, then zero padding */
    uint64_t gno;
    gtidpos_status want;
    const char *text;   /* gp_mysql_gtid_format, when OK and not anonymous */
} gtid_cases[] = {
    {"minimal", GP_EV_GTID, 25, 1, GTIDPOS_OK, U1 ":1"},
    {"5.7 with logical clock", GP_EV_GTID, 42, 7, GTIDPOS_OK, U1 ":7"},
    {"8.0 with timestamps", GP_EV_GTID, 75, 123456789, GTIDPOS_OK, U1 ":123456789"},
    {"GNO max", GP_EV_GTID, 42, GP_MYSQL_GNO_MAX, GTIDPOS_OK, U1 ":" GNO_MAX_TEXT},
    {"GNO 0", GP_EV_GTID, 42, 0, GTIDPOS_ERR_CORRUPT, NULL},
    {"GNO 2^63-1", GP_EV_GTID, 42, (uint64_t)INT64_MAX, GTIDPOS_ERR_CORRUPT, NULL},
    {"GNO 2^63", GP_EV_GTID, 42, 1ull << 63, GTIDPOS_ERR_CORRUPT, NULL},
    {"GNO 2^64-1", GP_EV_GTID, 42, UINT64_MAX, GTIDPOS_ERR_CORRUPT, NULL},
    {"24 bytes", GP_EV_GTID, 24, 1, GTIDPOS_ERR_CORRUPT, NULL},
    {"17 bytes", GP_EV_GTID, 17, 1, GTIDPOS_ERR_CORRUPT, NULL},
    {"1 byte", GP_EV_GTID, 1, 1, GTIDPOS_ERR_CORRUPT, NULL},
    {"empty", GP_EV_GTID, 0, 1, GTIDPOS_ERR_CORRUPT, NULL},
    {"anonymous", GP_EV_ANONYMOUS_GTID, 42, 0, GTIDPOS_OK, NULL},
    {"anonymous minimal", GP_EV_ANONYMOUS_GTID, 25, 0, GTIDPOS_OK, NULL},
    {"anonymous 24 bytes", GP_EV_ANONYMOUS_GTID, 24, 0, GTIDPOS_ERR_CORRUPT, NULL},
};
#define N_GTID (sizeof gtid_cases / sizeof gtid_cases[0])

static void build_gtid_body(bb *b, const char *uuid, uint64_t gno, size_t len)
{
    bb full = {{0}, 0};

    bb_u8(&full, 1); /* commit flag */
    bb_uuid(&full, uuid);
    bb_u64(&full, gno);
    while (full.n < len)
        bb_u8(&full, (uint8_t)full.n);
    b->n = 0;
    bb_mem(b, full.d, len);
}

START_TEST(test_mysql_gtid)
{
    const struct gtid_case *c = &gtid_cases[_i];
    static const enum fmt fmts[] = {FMT_V4, FMT_V4_CRC};

    for (size_t k = 0; k < 2; k++) {
        gp_fde f = fde_of(fmts[k]);
        bb body;
        tev t;
        gp_mysql_gtid g;
        gp_error e;
        gtidpos_status rc;

        build_gtid_body(&body, U1, c->gno, c->body_len);
        tev_make(&t, &f, c->type, 1, body.d, body.n, 1000);
        gp_error_clear(&e);
        rc = gp_decode_mysql_gtid(&t.ev, &g, "test.bin", &e);
        ck_assert_msg(rc == c->want, "%s (fmt %zu): got %s (%s)", c->name, k,
                      gp_strerror(rc), e.msg);
        if (rc == GTIDPOS_OK) {
            gp_uuid u = uuid_of(U1);
            ck_assert_int_eq(g.anonymous, c->type == GP_EV_ANONYMOUS_GTID);
            ck_assert_mem_eq(g.uuid.b, u.b, 16);
            ck_assert_uint_eq(g.tag_len, 0);
            ck_assert_str_eq(g.tag, "");
            if (c->text != NULL) {
                char text[128];
                ck_assert(g.gno == c->gno);
                gp_mysql_gtid_format(&g, text, sizeof text);
                ck_assert_str_eq(text, c->text);
            }
        } else {
            ck_assert_int_eq(e.code, GTIDPOS_ERR_CORRUPT);
            ck_assert(e.offset == 1000);
        }
        tev_free(&t);
    }
}
END_TEST

/* ---- MySQL tagged GTID (serialization format) --------------------------- */

enum {
    TF_FLAGS = 1, TF_SID = 2, TF_GNO = 4, TF_TAG = 8, TF_TAIL = 16,
    TF_ALL = 31
};

static const struct tgtid_case {
    const char *name;
    unsigned fields;       /* TF_* present */
    const char *uuid;
    int64_t gno;
    const char *tag;
    int bad_sid_byte;      /* one SID element encoded as 256 */
    int64_t tag_len_delta; /* added to the tag's declared length */
    int payload_mode;      /* 0 exact, 1 one too big, 2 below the header,
                              3 ends inside the GNO */
    size_t extra;          /* bytes after the message */
    gtidpos_status want;
    const char *text;
} tgtid_cases[] = {
    {"full", TF_ALL, U1, 5, "mytag", 0, 0, 0, 0, GTIDPOS_OK, U1 ":mytag:5"},
    {"SID bytes >= 0x80 take two bytes each", TF_ALL, U4, 1, "t", 0, 0, 0, 0, GTIDPOS_OK,
     U4 ":t:1"},
    {"no fields after the tag", TF_FLAGS | TF_SID | TF_GNO | TF_TAG, U1, 9, "x", 0, 0,
     0, 0, GTIDPOS_OK, U1 ":x:9"},
    {"no tag field", TF_FLAGS | TF_SID | TF_GNO | TF_TAIL, U1, 5, NULL, 0, 0, 0, 0,
     GTIDPOS_OK, U1 ":5"},
    {"empty tag", TF_ALL, U1, 5, "", 0, 0, 0, 0, GTIDPOS_OK, U1 ":5"},
    {"no flags field", TF_SID | TF_GNO | TF_TAG | TF_TAIL, U1, 5, "a", 0, 0, 0, 0, GTIDPOS_OK,
     U1 ":a:5"},
    {"32-character tag", TF_ALL, U1, 5, TAG32, 0, 0, 0, 0, GTIDPOS_OK, U1 ":" TAG32 ":5"},
    {"GNO max", TF_ALL, U1, (int64_t)GP_MYSQL_GNO_MAX, "t", 0, 0, 0, 0, GTIDPOS_OK,
     U1 ":t:" GNO_MAX_TEXT},
    {"multi-byte GNO", TF_ALL, U1, 1000000, "t", 0, 0, 0, 0, GTIDPOS_OK, U1 ":t:1000000"},
    {"bytes after the message", TF_ALL, U1, 5, "t", 0, 0, 0, 7, GTIDPOS_OK, U1 ":t:5"},
    {"GNO 0", TF_ALL, U1, 0, "t", 0, 0, 0, 0, GTIDPOS_ERR_CORRUPT, NULL},
    {"GNO -1", TF_ALL, U1, -1, "t", 0, 0, 0, 0, GTIDPOS_ERR_CORRUPT, NULL},
    {"GNO INT64_MAX", TF_ALL, U1, INT64_MAX, "t", 0, 0, 0, 0, GTIDPOS_ERR_CORRUPT, NULL},
    {"GNO INT64_MIN", TF_ALL, U1, INT64_MIN, "t", 0, 0, 0, 0, GTIDPOS_ERR_CORRUPT, NULL},
    {"SID element 256", TF_ALL, U1, 5, "t", 1, 0, 0, 0, GTIDPOS_ERR_CORRUPT, NULL},
    {"no SID", TF_FLAGS | TF_GNO | TF_TAG | TF_TAIL, U1, 5, "t", 0, 0, 0, 0,
     GTIDPOS_ERR_CORRUPT, NULL},
    {"no GNO", TF_FLAGS | TF_SID | TF_TAG | TF_TAIL, U1, 5, "t", 0, 0, 0, 0,
     GTIDPOS_ERR_CORRUPT, NULL},
    {"only later fields", TF_TAIL, U1, 5, "t", 0, 0, 0, 0, GTIDPOS_ERR_CORRUPT, NULL},
    {"no fields", 0, U1, 5, "t", 0, 0, 0, 0, GTIDPOS_ERR_CORRUPT, NULL},
    {"33-character tag", TF_ALL, U1, 5, TAG33, 0, 0, 0, 0, GTIDPOS_ERR_CORRUPT, NULL},
    {"tag length past the message", TF_FLAGS | TF_SID | TF_GNO | TF_TAG, U1, 5, "abc", 0,
     10, 0, 0, GTIDPOS_ERR_CORRUPT, NULL},
    {"payload size past the body", TF_ALL, U1, 5, "t", 0, 0, 1, 0, GTIDPOS_ERR_CORRUPT, NULL},
    {"payload size below the header", TF_ALL, U1, 5, "t", 0, 0, 2, 0, GTIDPOS_ERR_CORRUPT,
     NULL},
    {"payload ends inside the GNO", TF_ALL, U1, 1000000, "t", 0, 0, 3, 0,
     GTIDPOS_ERR_CORRUPT, NULL},
};
#define N_TGTID (sizeof tgtid_cases / sizeof tgtid_cases[0])

/* The body of a GTID_TAGGED event; *gno_at receives the GNO value's offset. */
static void build_tagged_body(bb *out, const struct tgtid_case *c, size_t *gno_at)
{
    bb fl = {{0}, 0};
    size_t head, payload, gno_field = 0;

    if (c->fields & TF_FLAGS) {
        bb_varlen(&fl, GP_TGTID_FLAGS);
        bb_varlen(&fl, 1);
    }
    if (c->fields & TF_SID) {
        gp_uuid u = uuid_of(c->uuid);
        bb_varlen(&fl, GP_TGTID_SID);
        for (int i = 0; i < 16; i++)
            bb_varlen(&fl, c->bad_sid_byte && i == 7 ? 256 : u.b[i]);
    }
    if (c->fields & TF_GNO) {
        bb_varlen(&fl, GP_TGTID_GNO);
        gno_field = fl.n;
        bb_varlen_signed(&fl, c->gno);
    }
    if ((c->fields & TF_TAG) && c->tag != NULL) {
        bb_varlen(&fl, GP_TGTID_TAG);
        bb_varlen(&fl, (uint64_t)((int64_t)strlen(c->tag) + c->tag_len_delta));
        bb_str(&fl, c->tag);
    }
    if (c->fields & TF_TAIL) {
        bb_varlen(&fl, 4);                       /* last_committed */
        bb_varlen_signed(&fl, 1234);
        bb_varlen(&fl, 5);                       /* sequence_number */
        bb_varlen_signed(&fl, 1235);
        bb_varlen(&fl, 6);                       /* immediate_commit_timestamp */
        bb_varlen(&fl, 1715862439742844ull);
        bb_varlen(&fl, 8);                       /* transaction_length */
        bb_varlen(&fl, 321);
        bb_varlen(&fl, 9);                       /* immediate_server_version */
        bb_varlen(&fl, 80400);
    }
    /* version byte, varlen payload size (which counts itself), varlen
     * last_non_ignorable_field_id, fields */
    head = 1 + 1;
    payload = head + 1 + fl.n;
    while (head + varlen_size(payload) + fl.n != payload)
        payload = head + varlen_size(payload) + fl.n;
    out->n = 0;
    bb_u8(out, 0);
    switch (c->payload_mode) {
    case 1: bb_varlen(out, payload + c->extra + 1); break;
    case 2: bb_varlen(out, 2); break;
    case 3: bb_varlen(out, 0); break; /* patched below */
    default: bb_varlen(out, payload); break;
    }
    bb_varlen(out, 3); /* last_non_ignorable_field_id */
    *gno_at = out->n + gno_field;
    bb_mem(out, fl.d, fl.n);
    for (size_t i = 0; i < c->extra; i++)
        bb_u8(out, 0xab);
    if (c->payload_mode == 3) {
        /* the GNO value here is multi-byte: end the message after its first
         * byte, keeping the size field's own length unchanged */
        size_t cut = *gno_at + 1;
        bb fix = {{0}, 0};
        ck_assert_uint_ge(varlen_size(c->gno >= 0 ? (uint64_t)c->gno << 1 : 1), 2);
        bb_varlen(&fix, cut);
        ck_assert_uint_eq(fix.n, varlen_size(0));
        out->d[1] = fix.d[0];
    }
}

START_TEST(test_tagged_gtid)
{
    const struct tgtid_case *c = &tgtid_cases[_i];
    static const enum fmt fmts[] = {FMT_V4, FMT_V4_CRC};

    for (size_t k = 0; k < 2; k++) {
        gp_fde f = fde_of(fmts[k]);
        bb body;
        size_t gno_at;
        tev t;
        gp_mysql_gtid g;
        gp_error e;
        gtidpos_status rc;

        build_tagged_body(&body, c, &gno_at);
        tev_make(&t, &f, GP_EV_GTID_TAGGED, 1, body.d, body.n, 2000);
        gp_error_clear(&e);
        rc = gp_decode_mysql_gtid(&t.ev, &g, "test.bin", &e);
        ck_assert_msg(rc == c->want, "%s (fmt %zu): got %s (%s)", c->name, k,
                      gp_strerror(rc), e.msg);
        if (rc == GTIDPOS_OK) {
            char text[160];
            gp_uuid u = uuid_of(c->uuid);
            ck_assert_int_eq(g.anonymous, 0);
            ck_assert_mem_eq(g.uuid.b, u.b, 16);
            ck_assert(g.gno == (uint64_t)c->gno);
            ck_assert_uint_eq(g.tag_len, strlen(g.tag));
            gp_mysql_gtid_format(&g, text, sizeof text);
            ck_assert_str_eq(text, c->text);
        } else {
            ck_assert_int_eq(e.code, GTIDPOS_ERR_CORRUPT);
            ck_assert(e.offset == 2000);
        }
        tev_free(&t);
    }
}
END_TEST

/* Every strict prefix of a good tagged GTID body is refused: the payload
 * size then exceeds the body. */
START_TEST(test_tagged_gtid_prefixes)
{
    gp_fde f = fde_of(FMT_V4_CRC);
    bb body;
    size_t gno_at;

    build_tagged_body(&body, &tgtid_cases[0], &gno_at);
    for (size_t cut = 0; cut < body.n; cut++) {
        tev t;
        gp_mysql_gtid g;
        gp_error e;

        tev_make(&t, &f, GP_EV_GTID_TAGGED, 1, body.d, cut, 4);
        ck_assert_msg(gp_decode_mysql_gtid(&t.ev, &g, "t", &e) == GTIDPOS_ERR_CORRUPT,
                      "prefix of %zu bytes accepted", cut);
        tev_free(&t);
    }
}
END_TEST

/* ---- Previous_gtids ----------------------------------------------------- */

#define ACTUAL UINT64_MAX /* "write the true count" */

struct pg_sid {
    const char *uuid;
    const char *tag;           /* tagged format only */
    uint64_t tag_len_decl;     /* ACTUAL or a declared length */
    uint64_t n_iv_decl;        /* ACTUAL or a declared count */
    int n_iv;
    uint64_t iv[3][2];         /* [start, end) */
};

static const struct pg_case {
    const char *name;
    int tagged;
    uint64_t head_raw;         /* 0: built from the format and n_sids_decl */
    uint64_t n_sids_decl;      /* ACTUAL or a declared count */
    int n_sids;
    struct pg_sid sids[3];
    size_t trailing;
    const char *want;          /* set text, or NULL for GTIDPOS_ERR_CORRUPT */
} pg_cases[] = {
    {"no UUIDs", 0, 0, ACTUAL, 0, {{0}}, 0, ""},
    {"one interval", 0, 0, ACTUAL, 1, {{U1, NULL, ACTUAL, ACTUAL, 1, {{1, 6}}}}, 0,
     U1 ":1-5"},
    {"one GNO", 0, 0, ACTUAL, 1, {{U1, NULL, ACTUAL, ACTUAL, 1, {{42, 43}}}}, 0,
     U1 ":42"},
    {"several UUIDs, stored out of order", 0, 0, ACTUAL, 2,
     {{U2, NULL, ACTUAL, ACTUAL, 2, {{1, 6}, {7, 10}}},
      {U1, NULL, ACTUAL, ACTUAL, 1, {{1, 2}}}},
     0, U1 ":1," U2 ":1-5:7-9"},
    {"adjacent intervals merge", 0, 0, ACTUAL, 1,
     {{U1, NULL, ACTUAL, ACTUAL, 2, {{1, 3}, {3, 5}}}}, 0, U1 ":1-4"},
    {"UUID without intervals", 0, 0, ACTUAL, 1, {{U1, NULL, ACTUAL, ACTUAL, 0, {{0}}}},
     0, ""},
    {"up to the largest GNO", 0, 0, ACTUAL, 1,
     {{U1, NULL, ACTUAL, ACTUAL, 1, {{1, (uint64_t)INT64_MAX}}}}, 0,
     U1 ":1-" GNO_MAX_TEXT},
    {"tagged: untagged and tagged GTIDs of one UUID", 1, 0, ACTUAL, 2,
     {{U1, "", ACTUAL, ACTUAL, 1, {{1, 4}}}, {U1, "mytag", ACTUAL, ACTUAL, 1, {{1, 3}}}},
     0, U1 ":1-3:mytag:1-2"},
    {"tagged: two UUIDs", 1, 0, ACTUAL, 2,
     {{U2, "b", ACTUAL, ACTUAL, 1, {{5, 6}}}, {U1, "a", ACTUAL, ACTUAL, 2, {{1, 2}, {4, 8}}}},
     0, U1 ":a:1:4-7," U2 ":b:5"},
    {"tagged: upper-case tag is lowered", 1, 0, ACTUAL, 1,
     {{U1, "MyTag", ACTUAL, ACTUAL, 1, {{1, 3}}}}, 0, U1 ":mytag:1-2"},
    {"tagged: 32-character tag", 1, 0, ACTUAL, 1,
     {{U1, TAG32, ACTUAL, ACTUAL, 1, {{7, 8}}}}, 0, U1 ":" TAG32 ":7"},
    {"tagged: no UUIDs", 1, 0, ACTUAL, 0, {{0}}, 0, ""},
    /* counts the body cannot hold */
    {"two UUIDs claimed, one stored", 0, 0, 2, 1,
     {{U1, NULL, ACTUAL, ACTUAL, 1, {{1, 2}}}}, 0, NULL},
    {"2^64-2 UUIDs claimed", 0, 0, UINT64_MAX - 1, 1,
     {{U1, NULL, ACTUAL, ACTUAL, 1, {{1, 2}}}}, 0, NULL},
    {"2^55 UUIDs claimed", 0, 0, 1ull << 55, 1,
     {{U1, NULL, ACTUAL, ACTUAL, 1, {{1, 2}}}}, 0, NULL},
    {"two intervals claimed, one stored", 0, 0, ACTUAL, 1,
     {{U1, NULL, ACTUAL, 2, 1, {{1, 2}}}}, 0, NULL},
    {"2^64-2 intervals claimed", 0, 0, ACTUAL, 1,
     {{U1, NULL, ACTUAL, UINT64_MAX - 1, 1, {{1, 2}}}}, 0, NULL},
    {"2^60 intervals claimed (16 * n wraps)", 0, 0, ACTUAL, 1,
     {{U1, NULL, ACTUAL, 1ull << 60, 1, {{1, 2}}}}, 0, NULL},
    {"second UUID's intervals overrun", 0, 0, ACTUAL, 2,
     {{U1, NULL, ACTUAL, ACTUAL, 1, {{1, 2}}}, {U2, NULL, ACTUAL, 3, 2, {{1, 2}, {3, 4}}}},
     0, NULL},
    /* bad intervals */
    {"start == end", 0, 0, ACTUAL, 1, {{U1, NULL, ACTUAL, ACTUAL, 1, {{5, 5}}}}, 0, NULL},
    {"start > end", 0, 0, ACTUAL, 1, {{U1, NULL, ACTUAL, ACTUAL, 1, {{6, 5}}}}, 0, NULL},
    {"start 0", 0, 0, ACTUAL, 1, {{U1, NULL, ACTUAL, ACTUAL, 1, {{0, 5}}}}, 0, NULL},
    {"end past the largest GNO", 0, 0, ACTUAL, 1,
     {{U1, NULL, ACTUAL, ACTUAL, 1, {{1, 1ull << 63}}}}, 0, NULL},
    {"end 2^64-1", 0, 0, ACTUAL, 1, {{U1, NULL, ACTUAL, ACTUAL, 1, {{1, UINT64_MAX}}}}, 0,
     NULL},
    {"second interval bad", 0, 0, ACTUAL, 1,
     {{U1, NULL, ACTUAL, ACTUAL, 2, {{1, 3}, {9, 9}}}}, 0, NULL},
    /* trailing bytes */
    {"one trailing byte", 0, 0, ACTUAL, 1, {{U1, NULL, ACTUAL, ACTUAL, 1, {{1, 2}}}}, 1,
     NULL},
    {"trailing bytes after no UUIDs", 0, 0, ACTUAL, 0, {{0}}, 8, NULL},
    {"tagged: trailing bytes", 1, 0, ACTUAL, 1, {{U1, "t", ACTUAL, ACTUAL, 1, {{1, 2}}}},
     3, NULL},
    /* tagged format errors */
    {"tagged: 33-character tag", 1, 0, ACTUAL, 1,
     {{U1, TAG33, ACTUAL, ACTUAL, 1, {{1, 2}}}}, 0, NULL},
    {"tagged: tag length past the body", 1, 0, ACTUAL, 1,
     {{U1, "abc", 30, ACTUAL, 1, {{1, 2}}}}, 0, NULL},
    {"tagged: tag starting with a digit", 1, 0, ACTUAL, 1,
     {{U1, "1abc", ACTUAL, ACTUAL, 1, {{1, 2}}}}, 0, NULL},
    {"tagged: tag with a colon", 1, 0, ACTUAL, 1,
     {{U1, "a:b", ACTUAL, ACTUAL, 1, {{1, 2}}}}, 0, NULL},
    {"tagged: two UUIDs claimed, one stored", 1, 0, 2, 1,
     {{U1, "t", ACTUAL, ACTUAL, 1, {{1, 2}}}}, 0, NULL},
    {"tagged: inconsistent low marker byte", 1, (1ull << 56) | (1ull << 8) | 0, ACTUAL,
     1, {{U1, "t", ACTUAL, ACTUAL, 1, {{1, 2}}}}, 0, NULL},
    {"tagged: low marker byte 2", 1, (1ull << 56) | (1ull << 8) | 2, ACTUAL, 1,
     {{U1, "t", ACTUAL, ACTUAL, 1, {{1, 2}}}}, 0, NULL},
};
#define N_PG (sizeof pg_cases / sizeof pg_cases[0])

static void build_pg_body(bb *b, const struct pg_case *c)
{
    uint64_t n = c->n_sids_decl == ACTUAL ? (uint64_t)c->n_sids : c->n_sids_decl;

    b->n = 0;
    if (c->head_raw != 0)
        bb_u64(b, c->head_raw);
    else if (c->tagged)
        bb_u64(b, ((uint64_t)GP_PGTID_FORMAT_TAGGED << 56) | (n << 8) |
                      GP_PGTID_FORMAT_TAGGED);
    else
        bb_u64(b, n);
    for (int i = 0; i < c->n_sids; i++) {
        const struct pg_sid *s = &c->sids[i];
        bb_uuid(b, s->uuid);
        if (c->tagged) {
            bb_varlen(b, s->tag_len_decl == ACTUAL ? strlen(s->tag) : s->tag_len_decl);
            bb_str(b, s->tag);
        }
        bb_u64(b, s->n_iv_decl == ACTUAL ? (uint64_t)s->n_iv : s->n_iv_decl);
        for (int k = 0; k < s->n_iv; k++) {
            bb_u64(b, s->iv[k][0]);
            bb_u64(b, s->iv[k][1]);
        }
    }
    for (size_t i = 0; i < c->trailing; i++)
        bb_u8(b, 0);
}

static gtidpos_status decode_pg(const gp_fde *f, const uint8_t *body, size_t len,
                        gp_mysql_set *s, gp_error *e)
{
    tev t;
    gtidpos_status rc;

    tev_make(&t, f, GP_EV_PREVIOUS_GTIDS, 1, body, len, 124);
    gp_error_clear(e);
    rc = gp_decode_previous_gtids(&t.ev, s, "test.bin", e);
    tev_free(&t);
    return rc;
}

START_TEST(test_previous_gtids)
{
    const struct pg_case *c = &pg_cases[_i];
    static const enum fmt fmts[] = {FMT_V4, FMT_V4_CRC};

    for (size_t k = 0; k < 2; k++) {
        gp_fde f = fde_of(fmts[k]);
        gp_mysql_set *s = gp_mysql_set_new();
        bb body;
        gp_error e;
        gtidpos_status rc;

        ck_assert_ptr_nonnull(s);
        build_pg_body(&body, c);
        rc = decode_pg(&f, body.d, body.n, s, &e);
        if (c->want != NULL) {
            char *text;
            ck_assert_msg(rc == GTIDPOS_OK, "%s (fmt %zu): %s (%s)", c->name, k,
                          gp_strerror(rc), e.msg);
            text = gp_mysql_set_to_string(s);
            ck_assert_ptr_nonnull(text);
            ck_assert_str_eq(text, c->want);
            free(text);
        } else {
            ck_assert_msg(rc == GTIDPOS_ERR_CORRUPT, "%s (fmt %zu): got %s", c->name, k,
                          gp_strerror(rc));
            ck_assert_int_eq(e.code, GTIDPOS_ERR_CORRUPT);
            ck_assert(e.offset == 124);
        }
        gp_mysql_set_free(s);
    }
}
END_TEST

/* Every strict prefix of a well-formed body is refused (never read past). */
START_TEST(test_previous_gtids_prefixes)
{
    static const int which[] = {3, 8, 7}; /* untagged multi, tagged x2 */
    gp_fde f = fde_of(FMT_V4_CRC);

    for (size_t w = 0; w < sizeof which / sizeof which[0]; w++) {
        bb body;
        build_pg_body(&body, &pg_cases[which[w]]);
        ck_assert(pg_cases[which[w]].want != NULL);
        for (size_t cut = 0; cut < body.n; cut++) {
            gp_mysql_set *s = gp_mysql_set_new();
            gp_error e;
            gtidpos_status rc = decode_pg(&f, body.d, cut, s, &e);
            ck_assert_msg(rc == GTIDPOS_ERR_CORRUPT, "%s cut to %zu: %s",
                          pg_cases[which[w]].name, cut, gp_strerror(rc));
            gp_mysql_set_free(s);
        }
    }
}
END_TEST

/* The event's set is added to what the caller's set already holds. */
START_TEST(test_previous_gtids_union)
{
    gp_fde f = fde_of(FMT_V4);
    gp_mysql_set *s = gp_mysql_set_new();
    const char *before = U1 ":1-3," U2 ":10";
    bb body;
    gp_error e;
    char *text;

    ck_assert_int_eq(gp_mysql_set_parse(s, before, strlen(before), NULL, 0), 0);
    build_pg_body(&body, &pg_cases[3]); /* U1:1, U2:1-5:7-9 */
    ck_assert_int_eq(decode_pg(&f, body.d, body.n, s, &e), GTIDPOS_OK);
    text = gp_mysql_set_to_string(s);
    ck_assert_str_eq(text, U1 ":1-3," U2 ":1-5:7-10");
    free(text);
    gp_mysql_set_free(s);
}
END_TEST

/* ---- MariaDB GTID ------------------------------------------------------- */

static const struct mgtid_case {
    const char *name;
    size_t body_len;     /* seq, domain, flags2, then padding */
    uint64_t seq;
    uint32_t domain;
    uint8_t flags2;
    uint32_t server_id;  /* from the header */
    gtidpos_status want;
} mgtid_cases[] = {
    {"minimal", 13, 100, 0, GP_MFL_STANDALONE | GP_MFL_DDL, 1, GTIDPOS_OK},
    {"with commit id", 21, 7, 2, GP_MFL_TRANSACTIONAL | GP_MFL_GROUP_COMMIT_ID, 101, GTIDPOS_OK},
    {"padded (10.x writes 19 or more)", 19, 5, 0, GP_MFL_TRANSACTIONAL, 2, GTIDPOS_OK},
    {"XA with XID", 13 + 6 + 20, 9, 1, GP_MFL_PREPARED_XA, 3, GTIDPOS_OK},
    {"largest values", 13, UINT64_MAX, UINT32_MAX, 0xff, UINT32_MAX, GTIDPOS_OK},
    {"12 bytes", 12, 1, 0, 0, 1, GTIDPOS_ERR_CORRUPT},
    {"8 bytes", 8, 1, 0, 0, 1, GTIDPOS_ERR_CORRUPT},
    {"empty", 0, 1, 0, 0, 1, GTIDPOS_ERR_CORRUPT},
};
#define N_MGTID (sizeof mgtid_cases / sizeof mgtid_cases[0])

START_TEST(test_mariadb_gtid)
{
    const struct mgtid_case *c = &mgtid_cases[_i];
    gp_fde f = fde_of(FMT_MARIA_CRC);
    bb full = {{0}, 0};
    tev t;
    gp_mariadb_gtid g;
    uint8_t flags2 = 0;
    gp_error e;
    gtidpos_status rc;

    bb_u64(&full, c->seq);
    bb_u32(&full, c->domain);
    bb_u8(&full, c->flags2);
    while (full.n < c->body_len)
        bb_u8(&full, 0x5a);
    tev_make(&t, &f, GP_EV_MARIA_GTID, c->server_id, full.d, c->body_len, 256);
    gp_error_clear(&e);
    rc = gp_decode_mariadb_gtid(&t.ev, &g, &flags2, "test.bin", &e);
    ck_assert_msg(rc == c->want, "%s: %s", c->name, gp_strerror(rc));
    if (rc == GTIDPOS_OK) {
        ck_assert(g.seq == c->seq);
        ck_assert_uint_eq(g.domain, c->domain);
        ck_assert_uint_eq(g.server_id, c->server_id);
        ck_assert_uint_eq(flags2, c->flags2);
    } else {
        ck_assert_int_eq(e.code, GTIDPOS_ERR_CORRUPT);
        ck_assert(e.offset == 256);
    }
    tev_free(&t);
}
END_TEST

/* ---- MariaDB Gtid_list -------------------------------------------------- */

static const struct glist_case {
    const char *name;
    uint32_t count_word;   /* as stored: flags in the top 4 bits */
    int n;                 /* entries stored */
    gp_mariadb_gtid e[3];  /* domain, server, seq */
    size_t trailing;
    const char *want;      /* state text, NULL for GTIDPOS_ERR_CORRUPT */
} glist_cases[] = {
    {"empty", 0, 0, {{0}}, 0, ""},
    {"two domains", 2, 2, {{0, 1, 5}, {1, 2, 7}}, 0, "0-1-5,1-2-7"},
    {"stored out of domain order", 2, 2, {{5, 1, 9}, {1, 2, 3}}, 0, "1-2-3,5-1-9"},
    {"a domain twice: the later entry wins", 2, 2, {{0, 1, 5}, {0, 2, 3}}, 0, "0-2-3"},
    {"flag bits in the count", 0x10000000u | 1, 1, {{0, 1, 5}}, 0, "0-1-5"},
    {"all four flag bits", 0xf0000000u | 2, 2, {{3, 1, 1}, {4, 1, 2}}, 0, "3-1-1,4-1-2"},
    {"flags only, no entries", 0xf0000000u, 0, {{0}}, 0, ""},
    {"two bytes of padding (MariaDB 10.3+)", 1, 1, {{0, 1, 5}}, 2, "0-1-5"},
    {"more extra bytes", 1, 1, {{0, 1, 5}}, 15, "0-1-5"},
    {"largest values", 1, 1, {{UINT32_MAX, UINT32_MAX, UINT64_MAX}}, 0,
     "4294967295-4294967295-18446744073709551615"},
    {"three claimed, two stored", 3, 2, {{0, 1, 5}, {1, 2, 7}}, 0, NULL},
    {"2^28-1 claimed", 0x0fffffffu, 1, {{0, 1, 5}}, 0, NULL},
    {"2^28-1 claimed with flags", 0xffffffffu, 1, {{0, 1, 5}}, 0, NULL},
    {"one claimed, 15 bytes stored", 1, 0, {{0}}, 15, NULL},
};
#define N_GLIST (sizeof glist_cases / sizeof glist_cases[0])

static void build_glist_body(bb *b, const struct glist_case *c)
{
    b->n = 0;
    bb_u32(b, c->count_word);
    for (int i = 0; i < c->n; i++) {
        bb_u32(b, c->e[i].domain);
        bb_u32(b, c->e[i].server_id);
        bb_u64(b, c->e[i].seq);
    }
    for (size_t i = 0; i < c->trailing; i++)
        bb_u8(b, 0);
}

static gtidpos_status decode_glist(const uint8_t *body, size_t len, gp_mariadb_state *st,
                           gp_error *e)
{
    gp_fde f = fde_of(FMT_MARIA_CRC);
    tev t;
    gtidpos_status rc;

    tev_make(&t, &f, GP_EV_MARIA_GTID_LIST, 1, body, len, 256);
    gp_error_clear(e);
    rc = gp_decode_gtid_list(&t.ev, st, "test.bin", e);
    tev_free(&t);
    return rc;
}

START_TEST(test_gtid_list)
{
    const struct glist_case *c = &glist_cases[_i];
    gp_mariadb_state *st = gp_mariadb_state_new();
    bb body;
    gp_error e;
    gtidpos_status rc;

    ck_assert_ptr_nonnull(st);
    build_glist_body(&body, c);
    rc = decode_glist(body.d, body.n, st, &e);
    if (c->want != NULL) {
        char *text;
        ck_assert_msg(rc == GTIDPOS_OK, "%s: %s (%s)", c->name, gp_strerror(rc), e.msg);
        text = gp_mariadb_state_to_string(st);
        ck_assert_str_eq(text, c->want);
        free(text);
    } else {
        ck_assert_msg(rc == GTIDPOS_ERR_CORRUPT, "%s: got %s", c->name, gp_strerror(rc));
        ck_assert(e.offset == 256);
    }
    gp_mariadb_state_free(st);
}
END_TEST

START_TEST(test_gtid_list_short)
{
    bb body;

    build_glist_body(&body, &glist_cases[1]);
    /* Below the count, or cutting into the entries. */
    for (size_t cut = 0; cut < body.n; cut++) {
        gp_mariadb_state *st = gp_mariadb_state_new();
        gp_error e;
        ck_assert_msg(decode_glist(body.d, cut, st, &e) == GTIDPOS_ERR_CORRUPT, "cut %zu",
                      cut);
        gp_mariadb_state_free(st);
    }
}
END_TEST

/* Entries update the caller's state in place. */
START_TEST(test_gtid_list_updates_state)
{
    gp_mariadb_state *st = gp_mariadb_state_new();
    const char *before = "0-9-100,3-1-1";
    char err[128];
    bb body;
    gp_error e;
    char *text;

    ck_assert_int_eq(gp_mariadb_state_parse(st, before, strlen(before), err, sizeof err),
                     0);
    build_glist_body(&body, &glist_cases[4]); /* 0-1-5 */
    ck_assert_int_eq(decode_glist(body.d, body.n, st, &e), GTIDPOS_OK);
    text = gp_mariadb_state_to_string(st);
    ck_assert_str_eq(text, "0-1-5,3-1-1");
    free(text);
    gp_mariadb_state_free(st);
}
END_TEST

/* ---- Query -------------------------------------------------------------- */

static const uint8_t status_vars[] = {
    0x00, 0x00, 0x00, 0x00, 0x00,                         /* Q_FLAGS2_CODE */
    0x01, 0x20, 0x00, 0xa0, 0x55, 0x00, 0x00, 0x00, 0x00, /* Q_SQL_MODE_CODE */
    0x06, 0x03, 's', 't', 'd',                            /* Q_CATALOG_NZ_CODE */
    0x04, 0x21, 0x00, 0x21, 0x00, 0x2d, 0x00,             /* Q_CHARSET_CODE */
    0x0c, 0x01, 'B', 'E', 'G', 'I', 'N', 0x00             /* look-alike bytes */
};

typedef struct query_spec {
    int ph;                  /* post-header bytes written: 13 or 11 */
    size_t status_len;       /* status bytes written (prefix of status_vars) */
    int64_t status_decl;     /* -1: status_len */
    const char *db;
    int db_len_decl;         /* -1: strlen(db) */
    int db_nul;              /* write the NUL after the db name */
    const char *stmt;
    size_t stmt_len;         /* 0: strlen(stmt) */
} query_spec;

static void build_query_body(bb *b, const query_spec *q)
{
    size_t dl = strlen(q->db);

    b->n = 0;
    bb_u32(b, 77);                                           /* thread id */
    bb_u32(b, 0);                                            /* exec time */
    bb_u8(b, (uint8_t)(q->db_len_decl < 0 ? (int)dl : q->db_len_decl));
    bb_u16(b, 0);                                            /* error code */
    if (q->ph >= GP_QUERY_POST_HEADER_V4)
        bb_u16(b, (uint16_t)(q->status_decl < 0 ? (int64_t)q->status_len
                                                 : q->status_decl));
    ck_assert_uint_le(q->status_len, sizeof status_vars);
    bb_mem(b, status_vars, q->status_len);
    bb_str(b, q->db);
    if (q->db_nul)
        bb_u8(b, 0);
    if (q->stmt != NULL)
        bb_mem(b, q->stmt, q->stmt_len ? q->stmt_len : strlen(q->stmt));
}

static const struct query_case {
    const char *name;
    int fmt;
    query_spec q;
    gtidpos_status want;
    const char *stmt;      /* expected statement */
    size_t stmt_len;       /* 0: strlen(stmt) */
} query_cases[] = {
    {"v4 BEGIN, no status, no db", FMT_V4, {13, 0, -1, "", -1, 1, "BEGIN", 0}, GTIDPOS_OK,
     "BEGIN", 0},
    {"v4 with status vars and db", FMT_V4,
     {13, sizeof status_vars, -1, "test", -1, 1, "CREATE TABLE t (a INT)", 0}, GTIDPOS_OK,
     "CREATE TABLE t (a INT)", 0},
    {"v4 with CRC trailer", FMT_V4_CRC,
     {13, sizeof status_vars, -1, "test", -1, 1, "COMMIT", 0}, GTIDPOS_OK, "COMMIT", 0},
    {"v4, 23-byte header", FMT_GOOGLE, {13, 5, -1, "db", -1, 1, "COMMIT", 0}, GTIDPOS_OK,
     "COMMIT", 0},
    {"v4 FDE listing no lengths: 13 assumed", FMT_V4_NOLIST,
     {13, 14, -1, "d", -1, 1, "XA END 'x'", 0}, GTIDPOS_OK, "XA END 'x'", 0},
    {"v3, post-header 11", FMT_V3, {11, 0, -1, "test", -1, 1, "BEGIN", 0}, GTIDPOS_OK,
     "BEGIN", 0},
    {"empty statement", FMT_V4, {13, 0, -1, "", -1, 1, NULL, 0}, GTIDPOS_OK, "", 0},
    {"statement with NUL bytes", FMT_V4, {13, 0, -1, "", -1, 1, "INSERT\0x", 8}, GTIDPOS_OK,
     "INSERT\0x", 8},
    {"255-byte db name", FMT_V4,
     {13, 0, -1,
      "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
      "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
      "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
      "ddddddddddddddddddddd",
      -1, 1, "COMMIT", 0},
     GTIDPOS_OK, "COMMIT", 0},
    /* corrupt */
    {"status length past the body", FMT_V4, {13, 5, 6000, "db", -1, 1, "BEGIN", 0},
     GTIDPOS_ERR_CORRUPT, NULL, 0},
    {"status length 0xffff", FMT_V4, {13, 5, 0xffff, "", -1, 1, "", 0}, GTIDPOS_ERR_CORRUPT,
     NULL, 0},
    {"db length past the body", FMT_V4, {13, 0, -1, "db", 200, 1, "BEGIN", 0},
     GTIDPOS_ERR_CORRUPT, NULL, 0},
    {"db name without its NUL", FMT_V4, {13, 0, -1, "test", -1, 0, NULL, 0},
     GTIDPOS_ERR_CORRUPT, NULL, 0},
    {"v3: db name without its NUL", FMT_V3, {11, 0, -1, "test", -1, 0, NULL, 0},
     GTIDPOS_ERR_CORRUPT, NULL, 0},
};
#define N_QUERY (sizeof query_cases / sizeof query_cases[0])

static gtidpos_status decode_query_body(int fmt, uint8_t type, const uint8_t *body, size_t len,
                                char *buf, size_t cap, char *got, size_t *got_len,
                                gp_error *e)
{
    gp_fde f = fde_of((enum fmt)fmt);
    tev t;
    const char *stmt = NULL;
    size_t slen = 0;
    gtidpos_status rc;

    tev_make(&t, &f, type, 1, body, len, 512);
    gp_error_clear(e);
    rc = gp_decode_query(&t.ev, &f, buf, cap, &stmt, &slen, "test.bin", e);
    if (rc == GTIDPOS_OK) {
        ck_assert_ptr_nonnull(stmt);
        ck_assert_uint_le(slen, 4096);
        /* The statement is inside the event body, or in buf. */
        ck_assert(stmt == buf || (stmt >= (const char *)t.ev.body &&
                                  stmt + slen <= (const char *)t.ev.body + t.ev.body_len));
        memcpy(got, stmt, slen);
        *got_len = slen;
    }
    tev_free(&t);
    return rc;
}

START_TEST(test_query)
{
    const struct query_case *c = &query_cases[_i];
    bb body;
    char buf[16], got[4096];
    size_t got_len = 0;
    gp_error e;
    gtidpos_status rc;

    build_query_body(&body, &c->q);
    rc = decode_query_body(c->fmt, GP_EV_QUERY, body.d, body.n, buf, sizeof buf, got,
                           &got_len, &e);
    ck_assert_msg(rc == c->want, "%s: got %s (%s)", c->name, gp_strerror(rc), e.msg);
    if (rc == GTIDPOS_OK) {
        size_t want_len = c->stmt_len ? c->stmt_len : strlen(c->stmt);
        ck_assert_uint_eq(got_len, want_len);
        ck_assert(memcmp(got, c->stmt, want_len) == 0);
    } else {
        ck_assert(e.offset == 512);
    }
}
END_TEST

/* Bodies shorter than the post-header the format gives (13 in v4, 11 in
 * v3) are refused. */
START_TEST(test_query_short)
{
    static const struct {
        int fmt;
        size_t ph;
    } fmts[] = {{FMT_V4, 13}, {FMT_V4_CRC, 13}, {FMT_V4_NOLIST, 13}, {FMT_V3, 11}};
    uint8_t zeros[16] = {0};

    for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++)
        for (size_t cut = 0; cut < fmts[k].ph; cut++) {
            char buf[16], got[64];
            size_t got_len;
            gp_error e;
            gtidpos_status rc = decode_query_body(fmts[k].fmt, GP_EV_QUERY, zeros, cut, buf,
                                          sizeof buf, got, &got_len, &e);
            ck_assert_msg(rc == GTIDPOS_ERR_CORRUPT, "fmt %zu, %zu bytes: %s", k, cut,
                          gp_strerror(rc));
        }
}
END_TEST

/* Cutting a good Query event: refused until the db name's NUL is inside,
 * then the statement is whatever follows. */
START_TEST(test_query_prefixes)
{
    query_spec q = {13, sizeof status_vars, -1, "test", -1, 1, "COMMIT", 0};
    size_t fixed = 13 + sizeof status_vars + 4 + 1;
    bb body;

    build_query_body(&body, &q);
    for (size_t cut = 0; cut <= body.n; cut++) {
        char buf[16], got[64];
        size_t got_len = 0;
        gp_error e;
        gtidpos_status rc = decode_query_body(FMT_V4_CRC, GP_EV_QUERY, body.d, cut, buf,
                                      sizeof buf, got, &got_len, &e);
        if (cut < fixed) {
            ck_assert_msg(rc == GTIDPOS_ERR_CORRUPT, "cut %zu: %s", cut, gp_strerror(rc));
        } else {
            ck_assert_msg(rc == GTIDPOS_OK, "cut %zu: %s", cut, gp_strerror(rc));
            ck_assert_uint_eq(got_len, cut - fixed);
            ck_assert(memcmp(got, "COMMIT", got_len) == 0);
        }
    }
}
END_TEST

/* ---- MariaDB QUERY_COMPRESSED ------------------------------------------- */

/* 0x80|k, k bytes of big-endian length, then a zlib stream (MariaDB
 * binlog_buf_compress). */
static void bb_compressed(bb *b, const char *stmt, size_t len, unsigned k,
                          size_t stream_cut)
{
    uint8_t z[2048];
    uLongf zlen = sizeof z;

    ck_assert_int_eq(compress(z, &zlen, (const Bytef *)stmt, len), Z_OK);
    bb_u8(b, (uint8_t)(0x80 | k));
    for (unsigned i = 0; i < k; i++)
        bb_u8(b, (uint8_t)(len >> (8 * (k - 1 - i))));
    bb_mem(b, z, stream_cut ? stream_cut : zlen);
}

static size_t zlib_len(const char *stmt, size_t len)
{
    uint8_t z[2048];
    uLongf zlen = sizeof z;

    ck_assert_int_eq(compress(z, &zlen, (const Bytef *)stmt, len), Z_OK);
    return zlen;
}

#define LONG_STMT \
    "INSERT INTO t1 VALUES (1,'aaaaaaaaaaaaaaaaaaaaaaaaaa'),(2,'bbbbbbbbbbbbbbbbbbbbbb')," \
    "(3,'cccccccccccccccccccccccccccccccc'),(4,'dddddddddddddddddddddddddddddddddd')"

static const struct qc_case {
    const char *name;
    const char *stmt;
    unsigned k;            /* length bytes */
    int header_override;   /* -1: 0x80|k */
    int stream;            /* 0 good, 1 garbage, 2 absent, 3 only the zlib header,
                              4 without its Adler-32 trailer */
    size_t cap;
    gtidpos_status want;
    const char *out;       /* inflated prefix expected */
} qc_cases[] = {
    {"short statement, 1 length byte", "COMMIT", 1, -1, 0, 16, GTIDPOS_OK, "COMMIT"},
    {"prefix of a long statement", LONG_STMT, 2, -1, 0, 16, GTIDPOS_OK, "INSERT INTO t1 V"},
    {"3 length bytes", "CREATE TABLE t2 (b INT)", 3, -1, 0, 16, GTIDPOS_OK,
     "CREATE TABLE t2 "},
    {"4 length bytes", "XA END 'x'", 4, -1, 0, 16, GTIDPOS_OK, "XA END 'x'"},
    {"statement exactly fills the buffer", "ROLLBACK TO `s1`", 1, -1, 0, 16, GTIDPOS_OK,
     "ROLLBACK TO `s1`"},
    {"large buffer", LONG_STMT, 2, -1, 0, 1024, GTIDPOS_OK, LONG_STMT},
    {"no 0x80 bit", "COMMIT", 1, 0x01, 0, 16, GTIDPOS_ERR_CORRUPT, NULL},
    {"zero length bytes", "COMMIT", 1, 0x80, 0, 16, GTIDPOS_ERR_CORRUPT, NULL},
    {"five length bytes", "COMMIT", 1, 0x85, 0, 16, GTIDPOS_ERR_CORRUPT, NULL},
    {"seven length bytes", "COMMIT", 1, 0x87, 0, 16, GTIDPOS_ERR_CORRUPT, NULL},
    {"garbage stream", "COMMIT", 1, -1, 1, 16, GTIDPOS_ERR_CORRUPT, NULL},
    {"no stream", "COMMIT", 1, -1, 2, 16, GTIDPOS_ERR_CORRUPT, NULL},
    /* A stream that stops before its end while output room is left is
     * damaged, as MariaDB's uncompress() would say. */
    {"stream cut after the zlib header", "COMMIT", 1, -1, 3, 16, GTIDPOS_ERR_CORRUPT, NULL},
    {"stream without its Adler-32", "COMMIT", 1, -1, 4, 16, GTIDPOS_ERR_CORRUPT, NULL},
};
#define N_QC (sizeof qc_cases / sizeof qc_cases[0])

START_TEST(test_query_compressed)
{
    const struct qc_case *c = &qc_cases[_i];
    query_spec q = {13, 14, -1, "test", -1, 1, NULL, 0};
    size_t slen = strlen(c->stmt);
    bb body;
    char buf[1024], got[4096];
    size_t got_len = 0;
    gp_error e;
    gtidpos_status rc;

    ck_assert_uint_le(c->cap, sizeof buf);
    build_query_body(&body, &q);
    switch (c->stream) {
    case 0: bb_compressed(&body, c->stmt, slen, c->k, 0); break;
    case 1:
        bb_u8(&body, (uint8_t)(0x80 | c->k));
        bb_le(&body, slen, c->k);
        bb_str(&body, "this is not zlib");
        break;
    case 2: bb_u8(&body, (uint8_t)(0x80 | c->k)); bb_le(&body, slen, c->k); break;
    case 3: bb_compressed(&body, c->stmt, slen, c->k, 2); break;
    case 4:
        bb_compressed(&body, c->stmt, slen, c->k, zlib_len(c->stmt, slen) - 4);
        break;
    default: ck_abort();
    }
    if (c->header_override >= 0)
        body.d[13 + 14 + 5] = (uint8_t)c->header_override;
    rc = decode_query_body(FMT_MARIA_CRC, GP_EV_QUERY_COMPRESSED, body.d, body.n, buf,
                           c->cap, got, &got_len, &e);
    ck_assert_msg(rc == c->want, "%s: got %s (%s)", c->name, gp_strerror(rc), e.msg);
    if (rc == GTIDPOS_OK) {
        ck_assert_uint_eq(got_len, strlen(c->out));
        ck_assert(memcmp(got, c->out, got_len) == 0);
    }
}
END_TEST

/* The length bytes are there but the event ends inside them. */
START_TEST(test_query_compressed_short_header)
{
    query_spec q = {13, 0, -1, "", -1, 1, NULL, 0};
    bb body;
    char buf[16], got[64];
    size_t got_len;
    gp_error e;

    build_query_body(&body, &q);
    bb_u8(&body, 0x83);
    bb_u8(&body, 0);
    bb_u8(&body, 0);
    ck_assert_int_eq(decode_query_body(FMT_MARIA_CRC, GP_EV_QUERY_COMPRESSED, body.d,
                                       body.n, buf, sizeof buf, got, &got_len, &e),
                     GTIDPOS_ERR_CORRUPT);
    /* Nothing at all after the db name. */
    body.n -= 3;
    ck_assert_int_eq(decode_query_body(FMT_MARIA_CRC, GP_EV_QUERY_COMPRESSED, body.d,
                                       body.n, buf, sizeof buf, got, &got_len, &e),
                     GTIDPOS_ERR_CORRUPT);
}
END_TEST

/* ---- transaction boundaries (txn.c) ------------------------------------- */

typedef enum evk {
    K_END = 0,
    K_GTID,       /* MySQL GTID, gno n */
    K_ANON,       /* MySQL ANONYMOUS_GTID */
    K_TGTID,      /* MySQL GTID_TAGGED, tag "tx", gno n */
    K_Q,          /* Query q */
    K_QC,         /* MariaDB QUERY_COMPRESSED q */
    K_XID,
    K_XAP,        /* XA_PREPARE (one phase when n == 1) */
    K_PAYLOAD,    /* TRANSACTION_PAYLOAD */
    K_TMAP,
    K_ROWS,
    K_ROWS_QUERY,
    K_INTVAR,
    K_ANNOTATE,   /* MariaDB ANNOTATE_ROWS */
    K_MGTID       /* MariaDB GTID: domain, server, seq n, flags2 */
} evk;

typedef struct step_spec {
    evk k;
    const char *q;
    uint64_t n;
    uint8_t flags2;
    uint32_t domain, server;
    gp_txn_step want;
    const char *text;      /* gp_txn_gtid_text after the event, if non-NULL */
    const char *dropped;   /* text of the abandoned transaction */
} step_spec;

typedef struct txn_case {
    const char *name;
    gtidpos_flavor flavor;
    step_spec ev[14];
} txn_case;

#define XA_ID "X'31',X'',1"

#define GTID(g) {K_GTID, NULL, g, 0, 0, 0, GP_STEP_BEGAN, U1 ":" #g, NULL}
#define Q(s, w) {K_Q, s, 0, 0, 0, 0, w, NULL, NULL}
#define QC(s, w) {K_QC, s, 0, 0, 0, 0, w, NULL, NULL}
#define EV(k, w) {k, NULL, 0, 0, 0, 0, w, NULL, NULL}
#define ROWS EV(K_TMAP, GP_STEP_NONE), EV(K_ROWS, GP_STEP_NONE)
#define XID_END(t) {K_XID, NULL, 0, 0, 0, 0, GP_STEP_ENDED, t, NULL}
#define MGTID(f, s) {K_MGTID, NULL, s, f, 0, 1, GP_STEP_BEGAN, "0-1-" #s, NULL}

static const txn_case txn_cases[] = {
    /* ---- MySQL ---- */
    {"mysql: GTID BEGIN rows XID", GTIDPOS_FLAVOR_MYSQL,
     {GTID(5), Q("BEGIN", GP_STEP_NONE), ROWS, XID_END(U1 ":5")}},
    {"mysql: GTID DDL", GTIDPOS_FLAVOR_MYSQL,
     {GTID(6), {K_Q, "CREATE TABLE t1 (a INT)", 0, 0, 0, 0, GP_STEP_ENDED, U1 ":6", NULL}}},
    {"mysql: GTID BEGIN statements COMMIT", GTIDPOS_FLAVOR_MYSQL,
     {GTID(7), Q("BEGIN", GP_STEP_NONE), Q("INSERT INTO t_myisam VALUES (1)", GP_STEP_NONE),
      Q("COMMIT", GP_STEP_ENDED)}},
    {"mysql: GTID BEGIN rows ROLLBACK", GTIDPOS_FLAVOR_MYSQL,
     {GTID(8), Q("BEGIN", GP_STEP_NONE), ROWS, Q("ROLLBACK", GP_STEP_ENDED)}},
    {"mysql: XA START .. XA END, XA_PREPARE", GTIDPOS_FLAVOR_MYSQL,
     {GTID(9), Q("XA START " XA_ID, GP_STEP_NONE), ROWS, Q("XA END " XA_ID, GP_STEP_NONE),
      {K_XAP, NULL, 0, 0, 0, 0, GP_STEP_ENDED, U1 ":9", NULL}}},
    {"mysql: XA COMMIT ... ONE PHASE ends with XA_PREPARE(one_phase)", GTIDPOS_FLAVOR_MYSQL,
     {GTID(10), Q("XA START " XA_ID, GP_STEP_NONE), ROWS, Q("XA END " XA_ID, GP_STEP_NONE),
      {K_XAP, NULL, 1, 0, 0, 0, GP_STEP_ENDED, U1 ":10", NULL}}},
    {"mysql: XA COMMIT of a prepared transaction", GTIDPOS_FLAVOR_MYSQL,
     {GTID(11), Q("XA COMMIT " XA_ID, GP_STEP_ENDED)}},
    {"mysql: XA ROLLBACK of a prepared transaction", GTIDPOS_FLAVOR_MYSQL,
     {GTID(12), Q("XA ROLLBACK " XA_ID, GP_STEP_ENDED)}},
    {"mysql: XA BEGIN synonym", GTIDPOS_FLAVOR_MYSQL,
     {GTID(13), Q("XA BEGIN 'x'", GP_STEP_NONE), ROWS, Q("XA END 'x'", GP_STEP_NONE),
      EV(K_XAP, GP_STEP_ENDED)}},
    {"mysql: TRANSACTION_PAYLOAD", GTIDPOS_FLAVOR_MYSQL,
     {GTID(14), {K_PAYLOAD, NULL, 0, 0, 0, 0, GP_STEP_ENDED, U1 ":14", NULL}}},
    {"mysql: savepoints stay inside", GTIDPOS_FLAVOR_MYSQL,
     {GTID(15), Q("BEGIN", GP_STEP_NONE), Q("SAVEPOINT `s1`", GP_STEP_NONE), ROWS,
      Q("ROLLBACK TO `s1`", GP_STEP_NONE), ROWS, XID_END(U1 ":15")}},
    {"mysql: rollback to savepoint, any case", GTIDPOS_FLAVOR_MYSQL,
     {GTID(16), Q("BEGIN", GP_STEP_NONE), Q("rollback to savepoint s1", GP_STEP_NONE),
      Q("Rollback\tTo s2", GP_STEP_NONE), Q("commit", GP_STEP_ENDED)}},
    {"mysql: leading blanks and lower case", GTIDPOS_FLAVOR_MYSQL,
     {GTID(17), Q("  begin", GP_STEP_NONE), ROWS, Q("\ncommit", GP_STEP_ENDED)}},
    {"mysql: Rows_query inside", GTIDPOS_FLAVOR_MYSQL,
     {GTID(18), Q("BEGIN", GP_STEP_NONE), EV(K_ROWS_QUERY, GP_STEP_NONE), ROWS,
      XID_END(U1 ":18")}},
    {"mysql: GTID while a transaction is open", GTIDPOS_FLAVOR_MYSQL,
     {GTID(19), Q("BEGIN", GP_STEP_NONE), ROWS,
      {K_GTID, NULL, 20, 0, 0, 0, GP_STEP_ABANDONED, U1 ":20", U1 ":19"},
      Q("BEGIN", GP_STEP_NONE), ROWS, XID_END(U1 ":20")}},
    {"mysql: GTID right after a GTID", GTIDPOS_FLAVOR_MYSQL,
     {GTID(21), {K_GTID, NULL, 22, 0, 0, 0, GP_STEP_ABANDONED, U1 ":22", U1 ":21"},
      Q("DROP TABLE t1", GP_STEP_ENDED)}},
    {"mysql: anonymous", GTIDPOS_FLAVOR_MYSQL,
     {{K_ANON, NULL, 0, 0, 0, 0, GP_STEP_BEGAN, "ANONYMOUS", NULL},
      Q("BEGIN", GP_STEP_NONE), ROWS, XID_END("ANONYMOUS")}},
    {"mysql: tagged GTID and DDL", GTIDPOS_FLAVOR_MYSQL,
     {{K_TGTID, NULL, 23, 0, 0, 0, GP_STEP_BEGAN, U1 ":tx:23", NULL},
      {K_Q, "ALTER TABLE t1 ADD b INT", 0, 0, 0, 0, GP_STEP_ENDED, U1 ":tx:23", NULL}}},
    {"mysql: old file, BEGIN ... XID and COMMIT", GTIDPOS_FLAVOR_MYSQL,
     {{K_Q, "BEGIN", 0, 0, 0, 0, GP_STEP_BEGAN, "(no GTID)", NULL}, ROWS,
      XID_END("(no GTID)"), Q("CREATE TABLE t2 (a INT)", GP_STEP_NONE),
      {K_Q, "BEGIN", 0, 0, 0, 0, GP_STEP_BEGAN, "(no GTID)", NULL},
      Q("INSERT INTO t2 VALUES (1)", GP_STEP_NONE), Q("COMMIT", GP_STEP_ENDED)}},
    {"mysql: old file, ends outside any transaction", GTIDPOS_FLAVOR_MYSQL,
     {EV(K_XID, GP_STEP_NONE), Q("COMMIT", GP_STEP_NONE), EV(K_INTVAR, GP_STEP_NONE),
      Q("DROP TABLE t2", GP_STEP_NONE)}},
    /* MySQL 8.0.21+ logs a row-based CREATE TABLE ... SELECT as one
     * transaction: "CREATE TABLE ... START TRANSACTION", its rows, and an
     * XID (WL#13355; sql_parse.cc allows only BINLOG INSERT, COMMIT or
     * ROLLBACK after it).  The query does not end it. */
    {"mysql: atomic CREATE TABLE ... SELECT (8.0.21+)", GTIDPOS_FLAVOR_MYSQL,
     {GTID(24),
      Q("CREATE TABLE `t3` (\n  `a` int DEFAULT NULL\n) START TRANSACTION", GP_STEP_NONE),
      ROWS, XID_END(U1 ":24")}},

    /* ---- MariaDB ---- */
    {"mariadb: transactional group ends at XID", GTIDPOS_FLAVOR_MARIADB,
     {MGTID(GP_MFL_TRANSACTIONAL | GP_MFL_ALLOW_PARALLEL, 100),
      EV(K_ANNOTATE, GP_STEP_NONE), ROWS, XID_END("0-1-100")}},
    {"mariadb: standalone DDL", GTIDPOS_FLAVOR_MARIADB,
     {MGTID(GP_MFL_STANDALONE | GP_MFL_DDL, 101),
      {K_Q, "CREATE TABLE t1 (a INT)", 0, 0, 0, 0, GP_STEP_ENDED, "0-1-101", NULL}}},
    {"mariadb: standalone statement after Intvar", GTIDPOS_FLAVOR_MARIADB,
     {MGTID(GP_MFL_STANDALONE, 102), EV(K_INTVAR, GP_STEP_NONE),
      Q("INSERT INTO t VALUES (NULL)", GP_STEP_ENDED)}},
    {"mariadb: non-transactional group ends at COMMIT", GTIDPOS_FLAVOR_MARIADB,
     {MGTID(0, 103), Q("INSERT INTO t_myisam VALUES (1)", GP_STEP_NONE),
      Q("COMMIT", GP_STEP_ENDED)}},
    {"mariadb: group ends at ROLLBACK", GTIDPOS_FLAVOR_MARIADB,
     {MGTID(0, 104), Q("INSERT INTO t_myisam VALUES (2)", GP_STEP_NONE),
      Q("ROLLBACK", GP_STEP_ENDED)}},
    {"mariadb: XA PREPARE", GTIDPOS_FLAVOR_MARIADB,
     {MGTID(GP_MFL_PREPARED_XA | GP_MFL_TRANSACTIONAL, 105),
      Q("XA START " XA_ID, GP_STEP_NONE), ROWS, Q("XA END " XA_ID, GP_STEP_NONE),
      {K_XAP, NULL, 0, 0, 0, 0, GP_STEP_ENDED, "0-1-105", NULL}}},
    {"mariadb: XA COMMIT of a prepared transaction", GTIDPOS_FLAVOR_MARIADB,
     {MGTID(GP_MFL_COMPLETED_XA, 106), Q("XA COMMIT " XA_ID, GP_STEP_ENDED)}},
    {"mariadb: XA ROLLBACK of a prepared transaction", GTIDPOS_FLAVOR_MARIADB,
     {MGTID(GP_MFL_COMPLETED_XA | GP_MFL_TRANSACTIONAL, 107),
      Q("XA ROLLBACK " XA_ID, GP_STEP_ENDED)}},
    {"mariadb: savepoints stay inside", GTIDPOS_FLAVOR_MARIADB,
     {MGTID(GP_MFL_TRANSACTIONAL, 108), Q("SAVEPOINT `a`", GP_STEP_NONE), ROWS,
      Q("ROLLBACK TO `a`", GP_STEP_NONE), ROWS, XID_END("0-1-108")}},
    {"mariadb: GTID while a group is open", GTIDPOS_FLAVOR_MARIADB,
     {MGTID(GP_MFL_TRANSACTIONAL, 200), EV(K_TMAP, GP_STEP_NONE),
      {K_MGTID, NULL, 201, GP_MFL_TRANSACTIONAL, 0, 1, GP_STEP_ABANDONED, "0-1-201",
       "0-1-200"},
      EV(K_ROWS, GP_STEP_NONE), XID_END("0-1-201")}},
    {"mariadb: compressed DDL", GTIDPOS_FLAVOR_MARIADB,
     {MGTID(GP_MFL_STANDALONE | GP_MFL_DDL, 109),
      QC("CREATE TABLE t2 (b INT) ENGINE=InnoDB", GP_STEP_ENDED)}},
    {"mariadb: compressed statements and COMMIT", GTIDPOS_FLAVOR_MARIADB,
     {MGTID(0, 110), QC("INSERT INTO t_myisam VALUES (3)", GP_STEP_NONE),
      QC("COMMIT", GP_STEP_ENDED)}},
    {"mariadb: domain and server id", GTIDPOS_FLAVOR_MARIADB,
     {{K_MGTID, NULL, 5, GP_MFL_STANDALONE, 3, 7, GP_STEP_BEGAN, "3-7-5", NULL},
      {K_Q, "DROP TABLE t9", 0, 0, 0, 0, GP_STEP_ENDED, "3-7-5", NULL}}},
    {"mariadb: 5.5 file, BEGIN ... XID", GTIDPOS_FLAVOR_MARIADB,
     {{K_Q, "BEGIN", 0, 0, 0, 0, GP_STEP_BEGAN, "(no GTID)", NULL}, ROWS,
      XID_END("(no GTID)"), Q("CREATE TABLE t4 (a INT)", GP_STEP_NONE)}},
};
#define N_TXN (sizeof txn_cases / sizeof txn_cases[0])

static void build_step_body(bb *b, const step_spec *s)
{
    query_spec q = {13, 26, -1, "test", -1, 1, NULL, 0};

    b->n = 0;
    switch (s->k) {
    case K_GTID:
        build_gtid_body(b, U1, s->n, 42);
        break;
    case K_ANON:
        build_gtid_body(b, U1, 0, 42);
        break;
    case K_TGTID: {
        struct tgtid_case c = {"", TF_ALL, U1, (int64_t)s->n, "tx", 0, 0, 0, 0, GTIDPOS_OK, NULL};
        size_t gno_at;
        build_tagged_body(b, &c, &gno_at);
        break;
    }
    case K_Q:
        q.stmt = s->q;
        build_query_body(b, &q);
        break;
    case K_QC:
        build_query_body(b, &q);
        bb_compressed(b, s->q, strlen(s->q), 1, 0);
        break;
    case K_XID:
        bb_u64(b, 4242);
        break;
    case K_XAP:
        bb_u8(b, (uint8_t)s->n);   /* one_phase */
        bb_u32(b, 1);              /* formatID */
        bb_u32(b, 1);              /* gtrid length */
        bb_u32(b, 0);              /* bqual length */
        bb_u8(b, '1');
        break;
    case K_PAYLOAD:
        BB_LIT(b, "\x02\x0a\x04\x00" "compressed-bytes");
        break;
    case K_TMAP:
        bb_le(b, 91, 6);
        bb_u16(b, 1);
        BB_LIT(b, "\x04test\x00\x02t1\x00\x01\x03\x00\x01");
        break;
    case K_ROWS:
        bb_le(b, 91, 6);
        bb_u16(b, 1);
        bb_u16(b, 2);
        BB_LIT(b, "\x01\xff\xfe\x01\x00\x00\x00");
        break;
    case K_ROWS_QUERY:
        BB_LIT(b, "\x1bINSERT INTO t1 VALUES (1)");
        break;
    case K_INTVAR:
        bb_u8(b, 2);
        bb_u64(b, 1);
        break;
    case K_ANNOTATE:
        bb_str(b, "INSERT INTO t1 VALUES (1)");
        break;
    case K_MGTID:
        bb_u64(b, s->n);
        bb_u32(b, s->domain);
        bb_u8(b, s->flags2);
        bb_u32(b, 0);
        bb_u16(b, 0);
        break;
    case K_END:
        ck_abort();
    }
}

static uint8_t type_of(evk k)
{
    switch (k) {
    case K_GTID: return GP_EV_GTID;
    case K_ANON: return GP_EV_ANONYMOUS_GTID;
    case K_TGTID: return GP_EV_GTID_TAGGED;
    case K_Q: return GP_EV_QUERY;
    case K_QC: return GP_EV_QUERY_COMPRESSED;
    case K_XID: return GP_EV_XID;
    case K_XAP: return GP_EV_XA_PREPARE;
    case K_PAYLOAD: return GP_EV_TRANSACTION_PAYLOAD;
    case K_TMAP: return GP_EV_TABLE_MAP;
    case K_ROWS: return GP_EV_WRITE_ROWS;
    case K_ROWS_QUERY: return GP_EV_ROWS_QUERY;
    case K_INTVAR: return GP_EV_INTVAR;
    case K_ANNOTATE: return GP_EV_ANNOTATE_ROWS;
    case K_MGTID: return GP_EV_MARIA_GTID;
    case K_END: break;
    }
    ck_abort();
    return 0;
}

static const char *step_name(gp_txn_step s)
{
    switch (s) {
    case GP_STEP_NONE: return "NONE";
    case GP_STEP_BEGAN: return "BEGAN";
    case GP_STEP_ENDED: return "ENDED";
    case GP_STEP_ABANDONED: return "ABANDONED";
    }
    return "?";
}

START_TEST(test_txn)
{
    const txn_case *c = &txn_cases[_i];
    gp_fde f = fde_of(c->flavor == GTIDPOS_FLAVOR_MARIADB ? FMT_MARIA_CRC : FMT_V4_CRC);
    gp_txn t;
    uint64_t off = 4 + 125 + 71; /* after the magic, an FDE, Previous_gtids */
    uint64_t began_at = 0;

    memset(&t, 0, sizeof t);
    for (int i = 0; c->ev[i].k != K_END; i++) {
        const step_spec *s = &c->ev[i];
        bb body;
        tev ev;
        gp_txn dropped;
        gp_txn_step step = (gp_txn_step)-1;
        gp_error e;
        gtidpos_status rc;

        build_step_body(&body, s);
        tev_make(&ev, &f, type_of(s->k), s->server ? s->server : 1, body.d, body.n, off);
        memset(&dropped, 0, sizeof dropped);
        gp_error_clear(&e);
        rc = gp_txn_feed(&t, &ev.ev, &f, c->flavor, &step, &dropped, "test.bin", &e);
        ck_assert_msg(rc == GTIDPOS_OK, "%s, event %d: %s (%s)", c->name, i, gp_strerror(rc),
                      e.msg);
        ck_assert_msg(step == s->want, "%s, event %d (%s): step %s, want %s", c->name, i,
                      s->q ? s->q : "", step_name(step), step_name(s->want));
        if (step == GP_STEP_BEGAN || step == GP_STEP_ABANDONED)
            began_at = off;
        if (step == GP_STEP_ENDED)
            ck_assert_msg(t.start == began_at, "%s, event %d: start %llu want %llu",
                          c->name, i, (unsigned long long)t.start,
                          (unsigned long long)began_at);
        if (s->text != NULL) {
            char text[128];
            gp_txn_gtid_text(&t, text, sizeof text);
            ck_assert_msg(strcmp(text, s->text) == 0, "%s, event %d: gtid %s want %s",
                          c->name, i, text, s->text);
        }
        if (s->dropped != NULL) {
            char text[128];
            gp_txn_gtid_text(&dropped, text, sizeof text);
            ck_assert_msg(strcmp(text, s->dropped) == 0, "%s, event %d: dropped %s",
                          c->name, i, text);
        }
        off += ev.len;
        tev_free(&ev);
    }
}
END_TEST

/* A damaged GTID or Query event is reported, not skipped. */
START_TEST(test_txn_errors)
{
    gp_fde f = fde_of(FMT_V4_CRC);
    gp_txn t, dropped;
    gp_txn_step step;
    gp_error e;
    bb body;
    tev ev;

    memset(&t, 0, sizeof t);
    build_gtid_body(&body, U1, 0, 42); /* GNO 0 */
    tev_make(&ev, &f, GP_EV_GTID, 1, body.d, body.n, 4);
    ck_assert_int_eq(gp_txn_feed(&t, &ev.ev, &f, GTIDPOS_FLAVOR_MYSQL, &step, &dropped,
                                 "t", &e), GTIDPOS_ERR_CORRUPT);
    tev_free(&ev);

    memset(&t, 0, sizeof t);
    body.n = 0;
    bb_u32(&body, 0); /* Query body shorter than its post-header */
    tev_make(&ev, &f, GP_EV_QUERY, 1, body.d, body.n, 4);
    ck_assert_int_eq(gp_txn_feed(&t, &ev.ev, &f, GTIDPOS_FLAVOR_MYSQL, &step, &dropped,
                                 "t", &e), GTIDPOS_ERR_CORRUPT);
    tev_free(&ev);

    f = fde_of(FMT_MARIA_CRC);
    memset(&t, 0, sizeof t);
    body.n = 0;
    bb_u64(&body, 1); /* MariaDB GTID without domain and flags */
    tev_make(&ev, &f, GP_EV_MARIA_GTID, 1, body.d, body.n, 4);
    ck_assert_int_eq(gp_txn_feed(&t, &ev.ev, &f, GTIDPOS_FLAVOR_MARIADB, &step, &dropped,
                                 "t", &e), GTIDPOS_ERR_CORRUPT);
    tev_free(&ev);
}
END_TEST

Suite *decode_suite(void)
{
    Suite *s = suite_create("decode");
    TCase *frame = tcase_create("frame");
    TCase *mysql = tcase_create("mysql");
    TCase *maria = tcase_create("mariadb");
    TCase *query = tcase_create("query");
    TCase *txn = tcase_create("txn");

    tcase_add_loop_test(frame, test_frame, 0, N_FRAME);
    tcase_add_test(frame, test_event_partial);
    tcase_add_test(frame, test_event_crc);
    tcase_add_test(frame, test_event_name);
    suite_add_tcase(s, frame);

    tcase_add_loop_test(mysql, test_mysql_gtid, 0, N_GTID);
    tcase_add_loop_test(mysql, test_tagged_gtid, 0, N_TGTID);
    tcase_add_test(mysql, test_tagged_gtid_prefixes);
    tcase_add_loop_test(mysql, test_previous_gtids, 0, N_PG);
    tcase_add_test(mysql, test_previous_gtids_prefixes);
    tcase_add_test(mysql, test_previous_gtids_union);
    suite_add_tcase(s, mysql);

    tcase_add_loop_test(maria, test_mariadb_gtid, 0, N_MGTID);
    tcase_add_loop_test(maria, test_gtid_list, 0, N_GLIST);
    tcase_add_test(maria, test_gtid_list_short);
    tcase_add_test(maria, test_gtid_list_updates_state);
    suite_add_tcase(s, maria);

    tcase_add_loop_test(query, test_query, 0, N_QUERY);
    tcase_add_test(query, test_query_short);
    tcase_add_test(query, test_query_prefixes);
    tcase_add_loop_test(query, test_query_compressed, 0, N_QC);
    tcase_add_test(query, test_query_compressed_short_header);
    suite_add_tcase(s, query);

    tcase_add_loop_test(txn, test_txn, 0, N_TXN);
    tcase_add_test(txn, test_txn_errors);
    suite_add_tcase(s, txn);
    return s;
}
