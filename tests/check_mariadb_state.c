/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_mariadb_state.c - tests for src/gtid/mariadb_state.c.
 *
 * Table-driven parse cases, then update/merge/contains rules and random
 * round trips checked against a plain per-domain model.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gtid/mariadb_state.h"
#include "suites.h"
#include "testutil.h"

/*
 * Check's ck_assert_* records a "mark point" (a write to its pipe) on every
 * success; loops that run a check per GTID use this instead, which only
 * costs something when it fails.
 */
#define REQUIRE(cond)                                                          \
    do {                                                                       \
        if (!(cond))                                                           \
            ck_abort_msg("requirement failed: %s", #cond);                     \
    } while (0)

/* ---- helpers ------------------------------------------------------------ */

static gp_mariadb_state *parse_ok(const char *text)
{
    gp_mariadb_state *s = gp_mariadb_state_new();
    char err[256];
    int rc;

    ck_assert_ptr_nonnull(s);
    rc = gp_mariadb_state_parse(s, text, strlen(text), err, sizeof err);
    ck_assert_msg(rc == GP_GTID_OK, "parse '%s': rc %d: %s", text, rc, err);
    return s;
}

static void assert_text(const gp_mariadb_state *s, const char *want)
{
    char *got = gp_mariadb_state_to_string(s);

    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    ck_assert_uint_eq(gp_mariadb_state_format(s, NULL, 0), strlen(want));
    free(got);
}

static gp_mariadb_gtid gtid(uint32_t domain, uint32_t server_id, uint64_t seq)
{
    gp_mariadb_gtid g = {domain, server_id, seq};

    return g;
}

static uint64_t rng_state;

/* ---- valid text --------------------------------------------------------- */

static const struct {
    const char *in, *want;
} good_cases[] = {
    {"", ""},
    {" \t\r\n", ""},
    {"0-1-5", "0-1-5"},
    {"0-1-5,1-2-3", "0-1-5,1-2-3"},
    {"0-1-5, 1-2-3", "0-1-5,1-2-3"},
    {"1-2-3,0-1-5", "0-1-5,1-2-3"},
    {"10-1-1,2-1-1,0-1-1", "0-1-1,2-1-1,10-1-1"},
    {" 0-1-5 ,\n 1-2-3 ", "0-1-5,1-2-3"},
    {"\r\n0-101-102,\r\n2-101-2\r\n", "0-101-102,2-101-2"},
    {"0 - 1 - 5", "0-1-5"},
    {"0-\t1-\t5", "0-1-5"},
    {"00-01-05", "0-1-5"},
    {"0-1-0", "0-1-0"},
    {"0-0-1", "0-0-1"},
    {"4294967295-4294967295-18446744073709551615",
     "4294967295-4294967295-18446744073709551615"},
    {"4294967295-1-1,0-1-1", "0-1-1,4294967295-1-1"},
    {"3-1-1,1-1-1,2-1-1,0-1-1", "0-1-1,1-1-1,2-1-1,3-1-1"},
};

START_TEST(test_parse_good)
{
    gp_mariadb_state *s = parse_ok(good_cases[_i].in);
    char *t;
    gp_mariadb_state *back;

    assert_text(s, good_cases[_i].want);
    ck_assert_int_eq(gp_mariadb_state_is_empty(s),
                     good_cases[_i].want[0] == '\0');
    t = gp_mariadb_state_to_string(s);
    back = parse_ok(t);
    ck_assert(gp_mariadb_state_equal(s, back));
    free(t);
    gp_mariadb_state_free(back);
    gp_mariadb_state_free(s);
}
END_TEST

/* ---- malformed text ----------------------------------------------------- */

static const struct {
    const char *in;
    size_t len; /* 0: strlen(in) */
    int code;
    size_t offset;
} bad_cases[] = {
    {",", 0, GP_GTID_EPARSE, 0},
    {"  ,  ", 0, GP_GTID_EPARSE, 2},
    {",0-1-5", 0, GP_GTID_EPARSE, 0},
    {"0-1-5,", 0, GP_GTID_EPARSE, 6},
    {"0-1-5 , ", 0, GP_GTID_EPARSE, 8},
    {"0-1-5,,1-2-3", 0, GP_GTID_EPARSE, 6},
    {"0", 0, GP_GTID_EPARSE, 1},
    {"0-", 0, GP_GTID_EPARSE, 2},
    {"0-1", 0, GP_GTID_EPARSE, 3},
    {"0-1-", 0, GP_GTID_EPARSE, 4},
    {"0 1-5", 0, GP_GTID_EPARSE, 2},
    {"-1-2-3", 0, GP_GTID_ERANGE, 0},
    {"0--1-2", 0, GP_GTID_ERANGE, 2},
    {"0-1--5", 0, GP_GTID_ERANGE, 4},
    {"+0-1-5", 0, GP_GTID_EPARSE, 0},
    {"0-+1-5", 0, GP_GTID_EPARSE, 2},
    {"4294967296-1-1", 0, GP_GTID_ERANGE, 0},
    {"0-4294967296-1", 0, GP_GTID_ERANGE, 2},
    {"0-1-18446744073709551616", 0, GP_GTID_ERANGE, 4},
    {"99999999999999999999999-1-1", 0, GP_GTID_ERANGE, 0},
    {"0-1-5x", 0, GP_GTID_EPARSE, 5},
    {"0-1-5 1-2-3", 0, GP_GTID_EPARSE, 6},
    {"0-1-5;1-2-3", 0, GP_GTID_EPARSE, 5},
    {"0-1-5-6", 0, GP_GTID_EPARSE, 5},
    {"a-1-5", 0, GP_GTID_EPARSE, 0},
    {"0x1-1-5", 0, GP_GTID_EPARSE, 1},
    {"0.1-1-5", 0, GP_GTID_EPARSE, 1},
    {"0:1:5", 0, GP_GTID_EPARSE, 1},
    {"0-1-5\0", 6, GP_GTID_EPARSE, 5},
    {"0-1-5,0-2-6", 0, GP_GTID_EPARSE, 6},
    {"1-1-1,0-0-0,1-2-2", 0, GP_GTID_EPARSE, 12},
    {"0-1-5, 0-1-5", 0, GP_GTID_EPARSE, 7},
    {"3e11fa47-71ca-11e1-9e33-c80aa9429562:1", 0, GP_GTID_EPARSE, 1},
    {"0-1-5\xc3\xa9", 0, GP_GTID_EPARSE, 5},
};

START_TEST(test_parse_bad)
{
    const char *in = bad_cases[_i].in;
    size_t len = bad_cases[_i].len ? bad_cases[_i].len : strlen(in);
    gp_mariadb_state *s = parse_ok("7-7-7");
    char err[256], want[32];
    int rc;

    rc = gp_mariadb_state_parse(s, in, len, err, sizeof err);
    ck_assert_msg(rc == bad_cases[_i].code, "case %d '%s': rc %d (%s)", _i, in,
                  rc, err);
    snprintf(want, sizeof want, "offset %zu: ", bad_cases[_i].offset);
    ck_assert_msg(strncmp(err, want, strlen(want)) == 0,
                  "case %d '%s': want '%s...', got '%s'", _i, in, want, err);
    ck_assert_msg(strchr(err, '\n') == NULL, "message not one line: %s", err);
    ck_assert_uint_gt(strlen(err), strlen(want));
    ck_assert(gp_mariadb_state_is_empty(s));
    ck_assert_int_eq(gp_mariadb_state_parse(s, in, len, NULL, 0), rc);
    ck_assert_int_eq(gp_mariadb_state_parse(s, in, len, err, 5), rc);
    ck_assert_uint_eq(strlen(err), 4);
    gp_mariadb_state_free(s);
}
END_TEST

START_TEST(test_parse_messages)
{
    gp_mariadb_state *s = gp_mariadb_state_new();
    char err[256];

    gp_mariadb_state_parse(s, "0-1-5,0-2-6", 11, err, sizeof err);
    ck_assert_str_eq(err, "offset 6: domain 0 given twice");
    gp_mariadb_state_parse(s, "0-1", 3, err, sizeof err);
    ck_assert_str_eq(
        err, "offset 3: expected '-' after server id, found end of text");
    gp_mariadb_state_parse(s, "0-4294967296-1", 14, err, sizeof err);
    ck_assert_str_eq(err, "offset 2: server id larger than 4294967295");
    gp_mariadb_state_parse(s, "0--1-1", 6, err, sizeof err);
    ck_assert_str_eq(err, "offset 2: negative server id");
    gp_mariadb_state_parse(s, "0-1-5\n1", 7, err, sizeof err);
    ck_assert_str_eq(err, "offset 6: expected ',' or end of text, found '1'");
    gp_mariadb_state_free(s);
}
END_TEST

START_TEST(test_parse_uses_len)
{
    gp_mariadb_state *s = gp_mariadb_state_new();

    ck_assert_int_eq(gp_mariadb_state_parse(s, "0-1-5garbage", 5, NULL, 0),
                     GP_GTID_OK);
    assert_text(s, "0-1-5");
    ck_assert_int_eq(gp_mariadb_state_parse(s, "0-1-5", 4, NULL, 0),
                     GP_GTID_EPARSE);
    ck_assert_int_eq(gp_mariadb_state_parse(s, NULL, 0, NULL, 0), GP_GTID_OK);
    ck_assert(gp_mariadb_state_is_empty(s));
    gp_mariadb_state_free(s);
}
END_TEST

START_TEST(test_gtid_parse)
{
    gp_mariadb_gtid g;

    ck_assert_int_eq(gp_mariadb_gtid_parse(&g, "0-1-5", 5), GP_GTID_OK);
    ck_assert_uint_eq(g.domain, 0);
    ck_assert_uint_eq(g.server_id, 1);
    ck_assert_uint_eq(g.seq, 5);
    ck_assert_int_eq(
        gp_mariadb_gtid_parse(&g, " 4294967295-7-18446744073709551615 ", 35),
        GP_GTID_OK);
    ck_assert_uint_eq(g.domain, UINT32_MAX);
    ck_assert_uint_eq(g.server_id, 7);
    ck_assert_uint_eq(g.seq, UINT64_MAX);
    ck_assert_int_eq(gp_mariadb_gtid_parse(&g, "0-1-5,1-2-3", 11),
                     GP_GTID_EPARSE);
    ck_assert_int_eq(gp_mariadb_gtid_parse(&g, "", 0), GP_GTID_EPARSE);
    ck_assert_int_eq(gp_mariadb_gtid_parse(&g, "0-1", 3), GP_GTID_EPARSE);
    ck_assert_int_eq(gp_mariadb_gtid_parse(&g, "0-1-5x", 6), GP_GTID_EPARSE);
    ck_assert_int_eq(gp_mariadb_gtid_parse(&g, "4294967296-1-1", 14),
                     GP_GTID_ERANGE);
    ck_assert_int_eq(gp_mariadb_gtid_parse(&g, "-1-1-1", 6), GP_GTID_ERANGE);
}
END_TEST

/* ---- operations --------------------------------------------------------- */

START_TEST(test_update_replaces)
{
    gp_mariadb_state *s = gp_mariadb_state_new();
    gp_mariadb_gtid g;

    g = gtid(1, 10, 100);
    ck_assert_int_eq(gp_mariadb_state_update(s, &g), GP_GTID_OK);
    g = gtid(0, 10, 5);
    ck_assert_int_eq(gp_mariadb_state_update(s, &g), GP_GTID_OK);
    assert_text(s, "0-10-5,1-10-100");
    /* The server applies whatever it reads: a lower seq or another server
     * id replaces the domain's entry (e.g. after a failover). */
    g = gtid(1, 20, 3);
    ck_assert_int_eq(gp_mariadb_state_update(s, &g), GP_GTID_OK);
    assert_text(s, "0-10-5,1-20-3");
    g = gtid(0, 10, 6);
    ck_assert_int_eq(gp_mariadb_state_update(s, &g), GP_GTID_OK);
    g = gtid(0, 10, 7);
    ck_assert_int_eq(gp_mariadb_state_update(s, &g), GP_GTID_OK);
    assert_text(s, "0-10-7,1-20-3");
    ck_assert_uint_eq(gp_mariadb_state_count(s), 2);
    ck_assert_uint_eq(gp_mariadb_state_at(s, 0)->seq, 7);
    ck_assert_uint_eq(gp_mariadb_state_at(s, 1)->server_id, 20);
    ck_assert_ptr_null(gp_mariadb_state_at(s, 2));
    ck_assert_ptr_null(gp_mariadb_state_get(s, 2));
    ck_assert_uint_eq(gp_mariadb_state_get(s, 1)->seq, 3);
    g = gtid(UINT32_MAX, UINT32_MAX, UINT64_MAX);
    ck_assert_int_eq(gp_mariadb_state_update(s, &g), GP_GTID_OK);
    assert_text(s, "0-10-7,1-20-3,4294967295-4294967295-18446744073709551615");
    gp_mariadb_state_free(s);
}
END_TEST

START_TEST(test_hot_path)
{
    gp_mariadb_state *s = gp_mariadb_state_new();

    for (uint64_t seq = 1; seq <= 300000; seq++) {
        gp_mariadb_gtid g = gtid((uint32_t)(seq / 1000 % 3), 1, seq);

        REQUIRE(gp_mariadb_state_update(s, &g) == GP_GTID_OK);
    }
    assert_text(s, "0-1-300000,1-1-298999,2-1-299999");
    gp_mariadb_state_free(s);
}
END_TEST

START_TEST(test_merge_contains_equal)
{
    gp_mariadb_state *a = parse_ok("0-1-10,1-1-5,3-1-7");
    gp_mariadb_state *b = parse_ok("0-2-10,1-2-6,2-2-1,3-2-6");
    gp_mariadb_state *e = gp_mariadb_state_new();
    gp_mariadb_gtid g;

    /* Higher seq wins; on a tie the destination's entry stays. */
    ck_assert_int_eq(gp_mariadb_state_merge(a, b), GP_GTID_OK);
    assert_text(a, "0-1-10,1-2-6,2-2-1,3-1-7");
    ck_assert_int_eq(gp_mariadb_state_merge(a, a), GP_GTID_OK);
    ck_assert_int_eq(gp_mariadb_state_merge(a, e), GP_GTID_OK);
    assert_text(a, "0-1-10,1-2-6,2-2-1,3-1-7");
    ck_assert_int_eq(gp_mariadb_state_merge(e, b), GP_GTID_OK);
    ck_assert(gp_mariadb_state_equal(e, b));

    g = gtid(0, 99, 10);
    ck_assert(gp_mariadb_state_contains(a, &g));
    g = gtid(0, 99, 11);
    ck_assert(!gp_mariadb_state_contains(a, &g));
    g = gtid(2, 2, 0);
    ck_assert(gp_mariadb_state_contains(a, &g));
    g = gtid(4, 1, 0);
    ck_assert(!gp_mariadb_state_contains(a, &g));

    ck_assert(!gp_mariadb_state_equal(a, b));
    gp_mariadb_state_free(b);
    /* Differences in each field, and in size, all count. */
    b = parse_ok("0-1-10,1-2-6,2-2-1,3-1-7");
    ck_assert(gp_mariadb_state_equal(a, b));
    gp_mariadb_state_free(b);
    b = parse_ok("0-1-10,1-2-6,2-2-1,3-1-8");
    ck_assert(!gp_mariadb_state_equal(a, b));
    gp_mariadb_state_free(b);
    b = parse_ok("0-1-10,1-2-6,2-3-1,3-1-7");
    ck_assert(!gp_mariadb_state_equal(a, b));
    gp_mariadb_state_free(b);
    b = parse_ok("0-1-10,1-2-6,4-2-1,3-1-7");
    ck_assert(!gp_mariadb_state_equal(a, b));
    gp_mariadb_state_free(b);
    b = parse_ok("0-1-10,1-2-6,2-2-1");
    ck_assert(!gp_mariadb_state_equal(a, b));
    ck_assert(!gp_mariadb_state_equal(b, a));
    gp_mariadb_state_free(b);
    gp_mariadb_state_free(a);
    gp_mariadb_state_free(e);
}
END_TEST

START_TEST(test_copy_clear_free)
{
    gp_mariadb_state *a = parse_ok("0-1-10,1-1-5");
    gp_mariadb_state *b = parse_ok("5-5-5,6-6-6,7-7-7,8-8-8,9-9-9");
    gp_mariadb_state *e = gp_mariadb_state_new();
    gp_mariadb_gtid g = gtid(0, 1, 11);

    gp_mariadb_state_free(NULL);
    ck_assert_int_eq(gp_mariadb_state_copy(b, a), GP_GTID_OK);
    ck_assert(gp_mariadb_state_equal(a, b));
    ck_assert_int_eq(gp_mariadb_state_update(a, &g), GP_GTID_OK);
    assert_text(a, "0-1-11,1-1-5");
    assert_text(b, "0-1-10,1-1-5");
    ck_assert_int_eq(gp_mariadb_state_copy(a, a), GP_GTID_OK);
    assert_text(a, "0-1-11,1-1-5");
    /* Copy into an empty state that has never allocated. */
    ck_assert_int_eq(gp_mariadb_state_copy(e, a), GP_GTID_OK);
    assert_text(e, "0-1-11,1-1-5");
    gp_mariadb_state_clear(e);
    ck_assert(gp_mariadb_state_is_empty(e));
    ck_assert_uint_eq(gp_mariadb_state_count(e), 0);
    ck_assert_ptr_null(gp_mariadb_state_at(e, 0));
    assert_text(e, "");
    ck_assert_int_eq(gp_mariadb_state_copy(a, e), GP_GTID_OK);
    ck_assert(gp_mariadb_state_is_empty(a));
    g = gtid(3, 3, 3);
    ck_assert_int_eq(gp_mariadb_state_update(a, &g), GP_GTID_OK);
    assert_text(a, "3-3-3");
    gp_mariadb_state_free(a);
    gp_mariadb_state_free(b);
    gp_mariadb_state_free(e);
}
END_TEST

START_TEST(test_format_truncation)
{
    gp_mariadb_state *s = parse_ok("0-1-5,12-34-56789");
    const char *full = "0-1-5,12-34-56789";
    size_t n = strlen(full);
    char buf[64];

    for (size_t cap = 1; cap <= n + 2; cap++) {
        memset(buf, 'X', sizeof buf);
        ck_assert_uint_eq(gp_mariadb_state_format(s, buf, cap), n);
        ck_assert_uint_eq(strlen(buf), cap - 1 < n ? cap - 1 : n);
        ck_assert(strncmp(buf, full, strlen(buf)) == 0);
        ck_assert_int_eq(buf[cap], 'X');
    }
    gp_mariadb_state_free(s);
}
END_TEST

/*
 * Random updates in random domain order against a per-domain model: the
 * last update of each domain wins; the text round-trips.
 */
#define N_DOMAIN 40

START_TEST(test_random_updates)
{
    rng_state = 0x9E3779B97F4A7C15ULL + (uint64_t)_i;
    for (int round = 0; round < 50; round++) {
        gp_mariadb_gtid model[N_DOMAIN];
        int present[N_DOMAIN] = {0};
        gp_mariadb_state *s = gp_mariadb_state_new();
        gp_mariadb_state *back;
        int n = (int)(gp_test_rng_next(&rng_state) % 2000);
        char *t;
        size_t count = 0;

        for (int k = 0; k < n; k++) {
            /* Spread domains over the whole uint32 range. */
            uint32_t d = (uint32_t)(gp_test_rng_next(&rng_state) % N_DOMAIN);
            gp_mariadb_gtid g = gtid(d * 107374182u, (uint32_t)gp_test_rng_next(&rng_state),
                                     gp_test_rng_next(&rng_state));

            REQUIRE(gp_mariadb_state_update(s, &g) == GP_GTID_OK);
            model[d] = g;
            present[d] = 1;
        }
        for (int d = 0; d < N_DOMAIN; d++) {
            const gp_mariadb_gtid *got;

            if (!present[d])
                continue;
            got = gp_mariadb_state_at(s, count++);
            ck_assert_ptr_nonnull(got);
            ck_assert_uint_eq(got->domain, model[d].domain);
            ck_assert_uint_eq(got->server_id, model[d].server_id);
            ck_assert_uint_eq(got->seq, model[d].seq);
            ck_assert(gp_mariadb_state_contains(s, &model[d]));
        }
        ck_assert_uint_eq(gp_mariadb_state_count(s), count);
        t = gp_mariadb_state_to_string(s);
        back = parse_ok(t);
        ck_assert(gp_mariadb_state_equal(s, back));
        free(t);
        gp_mariadb_state_free(back);
        gp_mariadb_state_free(s);
    }
}
END_TEST

Suite *mariadb_state_suite(void)
{
    Suite *s = suite_create("mariadb_state");
    TCase *tc = tcase_create("text");
    TCase *ops = tcase_create("operations");

    tcase_add_loop_test(tc, test_parse_good, 0,
                        sizeof good_cases / sizeof good_cases[0]);
    tcase_add_loop_test(tc, test_parse_bad, 0,
                        sizeof bad_cases / sizeof bad_cases[0]);
    tcase_add_test(tc, test_parse_messages);
    tcase_add_test(tc, test_parse_uses_len);
    tcase_add_test(tc, test_gtid_parse);
    tcase_add_test(tc, test_format_truncation);
    suite_add_tcase(s, tc);

    tcase_add_test(ops, test_update_replaces);
    tcase_add_test(ops, test_hot_path);
    tcase_add_test(ops, test_merge_contains_equal);
    tcase_add_test(ops, test_copy_clear_free);
    tcase_add_loop_test(ops, test_random_updates, 0, 4);
    tcase_set_timeout(ops, 60);
    suite_add_tcase(s, ops);
    return s;
}
