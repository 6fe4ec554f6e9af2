/* SPDX-License-Identifier: BSD-2-Clause */
/* check_public_scan.c - the public API's one-pass scan (gtidpos_scan),
 * checkpoints (gtidpos_at_checkpoint) and JSON quoting against the
 * internals they wrap and against gtidpos_at itself. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gtidpos.h"
#include "gtidpos_dm.h"

#include "emit/emit.h"
#include "walk/scan.h"
#include "cli/records.h"
#include "binlog/walker.h"
#include "suites.h"
#include "testutil.h"

static const char *const files[] = {
    "mysql/kingbus/mysql_bin.000012",
    "mariadb/tiflow/mysql-bin.000001",
    "mysql/kingbus/relay/flikedev1-c8pyy-relay-bin.000286",
    "mysql/rust_mysql_common/binlog_transaction_with_anonymous_GTID.000001",
    "corrupt/crc-body.binlog",
};

/* ------------------------------------------------- the boundaries, twice */

static gtidpos_status internal_boundary(void *ctx, const gp_scan_boundary *b, gp_error *e)
{
    char *set = gp_at_result_set_text(b->at);

    (void)e;
    ck_assert_ptr_nonnull(set);
    fprintf(ctx, "%llu %llu %u [%s] %s\n", (unsigned long long)b->start,
            (unsigned long long)b->end, b->timestamp, b->gtid, set);
    free(set);
    return GTIDPOS_OK;
}

/* Every boundary and the summary, as lines; or the error. */
static char *internal_scan(const char *path)
{
    gp_scan_options opt = {GTIDPOS_FLAVOR_UNKNOWN, internal_boundary, NULL, NULL, NULL};
    gp_scan_summary s;
    gp_error e;
    gp_log log;
    char *text = NULL, *set;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);

    ck_assert_ptr_nonnull(out);
    opt.ctx = out;
    gp_error_clear(&e);
    gp_scan_summary_init(&s);
    if (gp_log_open(&log, path, GTIDPOS_VERIFY_ALL, &e) == GTIDPOS_OK && gp_scan(&log, &opt, &s, &e) == GTIDPOS_OK) {
        ck_assert_ptr_nonnull(set = gp_at_result_set_text(&s.at));
        fprintf(out, "end %llu events %llu txns %llu first [%s] last [%s] prev [%s] added [%s] "
                     "time %d %u %u checksum %s set %s\n",
                (unsigned long long)s.end, (unsigned long long)s.events,
                (unsigned long long)s.transactions, s.first_gtid, s.last_gtid, s.previous_gtids,
                s.added_gtids, s.has_time, s.min_timestamp, s.max_timestamp,
                gp_scan_checksum_name(s.checksum), set);
        free(set);
    } else {
        fprintf(out, "error %d offset %lld\n", (int)e.code, (long long)e.offset);
    }
    gp_scan_summary_free(&s);
    gp_log_close(&log);
    fclose(out);
    return text;
}

typedef struct collected {
    FILE *out;
    const char *path;
    int check_at;    /* also ask gtidpos_at at each boundary */
    unsigned stop_after;    /* boundaries before stopping; 0: never */
    unsigned seen;
} collected;

static int public_boundary(void *ctx, const gtidpos_boundary *b)
{
    collected *c = ctx;
    char *set = gtidpos_set_format(gtidpos_boundary_set(b));
    const char *gtid;
    uint64_t start, end;

    ck_assert_ptr_nonnull(set);
    fprintf(c->out, "%llu %llu %u [%s] %s\n", (unsigned long long)gtidpos_boundary_start(b),
            (unsigned long long)gtidpos_boundary_end(b), gtidpos_boundary_timestamp(b), gtidpos_boundary_gtid(b), set);
    ck_assert_uint_eq(gtidpos_set_position(gtidpos_boundary_set(b)), gtidpos_boundary_end(b));
    ck_assert_int_eq(gtidpos_set_last_transaction(gtidpos_boundary_set(b), &gtid, &start, &end), 1);
    ck_assert_uint_eq(start, gtidpos_boundary_start(b));
    ck_assert_uint_eq(end, gtidpos_boundary_end(b));
    ck_assert_str_eq(gtid, strcmp(gtidpos_boundary_gtid(b), "ANONYMOUS") == 0 ? "" : gtidpos_boundary_gtid(b));
    if (c->check_at) { /* the boundary's set is what gtidpos_at answers there */
        gtidpos_log *log;
        gtidpos_set *at;
        GP_TEST_ERROR(err);
        const char *at_gtid;
        char *want;
        ck_assert_int_eq(gtidpos_open(&log, c->path, NULL, err), GTIDPOS_OK);
        ck_assert_int_eq(gtidpos_at(log, gtidpos_boundary_end(b), &at, err), GTIDPOS_OK);
        ck_assert_ptr_nonnull(want = gtidpos_set_format(at));
        ck_assert_str_eq(set, want);
        ck_assert_int_eq(gtidpos_set_last_transaction(at, &at_gtid, &start, &end), 1);
        ck_assert_str_eq(gtid, at_gtid);
        ck_assert_uint_eq(start, gtidpos_boundary_start(b));
        free(want);
        gtidpos_set_free(at);
        gtidpos_close(log);
    }
    free(set);
    return c->stop_after != 0 && ++c->seen == c->stop_after;
}

static char *public_scan(const char *path, int check_at)
{
    collected c = {NULL, path, check_at, 0, 0};
        gtidpos_scan_summary *s = NULL;
    GP_TEST_ERROR(err);
    gtidpos_log *log = NULL;
    char *text = NULL, *set;
    size_t len = 0;

    ck_assert_ptr_nonnull(c.out = open_memstream(&text, &len));
    if (gtidpos_open(&log, path, NULL, err) == GTIDPOS_OK &&
        gtidpos_scan(log, public_boundary, NULL, &c, &s, err) == GTIDPOS_OK) {
        ck_assert_int_eq(gtidpos_scan_summary_stopped(s), 0);
        ck_assert_ptr_nonnull(set = gtidpos_set_format(gtidpos_scan_summary_set(s)));
        fprintf(c.out, "end %llu events %llu txns %llu first [%s] last [%s] prev [%s] "
                       "added [%s] time %d %u %u checksum %s set %s\n",
                (unsigned long long)gtidpos_scan_summary_end(s), (unsigned long long)gtidpos_scan_summary_events(s),
                (unsigned long long)gtidpos_scan_summary_transactions(s), gtidpos_scan_summary_first_gtid(s), gtidpos_scan_summary_last_gtid(s), gtidpos_scan_summary_previous_gtids(s),
                gtidpos_scan_summary_added_gtids(s), gtidpos_scan_summary_has_time(s), gtidpos_scan_summary_min_timestamp(s), gtidpos_scan_summary_max_timestamp(s), gtidpos_scan_summary_checksum(s), set);
        free(set);
        ck_assert_uint_ge(gtidpos_scan_summary_size(s), gtidpos_scan_summary_end(s));
        gtidpos_scan_summary_free(s);
    } else {
        fprintf(c.out, "error %d offset %lld\n", (int)gtidpos_error_code(err), (long long)gtidpos_error_offset(err));
        gtidpos_scan_summary_free(s);
    }
    gtidpos_close(log);
    fclose(c.out);
    return text;
}

START_TEST(test_scan_equals_internal)
{
    const char *path = gp_test_path(files[_i]);
    char *want = internal_scan(path), *got = public_scan(path, 1);

    ck_assert_str_eq(got, want);
    ck_assert_ptr_nonnull(strstr(want, _i == 4 ? "error" : "end "));
    free(want);
    free(got);
}
END_TEST

/* ------------------------------------------------------- the event hook */

typedef struct events_seen {
    FILE *out;
    unsigned long long n, stop_at; /* stop before event stop_at (0-based); ~0: never */
} events_seen;

static int on_event(void *ctx, const gtidpos_event *ev)
{
    events_seen *e = ctx;

    if (e->n == e->stop_at)
        return 1;
    fprintf(e->out, "%llu %u %s\n", (unsigned long long)gtidpos_event_offset(ev), gtidpos_event_size(ev), gtidpos_event_type_name(ev));
    e->n++;
    return 0;
}

/* Every event the callback sees is the one a cursor returns, in
 * order; a stop before event k leaves k events counted and no set. */
START_TEST(test_scan_event_hook)
{
    const char *path = gp_test_path(files[_i]);
    events_seen seen = {NULL, 0, ~0ull};
    gtidpos_scan_summary *s = NULL;
    gtidpos_cursor *cur = NULL;
    const gtidpos_event *ev;
    GP_TEST_ERROR(err);
    gtidpos_log *log;
    char *got = NULL, *want = NULL;
    size_t got_len = 0, want_len = 0;
    FILE *out;
    gtidpos_status st;

    ck_assert_ptr_nonnull(out = open_memstream(&want, &want_len));
    ck_assert_int_eq(gtidpos_open(&log, path, NULL, err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_cursor_open(&cur, log, 4, err), GTIDPOS_OK);
    while (gtidpos_cursor_next(cur, &ev, err) == 1)
        fprintf(out, "%llu %u %s\n", (unsigned long long)gtidpos_event_offset(ev),
                gtidpos_event_size(ev), gtidpos_event_type_name(ev));
    gtidpos_cursor_close(cur);
    gtidpos_close(log);
    fclose(out);

    ck_assert_ptr_nonnull(seen.out = open_memstream(&got, &got_len));
    ck_assert_int_eq(gtidpos_open(&log, path, NULL, err), GTIDPOS_OK);
    st = gtidpos_scan(log, NULL, on_event, &seen, &s, err);
    gtidpos_close(log);
    fclose(seen.out);
    ck_assert_str_eq(got, want);
    if (st == GTIDPOS_OK)
        ck_assert_uint_eq(gtidpos_scan_summary_events(s), seen.n);
    gtidpos_scan_summary_free(s);

    /* stop before the third event */
    seen.n = 0;
    seen.stop_at = 2;
    ck_assert_ptr_nonnull(seen.out = fopen("/dev/null", "w"));
    ck_assert_int_eq(gtidpos_open(&log, path, NULL, err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_scan(log, NULL, on_event, &seen, &s, err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_scan_summary_stopped(s), 1);
    ck_assert_ptr_null(gtidpos_scan_summary_set(s));
    ck_assert_uint_eq(gtidpos_scan_summary_events(s), 2);
    gtidpos_scan_summary_free(s);
    gtidpos_close(log);
    fclose(seen.out);
    free(got);
    free(want);
}
END_TEST

START_TEST(test_scan_boundary_stop)
{
    const char *path = gp_test_path(files[0]);
    collected c = {NULL, path, 0, 3, 0};
        gtidpos_scan_summary *s = NULL;
    GP_TEST_ERROR(err);
    gtidpos_log *log;

    ck_assert_ptr_nonnull(c.out = fopen("/dev/null", "w"));
    ck_assert_int_eq(gtidpos_open(&log, path, NULL, err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_scan(log, public_boundary, NULL, &c, &s, err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_scan_summary_stopped(s), 1);
    ck_assert_uint_eq(c.seen, 3);
    ck_assert_uint_eq(gtidpos_scan_summary_transactions(s), 3);
    ck_assert_ptr_null(gtidpos_scan_summary_set(s));
    gtidpos_scan_summary_free(s);
    /* the same log scanned again: the same three */
    c.seen = 0;
    ck_assert_int_eq(gtidpos_scan(log, public_boundary, NULL, &c, &s, err), GTIDPOS_OK);
    ck_assert_uint_eq(c.seen, 3);
    ck_assert_uint_eq(gtidpos_scan_summary_transactions(s), 3);
    gtidpos_scan_summary_free(s);
    ck_assert_int_eq(gtidpos_scan(log, NULL, NULL, NULL, NULL, err), GTIDPOS_ERR_USAGE);
    gtidpos_close(log);
    fclose(c.out);
    ck_assert_int_eq(gtidpos_scan(NULL, NULL, NULL, NULL, &s, err), GTIDPOS_ERR_USAGE);
    ck_assert_ptr_null(s);
}
END_TEST

/* -------------------------------------------------------- checkpoints */

/* The set gtidpos_at answers at pos of the file, as text. */
static char *at_text(const char *path, uint64_t pos)
{
    gtidpos_log *log;
    gtidpos_set *set;
    GP_TEST_ERROR(err);
    char *text;

    ck_assert_int_eq(gtidpos_open(&log, path, NULL, err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_at(log, pos, &set, err), GTIDPOS_OK);
    ck_assert_ptr_nonnull(text = gtidpos_set_format(set));
    gtidpos_set_free(set);
    gtidpos_close(log);
    return text;
}

START_TEST(test_checkpoint_binlog_dir)
{
    char dir[1024], file[1024]; /* gp_test_path's buffer is reused */
    gtidpos_set *set;
    gtidpos_where *where = NULL;
    GP_TEST_ERROR(err);
    char *want, *got;

    snprintf(dir, sizeof dir, "%s", gp_test_path("mysql/kingbus"));
    snprintf(file, sizeof file, "%s", gp_test_path("mysql/kingbus/mysql_bin.000012"));
    ck_assert_int_eq(gtidpos_at_checkpoint(GTIDPOS_LOGS_BINLOG, dir, "mysql_bin.000012:1352",
                                           NULL, &set, &where, err),
                     GTIDPOS_OK);
    want = at_text(file, 1352);
    ck_assert_ptr_nonnull(got = gtidpos_set_format(set));
    ck_assert_str_eq(got, want);
    ck_assert_uint_eq(gtidpos_where_offset(where), 1352);
    ck_assert_ptr_nonnull(strstr(gtidpos_where_file(where), "mysql_bin.000012"));
    gtidpos_where_free(where);
    free(want);
    free(got);
    gtidpos_set_free(set);

    /* no position: the end of the file */
    ck_assert_int_eq(gtidpos_at_checkpoint(GTIDPOS_LOGS_BINLOG, dir, "mysql_bin.000012", NULL,
                                           &set, NULL, err),
                     GTIDPOS_OK);
    want = at_text(file, GTIDPOS_END);
    ck_assert_ptr_nonnull(got = gtidpos_set_format(set));
    ck_assert_str_eq(got, want);
    free(want);
    free(got);
    gtidpos_set_free(set);

    /* malformed, misplaced and misused */
    ck_assert_int_eq(gtidpos_at_checkpoint(GTIDPOS_LOGS_BINLOG, dir, "bad|name:4", NULL, &set,
                                           &where, err),
                     GTIDPOS_ERR_PARSE);
    ck_assert_ptr_null(set);
    ck_assert_ptr_null(where);
    ck_assert_int_eq(gtidpos_at_checkpoint(GTIDPOS_LOGS_REPLICA_RELAY, dir,
                                           "mysql_bin|000001.000012:4", NULL, &set, &where,
                                           err),
                     GTIDPOS_ERR_PARSE);
    ck_assert_int_eq(gtidpos_at_checkpoint(GTIDPOS_LOGS_BINLOG, dir, "mysql_bin.000012:1353",
                                           NULL, &set, &where, err),
                     GTIDPOS_ERR_POSITION);
    ck_assert_int_eq(gtidpos_at_checkpoint(GTIDPOS_LOGS_BINLOG, gp_test_path("no-such-dir"),
                                           "mysql_bin.000012:4", NULL, &set, &where, err),
                     GTIDPOS_ERR_IO);
    ck_assert_int_eq(gtidpos_at_checkpoint((gtidpos_logs)7, dir, "mysql_bin.000012:4", NULL,
                                           &set, &where, err),
                     GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_at_checkpoint(GTIDPOS_LOGS_BINLOG, dir, NULL, NULL, &set, &where,
                                           err),
                     GTIDPOS_ERR_USAGE);
}
END_TEST

/* ------------------------------------------------------ set arithmetic */

static gtidpos_set *set_at_end(const char *relative)
{
    gtidpos_log *log;
    gtidpos_set *set;
    GP_TEST_ERROR(err);

    ck_assert_int_eq(gtidpos_open(&log, gp_test_path(relative), NULL, err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_at(log, GTIDPOS_END, &set, err), GTIDPOS_OK);
    gtidpos_close(log);
    return set;
}

START_TEST(test_set_add_mysql)
{
    static const char kingbus[] = "214eb71f-96ec-11e8-ab4f-fa163e72d4ae";
    static const char other[] = "11111111-2222-3333-4444-555555555555";
    gtidpos_set *set = set_at_end("mysql/kingbus/mysql_bin.000012");
    GP_TEST_ERROR(err);
    char gtid[160], *before, *after;

    ck_assert_int_eq(gtidpos_set_starts_late(set), 0);
    ck_assert_ptr_nonnull(before = gtidpos_set_format(set));
    /* malformed: refused, the set as it was */
    ck_assert_int_eq(gtidpos_set_add(set, "not-a-set:1", err), GTIDPOS_ERR_PARSE);
    ck_assert_ptr_nonnull(strstr(gtidpos_error_line(err), "not a MySQL GTID set"));
    ck_assert_int_eq(gtidpos_set_add(set, "11111111-2222-3333-4444-555555555555:5-7,garbage",
                                     err), GTIDPOS_ERR_PARSE);
    ck_assert_ptr_nonnull(after = gtidpos_set_format(set));
    ck_assert_str_eq(after, before);
    free(after);
    /* a union: the file's GTIDs stay, the new ones join */
    snprintf(gtid, sizeof gtid, "%s:5-7,%s:11811-11812", other, kingbus);
    ck_assert_int_eq(gtidpos_set_add(set, gtid, err), GTIDPOS_OK);
    snprintf(gtid, sizeof gtid, "%s:1", kingbus);
    ck_assert_int_eq(gtidpos_set_contains(set, gtid), 1);
    snprintf(gtid, sizeof gtid, "%s:11812", kingbus);
    ck_assert_int_eq(gtidpos_set_contains(set, gtid), 1);
    snprintf(gtid, sizeof gtid, "%s:6", other);
    ck_assert_int_eq(gtidpos_set_contains(set, gtid), 1);
    snprintf(gtid, sizeof gtid, "%s:4", other);
    ck_assert_int_eq(gtidpos_set_contains(set, gtid), 0);
    /* other:5-7 starts late; filled from the start it does not */
    ck_assert_int_eq(gtidpos_set_starts_late(set), 1);
    ck_assert_int_eq(gtidpos_dm_set_fill_from_start(set, err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_set_starts_late(set), 0);
    ck_assert_int_eq(gtidpos_set_contains(set, gtid), 1);
    ck_assert_int_eq(gtidpos_set_add(NULL, "x", err), GTIDPOS_ERR_USAGE);
    free(before);
    gtidpos_set_free(set);
}
END_TEST

START_TEST(test_set_add_mariadb)
{
    gtidpos_set *set = set_at_end("mariadb/tiflow/mysql-bin.000001");
    GP_TEST_ERROR(err);
    char *text, *before;

    ck_assert_ptr_nonnull(before = gtidpos_set_format(set));
    ck_assert_int_eq(gtidpos_set_add(set, "0-1-x", err), GTIDPOS_ERR_PARSE);
    ck_assert_ptr_nonnull(strstr(gtidpos_error_line(err), "not a MariaDB GTID state"));
    /* per domain the higher sequence number: 0-1-5 is older than the file's */
    ck_assert_int_eq(gtidpos_set_add(set, "0-1-5", err), GTIDPOS_OK);
    ck_assert_ptr_nonnull(text = gtidpos_set_format(set));
    ck_assert_str_eq(text, before);
    free(text);
    ck_assert_int_eq(gtidpos_set_add(set, "0-2-99,7-1-3", err), GTIDPOS_OK);
    ck_assert_ptr_nonnull(text = gtidpos_set_format(set));
    ck_assert_str_eq(text, "0-2-99,7-1-3");
    free(text);
    /* no intervals in a MariaDB state */
    ck_assert_int_eq(gtidpos_set_starts_late(set), 0);
    ck_assert_int_eq(gtidpos_dm_set_fill_from_start(set, err), GTIDPOS_OK);
    ck_assert_ptr_nonnull(text = gtidpos_set_format(set));
    ck_assert_str_eq(text, "0-2-99,7-1-3");
    free(text);
    free(before);
    gtidpos_set_free(set);
}
END_TEST

static void count_line(void *ctx, const char *file, int64_t offset, int note, const char *msg)
{
    (void)file, (void)offset, (void)note, (void)msg;
    ++*(int *)ctx;
}

START_TEST(test_check_dm_relay_refusals)
{
    GP_TEST_ERROR(err);
    int lines = 0;
    GP_TEST_OPTIONS(bad, GTIDPOS_VERIFY_ALL, GTIDPOS_IO_DEFAULT, 9);

    ck_assert_int_ne(gtidpos_dm_check_relay(gp_test_path("no-such-relay-root"), NULL, count_line,
                                            &lines, err),
                     GTIDPOS_OK);
    ck_assert_int_eq(lines, 0);
    ck_assert_int_eq(gtidpos_dm_check_relay(gp_test_path("dm"), NULL, NULL, NULL, err),
                     GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_dm_check_relay(gp_test_path("dm"), bad, count_line, &lines, err),
                     GTIDPOS_ERR_USAGE);
}
END_TEST

/* ------------------------------------------------------------ JSON */

START_TEST(test_json_quote)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"", "\"\""},
        {"mysql-bin.000001", "\"mysql-bin.000001\""},
        {"a\"b\\c", "\"a\\\"b\\\\c\""},
        {"tab\there\nnl\rcr", "\"tab\\there\\nnl\\rcr\""},
        {"\x01\x1f", "\"\\u0001\\u001f\""},
        {"caf\xc3\xa9", "\"caf\xc3\xa9\""},      /* valid UTF-8 kept */
        {"bad\xff", "\"bad\\u00ff\""},           /* a byte that is not UTF-8 */
        {"\xc0\xaf", "\"\\u00c0\\u00af\""},      /* an overlong form */
    };

    /* the command's own writer (src/cli/records.c, linked into the tests)
     * escapes as the library's JSON does */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *q = NULL, *lib = NULL;
        size_t qlen = 0, liblen = 0;
        FILE *out = open_memstream(&q, &qlen), *lout = open_memstream(&lib, &liblen);
        ck_assert_ptr_nonnull(out);
        ck_assert_ptr_nonnull(lout);
        ck_assert_int_eq(gp_put_json_string(out, cases[i].in), 0);
        gp_json_string(lout, cases[i].in);
        fclose(out);
        fclose(lout);
        ck_assert_str_eq(q, cases[i].out);
        ck_assert_str_eq(lib, cases[i].out);
        free(q);
        free(lib);
    }
}
END_TEST

Suite *public_scan_suite(void)
{
    Suite *s = suite_create("public_scan");
    TCase *tc = tcase_create("scan");

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_scan_equals_internal, 0, (int)(sizeof files / sizeof files[0]));
    tcase_add_loop_test(tc, test_scan_event_hook, 0, (int)(sizeof files / sizeof files[0]));
    tcase_add_test(tc, test_scan_boundary_stop);
    tcase_add_test(tc, test_checkpoint_binlog_dir);
    tcase_add_test(tc, test_json_quote);
    tcase_add_test(tc, test_set_add_mysql);
    tcase_add_test(tc, test_set_add_mariadb);
    tcase_add_test(tc, test_check_dm_relay_refusals);
    suite_add_tcase(s, tc);
    return s;
}
