/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_span.c - tests for src/walk/span.c: which files the headers let a
 * question skip, on made-up headers (table cases per flavour).
 */
#include <stdlib.h>
#include <string.h>

#include "walk/span.h"
#include "suites.h"
#include "testutil.h"

#define UA "3e11fa47-71ca-11e1-9e33-c80aa9429562"
#define UB "3e11fa47-71ca-11e1-9e33-c80aa9429563"

static const char *const names[] = {"f1", "f2", "f3"};

/* A span of n files whose starting sets are texts[i]. */
static void make_span(gp_span *s, gtidpos_flavor flavor, const char *const *texts, size_t n)
{
    gp_error e;

    memset(s, 0, sizeof *s);
    s->paths = names;
    s->n = n;
    s->flavor = flavor;
    s->heads = calloc(n, sizeof *s->heads);
    ck_assert_ptr_nonnull(s->heads);
    for (size_t i = 0; i < n; i++) {
        gp_head *h = &s->heads[i];

        h->flavor = flavor;
        h->have_state = 1;
        if (flavor == GTIDPOS_FLAVOR_MYSQL) {
            h->mysql = gp_mysql_set_new();
            ck_assert_int_eq(gp_mysql_set_parse(h->mysql, texts[i], strlen(texts[i]), NULL, 0),
                             GP_GTID_OK);
        } else {
            h->mariadb = gp_mariadb_state_new();
            ck_assert_int_eq(
                gp_mariadb_state_parse(h->mariadb, texts[i], strlen(texts[i]), NULL, 0),
                GP_GTID_OK);
        }
    }
    gp_error_clear(&e);
    if (flavor == GTIDPOS_FLAVOR_MARIADB)
        ck_assert_int_eq(gp_span_check_order(s, &e), GTIDPOS_OK);
}

static int hold_mysql(const gp_span *s, size_t i, const char *text)
{
    gp_mysql_set *set = gp_mysql_set_new();
    int may;

    ck_assert_int_eq(gp_mysql_set_parse(set, text, strlen(text), NULL, 0), GP_GTID_OK);
    may = gp_span_may_hold_mysql(s, i, set);
    gp_mysql_set_free(set);
    return may;
}

static int hold_mariadb(const gp_span *s, size_t i, uint32_t d, uint32_t srv, uint64_t seq)
{
    gp_mariadb_gtid g = {d, srv, seq};
    return gp_span_may_hold_mariadb(s, i, &g);
}

static int exceed_mariadb(const gp_span *s, size_t i, const char *text)
{
    gp_mariadb_state *st = gp_mariadb_state_new();
    int may;

    ck_assert_int_eq(gp_mariadb_state_parse(st, text, strlen(text), NULL, 0), GP_GTID_OK);
    may = gp_span_may_exceed(s, i, NULL, st);
    gp_mariadb_state_free(st);
    return may;
}

START_TEST(test_mysql_chain)
{
    static const char *const sets[] = {UA ":1-10", UA ":1-20", UA ":1-30"};
    gp_span s;

    make_span(&s, GTIDPOS_FLAVOR_MYSQL, sets, 3);
    /* file i holds P(i+1) \ P(i); the last anything outside P(last) */
    ck_assert_int_eq(hold_mysql(&s, 0, UA ":15"), 1);
    ck_assert_int_eq(hold_mysql(&s, 1, UA ":15"), 0);
    ck_assert_int_eq(hold_mysql(&s, 2, UA ":15"), 0);
    ck_assert_int_eq(hold_mysql(&s, 0, UA ":5"), 0);
    ck_assert_int_eq(hold_mysql(&s, 2, UA ":31"), 1);
    ck_assert_int_eq(hold_mysql(&s, 1, UA ":5-25"), 1);
    ck_assert_int_eq(hold_mysql(&s, 0, UB ":1"), 0);
    ck_assert_int_eq(hold_mysql(&s, 2, UB ":1"), 1);
    s.read_all = 1;
    ck_assert_int_eq(hold_mysql(&s, 1, UA ":15"), 1);
    gp_span_close(&s);
}
END_TEST

START_TEST(test_mysql_no_chain)
{
    /* f2's set is not a superset of f1's (another server, a gap): f1 may
     * hold anything outside its own */
    static const char *const sets[] = {UA ":1-10", UB ":1-5", UB ":1-9"};
    gp_span s;

    make_span(&s, GTIDPOS_FLAVOR_MYSQL, sets, 3);
    ck_assert_int_eq(hold_mysql(&s, 0, UA ":15"), 1);
    ck_assert_int_eq(hold_mysql(&s, 0, UA ":5"), 0);
    ck_assert_int_eq(hold_mysql(&s, 1, UA ":15"), 0);
    ck_assert_int_eq(hold_mysql(&s, 1, UB ":7"), 1);
    gp_span_close(&s);
}
END_TEST

START_TEST(test_mariadb_ordered)
{
    static const char *const states[] = {"0-1-10,7-1-3", "0-1-20,7-1-3", "0-1-30,7-1-4"};
    gp_span s;

    make_span(&s, GTIDPOS_FLAVOR_MARIADB, states, 3);
    ck_assert_int_eq((int)s.n_unordered, 0);
    ck_assert_int_eq(hold_mariadb(&s, 0, 0, 1, 15), 1);
    ck_assert_int_eq(hold_mariadb(&s, 1, 0, 1, 15), 0);
    ck_assert_int_eq(hold_mariadb(&s, 2, 0, 1, 15), 0);
    ck_assert_int_eq(hold_mariadb(&s, 2, 0, 2, 31), 1);
    ck_assert_int_eq(hold_mariadb(&s, 1, 7, 1, 4), 1);
    ck_assert_int_eq(hold_mariadb(&s, 0, 7, 1, 4), 0);
    ck_assert_int_eq(hold_mariadb(&s, 0, 9, 1, 1), 0); /* a domain no header has */
    ck_assert_int_eq(hold_mariadb(&s, 2, 9, 1, 1), 1);
    /* the transactions a state lacks */
    ck_assert_int_eq(exceed_mariadb(&s, 0, "0-1-20,7-1-3"), 0);
    ck_assert_int_eq(exceed_mariadb(&s, 1, "0-1-20,7-1-3"), 1);
    /* domain 7 absent from the state: f2 holds 7-1-4, f1 none of domain 7 */
    ck_assert_int_eq(exceed_mariadb(&s, 0, "0-1-20"), 0);
    ck_assert_int_eq(exceed_mariadb(&s, 1, "0-1-30"), 1);
    ck_assert_int_eq(exceed_mariadb(&s, 2, "0-1-99,7-1-99"), 1); /* the last file */
    gp_span_close(&s);
}
END_TEST

START_TEST(test_mariadb_unordered)
{
    /* domain 0's last seq_no goes back at f3 (a server without
     * gtid_strict_mode): every file is read for domain 0, not for 7 */
    static const char *const states[] = {"0-1-10,7-1-3", "0-1-20,7-1-5", "0-2-15,7-1-6"};
    gp_span s;

    make_span(&s, GTIDPOS_FLAVOR_MARIADB, states, 3);
    ck_assert_int_eq(gp_span_unordered(&s, 0), 1);
    ck_assert_int_eq(gp_span_unordered(&s, 7), 0);
    ck_assert_int_eq(hold_mariadb(&s, 1, 0, 1, 5), 1);
    ck_assert_int_eq(hold_mariadb(&s, 2, 0, 1, 5), 1);
    ck_assert_int_eq(hold_mariadb(&s, 0, 7, 1, 6), 0);
    ck_assert_int_eq(exceed_mariadb(&s, 0, "0-1-99,7-1-99"), 1);
    gp_span_close(&s);
}
END_TEST

Suite *span_suite(void)
{
    Suite *s = suite_create("span");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_mysql_chain);
    tcase_add_test(tc, test_mysql_no_chain);
    tcase_add_test(tc, test_mariadb_ordered);
    tcase_add_test(tc, test_mariadb_unordered);
    suite_add_tcase(s, tc);
    return s;
}
