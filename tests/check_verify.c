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
#include "walk/verify.h"
#include "binlog/walker.h"
#include "gtid/mysql_set.h"
#include "suites.h"
#include "testutil.h"

#define U1 "3e11fa47-71ca-11e1-9e33-c80aa9429562"
#define U2 "4e11fa47-71ca-11e1-9e33-c80aa9429562"

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
    long long first_offset;
} seen;

static void count(void *ctx, const char *file, int64_t offset, int note, const char *msg)
{
    seen *s = ctx;

    (void)file;
    (void)msg;
    if (note) {
        s->notes++;
    } else if (s->problems++ == 0) {
        s->first_offset = offset;
    }
}

START_TEST(real_file_clean)
{
    gp_verify_summary s;
    gp_error e;
    seen z = {0, 0, -1};

    ck_assert_int_eq(gp_verify_file(gp_test_path("mysql/kingbus/mysql_bin.000012"), &s, count,
                                    &z, &e),
                     GP_OK);
    ck_assert_int_eq(z.problems, 0);
    ck_assert_int_eq(s.problems, 0);
    ck_assert(s.complete);
    ck_assert(!s.relay);
    ck_assert_int_eq(s.flavor, GP_FLAVOR_MYSQL);
    ck_assert_uint_eq(s.bytes, s.size);
}
END_TEST

START_TEST(relay_log_recognised)
{
    gp_verify_summary s;
    gp_error e;
    seen z = {0, 0, -1};

    ck_assert_int_eq(gp_verify_file(gp_test_path("mysql/kingbus/relay/flikedev1-c8pyy-relay-bin.000284"),
                                    &s, count, &z, &e),
                     GP_OK);
    ck_assert(s.relay);
    ck_assert_int_eq(z.problems, 0);
    ck_assert_int_eq(z.notes, 0);
}
END_TEST

START_TEST(missing_file_is_an_open_error)
{
    gp_verify_summary s;
    gp_error e;
    seen z = {0, 0, -1};

    ck_assert_int_eq(gp_verify_file("/nonexistent/bin.000001", &s, count, &z, &e), GP_ERR_IO);
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
    ck_assert_int_eq(gp_log_open_buffer(&log, "intact", data, len, GP_VERIFY_ALL, &e), GP_OK);
    while (gp_log_next(&log, &ev)) {
        n_intact++;
        if (big == 0 && ev.size > 64 && (ev.type == GP_EV_QUERY || ev.type == GP_EV_UPDATE_ROWS))
            big = ev.offset + ev.size / 2, big_start = ev.offset;
        else if (big != 0 && small == 0 && ev.type == GP_EV_XID)
            small = ev.offset + 21;
    }
    ck_assert_int_eq(log.status, GP_OK);
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
        seen z = {0, 0, -1};
        gp_io io = how == 1 ? GP_IO_MMAP : GP_IO_READ;
        size_t window = how == 2 ? 64 : 0;

        ck_assert_int_eq(gp_log_open_io(&log, path, GP_VERIFY_ALL, io, window, &e), GP_OK);
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

Suite *verify_suite(void)
{
    Suite *s = suite_create("verify");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, set_minus_table);
    tcase_add_test(tc, real_file_clean);
    tcase_add_test(tc, relay_log_recognised);
    tcase_add_test(tc, missing_file_is_an_open_error);
    tcase_add_test(tc, checksum_mismatch_reported_and_walk_continues);
    suite_add_tcase(s, tc);
    return s;
}
