/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_scan.c - gp_scan() on real files from testdata/: every boundary's
 * set is what gp_at() answers there, the summary's sets are gp_at's at 4
 * and at the end; a cut file reports the boundaries before the cut, then
 * the error.  And the TSV / CSV / JSON-lines record writer (cli/records.h).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binlog/format.h"
#include "walk/position.h"
#include "walk/scan.h"
#include "binlog/walker.h"
#include "cli/records.h"
#include "suites.h"
#include "testutil.h"

static const char *const files[] = {
    "mysql/kingbus/mysql_bin.000012",                                  /* 5.7 GTID */
    "mysql/kingbus/relay/flikedev1-c8pyy-relay-bin.000284",            /* relay log */
    "mysql/rust_mysql_common/binlog_transaction_with_GTID_TAG.000001", /* tagged */
    "mysql/rust_mysql_common/transaction_compression.000001",          /* payload */
    "mysql/mysql-binlog-connector-java/mysql-bin.checksum-none",       /* no CRC */
    "mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000005",         /* MariaDB */
    "mariadb/debian/rpl/master-bin-seq_10.3.36.000001",                /* in use */
    "old/debian/binlog_savepoint.000001",                              /* no GTIDs */
};

#define MAX_SEEN 1024

typedef struct seen {
    size_t n;
    uint64_t start[MAX_SEEN], end[MAX_SEEN];
    char *set[MAX_SEEN];
    gtidpos_status fail_at; /* return this from the n-th call (0: never) */
    size_t fail_n;
} seen;

static gtidpos_status record(void *ctx, const gp_scan_boundary *b, gp_error *e)
{
    seen *s = ctx;

    ck_assert_uint_lt(s->n, MAX_SEEN);
    if (s->fail_at != GTIDPOS_OK && s->n == s->fail_n)
        return gp_error_set(e, s->fail_at, "x", (int64_t)b->end, "stop");
    s->start[s->n] = b->start;
    s->end[s->n] = b->end;
    s->set[s->n] = gp_at_result_set_text(b->at);
    ck_assert_ptr_nonnull(s->set[s->n]);
    s->n++;
    return GTIDPOS_OK;
}

static void seen_free(seen *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->set[i]);
}

/* gp_at over bytes at pos: the set text (malloc'd), or NULL on error. */
static char *at_text(const uint8_t *data, size_t len, uint64_t pos, gp_at_result *r)
{
    gp_log log;
    gp_error err;
    char *text = NULL;

    gp_at_result_init(r);
    if (gp_log_open_buffer(&log, "t", data, len, GTIDPOS_VERIFY_ALL, &err) == GTIDPOS_OK &&
        gp_at(&log, pos, NULL, r, &err) == GTIDPOS_OK)
        text = gp_at_result_set_text(r);
    gp_log_close(&log);
    return text;
}

START_TEST(test_scan_agrees_with_at)
{
    size_t len;
    uint8_t *data = gp_test_slurp(gp_test_path(files[_i]), &len);
    gp_scan_options opt = {GTIDPOS_FLAVOR_UNKNOWN, record, NULL, NULL, NULL};
    gp_scan_summary s;
    gp_at_result r;
    gp_error err;
    gp_log log;
    seen got;
    char *text;

    memset(&got, 0, sizeof got);
    opt.ctx = &got;
    gp_scan_summary_init(&s);
    ck_assert_int_eq(gp_log_open_buffer(&log, files[_i], data, len, GTIDPOS_VERIFY_ALL, &err), GTIDPOS_OK);
    ck_assert_int_eq(gp_scan(&log, &opt, &s, &err), GTIDPOS_OK);
    ck_assert_uint_eq(s.events, log.n_events);
    gp_log_close(&log);
    ck_assert_uint_eq(s.transactions, got.n);

    for (size_t i = 0; i < got.n; i++) {
        text = at_text(data, len, got.end[i], &r);
        ck_assert_msg(text != NULL && strcmp(text, got.set[i]) == 0,
                      "%s: at %llu: scan says '%s', at says '%s'", files[_i],
                      (unsigned long long)got.end[i], got.set[i], text ? text : "(error)");
        ck_assert(r.has_last && !r.inside);
        ck_assert_uint_eq(r.last_start, got.start[i]);
        ck_assert_uint_eq(r.last_end, got.end[i]);
        free(text);
        gp_at_result_free(&r);
        if (i > 0)
            ck_assert_uint_gt(got.end[i], got.end[i - 1]);
    }
    text = at_text(data, len, GP_BINLOG_MAGIC_LEN, &r);
    ck_assert_ptr_nonnull(text);
    ck_assert_str_eq(s.previous_gtids, text);
    free(text);
    gp_at_result_free(&r);
    text = at_text(data, len, GP_POS_END, &r);
    {
        char *mine = gp_at_result_set_text(&s.at);
        ck_assert_str_eq(mine, text);
        free(mine);
    }
    ck_assert_uint_eq(s.end, r.pos);
    free(text);
    gp_at_result_free(&r);
    if (s.has_time)
        ck_assert_uint_le(s.min_timestamp, s.max_timestamp);
    seen_free(&got);
    gp_scan_summary_free(&s);
    free(data);
}
END_TEST

/* Cut in the middle: the boundaries before the cut, each as the whole
 * file reports it, then the error. */
START_TEST(test_scan_cut_file)
{
    size_t len;
    uint8_t *data = gp_test_slurp(gp_test_path("mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000005"), &len);
    gp_scan_options opt = {GTIDPOS_FLAVOR_UNKNOWN, record, NULL, NULL, NULL};
    gp_scan_summary s, whole_s;
    gp_error err;
    gp_log log;
    seen whole, cut;
    size_t cut_len = len / 2;

    memset(&whole, 0, sizeof whole);
    memset(&cut, 0, sizeof cut);
    opt.ctx = &whole;
    gp_scan_summary_init(&whole_s);
    ck_assert_int_eq(gp_log_open_buffer(&log, "w", data, len, GTIDPOS_VERIFY_ALL, &err), GTIDPOS_OK);
    ck_assert_int_eq(gp_scan(&log, &opt, &whole_s, &err), GTIDPOS_OK);
    gp_log_close(&log);

    opt.ctx = &cut;
    gp_scan_summary_init(&s);
    ck_assert_int_eq(gp_log_open_buffer(&log, "c", data, cut_len, GTIDPOS_VERIFY_ALL, &err), GTIDPOS_OK);
    ck_assert_int_eq(gp_scan(&log, &opt, &s, &err), GTIDPOS_ERR_TRUNCATED);
    gp_log_close(&log);
    ck_assert_uint_gt(cut.n, 0);
    ck_assert_uint_lt(cut.n, whole.n);
    for (size_t i = 0; i < cut.n; i++) {
        ck_assert_uint_eq(cut.end[i], whole.end[i]);
        ck_assert_str_eq(cut.set[i], whole.set[i]);
        ck_assert_uint_le(cut.end[i], cut_len);
    }
    ck_assert_uint_gt(whole.end[cut.n], cut_len - 1);
    seen_free(&whole);
    seen_free(&cut);
    gp_scan_summary_free(&s);
    gp_scan_summary_free(&whole_s);
    free(data);
}
END_TEST

/* A callback's error stops the walk and comes back unchanged. */
START_TEST(test_scan_callback_error)
{
    size_t len;
    uint8_t *data = gp_test_slurp(gp_test_path("mysql/kingbus/mysql_bin.000012"), &len);
    gp_scan_options opt = {GTIDPOS_FLAVOR_UNKNOWN, record, NULL, NULL, NULL};
    gp_scan_summary s;
    gp_error err;
    gp_log log;
    seen got;

    memset(&got, 0, sizeof got);
    got.fail_at = GTIDPOS_ERR_NOMEM;
    got.fail_n = 3;
    opt.ctx = &got;
    gp_scan_summary_init(&s);
    ck_assert_int_eq(gp_log_open_buffer(&log, "k", data, len, GTIDPOS_VERIFY_ALL, &err), GTIDPOS_OK);
    ck_assert_int_eq(gp_scan(&log, &opt, &s, &err), GTIDPOS_ERR_NOMEM);
    ck_assert_str_eq(err.msg, "stop");
    ck_assert_uint_eq(got.n, 3);
    gp_log_close(&log);
    seen_free(&got);
    gp_scan_summary_free(&s);
    free(data);
}
END_TEST

START_TEST(test_scan_checksum_status)
{
    static const struct {
        const char *file;
        gtidpos_verify verify;
        gp_scan_checksum want;
    } cases[] = {
        {"mysql/kingbus/mysql_bin.000012", GTIDPOS_VERIFY_ALL, GP_SCAN_CRC32},
        {"mysql/kingbus/mysql_bin.000012", GTIDPOS_VERIFY_GTID, GP_SCAN_CRC32_UNVERIFIED},
        {"mysql/mysql-binlog-connector-java/mysql-bin.checksum-none", GTIDPOS_VERIFY_ALL, GP_SCAN_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len;
        uint8_t *data = gp_test_slurp(gp_test_path(cases[i].file), &len);
        gp_scan_summary s;
        gp_error err;
        gp_log log;

        gp_scan_summary_init(&s);
        ck_assert_int_eq(gp_log_open_buffer(&log, "f", data, len, cases[i].verify, &err), GTIDPOS_OK);
        ck_assert_int_eq(gp_scan(&log, NULL, &s, &err), GTIDPOS_OK);
        ck_assert_str_eq(gp_scan_checksum_name(s.checksum), gp_scan_checksum_name(cases[i].want));
        gp_log_close(&log);
        gp_scan_summary_free(&s);
        free(data);
    }
}
END_TEST

/* One record of two fields (a string and a number) in format f. */
static char *one_record(gp_rec_format f, int header, const char *value)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    gp_rec r;

    ck_assert_ptr_nonnull(out);
    gp_rec_begin(&r, out, f, header);
    gp_rec_str(&r, "a", value);
    gp_rec_u64(&r, "n", 42);
    gp_rec_end(&r);
    fclose(out);
    return buf;
}

START_TEST(test_records)
{
    static const struct {
        gp_rec_format f;
        int header;
        const char *value, *want;
    } cases[] = {
        {GP_REC_TSV, 0, "plain", "plain\t42\n"},
        {GP_REC_TSV, 0, NULL, "\t42\n"},
        {GP_REC_TSV, 0, "t\tn\nr\rb\\", "t\\tn\\nr\\rb\\\\\t42\n"},
        {GP_REC_TSV, 1, "x", "a\tn\n"},
        {GP_REC_CSV, 0, "plain", "plain,42\r\n"},
        {GP_REC_CSV, 0, "u:1-3,v:5", "\"u:1-3,v:5\",42\r\n"},
        {GP_REC_CSV, 0, "say \"hi\"", "\"say \"\"hi\"\"\",42\r\n"},
        {GP_REC_CSV, 0, "two\nlines", "\"two\nlines\",42\r\n"},
        {GP_REC_CSV, 0, NULL, ",42\r\n"},
        {GP_REC_CSV, 1, "x", "a,n\r\n"},
        {GP_REC_JSONL, 0, "q\"\t", "{\"schema_version\":1,\"a\":\"q\\\"\\t\",\"n\":42}\n"},
        {GP_REC_JSONL, 0, NULL, "{\"schema_version\":1,\"a\":null,\"n\":42}\n"},
        {GP_REC_JSONL, 1, "x", ""},
    };
    gp_rec_format f;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = one_record(cases[i].f, cases[i].header, cases[i].value);
        ck_assert_msg(strcmp(got, cases[i].want) == 0, "case %zu: got '%s'", i, got);
        free(got);
    }
    ck_assert_int_eq(gp_rec_parse_format("csv", &f), 0);
    ck_assert_int_eq(f, GP_REC_CSV);
    ck_assert_int_eq(gp_rec_parse_format("jsonl", &f), 0);
    ck_assert_int_eq(f, GP_REC_JSONL);
    ck_assert_int_eq(gp_rec_parse_format("json", &f), -1);
}
END_TEST

Suite *scan_suite(void)
{
    Suite *s = suite_create("scan");
    TCase *tc = tcase_create("scan");

    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_scan_agrees_with_at, 0, (int)(sizeof files / sizeof files[0]));
    tcase_add_test(tc, test_scan_cut_file);
    tcase_add_test(tc, test_scan_callback_error);
    tcase_add_test(tc, test_scan_checksum_status);
    tcase_add_test(tc, test_records);
    suite_add_tcase(s, tc);
    return s;
}
