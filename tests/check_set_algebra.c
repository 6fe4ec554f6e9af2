/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_set_algebra.c - tests for the set algebra of src/gtid/mysql_set.c
 * that find, cover and diff use (subtract, intersect, overlaps): table
 * cases, then random sets checked against a bitmap model.
 */
#include <stdlib.h>
#include <string.h>

#include "gtid/mysql_set.h"
#include "suites.h"
#include "testutil.h"

#define U1 "3e11fa47-71ca-11e1-9e33-c80aa9429562"
#define U2 "3e11fa47-71ca-11e1-9e33-c80aa9429563"

static gp_mysql_set *parse(const char *text)
{
    gp_mysql_set *s = gp_mysql_set_new();

    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(gp_mysql_set_parse(s, text, strlen(text), NULL, 0), GP_GTID_OK);
    return s;
}

static const struct {
    const char *a, *b, *minus, *and;
    int overlaps;
} cases[] = {
    {U1 ":1-10", U1 ":3-4:8", U1 ":1-2:5-7:9-10", U1 ":3-4:8", 1},
    {U1 ":1-10", U1 ":11-20", U1 ":1-10", "", 0},
    {U1 ":1-10", U2 ":1-10", U1 ":1-10", "", 0},
    {U1 ":1-10," U2 ":5", U1 ":1-100", U2 ":5", U1 ":1-10", 1},
    {U1 ":5-6:tag:1-3", U1 ":tag:2", U1 ":5-6:tag:1:3", U1 ":tag:2", 1},
    {"", U1 ":1", "", "", 0},
    {U1 ":1-3:7-9", U1 ":2-8", U1 ":1:9", U1 ":2-3:7-8", 1},
};

START_TEST(test_table)
{
    gp_mysql_set *a = parse(cases[_i].a), *b = parse(cases[_i].b);
    gp_mysql_set *out = gp_mysql_set_new();
    char *t;

    ck_assert_int_eq(gp_mysql_set_subtract(out, a, b), GP_GTID_OK);
    t = gp_mysql_set_to_string(out);
    ck_assert_str_eq(t, cases[_i].minus);
    free(t);
    ck_assert_int_eq(gp_mysql_set_intersect(out, a, b), GP_GTID_OK);
    t = gp_mysql_set_to_string(out);
    ck_assert_str_eq(t, cases[_i].and);
    free(t);
    ck_assert_int_eq(gp_mysql_set_overlaps(a, b), cases[_i].overlaps);
    /* out == a is allowed */
    ck_assert_int_eq(gp_mysql_set_subtract(a, a, b), GP_GTID_OK);
    t = gp_mysql_set_to_string(a);
    ck_assert_str_eq(t, cases[_i].minus);
    free(t);
    gp_mysql_set_free(a);
    gp_mysql_set_free(b);
    gp_mysql_set_free(out);
}
END_TEST

/* Random sets of GNOs 1..N of one UUID against bitmaps. */
#define N 200
START_TEST(test_model)
{
    gp_uuid u;
    unsigned seed = 14;

    ck_assert_int_eq(gp_uuid_parse(&u, U1, 36), GP_GTID_OK);
    for (int round = 0; round < 200; round++) {
        unsigned char ma[N + 1] = {0}, mb[N + 1] = {0};
        gp_mysql_set *a = gp_mysql_set_new(), *b = gp_mysql_set_new();
        gp_mysql_set *minus = gp_mysql_set_new(), *and = gp_mysql_set_new();
        int any = 0;

        for (int g = 1; g <= N; g++) {
            seed = seed * 1103515245u + 12345u;
            ma[g] = (seed >> 16) % (round % 5 + 2) == 0;
            seed = seed * 1103515245u + 12345u;
            mb[g] = (seed >> 16) % (round % 3 + 2) == 0;
            if (ma[g])
                gp_mysql_set_add(a, &u, NULL, 0, (uint64_t)g);
            if (mb[g])
                gp_mysql_set_add(b, &u, NULL, 0, (uint64_t)g);
            any |= ma[g] && mb[g];
        }
        ck_assert_int_eq(gp_mysql_set_subtract(minus, a, b), GP_GTID_OK);
        ck_assert_int_eq(gp_mysql_set_intersect(and, a, b), GP_GTID_OK);
        for (int g = 1; g <= N; g++) {
            if (gp_mysql_set_contains(minus, &u, NULL, 0, (uint64_t)g) != (ma[g] && !mb[g]))
                ck_abort_msg("round %d: gno %d in a \\ b", round, g);
            if (gp_mysql_set_contains(and, &u, NULL, 0, (uint64_t)g) != (ma[g] && mb[g]))
                ck_abort_msg("round %d: gno %d in a & b", round, g);
        }
        ck_assert_int_eq(gp_mysql_set_overlaps(a, b), any);
        gp_mysql_set_free(a);
        gp_mysql_set_free(b);
        gp_mysql_set_free(minus);
        gp_mysql_set_free(and);
    }
}
END_TEST

Suite *set_algebra_suite(void)
{
    Suite *s = suite_create("set_algebra");
    TCase *tc = tcase_create("core");

    tcase_add_loop_test(tc, test_table, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, test_model);
    suite_add_tcase(s, tc);
    return s;
}
