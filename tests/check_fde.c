/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_fde.c - tests for src/binlog/fde.c.
 *
 * Format_description and Start_event_v3 events are assembled byte by byte
 * from the layout in format.h (MySQL libbinlogevents control_events.h,
 * MariaDB sql/log_event.h), with their CRC computed here by zlib's crc32,
 * independently of the library's libdeflate-based one.  Every parse runs
 * on a buffer of exactly the event's length followed by an inaccessible
 * page, so any read past it faults.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "binlog/fde.h"
#include "binlog/format.h"
#include "binlog/reader.h"
#include "binlog/walker.h"
#include "suites.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------ */

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Post-header length the builder writes for type t (1-based), with the
 * real v4 values for the types the library consults. */
static uint8_t post_len_of(unsigned t)
{
    if (t == GP_EV_QUERY)
        return GP_QUERY_POST_HEADER_V4;
    if (t == GP_EV_ROTATE)
        return 8;
    return (uint8_t)(t * 3 % 17);
}

typedef struct fde_spec {
    uint8_t type;            /* GP_EV_FORMAT_DESCRIPTION or GP_EV_START_V3 */
    uint8_t ev_hlen;         /* header bytes before the body: 19, or 13 (v1) */
    uint16_t binlog_version;
    const char *version;     /* copied into the 50-byte field, NUL-padded */
    uint8_t common_hlen;     /* declared header length (FDE only) */
    unsigned n_post;         /* post-header entries (FDE only) */
    int with_alg;            /* append checksum_alg + 4-byte CRC (FDE only) */
    uint8_t alg;
    uint16_t flags;
    int crc_with_flag;       /* compute the CRC with the flags as stored */
} fde_spec;

/* Assemble the event into out (at least 19 + 57 + 255 + 5 bytes); returns
 * its length. */
static size_t build_fde(const fde_spec *s, uint8_t *out)
{
    size_t n = 0, vlen = strlen(s->version);

    memset(out, 0, (size_t)s->ev_hlen + 57 + 300 + 5);
    put32(out + GP_EVH_TIMESTAMP, 1700000000u);
    out[GP_EVH_TYPE] = s->type;
    put32(out + GP_EVH_SERVER_ID, 1);
    if (s->ev_hlen >= GP_EVH_LEN_V4)
        put16(out + GP_EVH_FLAGS, s->flags);
    n = s->ev_hlen;
    put16(out + n, s->binlog_version);
    ck_assert_uint_le(vlen, GP_FDE_SERVER_VERSION_LEN);
    memcpy(out + n + 2, s->version, vlen);
    put32(out + n + 52, 1700000000u);
    n += 56;
    if (s->type == GP_EV_FORMAT_DESCRIPTION) {
        out[n++] = s->common_hlen;
        for (unsigned t = 1; t <= s->n_post; t++)
            out[n++] = post_len_of(t);
        if (s->with_alg) {
            uLong crc;
            uint8_t saved = out[GP_EVH_FLAGS];
            out[n++] = s->alg;
            put32(out + GP_EVH_EVENT_SIZE, (uint32_t)(n + 4));
            put32(out + GP_EVH_LOG_POS, (uint32_t)(4 + n + 4));
            /* Servers checksum the FDE with the in-use flag cleared. */
            if (!s->crc_with_flag)
                out[GP_EVH_FLAGS] &= (uint8_t)~GP_LOG_EVENT_BINLOG_IN_USE_F;
            crc = crc32(0L, out, (uInt)n);
            out[GP_EVH_FLAGS] = saved;
            put32(out + n, (uint32_t)crc);
            return n + 4;
        }
    }
    put32(out + GP_EVH_EVENT_SIZE, (uint32_t)n);
    if (s->ev_hlen >= GP_EVH_LEN_V4)
        put32(out + GP_EVH_LOG_POS, (uint32_t)(4 + n));
    return n;
}

static gtidpos_status parse_exact(gp_fde *f, const uint8_t *ev, size_t len, uint8_t hlen,
                          gp_error *e)
{
    uint8_t *buf = exact_copy(ev, len);
    gtidpos_status rc;

    gp_error_clear(e);
    rc = gp_fde_parse(f, buf, (uint32_t)len, hlen, "fde-test", 4, e);
    exact_free(buf, len);
    return rc;
}

/* ---- gp_version_product ------------------------------------------------- */

static const struct version_case {
    const char *text;
    uint32_t want;
} version_cases[] = {
    {"5.7.18-log", 50718},
    {"10.11.6-MariaDB-log", 101106},
    {"8.0.40", 80040},
    {"5.1.63-google-debug-log", 50163},
    {"5.6.1", 50601},
    {"5.6.0-m4-log", 50600},
    {"5.0.95", 50095},
    {"3.23.58-log", 32358},
    {"4.0.18", 40018},
    {"8.4.0-commercial", 80400},
    {"9.1.0", 90100},
    {"10.0.0-MariaDB", 100000},
    {"11.4.2-MariaDB-ubu2404-log", 110402},
    {"5.5.5-10.3.9-MariaDB", 50505}, /* replication-handshake prefix form */
    {"0.0.0", 0},
    {"5.7.18", 50718},
    {"5.7.99", 50799},
    {"5.99.0", 59900},
    {"9999.99.99", 99999999},
    /* Not "X.Y.Z" at the start. */
    {"", 0},
    {"garbage", 0},
    {"log-5.7.18", 0},
    {" 5.7.18", 0},
    {"5", 0},
    {"5.7", 0},
    {"5.7.", 0},
    {"5.7-log", 0},
    {"5..18", 0},
    {".5.7.18", 0},
    {"5.7.x", 0},
    {"-5.7.18", 0},
    /* Numbers that do not fit the product must not wrap into a plausible
     * version. */
    {"5.100.1", 0},
    {"5.7.100", 0},
    {"99999.1.1", 0},
    {"4294967296.0.0", 0},
    {"5.4294967296.0", 0},
    {"5.7.18446744073709551617", 0},
    {"18446744073709551616.0.0", 0},
};
#define N_VERSION (sizeof version_cases / sizeof version_cases[0])

START_TEST(test_version_product)
{
    const struct version_case *c = &version_cases[_i];
    uint32_t got = gp_version_product(c->text);

    ck_assert_msg(got == c->want, "\"%s\": got %u want %u", c->text, got, c->want);
}
END_TEST

static const struct flavor_case {
    const char *text;
    gtidpos_flavor want;
} flavor_cases[] = {
    {"10.11.6-MariaDB-log", GTIDPOS_FLAVOR_MARIADB},
    {"10.0.0-MariaDB", GTIDPOS_FLAVOR_MARIADB},
    {"5.5.5-10.3.9-MariaDB", GTIDPOS_FLAVOR_MARIADB},
    {"5.3.12-MariaDB", GTIDPOS_FLAVOR_MARIADB},
    {"5.2.10-maria-beta", GTIDPOS_FLAVOR_MARIADB},
    {"11.4.2-MariaDB-ubu2404-log", GTIDPOS_FLAVOR_MARIADB},
    {"5.7.18-log", GTIDPOS_FLAVOR_MYSQL},
    {"8.0.40", GTIDPOS_FLAVOR_MYSQL},
    {"5.1.63-google-debug-log", GTIDPOS_FLAVOR_MYSQL},
    {"8.0.36-28-Percona", GTIDPOS_FLAVOR_MYSQL},
    {"", GTIDPOS_FLAVOR_MYSQL},
    {"garbage", GTIDPOS_FLAVOR_MYSQL},
};
#define N_FLAVOR (sizeof flavor_cases / sizeof flavor_cases[0])

START_TEST(test_flavor_of_version)
{
    const struct flavor_case *c = &flavor_cases[_i];

    ck_assert_msg(gp_flavor_of_version(c->text) == c->want, "\"%s\"", c->text);
}
END_TEST

START_TEST(test_flavor_name)
{
    ck_assert_str_eq(gp_flavor_name(GTIDPOS_FLAVOR_MYSQL), "mysql");
    ck_assert_str_eq(gp_flavor_name(GTIDPOS_FLAVOR_MARIADB), "mariadb");
    ck_assert_str_eq(gp_flavor_name(GTIDPOS_FLAVOR_UNKNOWN), "unknown");
}
END_TEST

/* ---- gp_fde_parse: well-formed events ----------------------------------- */

static const struct good_fde_case {
    const char *name;
    fde_spec spec;
    /* expectations */
    uint16_t binlog_version;
    uint32_t product;
    gtidpos_flavor flavor;
    uint8_t header_len;
    unsigned n_post;
    int has_alg;
    uint8_t alg;
} good_fde_cases[] = {
    {"MySQL 8.0 CRC32",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "8.0.40", 19, 41, 1, GP_CHECKSUM_ALG_CRC32, 0, 0},
     4, 80040, GTIDPOS_FLAVOR_MYSQL, 19, 41, 1, GP_CHECKSUM_ALG_CRC32},
    {"MySQL 8.0 checksum off",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "8.0.40", 19, 41, 1, GP_CHECKSUM_ALG_OFF, 0, 0},
     4, 80040, GTIDPOS_FLAVOR_MYSQL, 19, 41, 1, GP_CHECKSUM_ALG_OFF},
    {"MySQL 5.7 in use",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "5.7.18-log", 19, 38, 1, GP_CHECKSUM_ALG_CRC32,
      GP_LOG_EVENT_BINLOG_IN_USE_F, 0},
     4, 50718, GTIDPOS_FLAVOR_MYSQL, 19, 38, 1, GP_CHECKSUM_ALG_CRC32},
    {"MySQL 5.6.1, first with the algorithm byte",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "5.6.1", 19, 35, 1, GP_CHECKSUM_ALG_OFF, 0, 0},
     4, 50601, GTIDPOS_FLAVOR_MYSQL, 19, 35, 1, GP_CHECKSUM_ALG_OFF},
    {"MySQL 5.6.0, pre-checksum",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "5.6.0-m4-log", 19, 35, 0, 0, 0, 0},
     4, 50600, GTIDPOS_FLAVOR_MYSQL, 19, 35, 0, GP_CHECKSUM_ALG_OFF},
    {"MySQL 5.5, pre-checksum",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "5.5.40-log", 19, 27, 0, 0, 0, 0},
     4, 50540, GTIDPOS_FLAVOR_MYSQL, 19, 27, 0, GP_CHECKSUM_ALG_OFF},
    {"Google 5.1 with a 23-byte header",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "5.1.63-google-debug-log", 23, 27, 0, 0, 0, 0},
     4, 50163, GTIDPOS_FLAVOR_MYSQL, 23, 27, 0, GP_CHECKSUM_ALG_OFF},
    {"MariaDB 10.11 CRC32",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "10.11.6-MariaDB-log", 19, 168, 1,
      GP_CHECKSUM_ALG_CRC32, 0, 0},
     4, 101106, GTIDPOS_FLAVOR_MARIADB, 19, 168, 1, GP_CHECKSUM_ALG_CRC32},
    {"MariaDB 5.3.0, first with the algorithm byte",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "5.3.0-MariaDB", 19, 163, 1, GP_CHECKSUM_ALG_OFF,
      0, 0},
     4, 50300, GTIDPOS_FLAVOR_MARIADB, 19, 163, 1, GP_CHECKSUM_ALG_OFF},
    {"MariaDB 5.2, pre-checksum",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "5.2.14-MariaDB", 19, 27, 0, 0, 0, 0},
     4, 50214, GTIDPOS_FLAVOR_MARIADB, 19, 27, 0, GP_CHECKSUM_ALG_OFF},
    {"no post-header entries",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "8.0.40", 19, 0, 1, GP_CHECKSUM_ALG_CRC32, 0, 0},
     4, 80040, GTIDPOS_FLAVOR_MYSQL, 19, 0, 1, GP_CHECKSUM_ALG_CRC32},
    {"255 post-header entries",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "8.0.40", 19, 255, 1, GP_CHECKSUM_ALG_CRC32, 0, 0},
     4, 80040, GTIDPOS_FLAVOR_MYSQL, 19, 255, 1, GP_CHECKSUM_ALG_CRC32},
    {"unparsable version: treated as pre-checksum",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "custom", 19, 40, 0, 0, 0, 0},
     4, 0, GTIDPOS_FLAVOR_MYSQL, 19, 40, 0, GP_CHECKSUM_ALG_OFF},
    {"v3 Start_event_v3 (MySQL 4.0)",
     {GP_EV_START_V3, 19, 3, "4.0.18-log", 0, 0, 0, 0, 0, 0},
     3, 40018, GTIDPOS_FLAVOR_MYSQL, 19, 0, 0, GP_CHECKSUM_ALG_OFF},
    {"v2 Start_event_v3 (MySQL 4.0.0)",
     {GP_EV_START_V3, 19, 2, "4.0.0-alpha", 0, 0, 0, 0, 0, 0},
     2, 40000, GTIDPOS_FLAVOR_MYSQL, 19, 0, 0, GP_CHECKSUM_ALG_OFF},
    {"v1 Start_event_v3 (MySQL 3.23), 13-byte header",
     {GP_EV_START_V3, 13, 1, "3.23.58-log", 0, 0, 0, 0, 0, 0},
     1, 32358, GTIDPOS_FLAVOR_MYSQL, 13, 0, 0, GP_CHECKSUM_ALG_OFF},
    {"version filling all 50 bytes",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4,
      "8.0.40-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 19, 41, 1,
      GP_CHECKSUM_ALG_CRC32, 0, 0},
     4, 80040, GTIDPOS_FLAVOR_MYSQL, 19, 41, 1, GP_CHECKSUM_ALG_CRC32},
};
#define N_GOOD_FDE (sizeof good_fde_cases / sizeof good_fde_cases[0])

START_TEST(test_fde_parse_good)
{
    const struct good_fde_case *c = &good_fde_cases[_i];
    uint8_t ev[512];
    size_t len = build_fde(&c->spec, ev);
    gp_fde f;
    gp_error e;
    gtidpos_status rc = parse_exact(&f, ev, len, c->spec.ev_hlen, &e);

    ck_assert_msg(rc == GTIDPOS_OK, "%s: %s (%s)", c->name, gp_strerror(rc), e.msg);
    ck_assert_uint_eq(f.binlog_version, c->binlog_version);
    ck_assert_msg(strlen(f.server_version) == strlen(c->spec.version) &&
                      strcmp(f.server_version, c->spec.version) == 0,
                  "%s: version \"%s\"", c->name, f.server_version);
    ck_assert_uint_eq(f.version_product, c->product);
    ck_assert_int_eq(f.flavor, c->flavor);
    ck_assert_uint_eq(f.header_len, c->header_len);
    ck_assert_uint_eq(f.n_post_header, c->n_post);
    for (unsigned t = 1; t <= c->n_post; t++)
        ck_assert_msg(f.post_header_len[t - 1] == post_len_of(t), "%s: type %u",
                      c->name, t);
    ck_assert_int_eq(!!f.has_checksum_alg, c->has_alg);
    ck_assert_uint_eq(f.checksum_alg, c->alg);
    if (c->n_post >= GP_EV_QUERY)
        ck_assert_uint_eq(gp_fde_post_header(&f, GP_EV_QUERY), GP_QUERY_POST_HEADER_V4);
    /* Types past the list, and type 0, have no post-header. */
    ck_assert_uint_eq(gp_fde_post_header(&f, 0), 0);
    if (c->n_post < 255)
        ck_assert_uint_eq(gp_fde_post_header(&f, (uint8_t)(c->n_post + 1)), 0);
}
END_TEST

/* ---- gp_fde_parse: rejected events -------------------------------------- */

static const struct bad_fde_case {
    const char *name;
    fde_spec spec;
    gtidpos_status want;
} bad_fde_cases[] = {
    {"binlog version 5",
     {GP_EV_FORMAT_DESCRIPTION, 19, 5, "8.0.40", 19, 41, 1, GP_CHECKSUM_ALG_CRC32, 0, 0},
     GTIDPOS_ERR_UNSUPPORTED},
    {"binlog version 0xffff",
     {GP_EV_FORMAT_DESCRIPTION, 19, 0xffff, "8.0.40", 19, 41, 1, GP_CHECKSUM_ALG_CRC32,
      0, 0},
     GTIDPOS_ERR_UNSUPPORTED},
    {"FDE claiming binlog version 3",
     {GP_EV_FORMAT_DESCRIPTION, 19, 3, "8.0.40", 19, 41, 1, GP_CHECKSUM_ALG_CRC32, 0, 0},
     GTIDPOS_ERR_UNSUPPORTED},
    {"FDE claiming binlog version 0",
     {GP_EV_FORMAT_DESCRIPTION, 19, 0, "8.0.40", 19, 41, 1, GP_CHECKSUM_ALG_CRC32, 0, 0},
     GTIDPOS_ERR_UNSUPPORTED},
    {"Start_event_v3 claiming version 4",
     {GP_EV_START_V3, 19, 4, "4.0.18", 0, 0, 0, 0, 0, 0}, GTIDPOS_ERR_UNSUPPORTED},
    {"Start_event_v3 claiming version 0",
     {GP_EV_START_V3, 19, 0, "4.0.18", 0, 0, 0, 0, 0, 0}, GTIDPOS_ERR_UNSUPPORTED},
    {"header length 18",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "8.0.40", 18, 41, 1, GP_CHECKSUM_ALG_CRC32, 0, 0},
     GTIDPOS_ERR_CORRUPT},
    {"header length 13 in a v4 FDE",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "8.0.40", 13, 41, 1, GP_CHECKSUM_ALG_CRC32, 0, 0},
     GTIDPOS_ERR_CORRUPT},
    {"header length 0",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "8.0.40", 0, 41, 1, GP_CHECKSUM_ALG_CRC32, 0, 0},
     GTIDPOS_ERR_CORRUPT},
    {"checksum algorithm 2",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "8.0.40", 19, 41, 1, 2, 0, 0}, GTIDPOS_ERR_CORRUPT},
    {"checksum algorithm 0x80",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "8.0.40", 19, 41, 1, 0x80, 0, 0}, GTIDPOS_ERR_CORRUPT},
    {"256 post-header entries",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "8.0.40", 19, 256, 1, GP_CHECKSUM_ALG_CRC32, 0, 0},
     GTIDPOS_ERR_CORRUPT},
    {"server version not text (0xb1)",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "10.\xb1" "1.19-MariaDB", 19, 168, 1,
      GP_CHECKSUM_ALG_CRC32, 0, 0},
     GTIDPOS_ERR_CORRUPT},
    {"server version with a control byte",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "5.7.2\x013-log", 19, 38, 1, GP_CHECKSUM_ALG_CRC32, 0, 0},
     GTIDPOS_ERR_CORRUPT},
    {"Start_event_v3 version not text",
     {GP_EV_START_V3, 19, 3, "4.0.\xff" "8-log", 0, 0, 0, 0, 0, 0}, GTIDPOS_ERR_CORRUPT},
    {"300 post-header entries, pre-checksum",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "5.5.40", 19, 300, 0, 0, 0, 0}, GTIDPOS_ERR_CORRUPT},
};
#define N_BAD_FDE (sizeof bad_fde_cases / sizeof bad_fde_cases[0])

START_TEST(test_fde_parse_bad)
{
    const struct bad_fde_case *c = &bad_fde_cases[_i];
    uint8_t ev[512];
    size_t len = build_fde(&c->spec, ev);
    gp_fde f;
    gp_error e;
    gtidpos_status rc = parse_exact(&f, ev, len, c->spec.ev_hlen, &e);

    ck_assert_msg(rc == c->want, "%s: got %s want %s", c->name, gp_strerror(rc),
                  gp_strerror(c->want));
    ck_assert_int_eq(e.code, c->want);
    ck_assert_msg(e.msg[0] != '\0', "%s: no message", c->name);
    ck_assert_str_eq(e.file, "fde-test");
    ck_assert_int_eq(e.offset, 4);
}
END_TEST

/*
 * Every strict prefix of a well-formed event, passed with its own (short)
 * length, must either be refused or, when long enough to be a plausible
 * FDE, be read consistently.  For a checksum-era FDE the fixed part plus
 * the 5 checksum bytes (19 + 57 + 5 = 81) is the least that can be valid;
 * for a Start_event_v3 the fixed 56-byte body is.
 */
static const struct trunc_case {
    const char *name;
    fde_spec spec;
    size_t min_valid;
} trunc_cases[] = {
    {"MySQL 8.0 CRC32",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "8.0.40", 19, 41, 1, GP_CHECKSUM_ALG_CRC32, 0, 0},
     19 + 57 + 5},
    {"MariaDB 10.11 off",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "10.11.6-MariaDB-log", 19, 168, 1,
      GP_CHECKSUM_ALG_OFF, 0, 0},
     19 + 57 + 5},
    {"MySQL 5.5 pre-checksum",
     {GP_EV_FORMAT_DESCRIPTION, 19, 4, "5.5.40-log", 19, 27, 0, 0, 0, 0}, 19 + 57},
    {"Start_event_v3 v3", {GP_EV_START_V3, 19, 3, "4.0.18-log", 0, 0, 0, 0, 0, 0},
     19 + 56},
    {"Start_event_v3 v1", {GP_EV_START_V3, 13, 1, "3.23.58-log", 0, 0, 0, 0, 0, 0},
     13 + 56},
};
#define N_TRUNC (sizeof trunc_cases / sizeof trunc_cases[0])

START_TEST(test_fde_parse_truncated)
{
    const struct trunc_case *c = &trunc_cases[_i];
    uint8_t ev[512];
    size_t len = build_fde(&c->spec, ev);

    for (size_t cut = 0; cut < len; cut++) {
        gp_fde f;
        gp_error e;
        gtidpos_status rc = parse_exact(&f, ev, cut, c->spec.ev_hlen, &e);

        if (cut < c->min_valid) {
            ck_assert_msg(rc == GTIDPOS_ERR_CORRUPT, "%s cut to %zu: %s", c->name, cut,
                          gp_strerror(rc));
            ck_assert_int_eq(e.code, GTIDPOS_ERR_CORRUPT);
        } else {
            /* The post-header list is sized from the event length, so a
             * shorter one is only detectable through a bad algorithm byte. */
            ck_assert_msg(rc == GTIDPOS_OK || rc == GTIDPOS_ERR_CORRUPT, "%s cut to %zu: %s",
                          c->name, cut, gp_strerror(rc));
            if (rc == GTIDPOS_OK)
                ck_assert_uint_eq(f.n_post_header, cut - c->min_valid);
        }
    }
}
END_TEST

/* ---- gp_fde_crc_ok ------------------------------------------------------ */

static const struct crc_case {
    const char *name;
    uint16_t flags;
    int crc_with_flag;   /* CRC computed over the flags as stored */
    int want;
} crc_cases[] = {
    {"closed file", 0, 0, 1},
    {"in use, CRC over the cleared flag", GP_LOG_EVENT_BINLOG_IN_USE_F, 0, 1},
    {"in use + relay flag", GP_LOG_EVENT_BINLOG_IN_USE_F | GP_LOG_EVENT_RELAY_LOG_F, 0, 1},
    {"relay flag only", GP_LOG_EVENT_RELAY_LOG_F, 0, 1},
    {"high flag byte", 0x0101, 0, 1},
    /* A CRC over the in-use flag itself is not how servers write it. */
    {"in use, CRC over the set flag", GP_LOG_EVENT_BINLOG_IN_USE_F, 1, 0},
};
#define N_CRC (sizeof crc_cases / sizeof crc_cases[0])

START_TEST(test_fde_crc)
{
    const struct crc_case *c = &crc_cases[_i];
    fde_spec s = {GP_EV_FORMAT_DESCRIPTION, 19, 4, "8.0.40", 19, 41, 1,
                  GP_CHECKSUM_ALG_CRC32, c->flags, c->crc_with_flag};
    uint8_t ev[512];
    size_t len = build_fde(&s, ev);
    uint8_t *buf = exact_copy(ev, len);

    ck_assert_msg(gp_fde_crc_ok(buf, (uint32_t)len) == c->want, "%s", c->name);
    exact_free(buf, len);
}
END_TEST

/* Flipping any bit other than the in-use flag must break the CRC, and
 * flipping the in-use flag must not. */
START_TEST(test_fde_crc_bit_flips)
{
    fde_spec s = {GP_EV_FORMAT_DESCRIPTION, 19, 4, "10.11.6-MariaDB-log", 19, 40, 1,
                  GP_CHECKSUM_ALG_CRC32, GP_LOG_EVENT_BINLOG_IN_USE_F, 0};
    uint8_t ev[512];
    size_t len = build_fde(&s, ev);
    uint8_t *buf = exact_copy(ev, len);

    ck_assert(gp_fde_crc_ok(buf, (uint32_t)len));
    for (size_t i = 0; i < len; i++)
        for (int bit = 0; bit < 8; bit++) {
            int flag_bit = i == GP_EVH_FLAGS && (1u << bit) == GP_LOG_EVENT_BINLOG_IN_USE_F;
            buf[i] ^= (uint8_t)(1u << bit);
            ck_assert_msg(gp_fde_crc_ok(buf, (uint32_t)len) == flag_bit,
                          "byte %zu bit %d", i, bit);
            buf[i] ^= (uint8_t)(1u << bit);
        }
    exact_free(buf, len);
}
END_TEST

/* Too short to hold a header and a CRC: no match, and no read past len
 * (each length gets its own exact buffer). */
START_TEST(test_fde_crc_short)
{
    uint8_t ev[512];
    fde_spec s = {GP_EV_FORMAT_DESCRIPTION, 19, 4, "8.0.40", 19, 41, 1,
                  GP_CHECKSUM_ALG_CRC32, 0, 0};

    build_fde(&s, ev);
    for (size_t len = 0; len < GP_EVH_LEN_V4 + GP_CHECKSUM_LEN; len++) {
        uint8_t *buf = exact_copy(ev, len);
        ck_assert_msg(gp_fde_crc_ok(buf, (uint32_t)len) == 0, "len %zu", len);
        exact_free(buf, len);
    }
}
END_TEST

/* The smallest event with a CRC: a bare header and its trailer. */
START_TEST(test_fde_crc_minimal)
{
    uint8_t ev[23] = {0};
    uLong crc;

    ev[GP_EVH_TYPE] = GP_EV_FORMAT_DESCRIPTION;
    put32(ev + GP_EVH_EVENT_SIZE, 23);
    crc = crc32(0L, ev, 19);
    put32(ev + 19, (uint32_t)crc);
    ev[GP_EVH_FLAGS] |= GP_LOG_EVENT_BINLOG_IN_USE_F;
    {
        uint8_t *buf = exact_copy(ev, sizeof ev);
        ck_assert(gp_fde_crc_ok(buf, sizeof ev));
        exact_free(buf, sizeof ev);
    }
}
END_TEST

/* ---- a real MariaDB 10.11 CRC32 binlog, damaged in its FDE -------------- */

/*
 * testdata/mariadb/gtidpos-10.11/bin.000001: written by MariaDB 10.11.19
 * with binlog_checksum=CRC32 (testdata/PROVENANCE.md).  Its FDE is at 4..256
 * and its server version starts at file offset 4 + 19 + 2 = 25, so byte 28
 * is the second '1' of "10.11.19-MariaDB-0+deb12u1-log".
 */
#define M1011 "mariadb/gtidpos-10.11/bin.000001"
enum { M1011_FDE = 4, M1011_FDE_LEN = 252, M1011_VERSION_BYTE = 28 };

/* Walk the whole buffer with every CRC32 checked: the walk's final status
 * (GTIDPOS_OK at a clean end); the error in *e. */
static gtidpos_status walk_all(const uint8_t *data, size_t len, int *checksummed, gp_error *e)
{
    gp_log log;
    gp_event ev;
    gtidpos_status rc;

    gp_error_clear(e);
    if ((rc = gp_log_open_buffer(&log, "m1011", data, len, GTIDPOS_VERIFY_ALL, e)) != GTIDPOS_OK)
        return rc;
    while (gp_log_next(&log, &ev))
        ;
    rc = log.status;
    if (rc != GTIDPOS_OK)
        *e = log.err;
    *checksummed = log.have_fde && log.first_fde.checksum_alg == GP_CHECKSUM_ALG_CRC32;
    gp_log_close(&log);
    return rc;
}

START_TEST(test_real_fde_intact)
{
    size_t len;
    uint8_t *data = gp_test_slurp(gp_test_path(M1011), &len);
    gp_fde f;
    gp_error e;
    int crc = 0;

    ck_assert_uint_eq(data[GP_EVH_TYPE + M1011_FDE], GP_EV_FORMAT_DESCRIPTION);
    ck_assert_uint_eq(gp_load_u32le(data + M1011_FDE + GP_EVH_EVENT_SIZE), M1011_FDE_LEN);
    ck_assert_uint_eq(data[M1011_VERSION_BYTE], '1');
    ck_assert_int_eq(parse_exact(&f, data + M1011_FDE, M1011_FDE_LEN, GP_EVH_LEN_V4, &e), GTIDPOS_OK);
    ck_assert_str_eq(f.server_version, "10.11.19-MariaDB-0+deb12u1-log");
    ck_assert(f.has_checksum_alg);
    ck_assert_uint_eq(f.checksum_alg, GP_CHECKSUM_ALG_CRC32);
    ck_assert(gp_fde_crc_ok(data + M1011_FDE, M1011_FDE_LEN));
    ck_assert_int_eq(walk_all(data, len, &crc, &e), GTIDPOS_OK);
    ck_assert(crc);
    free(data);
}
END_TEST

/* The bit flip the issue found: "10.\xb11.19-MariaDB..." used to read as a
 * server too old for checksums, and no CRC32 of the file was checked. */
START_TEST(test_real_fde_version_not_text)
{
    size_t len;
    uint8_t *data = gp_test_slurp(gp_test_path(M1011), &len);
    gp_fde f;
    gp_error e;
    int crc = 0;

    data[M1011_VERSION_BYTE] ^= 0x80;
    ck_assert_int_eq(parse_exact(&f, data + M1011_FDE, M1011_FDE_LEN, GP_EVH_LEN_V4, &e),
                     GTIDPOS_ERR_CORRUPT);
    ck_assert_int_eq(walk_all(data, len, &crc, &e), GTIDPOS_ERR_CORRUPT);
    ck_assert_int_eq(e.offset, M1011_FDE);
    ck_assert_msg(strstr(e.msg, "server version is not text") != NULL &&
                      strstr(e.msg, "0xb1 at offset 28") != NULL,
                  "%s", e.msg);
    free(data);
}
END_TEST

/*
 * Every single bit flip in the real FDE but the in-use flag is caught: the
 * parse refuses the event, or the event still reads as CRC32-checksummed
 * and its CRC no longer matches (the walker's check), so the walk of the
 * whole file never ends cleanly.  Flipping the in-use flag changes nothing
 * (the server checksums the FDE with it cleared).
 */
START_TEST(test_real_fde_every_bit_flip)
{
    size_t len;
    uint8_t *data = gp_test_slurp(gp_test_path(M1011), &len);
    unsigned refused = 0, crc_caught = 0;

    for (uint32_t i = 0; i < M1011_FDE_LEN; i++)
        for (int bit = 0; bit < 8; bit++) {
            uint8_t *b = data + M1011_FDE + i;
            int in_use = i == GP_EVH_FLAGS && (1u << bit) == GP_LOG_EVENT_BINLOG_IN_USE_F;
            gp_fde f;
            gp_error e;
            gtidpos_status rc;
            int crc = 0;

            *b ^= (uint8_t)(1u << bit);
            rc = parse_exact(&f, data + M1011_FDE, M1011_FDE_LEN, GP_EVH_LEN_V4, &e);
            if (in_use) {
                ck_assert_int_eq(rc, GTIDPOS_OK);
                ck_assert(gp_fde_crc_ok(data + M1011_FDE, M1011_FDE_LEN));
                ck_assert_int_eq(walk_all(data, len, &crc, &e), GTIDPOS_OK);
                ck_assert(crc);
            } else {
                if (rc != GTIDPOS_OK) {
                    refused++;
                } else {
                    ck_assert_msg(f.has_checksum_alg && f.checksum_alg == GP_CHECKSUM_ALG_CRC32 &&
                                      !gp_fde_crc_ok(data + M1011_FDE, M1011_FDE_LEN),
                                  "byte %u bit %d: reads as \"%s\", checksum %d/%u, unseen", i,
                                  bit, f.server_version, f.has_checksum_alg, f.checksum_alg);
                    crc_caught++;
                }
                rc = walk_all(data, len, &crc, &e);
                ck_assert_msg(rc != GTIDPOS_OK, "byte %u bit %d: the walk ended cleanly", i, bit);
            }
            *b ^= (uint8_t)(1u << bit);
        }
    /* both ways of catching it were exercised */
    ck_assert_uint_gt(refused, 0);
    ck_assert_uint_gt(crc_caught, 0);
    free(data);
}
END_TEST

/* A version flipped to another printable one that reads as pre-checksum
 * ("00.11.19" by bit 0x01 of byte 25) or as no version at all ("1p.11.19",
 * bit 0x40 of byte 26): the FDE's own post-header length for type 15 says
 * it ends in checksum fields, and its CRC32 no longer matches: refused. */
START_TEST(test_real_fde_version_printable_flip)
{
    static const struct { uint32_t byte; uint8_t mask; const char *reads; } cases[] = {
        {25, 0x01, "00.11.19-MariaDB-0+deb12u1-log"},
        {26, 0x40, "1p.11.19-MariaDB-0+deb12u1-log"},
    };
    size_t len;
    uint8_t *data = gp_test_slurp(gp_test_path(M1011), &len);

    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        gp_error e;
        gp_fde f;

        data[cases[k].byte] ^= cases[k].mask;
        ck_assert_int_eq(parse_exact(&f, data + M1011_FDE, M1011_FDE_LEN, GP_EVH_LEN_V4, &e),
                         GTIDPOS_ERR_CORRUPT);
        ck_assert_msg(strstr(e.msg, cases[k].reads) != NULL &&
                          strstr(e.msg, "its length says it ends in a checksum") != NULL,
                      "%s", e.msg);
        data[cases[k].byte] ^= cases[k].mask;
    }
    free(data);
}
END_TEST

/* The checksum algorithm byte flipped from CRC32 to off (the last byte
 * before the CRC): refused, not read as a file without checksums. */
START_TEST(test_real_fde_alg_byte_flip)
{
    size_t len;
    uint8_t *data = gp_test_slurp(gp_test_path(M1011), &len);
    uint8_t *alg = data + M1011_FDE + M1011_FDE_LEN - GP_CHECKSUM_LEN - 1;
    gp_error e;
    gp_fde f;
    int crc = 0;

    ck_assert_uint_eq(*alg, GP_CHECKSUM_ALG_CRC32);
    *alg = GP_CHECKSUM_ALG_OFF;
    ck_assert_int_eq(parse_exact(&f, data + M1011_FDE, M1011_FDE_LEN, GP_EVH_LEN_V4, &e),
                     GTIDPOS_ERR_CORRUPT);
    ck_assert_msg(strstr(e.msg, "algorithm byte says off") != NULL, "%s", e.msg);
    ck_assert_int_eq(walk_all(data, len, &crc, &e), GTIDPOS_ERR_CORRUPT);
    free(data);
}
END_TEST

/* ---- gp_fde_start_set_rule ---------------------------------------------- */

static const struct rule_case {
    const char *version;
    gtidpos_flavor flavor;
    gp_start_set_rule want;
} rule_cases[] = {
    {"5.5.40-log", GTIDPOS_FLAVOR_MYSQL, GP_START_SET_NONE},
    {"5.5.36-MariaDB-log", GTIDPOS_FLAVOR_MARIADB, GP_START_SET_NONE},
    {"5.6.0-m4-log", GTIDPOS_FLAVOR_MYSQL, GP_START_SET_IF_GTID_MODE},
    {"5.6.35-log", GTIDPOS_FLAVOR_MYSQL, GP_START_SET_IF_GTID_MODE},
    {"5.7.1-m11-log", GTIDPOS_FLAVOR_MYSQL, GP_START_SET_IF_GTID_MODE}, /* bug32407.001 */
    {"5.7.5-m15", GTIDPOS_FLAVOR_MYSQL, GP_START_SET_IF_GTID_MODE},
    {"5.7.6-m16-debug-log", GTIDPOS_FLAVOR_MYSQL, GP_START_SET_REQUIRED},
    {"8.0.40", GTIDPOS_FLAVOR_MYSQL, GP_START_SET_REQUIRED},
    {"9.6.0", GTIDPOS_FLAVOR_MYSQL, GP_START_SET_REQUIRED},
    {"10.0.0-MariaDB", GTIDPOS_FLAVOR_MARIADB, GP_START_SET_REQUIRED},
    {"10.11.19-MariaDB-0+deb12u1-log", GTIDPOS_FLAVOR_MARIADB, GP_START_SET_REQUIRED},
    /* read with the other flavour: MariaDB's thresholds for a MySQL 5.7 */
    {"5.7.23-log", GTIDPOS_FLAVOR_MARIADB, GP_START_SET_NONE},
    {"custom", GTIDPOS_FLAVOR_MYSQL, GP_START_SET_NONE},
};
#define N_RULE (sizeof rule_cases / sizeof rule_cases[0])

START_TEST(test_start_set_rule)
{
    const struct rule_case *c = &rule_cases[_i];
    gp_fde f;

    memset(&f, 0, sizeof f);
    snprintf(f.server_version, sizeof f.server_version, "%s", c->version);
    f.version_product = gp_version_product(c->version);
    f.flavor = gp_flavor_of_version(c->version);
    ck_assert_msg(gp_fde_start_set_rule(&f, c->flavor) == c->want, "%s", c->version);
}
END_TEST

Suite *fde_suite(void)
{
    Suite *s = suite_create("fde");
    TCase *ver = tcase_create("version");
    TCase *parse = tcase_create("parse");
    TCase *crc = tcase_create("crc");
    TCase *real = tcase_create("real");

    tcase_add_loop_test(ver, test_version_product, 0, N_VERSION);
    tcase_add_loop_test(ver, test_flavor_of_version, 0, N_FLAVOR);
    tcase_add_test(ver, test_flavor_name);
    suite_add_tcase(s, ver);

    tcase_add_loop_test(parse, test_fde_parse_good, 0, N_GOOD_FDE);
    tcase_add_loop_test(parse, test_fde_parse_bad, 0, N_BAD_FDE);
    tcase_add_loop_test(parse, test_fde_parse_truncated, 0, N_TRUNC);
    suite_add_tcase(s, parse);

    tcase_add_loop_test(crc, test_fde_crc, 0, N_CRC);
    tcase_add_test(crc, test_fde_crc_bit_flips);
    tcase_add_test(crc, test_fde_crc_short);
    tcase_add_test(crc, test_fde_crc_minimal);
    suite_add_tcase(s, crc);

    tcase_add_test(real, test_real_fde_intact);
    tcase_add_test(real, test_real_fde_version_not_text);
    tcase_add_test(real, test_real_fde_every_bit_flip);
    tcase_add_test(real, test_real_fde_version_printable_flip);
    tcase_add_test(real, test_real_fde_alg_byte_flip);
    tcase_add_loop_test(real, test_start_set_rule, 0, N_RULE);
    suite_add_tcase(s, real);
    return s;
}
