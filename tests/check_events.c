/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_events.c - tests for src/binlog/decode_misc.c and src/emit/events.c,
 * and for the event filters (src/walk/event_filter.c) through the public
 * gtidpos_events() on testdata files.
 *
 * Events are assembled by hand from the layouts in format.h and
 * decode_misc.h (19-byte v4 header, no checksum trailer), copied to the
 * end of a page whose successor is inaccessible (exact_copy), framed with
 * gp_event_frame as the walker does, then decoded and formatted.
 */
#include <stdarg.h>
#include <stdint.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binlog/decode_misc.h"
#include "binlog/event.h"
#include "binlog/format.h"
#include "emit/events.h"
#include "gtidpos.h"
#include "suites.h"
#include "testutil.h"

typedef struct evbuf {
    uint8_t *p;
    size_t n;
    gp_event ev;
} evbuf;

static gp_fde fde_v(uint16_t version)
{
    gp_fde f;

    memset(&f, 0, sizeof f);
    f.binlog_version = version;
    f.header_len = GP_EVH_LEN_V4;
    f.checksum_alg = GP_CHECKSUM_ALG_OFF;
    if (version >= 3) {
        f.n_post_header = GP_EV_GTID_TAGGED;
        f.post_header_len[GP_EV_ROTATE - 1] = 8;
        f.post_header_len[GP_EV_QUERY - 1] =
            version >= 4 ? GP_QUERY_POST_HEADER_V4 : GP_QUERY_POST_HEADER_V3;
    }
    return f;
}

static void put_le(uint8_t *p, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Header + body at offset 1000, framed with fde. */
static void make_event(evbuf *b, const gp_fde *fde, uint8_t type,
                       const uint8_t *body, size_t body_len)
{
    uint8_t tmp[4096];
    size_t n = GP_EVH_LEN_V4 + body_len;
    gp_error e;

    ck_assert_uint_le(n, sizeof tmp);
    memset(tmp, 0, GP_EVH_LEN_V4);
    put_le(tmp + GP_EVH_TIMESTAMP, 1795803963u, 4);
    tmp[GP_EVH_TYPE] = type;
    put_le(tmp + GP_EVH_SERVER_ID, 7, 4);
    put_le(tmp + GP_EVH_EVENT_SIZE, n, 4);
    put_le(tmp + GP_EVH_LOG_POS, 1000 + n, 4);
    if (body_len > 0)
        memcpy(tmp + GP_EVH_LEN_V4, body, body_len);
    b->p = exact_copy(tmp, n);
    b->n = n;
    gp_error_clear(&e);
    ck_assert_int_eq(gp_event_frame(&b->ev, b->p, n, 1000, fde, "t", &e), GTIDPOS_OK);
    gp_event_set_body(&b->ev, fde, (uint32_t)n);
}

static void free_event(evbuf *b)
{
    exact_free(b->p, b->n);
}

/* Format info into a malloc'd string. */
static char *emit(const gp_event_info *info, int format)
{
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);

    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(gp_emit_event(f, info, format), 0);
    fclose(f);
    return s;
}

/* ---- Rotate --------------------------------------------------------------- */

typedef struct rotate_case {
    uint16_t version;  /* binlog version of the FDE in force */
    const char *name;  /* written after the 8-byte position 123456789012 */
    size_t body_len;   /* bytes of the body given (8 + name, or fewer) */
    gtidpos_status want;
    uint64_t pos;      /* expected */
    size_t name_len;   /* expected */
} rotate_case;

static const rotate_case rotate_cases[] = {
    {4, "binlog.000005", 8 + 13, GTIDPOS_OK, 123456789012ull, 13},
    {4, "", 8, GTIDPOS_OK, 123456789012ull, 0},        /* empty name */
    {4, "", 7, GTIDPOS_ERR_CORRUPT, 0, 0},             /* short post-header */
    {4, "", 0, GTIDPOS_ERR_CORRUPT, 0, 0},
    {3, "mb.2", 8 + 4, GTIDPOS_OK, 123456789012ull, 4},
    {1, "x", 8 + 1, GTIDPOS_OK, 4, 9},                 /* v1: the body is the name */
};

START_TEST(test_rotate)
{
    const rotate_case *c = &rotate_cases[_i];
    gp_fde fde = fde_v(c->version);
    uint8_t body[64];
    gp_rotate r;
    gp_error e;
    evbuf b;

    put_le(body, 123456789012ull, 8);
    memcpy(body + 8, c->name, strlen(c->name));
    make_event(&b, &fde, GP_EV_ROTATE, body, c->body_len);
    gp_error_clear(&e);
    ck_assert_int_eq(gp_decode_rotate(&b.ev, &fde, &r, "t", &e), c->want);
    if (c->want == GTIDPOS_OK) {
        ck_assert_uint_eq(r.pos, c->pos);
        ck_assert_uint_eq(r.name_len, c->name_len);
        if (c->version >= 3)
            ck_assert(memcmp(r.name, c->name, r.name_len) == 0);
        else
            ck_assert(r.name == (const char *)b.ev.body);
    } else {
        ck_assert_int_eq(e.offset, 1000);
    }
    free_event(&b);
}
END_TEST

/* ---- XID ------------------------------------------------------------------ */

START_TEST(test_xid)
{
    gp_fde fde = fde_v(4);
    uint8_t body[16];
    uint64_t xid = 0;
    gp_error e;
    evbuf b;

    put_le(body, 0x0102030405060708ull, 8);
    make_event(&b, &fde, GP_EV_XID, body, 8);
    ck_assert_int_eq(gp_decode_xid(&b.ev, &xid, "t", &e), GTIDPOS_OK);
    ck_assert_uint_eq(xid, 0x0102030405060708ull);
    free_event(&b);

    make_event(&b, &fde, GP_EV_XID, body, 7);
    gp_error_clear(&e);
    ck_assert_int_eq(gp_decode_xid(&b.ev, &xid, "t", &e), GTIDPOS_ERR_CORRUPT);
    ck_assert_int_eq(e.offset, 1000);
    free_event(&b);
}
END_TEST

/* ---- MariaDB flags2 ------------------------------------------------------- */

static const struct {
    uint8_t flags2;
    size_t cap;
    const char *want;
} flags_cases[] = {
    {0, 64, ""},
    {GP_MFL_STANDALONE, 64, "standalone"},
    {GP_MFL_STANDALONE | GP_MFL_DDL | GP_MFL_ALLOW_PARALLEL, 64,
     "standalone,allow_parallel,ddl"},
    {0xff, 200,
     "standalone,group_commit_id,transactional,allow_parallel,waited,ddl,"
     "prepared_xa,completed_xa"},
    {GP_MFL_STANDALONE | GP_MFL_DDL, 12, "standalone"}, /* no room: whole names */
};

START_TEST(test_flags2)
{
    char buf[256];

    gp_mariadb_flags2_text(flags_cases[_i].flags2, buf, flags_cases[_i].cap);
    ck_assert_str_eq(buf, flags_cases[_i].want);
}
END_TEST

/* ---- describe + emit ------------------------------------------------------ */

/* A v4 Query body: post-header (13), no status vars, db "db" + NUL. */
static size_t query_body(uint8_t *body, const char *stmt, size_t len)
{
    memset(body, 0, GP_QUERY_POST_HEADER_V4);
    body[GP_QUERY_DB_LEN] = 2;
    memcpy(body + GP_QUERY_POST_HEADER_V4, "db", 3);
    memcpy(body + GP_QUERY_POST_HEADER_V4 + 3, stmt, len);
    return GP_QUERY_POST_HEADER_V4 + 3 + len;
}

START_TEST(test_query_short)
{
    gp_fde fde = fde_v(4);
    uint8_t body[512];
    gp_event_info info;
    gp_error e;
    evbuf b;
    char *s;

    make_event(&b, &fde, GP_EV_QUERY, body, query_body(body, "BEGIN", 5));
    ck_assert_int_eq(gp_event_describe(&b.ev, &fde, &info, "t", &e), GTIDPOS_OK);
    ck_assert_str_eq(info.query, "BEGIN");
    ck_assert_int_eq(info.query_truncated, 0);
    s = emit(&info, GTIDPOS_FORMAT_TEXT);
    ck_assert_str_eq(s, "1000\t1040\tQuery\t7\t40\t2026-11-27T18:26:03Z\tquery=\"BEGIN\"\n");
    free(s);
    s = emit(&info, GTIDPOS_FORMAT_JSON);
    ck_assert_str_eq(s, "{\"schema_version\":1,\"start\":1000,\"end\":1040,\"type\":\"Query\",\"type_code\":2,"
                        "\"server_id\":7,\"size\":40,\"timestamp\":\"2026-11-27T18:26:03Z\","
                        "\"log_pos\":1040,\"flags\":0,\"query\":\"BEGIN\"}\n");
    free(s);
    gp_event_info_free(&info);
    free_event(&b);
}
END_TEST

START_TEST(test_query_long)
{
    /* 78 ASCII bytes, then a 3-byte UTF-8 character across the 80-byte cut,
     * then a newline and a tab that must not survive as raw bytes */
    char stmt[200];
    gp_fde fde = fde_v(4);
    uint8_t body[512];
    gp_event_info info;
    gp_error e;
    evbuf b;
    char *s;

    memset(stmt, 'x', 78);
    memcpy(stmt + 78, "\xe2\x82\xac\n\tSELECT 1", 13);
    make_event(&b, &fde, GP_EV_QUERY, body, query_body(body, stmt, 91));
    ck_assert_int_eq(gp_event_describe(&b.ev, &fde, &info, "t", &e), GTIDPOS_OK);
    ck_assert_uint_eq(strlen(info.query), 78);
    ck_assert_int_eq(info.query_truncated, 1);
    gp_event_info_free(&info);
    free_event(&b);

    /* newline and tab within the kept bytes: escaped, one line, 6 tabs */
    make_event(&b, &fde, GP_EV_QUERY, body, query_body(body, "a\n\tb\"c\\", 7));
    ck_assert_int_eq(gp_event_describe(&b.ev, &fde, &info, "t", &e), GTIDPOS_OK);
    s = emit(&info, GTIDPOS_FORMAT_TEXT);
    ck_assert_ptr_nonnull(strstr(s, "\tquery=\"a\\n\\tb\\\"c\\\\\"\n"));
    {
        int tabs = 0, nl = 0;
        for (const char *p = s; *p; p++)
            tabs += *p == '\t', nl += *p == '\n';
        ck_assert_int_eq(tabs, 6);
        ck_assert_int_eq(nl, 1);
    }
    free(s);
    gp_event_info_free(&info);
    free_event(&b);

    /* a NUL in the statement ends what is shown */
    make_event(&b, &fde, GP_EV_QUERY, body, query_body(body, "ab\0cd", 5));
    ck_assert_int_eq(gp_event_describe(&b.ev, &fde, &info, "t", &e), GTIDPOS_OK);
    ck_assert_str_eq(info.query, "ab");
    ck_assert_int_eq(info.query_truncated, 1);
    s = emit(&info, GTIDPOS_FORMAT_JSON);
    ck_assert_ptr_nonnull(strstr(s, ",\"query\":\"ab\",\"query_truncated\":true}\n"));
    free(s);
    gp_event_info_free(&info);
    free_event(&b);
}
END_TEST

START_TEST(test_describe_rotate_xid_mariadb)
{
    gp_fde fde = fde_v(4);
    uint8_t body[64];
    gp_event_info info;
    gp_error e;
    evbuf b;
    char *s;

    put_le(body, 4, 8);
    memcpy(body + 8, "my bin\t1", 8);
    make_event(&b, &fde, GP_EV_ROTATE, body, 16);
    ck_assert_int_eq(gp_event_describe(&b.ev, &fde, &info, "t", &e), GTIDPOS_OK);
    s = emit(&info, GTIDPOS_FORMAT_TEXT);
    ck_assert_str_eq(s, "1000\t1035\tRotate\t7\t35\t2026-11-27T18:26:03Z\t"
                        "rotate_file=\"my bin\\t1\" rotate_pos=4\n");
    free(s);
    gp_event_info_free(&info);
    free_event(&b);

    put_le(body, 18446744073709551615ull, 8);
    make_event(&b, &fde, GP_EV_XID, body, 8);
    ck_assert_int_eq(gp_event_describe(&b.ev, &fde, &info, "t", &e), GTIDPOS_OK);
    s = emit(&info, GTIDPOS_FORMAT_JSON);
    ck_assert_ptr_nonnull(strstr(s, ",\"xid\":18446744073709551615}\n"));
    free(s);
    gp_event_info_free(&info);
    free_event(&b);

    /* MariaDB GTID 0-7-5, standalone + ddl (server id from the header) */
    memset(body, 0, sizeof body);
    put_le(body + GP_MGTID_SEQ, 5, 8);
    put_le(body + GP_MGTID_DOMAIN, 0, 4);
    body[GP_MGTID_FLAGS2] = GP_MFL_STANDALONE | GP_MFL_DDL;
    make_event(&b, &fde, GP_EV_MARIA_GTID, body, 19);
    ck_assert_int_eq(gp_event_describe(&b.ev, &fde, &info, "t", &e), GTIDPOS_OK);
    s = emit(&info, GTIDPOS_FORMAT_TEXT);
    ck_assert_ptr_nonnull(strstr(s, "\tgtid=0-7-5 gtid_flags=standalone,ddl\n"));
    free(s);
    gp_event_info_free(&info);
    free_event(&b);

    /* a type without fields: "-" */
    make_event(&b, &fde, GP_EV_TABLE_MAP, body, 10);
    ck_assert_int_eq(gp_event_describe(&b.ev, &fde, &info, "t", &e), GTIDPOS_OK);
    s = emit(&info, GTIDPOS_FORMAT_TEXT);
    ck_assert_str_eq(s, "1000\t1029\tTable_map\t7\t29\t2026-11-27T18:26:03Z\t-\n");
    free(s);
    gp_event_info_free(&info);
    free_event(&b);
}
END_TEST

START_TEST(test_iso8601)
{
    char buf[21];

    gp_iso8601_utc(0, buf);
    ck_assert_str_eq(buf, "1970-01-01T00:00:00Z");
    gp_iso8601_utc(UINT32_MAX, buf);
    ck_assert_str_eq(buf, "2106-02-07T06:28:15Z");
}
END_TEST

/* ---- filters (walk/event_filter.c) through gtidpos_events() ---------- */

static const struct {
    const char *name, *value;
    int ok;
} filter_cases[] = {
    {"start-position", "4", 1},
    {"start-position", "0-1-5", 1},
    {"start-position", "0-1-5,1-2-7", 1},
    {"start-position", "0-1-5,0-2-7", 0}, /* a domain twice */
    {"start-position", "x", 0},
    {"start-position", "-1", 0},
    {"start-position", "", 0},
    {"stop-position", "99999999999999999999999", 0},
    {"stop-position", "2-1-9", 1},
    {"start-datetime", "2026-01-01 00:15:16", 1},
    {"start-datetime", "2026-01-01T00:15", 1},
    {"start-datetime", "20260101001516", 1},
    {"start-datetime", "2026-01-01", 1},
    {"start-datetime", "2026-02-30 00:00:00", 0},
    {"stop-datetime", "2026-13-01 00:00:00", 0},
    {"stop-datetime", "junk", 0},
    {"include-gtids", "214eb71f-96ec-11e8-ab4f-fa163e72d4ae:1-5:7", 1},
    {"include-gtids", "0-1-5", 0},
    {"exclude-gtids", "214eb71f-96ec-11e8-ab4f-fa163e72d4ae:", 0},
    {"do-domain-ids", "0,1, 2", 1},
    {"do-domain-ids", "a", 0},
    {"do-domain-ids", "1,", 0},
    {"ignore-server-ids", "4294967296", 0},
    {"do-server-ids", "7", 1},
    {"gtid-strict-mode", "0", 1},
    {"gtid-strict-mode", "yes", 0},
    {"no-such-filter", "1", 0},
};

START_TEST(test_filter_values)
{
    gtidpos_event_filter *f;
    GP_TEST_ERROR(err);
    gtidpos_status st;

    ck_assert_int_eq(gtidpos_event_filter_new(&f, err), GTIDPOS_OK);
    st = gtidpos_event_filter_set(f, filter_cases[_i].name, filter_cases[_i].value, err);
    if (filter_cases[_i].ok) {
        ck_assert_msg(st == GTIDPOS_OK, "%s=%s: %s", filter_cases[_i].name,
                      filter_cases[_i].value, gtidpos_error_line(err));
    } else {
        ck_assert_msg(st == GTIDPOS_ERR_PARSE, "%s=%s accepted", filter_cases[_i].name,
                      filter_cases[_i].value);
        ck_assert_ptr_eq(strchr(gtidpos_error_line(err), '\n'), NULL);
        ck_assert_ptr_ne(strstr(gtidpos_error_line(err), filter_cases[_i].name), NULL);
    }
    gtidpos_event_filter_free(f);
}
END_TEST

START_TEST(test_filter_conflicts)
{
    gtidpos_event_filter *f;
    GP_TEST_ERROR(err);

    ck_assert_int_eq(gtidpos_event_filter_new(&f, err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_event_filter_set(f, "do-domain-ids", "1", err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_event_filter_set(f, "ignore-domain-ids", "2", err),
                     GTIDPOS_ERR_PARSE);
    ck_assert_int_eq(gtidpos_event_filter_set(f, "do-server-ids", "1", err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_event_filter_set(f, "ignore-server-ids", "2", err),
                     GTIDPOS_ERR_PARSE);
    gtidpos_event_filter_free(f);
}
END_TEST

typedef struct offsets {
    uint64_t at[512];
    uint8_t type[512];
    size_t n;
    int warnings;
} offsets;

static int collect(void *ctx, const gtidpos_event *ev)
{
    offsets *o = ctx;
    char *line = gtidpos_event_format(ev, GTIDPOS_FORMAT_TEXT, NULL);

    ck_assert_ptr_nonnull(line); /* the event can be formatted during the call */
    free(line);
    ck_assert_uint_lt(o->n, 512);
    o->type[o->n] = gtidpos_event_type(ev);
    o->at[o->n++] = gtidpos_event_offset(ev);
    return 0;
}

static void count_warning(void *ctx, const char *msg)
{
    (void)msg;
    ((offsets *)ctx)->warnings++;
}

/* The events of path through the filter options name=value pairs. */
static gtidpos_status list(const char *path, offsets *o, gtidpos_error *err, ...)
{
    const char *paths[1] = {gp_test_path(path)};
    gtidpos_event_filter *f;
    gtidpos_status st;
    const char *name;
    va_list ap;

    memset(o, 0, sizeof *o);
    ck_assert_int_eq(gtidpos_event_filter_new(&f, err), GTIDPOS_OK);
    va_start(ap, err);
    while ((name = va_arg(ap, const char *)) != NULL)
        ck_assert_int_eq(gtidpos_event_filter_set(f, name, va_arg(ap, const char *), err),
                         GTIDPOS_OK);
    va_end(ap);
    st = gtidpos_events(paths, 1, NULL, f, collect, count_warning, o, err);
    gtidpos_event_filter_free(f);
    return st;
}

#define KINGBUS12 "mysql/kingbus/mysql_bin.000012"
#define KB_UUID "214eb71f-96ec-11e8-ab4f-fa163e72d4ae"

/* No filter lists what a cursor walks. */
START_TEST(test_events_unfiltered)
{
    gtidpos_log *log;
    gtidpos_cursor *c;
    const gtidpos_event *ev;
    GP_TEST_ERROR(err);
    offsets o;
    size_t n = 0;

    ck_assert_int_eq(list(KINGBUS12, &o, err, NULL), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_open(&log, gp_test_path(KINGBUS12), NULL, err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_cursor_open(&c, log, 4, err), GTIDPOS_OK);
    while (gtidpos_cursor_next(c, &ev, err) == 1) {
        ck_assert_uint_lt(n, o.n);
        ck_assert_uint_eq(o.at[n++], gtidpos_event_offset(ev));
    }
    gtidpos_cursor_close(c);
    gtidpos_close(log);
    ck_assert_uint_eq(n, o.n);
    ck_assert_uint_gt(n, 100);
}
END_TEST

/* --include-gtids: the Format_description, Previous_gtids, the one
 * transaction from its GTID event to its XID, and the closing Rotate;
 * --exclude-gtids of the same GTID: everything else. */
START_TEST(test_events_include_exclude)
{
    offsets all, in, ex;
    GP_TEST_ERROR(err);
    size_t gtid_at = 0, xid_at = 0;

    ck_assert_int_eq(list(KINGBUS12, &all, err, NULL), GTIDPOS_OK);
    ck_assert_int_eq(list(KINGBUS12, &in, err, "include-gtids", KB_UUID ":11801", NULL),
                     GTIDPOS_OK);
    ck_assert_int_eq(list(KINGBUS12, &ex, err, "exclude-gtids", KB_UUID ":11801", NULL),
                     GTIDPOS_OK);
    for (size_t i = 0; i < all.n && !xid_at; i++) {
        if (all.type[i] == GP_EV_GTID && !gtid_at)
            gtid_at = i;
        else if (gtid_at && all.type[i] == GP_EV_XID)
            xid_at = i;
    }
    ck_assert_uint_eq(gtid_at, 2);
    ck_assert_uint_eq(in.n, 2 + (xid_at - gtid_at + 1) + 1);
    ck_assert_uint_eq(in.at[2], all.at[gtid_at]);
    ck_assert_uint_eq(in.at[in.n - 2], all.at[xid_at]);
    ck_assert_int_eq(in.type[in.n - 1], GP_EV_ROTATE);
    ck_assert_uint_eq(ex.n + (xid_at - gtid_at + 1), all.n);
    ck_assert_uint_eq(ex.at[2], all.at[xid_at + 1]);
}
END_TEST

/* Byte positions: the Format_description, then [start, stop). */
START_TEST(test_events_byte_slice)
{
    offsets all, sl;
    GP_TEST_ERROR(err);
    char start[24], stop[24];

    ck_assert_int_eq(list(KINGBUS12, &all, err, NULL), GTIDPOS_OK);
    snprintf(start, sizeof start, "%llu", (unsigned long long)all.at[5]);
    snprintf(stop, sizeof stop, "%llu", (unsigned long long)all.at[9]);
    ck_assert_int_eq(list(KINGBUS12, &sl, err, "start-position", start, "stop-position", stop,
                          NULL),
                     GTIDPOS_OK);
    ck_assert_uint_eq(sl.n, 5);
    ck_assert_uint_eq(sl.at[0], 4);
    ck_assert_uint_eq(sl.at[1], all.at[5]);
    ck_assert_uint_eq(sl.at[4], all.at[8]);
    snprintf(start, sizeof start, "%llu", (unsigned long long)all.at[5] + 1);
    ck_assert_int_eq(list(KINGBUS12, &sl, err, "start-position", start, NULL),
                     GTIDPOS_ERR_POSITION);
    ck_assert_int_eq(gtidpos_error_offset(err), (int64_t)all.at[5] + 1);
    ck_assert_ptr_ne(strstr(gtidpos_error_line(err), "mysql_bin.000012"), NULL);
}
END_TEST

/* Datetimes (TZ=UTC): the file's events are from 2018-08-02; a start
 * after them all lists only the Format_description, a stop before them
 * nothing at all. */
START_TEST(test_events_datetime)
{
    offsets o;
    GP_TEST_ERROR(err);

    setenv("TZ", "UTC", 1);
    tzset();
    ck_assert_int_eq(list(KINGBUS12, &o, err, "start-datetime", "2030-01-01 00:00:00", NULL),
                     GTIDPOS_OK);
    ck_assert_uint_eq(o.n, 1);
    ck_assert_int_eq(o.type[0], GP_EV_FORMAT_DESCRIPTION);
    ck_assert_int_eq(list(KINGBUS12, &o, err, "stop-datetime", "2000-01-01", NULL), GTIDPOS_OK);
    ck_assert_uint_eq(o.n, 0);
    ck_assert_int_eq(list(KINGBUS12, &o, err, "start-datetime", "2000-01-01", NULL),
                     GTIDPOS_OK);
    ck_assert_uint_gt(o.n, 100);
}
END_TEST

/* GTID positions on a MySQL file: no MariaDB GTID reaches the start, so
 * the listing ends with the error, after the events outside groups. */
START_TEST(test_events_gtid_never_reached)
{
    offsets o;
    GP_TEST_ERROR(err);

    ck_assert_int_eq(list(KINGBUS12, &o, err, "start-position", "0-1-5", NULL),
                     GTIDPOS_ERR_POSITION);
    ck_assert_ptr_ne(strstr(gtidpos_error_line(err), "0-1-5 was never reached"), NULL);
    ck_assert_int_eq(list(KINGBUS12, &o, err, "stop-position", "0-1-5", NULL), GTIDPOS_OK);
    ck_assert_int_eq(o.warnings, 1); /* never reached: a warning, as mariadb-binlog's */
}
END_TEST

Suite *events_suite(void)
{
    Suite *s = suite_create("events");
    TCase *tc = tcase_create("core");

    tcase_add_loop_test(tc, test_rotate, 0,
                        (int)(sizeof rotate_cases / sizeof rotate_cases[0]));
    tcase_add_test(tc, test_xid);
    tcase_add_loop_test(tc, test_flags2, 0,
                        (int)(sizeof flags_cases / sizeof flags_cases[0]));
    tcase_add_test(tc, test_query_short);
    tcase_add_test(tc, test_query_long);
    tcase_add_test(tc, test_describe_rotate_xid_mariadb);
    tcase_add_test(tc, test_iso8601);
    tcase_add_loop_test(tc, test_filter_values, 0,
                        (int)(sizeof filter_cases / sizeof filter_cases[0]));
    tcase_add_test(tc, test_filter_conflicts);
    tcase_add_test(tc, test_events_unfiltered);
    tcase_add_test(tc, test_events_include_exclude);
    tcase_add_test(tc, test_events_byte_slice);
    tcase_add_test(tc, test_events_datetime);
    tcase_add_test(tc, test_events_gtid_never_reached);
    suite_add_tcase(s, tc);
    return s;
}
