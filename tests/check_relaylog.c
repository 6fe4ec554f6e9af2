/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_relaylog.c - a replica's relay logs by source position
 * (gtidpos_at_source, walk/relaylog.c): --source-base on a real MySQL 5.7
 * replica's relay logs (testdata/mysql/kingbus/relay) against `at` over the
 * source's own binlogs, and the hole rules on copies of those relay files
 * with events cut out.  A MariaDB primary's made-up Gtid_lists after a
 * GTID reconnection.  The event-type trait the rules lean on.  The fed
 * walk (the stream relaylog.c feeds) against `at`.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gtidpos.h"
#include "binlog/event_names.h"
#include "binlog/decode.h"
#include "binlog/format.h"
#include "binlog/walker.h"
#include "walk/engine.h"
#include "walk/position.h"
#include "suites.h"
#include "testutil.h"

START_TEST(test_may_be_unsent_trait)
{
    /* Only Annotate_rows may be left out of a transaction by a primary. */
    ck_assert(gp_event_type_traits(GP_EV_ANNOTATE_ROWS) & GP_ET_MAY_BE_UNSENT);
    for (unsigned t = 0; t < 256; t++)
        if (t != GP_EV_ANNOTATE_ROWS)
            ck_assert(!(gp_event_type_traits((uint8_t)t) & GP_ET_MAY_BE_UNSENT));
    ck_assert(!gp_event_is_header(GP_EV_ANNOTATE_ROWS));
}
END_TEST

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

/* The set from the relay logs at path, or NULL with *status and err set. */
static char *relay_text(const char *path, const char *pos, const char *base,
                        gtidpos_status *status, gtidpos_error *err)
{
    gtidpos_set *set = NULL;
    gtidpos_where *where = NULL;
    char *text = NULL;

    *status = gtidpos_at_source(path, pos, base, NULL, &set, &where, err);
    if (*status == GTIDPOS_OK) {
        ck_assert_ptr_nonnull(text = gtidpos_set_format(set));
        gtidpos_set_free(set);
        ck_assert_ptr_nonnull(where);
        gtidpos_where_free(where);
    } else {
        ck_assert_ptr_null(set);
        ck_assert_ptr_null(where);
    }
    return text;
}

START_TEST(test_source_base)
{
    char relay[1024], src11[1024], src13[1024];
    gtidpos_status st;
    GP_TEST_ERROR(err);
    char *base, *want, *got;

    snprintf(relay, sizeof relay, "%s", gp_test_path("mysql/kingbus/relay"));
    snprintf(src11, sizeof src11, "%s", gp_test_path("mysql/kingbus/mysql_bin.000011"));
    snprintf(src13, sizeof src13, "%s", gp_test_path("mysql/kingbus/mysql_bin.000013"));
    /* the first source position of these relay logs is mysql_bin.000011:4 */
    base = at_text(src11, 4);

    /* without the base: refused, naming the option and that position */
    ck_assert_ptr_null(relay_text(relay, "mysql_bin.000013:773", NULL, &st, err));
    ck_assert_int_eq(st, GTIDPOS_ERR_NO_GTID_INFO);
    ck_assert_ptr_nonnull(strstr(gtidpos_error_line(err), "--source-base SET"));
    ck_assert_ptr_nonnull(strstr(gtidpos_error_line(err), "at mysql_bin.000011:4,"));

    /* with it: carried across two source files and two missing relay files */
    want = at_text(src13, 773);
    got = relay_text(relay, "mysql_bin.000013:773", base, &st, err);
    ck_assert_int_eq(st, GTIDPOS_OK);
    ck_assert_str_eq(got, want);
    free(want);
    free(got);
    want = at_text(src13, GTIDPOS_END);
    got = relay_text(relay, "mysql_bin.000013", base, &st, err);
    ck_assert_int_eq(st, GTIDPOS_OK);
    ck_assert_str_eq(got, want);
    free(want);
    free(got);

    ck_assert_ptr_null(relay_text(relay, "mysql_bin.000013:773", "0-1-2", &st, err));
    ck_assert_int_eq(st, GTIDPOS_ERR_PARSE);
    free(base);
}
END_TEST

/* Copy relay file src into dir, leaving out the events that start at
 * relay offsets in [cut_lo, cut_hi). */
static void copy_cut(const char *src, const char *dir, uint64_t cut_lo, uint64_t cut_hi)
{
    FILE *in = fopen(src, "rb"), *out;
    char path[2048];
    const char *base = strrchr(src, '/');
    unsigned char *buf;
    long size;
    uint64_t off = GP_BINLOG_MAGIC_LEN;

    ck_assert_ptr_nonnull(in);
    fseek(in, 0, SEEK_END);
    size = ftell(in);
    rewind(in);
    ck_assert_ptr_nonnull(buf = malloc((size_t)size));
    ck_assert_uint_eq(fread(buf, 1, (size_t)size, in), (size_t)size);
    fclose(in);
    snprintf(path, sizeof path, "%s/%s", dir, base != NULL ? base + 1 : src);
    ck_assert_ptr_nonnull(out = fopen(path, "wb"));
    fwrite(buf, 1, GP_BINLOG_MAGIC_LEN, out);
    while (off + 13 <= (uint64_t)size) {
        uint32_t len = (uint32_t)buf[off + 9] | (uint32_t)buf[off + 10] << 8 |
                       (uint32_t)buf[off + 11] << 16 | (uint32_t)buf[off + 12] << 24;
        ck_assert(len >= 19 && off + len <= (uint64_t)size);
        if (off < cut_lo || off >= cut_hi)
            fwrite(buf + off, 1, len, out);
        off += len;
    }
    fclose(out);
    free(buf);
}

START_TEST(test_holes)
{
    char dir[] = "/tmp/gp-check-relay-XXXXXX", relay[1024], src12[1024], path[2048];
    gtidpos_status st;
    GP_TEST_ERROR(err);
    char *base, *want, *got;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(relay, sizeof relay, "%s",
             gp_test_path("mysql/kingbus/relay/flikedev1-c8pyy-relay-bin.000286"));
    snprintf(src12, sizeof src12, "%s", gp_test_path("mysql/kingbus/mysql_bin.000012"));
    base = at_text(src12, 4); /* 286 alone starts at mysql_bin.000012:4 */

    /* Intact: the end of 000012 as relayed (5984) is exact. */
    copy_cut(relay, dir, 0, 0);
    want = at_text(src12, 5984);
    got = relay_text(dir, "mysql_bin.000012", base, &st, err);
    ck_assert_int_eq(st, GTIDPOS_OK);
    ck_assert_str_eq(got, want);
    free(got);

    /* The first transaction (its Gtid event at relay 423, source 194) cut
     * out whole: source bytes 194.. may hide a GTID: refused, naming them. */
    copy_cut(relay, dir, 423, 1200);
    ck_assert_ptr_null(relay_text(dir, "mysql_bin.000012", base, &st, err));
    ck_assert_int_eq(st, GTIDPOS_ERR_NO_GTID_INFO);
    ck_assert_ptr_nonnull(strstr(gtidpos_error_line(err), "source bytes 194.."));
    /* ... but the set before the hole is still exact */
    free(got = relay_text(dir, "mysql_bin.000012:194", base, &st, err));
    ck_assert_int_eq(st, GTIDPOS_OK);

    /* One event cut out of a MySQL transaction (the Table_map at relay 558,
     * source 329..377): no MySQL source does that, so refused as well. */
    copy_cut(relay, dir, 558, 559);
    ck_assert_ptr_null(relay_text(dir, "mysql_bin.000012", base, &st, err));
    ck_assert_int_eq(st, GTIDPOS_ERR_NO_GTID_INFO);
    ck_assert_ptr_nonnull(strstr(gtidpos_error_line(err), "source bytes 329..377"));

    snprintf(path, sizeof path, "%s/flikedev1-c8pyy-relay-bin.000286", dir);
    unlink(path);
    rmdir(dir);
    free(want);
    free(base);
}
END_TEST

/* A MariaDB primary's made-up Gtid_lists after a GTID reconnection
 * (testdata/mariadb/relay-10.11/gtid-reconnect: relay-bin.000019 holds
 * bin.000006 sent again from offset 4, its skipped groups at source bytes
 * 368..620 and 657..1177 and, at relay 661 and 741, the fake Gtid_lists
 * with log_pos 620 and 1177): with them the set at 1177 is exact; with
 * them cut out (and the Binlog_checkpoint between), the hole 368..1177
 * is refused. */
START_TEST(test_fake_gtid_list)
{
    char dir[] = "/tmp/gp-check-relay-XXXXXX", src[1024], path[2048], name[64];
    gtidpos_status st;
    GP_TEST_ERROR(err);
    char *want, *got;
    int i;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(src, sizeof src, "%s", gp_test_path("mariadb/relay-10.11/gtid-reconnect/relay"));
    for (i = 1; i <= 28; i++) {
        snprintf(path, sizeof path, "%s/relay-bin.%06d", src, i);
        copy_cut(path, dir, 0, 0);
    }
    want = at_text(gp_test_path("mariadb/relay-10.11/gtid-reconnect/primary/bin.000006"), 1177);
    got = relay_text(dir, "bin.000006:1177", NULL, &st, err);
    ck_assert_int_eq(st, GTIDPOS_OK);
    ck_assert_str_eq(got, want);
    free(got);

    snprintf(path, sizeof path, "%s/relay-bin.000019", src);
    copy_cut(path, dir, 661, 742);
    ck_assert_ptr_null(relay_text(dir, "bin.000006:1177", NULL, &st, err));
    ck_assert_int_eq(st, GTIDPOS_ERR_NO_GTID_INFO);
    ck_assert_ptr_nonnull(strstr(gtidpos_error_line(err), "source bytes 368..1177 of bin.000006"));

    for (i = 1; i <= 28; i++) {
        snprintf(name, sizeof name, "relay-bin.%06d", i);
        snprintf(path, sizeof path, "%s/%s", dir, name);
        unlink(path);
    }
    rmdir(dir);
    free(want);
}
END_TEST

/* A fed walk (gp_walk_init_fed, the stream relaylog.c feeds): every event
 * of a source binlog fed with offsets moved (as relay files move them)
 * ends the same transactions as `at` over the file, at the moved offsets,
 * and its on_commit hook (no r) adds up the same set. */
typedef struct fed_tally {
    gp_at_result r; /* the set the hook adds up */
    int commits;
    uint64_t last_start, last_end;
} fed_tally;

static gtidpos_status fed_commit(void *ctx, gp_at_result *none, const gp_txn *t, const gp_event *ev,
                         gp_error *e)
{
    fed_tally *ft = ctx;

    (void)e;
    ck_assert(none == NULL);
    ck_assert_int_eq(gp_at_result_add_gtid(&ft->r, t), GP_GTID_OK);
    ft->commits++;
    ft->last_start = t->start;
    ft->last_end = gp_event_end(ev);
    return GTIDPOS_OK;
}

START_TEST(test_fed_walk)
{
    const char *path = gp_test_path("mysql/kingbus/mysql_bin.000012");
    const uint64_t shift = 100000;
    gp_log log;
    gp_error err;
    gp_at_result at;
    gp_walk w;
    gp_walk_hooks hooks;
    gp_event ev;
    fed_tally ft;

    gp_at_result_init(&at);
    ck_assert_int_eq(gp_log_open(&log, path, GTIDPOS_VERIFY_ALL, &err), GTIDPOS_OK);
    ck_assert_int_eq(gp_at(&log, GP_POS_END, NULL, &at, &err), GTIDPOS_OK);
    gp_log_close(&log);

    memset(&ft, 0, sizeof ft);
    gp_at_result_init(&ft.r);
    ck_assert_int_eq(gp_at_result_alloc_sets(&ft.r), GP_GTID_OK);
    memset(&hooks, 0, sizeof hooks);
    hooks.ctx = &ft;
    hooks.on_commit = fed_commit;
    ck_assert_int_eq(gp_log_open(&log, path, GTIDPOS_VERIFY_ALL, &err), GTIDPOS_OK);
    gp_walk_init_fed(&w, &log, GTIDPOS_FLAVOR_MYSQL, &hooks, &err);
    ck_assert(w.fed && w.r == NULL);
    while (gp_log_next(&log, &ev)) {
        if (ev.type == GP_EV_PREVIOUS_GTIDS) /* the caller's, not the stream's */
            ck_assert_int_eq(gp_decode_previous_gtids(&ev, ft.r.mysql, path, &err), GTIDPOS_OK);
        ev.offset += shift;
        ck_assert_int_eq(gp_walk_apply(&w, &ev), GTIDPOS_OK);
    }
    ck_assert_int_eq(log.status, GTIDPOS_OK);
    ck_assert_int_eq(ft.commits, 10); /* its 10 Gtid events */
    ck_assert(w.txn.state == GP_TXN_IDLE);
    ck_assert(gp_mysql_set_equal(ft.r.mysql, at.mysql));
    ck_assert(at.has_last);
    ck_assert_uint_eq(ft.last_start, at.last_start + shift);
    ck_assert_uint_eq(ft.last_end, at.last_end + shift);
    ck_assert_int_eq(ft.r.n_warnings, 0);
    gp_log_close(&log);
    gp_at_result_free(&ft.r);
    gp_at_result_free(&at);
}
END_TEST

Suite *relaylog_suite(void)
{
    Suite *s = suite_create("relaylog");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_may_be_unsent_trait);
    tcase_add_test(tc, test_source_base);
    tcase_add_test(tc, test_holes);
    tcase_add_test(tc, test_fake_gtid_list);
    tcase_add_test(tc, test_fed_walk);
    suite_add_tcase(s, tc);
    return s;
}
