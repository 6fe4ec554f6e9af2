/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_verify.c - tests for src/binlog/verify.c: the GTID set difference
 * that names what a gap between two files lost (table-driven; each answer
 * must also parse as a set and be a subset of a, by the set module's own
 * parser and subset test), and the verdicts on real files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "binlog/format.h"
#include "walk/position.h"
#include "walk/verify.h"
#include "binlog/walker.h"
#include "gtid/mysql_set.h"
#include "suites.h"
#include "testutil.h"

#define U1 "3e11fa47-71ca-11e1-9e33-c80aa9429562"
#define U2 "4e11fa47-71ca-11e1-9e33-c80aa9429562"

static uint32_t gp_load_u32le_test(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static gp_mysql_set *parse(const char *text)
{
    gp_mysql_set *s = gp_mysql_set_new();

    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(gp_mysql_set_parse(s, text, strlen(text), NULL, 0), GP_GTID_OK);
    return s;
}

START_TEST(set_minus_table)
{
    static const struct {
        const char *a, *b, *want;
    } cases[] = {
        {"", "", ""},
        {U1 ":1-10", "", U1 ":1-10"},
        {U1 ":1-10", U1 ":1-10", ""},
        {U1 ":1-10", U1 ":3-4:8", U1 ":1-2:5-7:9-10"},
        {U1 ":1-10", U1 ":1-20", ""},
        {U1 ":5-10", U1 ":1-6", U1 ":7-10"},
        {U1 ":1-10:20-30", U1 ":10-20", U1 ":1-9:21-30"},
        {U1 ":1-5," U2 ":1-5", U1 ":1-5", U2 ":1-5"},
        {U1 ":1-5," U2 ":1-5", U2 ":3", U1 ":1-5," U2 ":1-2:4-5"},
        {U1 ":1-3:tag:1-5", U1 ":1-3:tag:2", U1 ":tag:1:3-5"},
        {U1 ":1-3:tag:1-5", U1 ":tag:1-5", U1 ":1-3"},
        {U1 ":9223372036854775806", U1 ":1", U1 ":9223372036854775806"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = gp_verify_mysql_set_minus(cases[i].a, cases[i].b);
        gp_mysql_set *a = parse(cases[i].a), *b = parse(cases[i].b), *d;

        ck_assert_ptr_nonnull(got);
        ck_assert_msg(strcmp(got, cases[i].want) == 0, "%s - %s: got '%s', want '%s'",
                      cases[i].a, cases[i].b, got, cases[i].want);
        /* The difference is canonical text, inside a. */
        d = parse(got);
        ck_assert(gp_mysql_set_is_subset(d, a));
        free(got);
        gp_mysql_set_free(a);
        gp_mysql_set_free(b);
        gp_mysql_set_free(d);
    }
}
END_TEST

typedef struct seen {
    int problems, notes;
    long long first_offset;   /* of the first problem */
    int has_note;
    long long first_note;     /* offset of the first note */
} seen;

static void count(void *ctx, const char *file, int64_t offset, int note, const char *msg)
{
    seen *s = ctx;

    (void)file;
    (void)msg;
    if (note) {
        if (s->notes++ == 0) {
            s->has_note = 1;
            s->first_note = offset;
        }
    } else if (s->problems++ == 0) {
        s->first_offset = offset;
    }
}

START_TEST(real_file_clean)
{
    gp_verify_summary s;
    gp_error e;
    seen z = {0, 0, -1, 0, 0};

    ck_assert_int_eq(gp_verify_file(gp_test_path("mysql/kingbus/mysql_bin.000012"), NULL, &s, count,
                                    &z, &e),
                     GTIDPOS_OK);
    ck_assert_int_eq(z.problems, 0);
    ck_assert_int_eq(s.problems, 0);
    ck_assert(s.complete);
    ck_assert(!s.relay);
    ck_assert_int_eq(s.flavor, GTIDPOS_FLAVOR_MYSQL);
    ck_assert_uint_eq(s.bytes, s.size);
}
END_TEST

START_TEST(relay_log_recognised)
{
    gp_verify_summary s;
    gp_error e;
    seen z = {0, 0, -1, 0, 0};

    ck_assert_int_eq(gp_verify_file(gp_test_path("mysql/kingbus/relay/flikedev1-c8pyy-relay-bin.000284"), NULL,
                                    &s, count, &z, &e),
                     GTIDPOS_OK);
    ck_assert(s.relay);
    ck_assert_int_eq(z.problems, 0);
    ck_assert_int_eq(z.notes, 0);
}
END_TEST

START_TEST(missing_file_is_an_open_error)
{
    gp_verify_summary s;
    gp_error e;
    seen z = {0, 0, -1, 0, 0};

    ck_assert_int_eq(gp_verify_file("/nonexistent/bin.000001", NULL, &s, count, &z, &e), GTIDPOS_ERR_IO);
    ck_assert_int_eq(z.problems, 0);
}
END_TEST

/*
 * Report and continue: a byte flipped in a streamed event (larger than a
 * tiny read window) and one in a small whole event give one CRC32 problem
 * each, at those events' offsets, and the walk still reaches the end,
 * under every way of reading the file.
 */
START_TEST(checksum_mismatch_reported_and_walk_continues)
{
    size_t len;
    uint8_t *data = gp_test_slurp(gp_test_path("mysql/kingbus/mysql_bin.000012"), &len);
    uint64_t big = 0, big_start = 0, small = 0, n_intact = 0;
    char path[] = "/tmp/gp-verify-XXXXXX";
    gp_log log;
    gp_event ev;
    gp_error e;
    int fd;

    /* The intact file's events: pick a 65+ byte row or query event (not
     * one the walker always holds whole) and an Xid event after it. */
    ck_assert_int_eq(gp_log_open_buffer(&log, "intact", data, len, GTIDPOS_VERIFY_ALL, &e), GTIDPOS_OK);
    while (gp_log_next(&log, &ev)) {
        n_intact++;
        if (big == 0 && ev.size > 64 && (ev.type == GP_EV_QUERY || ev.type == GP_EV_UPDATE_ROWS))
            big = ev.offset + ev.size / 2, big_start = ev.offset;
        else if (big != 0 && small == 0 && ev.type == GP_EV_XID)
            small = ev.offset + 21;
    }
    ck_assert_int_eq(log.status, GTIDPOS_OK);
    gp_log_close(&log);
    ck_assert(big != 0 && small != 0);
    data[big] ^= 0x5a;
    data[small] ^= 0x01;
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
    close(fd);

    for (int how = 0; how < 3; how++) {
        gp_verify_summary s;
        seen z = {0, 0, -1, 0, 0};
        gtidpos_io io = how == 1 ? GTIDPOS_IO_MMAP : GTIDPOS_IO_READ;
        size_t window = how == 2 ? 64 : 0;

        ck_assert_int_eq(gp_log_open_io(&log, path, GTIDPOS_VERIFY_ALL, io, window, &e), GTIDPOS_OK);
        gp_verify_log(&log, &s, count, &z);
        gp_log_close(&log);
        ck_assert_msg(z.problems == 2, "read mode %d: %d problems", how, z.problems);
        ck_assert(s.complete);
        ck_assert_uint_eq(s.events, n_intact);
        ck_assert_uint_eq(s.bytes, len);
        ck_assert_int_eq(z.first_offset, (long long)big_start);
    }
    unlink(path);
    free(data);
}
END_TEST

/* ---- MySQL 5.0 relay logs ------------------------------------------------ */

/* gp_verify_file on a testdata file (or a path), counted. */
static gp_verify_summary verify_counted(const char *path, seen *z)
{
    gp_verify_summary s;
    gp_error e;

    memset(z, 0, sizeof *z);
    z->first_offset = -1;
    ck_assert_int_eq(gp_verify_file(path, NULL, &s, count, z, &e), GTIDPOS_OK);
    return s;
}

/* A copy of data with a change, in a temporary file; its path in buf. */
static void write_variant(char *buf, size_t cap, const char *tag, const uint8_t *data,
                          size_t len)
{
    int fd;

    snprintf(buf, cap, "/tmp/gp-verify-%s-XXXXXX", tag);
    fd = mkstemp(buf);
    ck_assert_int_ge(fd, 0);
    close(fd);
    gp_test_write_file(buf, data, len);
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/*
 * bug33029-slave-relay-bin.000001 (MySQL 5.0.58 replica and source): the
 * Rotate at 98 is the source's made-up one (timestamp 0, log_pos 0, the
 * source's server id 1, flags 0: 5.0 set no LOG_EVENT_ARTIFICIAL_F).  It
 * used to be held to the replica's own positions: "end_log_pos 0, but the
 * event ends at 142".  Now the file is clean, and recognised as a relay log.
 */
START_TEST(relay_50_fake_rotate)
{
    seen z;
    gp_verify_summary s = verify_counted(gp_test_path("old/debian/bug33029-slave-relay-bin.000001"), &z);

    ck_assert(s.complete);
    ck_assert(s.relay);
    ck_assert_uint_eq(s.events, 43);
    ck_assert_int_eq(z.problems, 0);
    ck_assert_int_eq(z.notes, 0);
}
END_TEST

/*
 * corrupt-relay-bin.000624 (replica 5.0.46, source 5.0.30): the same
 * Rotate at 98, and 180 transactions whose inner events carry end_log_pos
 * counted from the start of the source's transaction cache (each drew a
 * note "does not follow").  What is left is the real damage: the Query
 * event at 91204, whose lengths exceed its body (the file is cut there).
 */
START_TEST(relay_50_corrupt_only_the_real_problem)
{
    seen z;
    gp_verify_summary s = verify_counted(gp_test_path("damaged/debian/corrupt-relay-bin.000624"), &z);

    ck_assert(s.relay);
    ck_assert_uint_eq(s.events, 874);
    ck_assert_int_eq(z.problems, 1);
    ck_assert_int_eq(z.first_offset, 91204);
    ck_assert_int_eq(z.notes, 0);
}
END_TEST

/*
 * The rules are no blanket pass: in a copy of corrupt-relay-bin.000624
 *  - the INSERT at 322 (cache-relative end_log_pos 312) given 313 draws a
 *    note at 322;
 *  - the Rotate at 98 given the replica's own server id (20162) is the
 *    replica's event again, and its log_pos 0 a problem at 98.
 */
START_TEST(relay_50_breaks_still_seen)
{
    size_t len;
    uint8_t *data = gp_test_slurp(gp_test_path("damaged/debian/corrupt-relay-bin.000624"), &len);
    char path[64];
    seen z;

    ck_assert_uint_eq(gp_load_u32le_test(data + 322 + GP_EVH_LOG_POS), 312);
    put32(data + 322 + GP_EVH_LOG_POS, 313);
    write_variant(path, sizeof path, "pos", data, len);
    verify_counted(path, &z);
    unlink(path);
    ck_assert_int_eq(z.problems, 1); /* the real one at 91204 */
    ck_assert(z.has_note);
    ck_assert_int_eq(z.first_note, 322);
    put32(data + 322 + GP_EVH_LOG_POS, 312);

    ck_assert_uint_eq(gp_load_u32le_test(data + 98 + GP_EVH_SERVER_ID), 20160);
    ck_assert_uint_eq(gp_load_u32le_test(data + 4 + GP_EVH_SERVER_ID), 20162);
    put32(data + 98 + GP_EVH_SERVER_ID, 20162);
    write_variant(path, sizeof path, "rot", data, len);
    verify_counted(path, &z);
    unlink(path);
    ck_assert_int_eq(z.problems, 2);
    ck_assert_int_eq(z.first_offset, 98);
    free(data);
}
END_TEST

/* ---- MySQL 5.7.0 - 5.7.5 without Previous_gtids: at and verify agree ----- */

/* `at` at the end: GTIDPOS_OK with the set text in *set (malloc'd) and the
 * number of warnings, or the error. */
static gtidpos_status at_end(const char *path, char **set, int *warnings)
{
    gp_log log;
    gp_at_result r;
    gp_error e;
    gtidpos_status rc;

    *set = NULL;
    *warnings = 0;
    gp_at_result_init(&r);
    rc = gp_log_open(&log, path, GTIDPOS_VERIFY_ALL, &e);
    if (rc == GTIDPOS_OK)
        rc = gp_at(&log, GP_POS_END, NULL, &r, &e);
    if (rc == GTIDPOS_OK) {
        *set = gp_mysql_set_to_string(r.mysql);
        *warnings = (int)r.n_warnings;
    }
    gp_log_close(&log);
    gp_at_result_free(&r);
    return rc;
}

/*
 * bug32407.001 of rust_mysql_common: MySQL 5.7.1-m11, closed, no
 * Previous_gtids, no GTID events.  5.7.0 - 5.7.5 wrote Previous_gtids only
 * with gtid_mode=ON (gp_fde_start_set_rule): `at` answers the empty set
 * with a warning, `verify` has no problem, only a note.  Variants: cut
 * right after the FDE while closed (both refuse: cut), the same marked in
 * use (both accept: a file the server is writing).  The rule: verify
 * reports a problem exactly where at refuses.
 */
START_TEST(mysql_571_at_and_verify_agree)
{
    size_t len;
    uint8_t *data = gp_test_slurp(gp_test_path("mysql/rust_mysql_common/bug32407.001"), &len);
    uint32_t fde_end = GP_BINLOG_MAGIC_LEN + gp_load_u32le_test(data + 4 + GP_EVH_EVENT_SIZE);
    static const struct { const char *name; int cut, in_use, refused; } cases[] = {
        {"whole file", 0, 0, 0},
        {"cut after the FDE, closed", 1, 0, 1},
        {"cut after the FDE, in use", 1, 1, 0},
    };

    ck_assert_int_eq(memcmp(data + 4 + GP_EVH_LEN_V4 + 2, "5.7.1-m11", 9), 0);
    ck_assert_uint_eq(fde_end, 120);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char path[64], *set;
        int warnings;
        seen z;
        gtidpos_status rc;

        if (cases[k].in_use)
            data[4 + GP_EVH_FLAGS] |= GP_LOG_EVENT_BINLOG_IN_USE_F;
        write_variant(path, sizeof path, "571", data, cases[k].cut ? fde_end : len);
        if (cases[k].in_use)
            data[4 + GP_EVH_FLAGS] &= (uint8_t)~GP_LOG_EVENT_BINLOG_IN_USE_F;
        rc = at_end(path, &set, &warnings);
        verify_counted(path, &z);
        unlink(path);
        if (cases[k].refused) {
            ck_assert_msg(rc == GTIDPOS_ERR_NO_GTID_INFO, "%s: at %s", cases[k].name, gp_strerror(rc));
            ck_assert_msg(z.problems == 1 && z.first_offset == 4, "%s: %d problems",
                          cases[k].name, z.problems);
        } else {
            ck_assert_msg(rc == GTIDPOS_OK, "%s: at %s", cases[k].name, gp_strerror(rc));
            ck_assert_str_eq(set, "");
            ck_assert_int_eq(warnings, 1);
            ck_assert_msg(z.problems == 0, "%s: %d problems", cases[k].name, z.problems);
            ck_assert(z.has_note);
            ck_assert_int_eq(z.first_note, 4);
        }
        free(set);
    }
    free(data);
}
END_TEST

Suite *verify_suite(void)
{
    Suite *s = suite_create("verify");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, set_minus_table);
    tcase_add_test(tc, real_file_clean);
    tcase_add_test(tc, relay_log_recognised);
    tcase_add_test(tc, missing_file_is_an_open_error);
    tcase_add_test(tc, checksum_mismatch_reported_and_walk_continues);
    tcase_add_test(tc, relay_50_fake_rotate);
    tcase_add_test(tc, relay_50_corrupt_only_the_real_problem);
    tcase_add_test(tc, relay_50_breaks_still_seen);
    tcase_add_test(tc, mysql_571_at_and_verify_agree);
    suite_add_tcase(s, tc);
    return s;
}
