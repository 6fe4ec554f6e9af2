/* SPDX-License-Identifier: BSD-2-Clause */
/* check_dm_checkpoints.c - tests for src/dm/checkpoints.c (the seed query's
 * result in its three forms) and src/dm/gtid_start.c. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "dm/formats/checkpoints.h"
#include "dm/relay/gtid_start.h"
#include "suites.h"
#include "testutil.h"

static gtidpos_status parse_text(gp_dm_checkpoints *t, const char *text, gp_error *e)
{
    gp_dm_checkpoints_init(t);
    gp_error_clear(e);
    return gp_dm_checkpoints_parse(t, text, strlen(text), "cp", e);
}

/* The upgrade guide's example, as its boxed table and as mysql -B and CSV
 * renderings of the same rows: all three give the guide's two rows. */
START_TEST(test_guide_three_forms)
{
    static const char *const files[] = {"dm/checkpoints_guide.txt", "dm/checkpoints_guide.tsv",
                                        "dm/checkpoints_guide.csv"};
    static const gp_dm_cp_form forms[] = {GTIDPOS_DM_TABLE_BOXED, GTIDPOS_DM_TABLE_TSV,
                                          GTIDPOS_DM_TABLE_CSV};
    for (int i = 0; i < 3; i++) {
        size_t len;
        uint8_t *buf = gp_test_slurp(gp_test_path(files[i]), &len);
        gp_dm_checkpoints t;
        gp_error e;
        gp_dm_checkpoints_init(&t);
        gp_error_clear(&e);
        ck_assert_msg(gp_dm_checkpoints_parse(&t, (const char *)buf, len, files[i], &e) == GTIDPOS_OK,
                      "%s: %s", files[i], e.msg);
        ck_assert_int_eq(t.form, forms[i]);
        ck_assert_uint_eq(t.n, 2);
        ck_assert_str_eq(t.rows[0].id, "mysql-replica-01");
        ck_assert_str_eq(t.rows[0].name, "mysql-bin|000001.000123");
        ck_assert_uint_eq(t.rows[0].pos, 15847);
        ck_assert_str_eq(t.rows[1].id, "mysql-replica-02");
        ck_assert_str_eq(t.rows[1].name, "mysql-bin|000001.000456");
        ck_assert_uint_eq(t.rows[1].pos, 10485);
        ck_assert_ptr_nonnull(gp_dm_checkpoints_find(&t, "mysql-replica-02"));
        ck_assert_ptr_null(gp_dm_checkpoints_find(&t, "mysql-replica-03"));
        gp_dm_checkpoints_free(&t);
        free(buf);
    }
}
END_TEST

/* SELECT * output: columns found by name, table checkpoints (is_global=0)
 * skipped; a client prompt before and "N rows in set" after the table. */
START_TEST(test_select_star_boxed)
{
    const char *text =
        "mysql> SELECT * FROM dm_meta.t_syncer_checkpoint;\n"
        "+-----+-----------+----------+------------------+------------+-----------+\n"
        "| id  | cp_schema | cp_table | binlog_name      | binlog_pos | is_global |\n"
        "+-----+-----------+----------+------------------+------------+-----------+\n"
        "| s-1 |           |          | bin|000002.00007 |       1234 |         1 |\n"
        "| s-1 | db        | t1       | bin|000002.00007 |        999 |         0 |\n"
        "| s-2 |           |          | bin.000003       |          4 |         1 |\n"
        "+-----+-----------+----------+------------------+------------+-----------+\n"
        "3 rows in set (0.00 sec)\n\n";
    gp_dm_checkpoints t;
    gp_error e;
    ck_assert_msg(parse_text(&t, text, &e) == GTIDPOS_OK, "%s", e.msg);
    ck_assert_uint_eq(t.n, 2);
    ck_assert_str_eq(t.rows[0].name, "bin|000002.00007");
    ck_assert_uint_eq(t.rows[0].pos, 1234);
    ck_assert_str_eq(t.rows[1].id, "s-2");
    ck_assert_uint_eq(t.rows[1].pos, 4);
    gp_dm_checkpoints_free(&t);
}
END_TEST

START_TEST(test_headerless_and_escapes)
{
    gp_dm_checkpoints t;
    gp_error e;
    /* mysql -B -N: the query's column order */
    ck_assert_msg(parse_text(&t, "a\tbin.000001\t4\nb\tbin.000002\t120\n", &e) == GTIDPOS_OK, "%s", e.msg);
    ck_assert_uint_eq(t.n, 2);
    ck_assert_uint_eq(t.rows[1].pos, 120);
    gp_dm_checkpoints_free(&t);
    /* mysql -B escapes a backslash in a value */
    ck_assert_msg(parse_text(&t, "id\tbinlog_name\tbinlog_pos\nx\\\\y\tbin.000001\t4\n", &e) == GTIDPOS_OK,
                  "%s", e.msg);
    ck_assert_str_eq(t.rows[0].id, "x\\y");
    gp_dm_checkpoints_free(&t);
    /* CSV: columns in another order, quoted cells with "" */
    ck_assert_msg(parse_text(&t, "binlog_pos,\"id\",binlog_name\n7,\"a\"\"b\",bin.000009\n", &e) == GTIDPOS_OK,
                  "%s", e.msg);
    ck_assert_str_eq(t.rows[0].id, "a\"b");
    ck_assert_str_eq(t.rows[0].name, "bin.000009");
    ck_assert_uint_eq(t.rows[0].pos, 7);
    gp_dm_checkpoints_free(&t);
}
END_TEST

/* Each malformed input is refused, with the line named where one applies. */
START_TEST(test_garbage)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"", "no checkpoint table"},
        {"\n\n  \n", "no checkpoint table"},
        {"hello world\n", "line 1: not a checkpoint table"},
        {"id\tbinlog_name\tbinlog_pos\n", "no rows"},
        {"id\tbinlog_name\tbinlog_pos\na\tb.000001\n", "line 2: 2 columns"},
        {"id\tbinlog_name\tbinlog_pos\na\tb.000001\t-4\n", "line 2: binlog_pos '-4'"},
        {"id\tbinlog_name\tbinlog_pos\na\tb.000001\t99999999999999999999\n", "too large"},
        {"id\tbinlog_name\tbinlog_pos\na\tb.000001\t4\na\tb.000002\t4\n", "second checkpoint for source 'a'"},
        {"id\tbinlog_name\tbinlog_pos\n\tb.000001\t4\n", "empty id"},
        {"id\tbinlog_name\tbinlog_pos\na\tNULL\t4\n", "empty binlog_name"},
        {"id\tbinlog_name\tbinlog_pos\na\t../x.000001\t4\n", "not a binlog file name"},
        {"id\tname\tpos\na\tb\t4\n", "line 1: the header must name"},
        {"id\tbinlog_name\tbinlog_pos\na\\q\tb.000001\t4\n", "unexpected escape"},
        {"id,binlog_name,binlog_pos\n\"a,b.000001,4\n", "unterminated quoted"},
        {"id,binlog_name,binlog_pos\na\"x,b.000001,4\n", "inside an unquoted"},
        {"+---+---+---+\n| id | binlog_name | binlog_pos |\n", "row is"},
        {"+----+------+------+\n| id | binl | binl |\n+----+------+------+\n", "header must name"},
        {"+----+-------------+------------+\n| id | binlog_name | binlog_pos |\n"
         "+----+-------------+------------+\n| a  | b.000001    | 4          |\n", "not closed"},
        {"+----+-------------+------------+\n| id | binlog_name | binlog_pos |\n"
         "+----+-------------+------------+\n| a  | b.000001    | 4          |\n"
         "+----+-------------+------------+\nextra\n", "line 6: text after the end"},
        {"+----+-------------+------------+\n| id | binlog_name | binlog_pos |\n"
         "+----+-------------+------------+\n| a  | b.000001    * 4          |\n", "expected '|'"},
        {"+----+-------------+------------+\n| id | binlog_name | binlog_pos |\n"
         "+---+--------------+------------+\n", "border differs"},
        {"id,binlog_name,binlog_pos,is_global\na,b.000001,4,0\n", "no global checkpoint"},
        {"a\tb\x00x\t4\n", "NUL"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gp_dm_checkpoints t;
        gp_error e;
        size_t len = strlen(cases[i].text);
        if (strstr(cases[i].want, "NUL"))
            len = 8;
        gp_dm_checkpoints_init(&t);
        gp_error_clear(&e);
        ck_assert_msg(gp_dm_checkpoints_parse(&t, cases[i].text, len, "cp", &e) != GTIDPOS_OK,
                      "case %zu accepted", i);
        ck_assert_msg(strstr(e.msg, cases[i].want) != NULL, "case %zu: '%s' lacks '%s'", i, e.msg,
                      cases[i].want);
        ck_assert_uint_eq(t.n, 0);
        gp_dm_checkpoints_free(&t);
    }
}
END_TEST

START_TEST(test_option)
{
    gp_dm_checkpoints t;
    gp_error e;
    gp_dm_checkpoints_init(&t);
    gp_error_clear(&e);
    ck_assert_int_eq(gp_dm_checkpoints_add_option(&t, "mysql-replica-01=mysql-bin|000001.000123:15847", &e), GTIDPOS_OK);
    ck_assert_str_eq(t.rows[0].name, "mysql-bin|000001.000123");
    ck_assert_uint_eq(t.rows[0].pos, 15847);
    ck_assert_int_ne(gp_dm_checkpoints_add_option(&t, "mysql-replica-01=x.000001:4", &e), GTIDPOS_OK);
    ck_assert_ptr_nonnull(strstr(e.msg, "second checkpoint"));
    ck_assert_int_ne(gp_dm_checkpoints_add_option(&t, "x.000001:4", &e), GTIDPOS_OK);
    ck_assert_int_ne(gp_dm_checkpoints_add_option(&t, "a=x.000001", &e), GTIDPOS_OK);
    ck_assert_int_ne(gp_dm_checkpoints_add_option(&t, "a=x.000001:", &e), GTIDPOS_OK);
    ck_assert_uint_eq(t.n, 1);
    gp_dm_checkpoints_free(&t);
}
END_TEST

static char *widened(const char *text, int *late_before)
{
    gp_mysql_set *s = gp_mysql_set_new();
    char *out;
    ck_assert_int_eq(gp_mysql_set_parse(s, text, strlen(text), NULL, 0), GP_GTID_OK);
    *late_before = gp_dm_gtid_has_late_start(s);
    ck_assert_int_eq(gp_dm_gtid_widen_to_start(s), GP_GTID_OK);
    ck_assert_int_eq(gp_dm_gtid_has_late_start(s), 0);
    out = gp_mysql_set_to_string(s);
    gp_mysql_set_free(s);
    return out;
}

START_TEST(test_widen)
{
    static const struct {
        const char *in, *out;
        int late;
    } cases[] = {
        {"", "", 0},
        {"3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5", 0},
        {"3e11fa47-71ca-11e1-9e33-c80aa9429562:3-5", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5", 1},
        {"3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7-9", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-9", 1},
        {"3e11fa47-71ca-11e1-9e33-c80aa9429562:7,4f000000-0000-0000-0000-000000000000:2:tag:4-6",
         "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-7,4f000000-0000-0000-0000-000000000000:1-2:tag:1-6", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int late;
        char *out = widened(cases[i].in, &late);
        ck_assert_str_eq(out, cases[i].out);
        ck_assert_int_eq(late, cases[i].late);
        free(out);
    }
}
END_TEST

Suite *dm_checkpoints_suite(void)
{
    Suite *s = suite_create("dm_checkpoints");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_guide_three_forms);
    tcase_add_test(tc, test_select_star_boxed);
    tcase_add_test(tc, test_headerless_and_escapes);
    tcase_add_test(tc, test_garbage);
    tcase_add_test(tc, test_option);
    tcase_add_test(tc, test_widen);
    suite_add_tcase(s, tc);
    return s;
}
