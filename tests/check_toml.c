/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_toml.c - tests for src/dm/toml.c: the DM files it exists for
 * (relay.meta as DM v1.0 writes it, the dm-worker.toml of the DM v1.0
 * documentation), then table-driven accepted values and rejected lines
 * with the line number each error must name.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm/formats/toml.h"
#include "suites.h"

static gtidpos_status parse(gp_toml *t, const char *text, gp_error *e)
{
    gp_error_clear(e);
    return gp_toml_parse_buffer(t, "test.toml", text, strlen(text), e);
}

START_TEST(relay_meta)
{
    /* DM v1.0 pkg/relay/meta.go encodes LocalMeta with BurntSushi/toml. */
    const char *text = "binlog-name = \"mysql-bin.000003\"\n"
                       "binlog-pos = 154\n"
                       "binlog-gtid = \"3ccc475b-2343-11e7-be21-6c0b84d59f30:1-14\"\n";
    gp_toml t;
    gp_error e;
    const char *s = NULL;
    int64_t pos = 0;
    int found = 0;

    ck_assert_int_eq(parse(&t, text, &e), GTIDPOS_OK);
    ck_assert_uint_eq(t.n, 3);
    ck_assert_int_eq(gp_toml_string(&t, "", "binlog-name", &s, &found, "m", &e), GTIDPOS_OK);
    ck_assert(found);
    ck_assert_str_eq(s, "mysql-bin.000003");
    ck_assert_int_eq(gp_toml_int(&t, "", "binlog-pos", &pos, NULL, "m", &e), GTIDPOS_OK);
    ck_assert_int_eq(pos, 154);
    ck_assert_int_eq(gp_toml_string(&t, "", "binlog-gtid", &s, NULL, "m", &e), GTIDPOS_OK);
    ck_assert_str_eq(s, "3ccc475b-2343-11e7-be21-6c0b84d59f30:1-14");
    /* Absent: found = 0, not an error. */
    ck_assert_int_eq(gp_toml_string(&t, "", "nope", &s, &found, "m", &e), GTIDPOS_OK);
    ck_assert(!found);
    /* Wrong type: an error naming the line. */
    ck_assert_int_eq(gp_toml_string(&t, "", "binlog-pos", &s, &found, "m", &e), GTIDPOS_ERR_PARSE);
    ck_assert_ptr_nonnull(strstr(e.msg, "line 2"));
    gp_toml_free(&t);
}
END_TEST

START_TEST(worker_toml)
{
    /* The shape of the DM v1.0 dm-worker.toml example (docs: "DM-worker
     * configuration file"), CRLF line ends on two lines. */
    const char *text =
        "# Worker Configuration.\n"
        "\n"
        "log-level = \"info\"\n"
        "log-file = \"dm-worker.log\"\r\n"
        "worker-addr = \":8262\"\n"
        "source-id = \"mysql-replica-01\"   # comment after a value\n"
        "flavor = \"mysql\"\n"
        "enable-gtid = true\n"
        "relay-dir = './relay_log'\r\n"
        "relay-binlog-gtid = \"\"\n"
        "[from]\n"
        "host = \"127.0.0.1\"\n"
        "user = \"root\"\n"
        "password = \"Up8156jArvIPymkVC+5LxkAT6rek\"\n"
        "port = 3306\n"
        "\t\n"
        "[purge]\n"
        "interval = 3600\n"
        "expires = 0\n"
        "remain-space = 15\n";
    gp_toml t;
    gp_error e;
    const char *s = NULL;
    int64_t port = 0;
    int on = 0;

    ck_assert_int_eq(parse(&t, text, &e), GTIDPOS_OK);
    ck_assert_int_eq(gp_toml_string(&t, "", "source-id", &s, NULL, "w", &e), GTIDPOS_OK);
    ck_assert_str_eq(s, "mysql-replica-01");
    ck_assert_int_eq(gp_toml_string(&t, "", "relay-dir", &s, NULL, "w", &e), GTIDPOS_OK);
    ck_assert_str_eq(s, "./relay_log");
    ck_assert_int_eq(gp_toml_string(&t, "", "log-file", &s, NULL, "w", &e), GTIDPOS_OK);
    ck_assert_str_eq(s, "dm-worker.log");
    ck_assert_int_eq(gp_toml_string(&t, "", "relay-binlog-gtid", &s, NULL, "w", &e), GTIDPOS_OK);
    ck_assert_str_eq(s, "");
    ck_assert_int_eq(gp_toml_bool(&t, "", "enable-gtid", &on, NULL, "w", &e), GTIDPOS_OK);
    ck_assert_int_eq(on, 1);
    ck_assert_int_eq(gp_toml_int(&t, "from", "port", &port, NULL, "w", &e), GTIDPOS_OK);
    ck_assert_int_eq(port, 3306);
    ck_assert_ptr_null(gp_toml_get(&t, "", "port"));
    ck_assert_ptr_nonnull(gp_toml_get(&t, "purge", "remain-space"));
    ck_assert_uint_eq(gp_toml_get(&t, "from", "host")->line, 12);
    gp_toml_free(&t);
}
END_TEST

/* One value each: the text after "k = " and the string it decodes to. */
static const struct {
    const char *value;
    const char *decoded;
} strings[] = {
    {"\"plain\"", "plain"},
    {"\"\"", ""},
    {"''", ""},
    {"'C:\\\\path\\no escapes'", "C:\\\\path\\no escapes"},
    {"\"tab\\there\"", "tab\there"},
    {"\"q\\\"b\\\\\"", "q\"b\\"},
    {"\"\\b\\f\\n\\r\"", "\b\f\n\r"},
    {"\"\\u00e9\\U0001F600\"", "\xc3\xa9\xf0\x9f\x98\x80"},
    {"\"caf\xc3\xa9\"", "caf\xc3\xa9"},
    {"\"# not a comment\"", "# not a comment"},
    {"'it''", NULL}, /* text after the closing quote */
};

START_TEST(string_values)
{
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        char text[256];
        gp_toml t;
        gp_error e;
        snprintf(text, sizeof text, "k = %s\n", strings[i].value);
        gtidpos_status rc = parse(&t, text, &e);
        if (strings[i].decoded == NULL) {
            ck_assert_msg(rc == GTIDPOS_ERR_PARSE, "%s accepted", strings[i].value);
            continue;
        }
        ck_assert_msg(rc == GTIDPOS_OK, "%s: %s", strings[i].value, e.msg);
        ck_assert_uint_eq(t.n, 1);
        ck_assert_int_eq(t.entries[0].type, GP_TOML_STRING);
        ck_assert_str_eq(t.entries[0].str, strings[i].decoded);
        gp_toml_free(&t);
    }
}
END_TEST

static const struct {
    const char *value;
    int ok;
    int64_t num;
} ints[] = {
    {"0", 1, 0},
    {"-0", 1, 0},
    {"+42", 1, 42},
    {"1_000_000", 1, 1000000},
    {"9223372036854775807", 1, INT64_MAX},
    {"-9223372036854775808", 1, INT64_MIN},
    {"9223372036854775808", 0, 0},
    {"-9223372036854775809", 0, 0},
    {"99999999999999999999999", 0, 0},
    {"012", 0, 0},
    {"0x1f", 0, 0},
    {"1__0", 0, 0},
    {"1_", 0, 0},
    {"_1", 0, 0},
    {"+", 0, 0},
    {"1.5", 0, 0},
    {"1e3", 0, 0},
    {"1979-05-27", 0, 0},
    {"07:32:00", 0, 0},
    {"inf", 0, 0},
};

START_TEST(int_values)
{
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        char text[128];
        gp_toml t;
        gp_error e;
        snprintf(text, sizeof text, "n = %s # c\n", ints[i].value);
        gtidpos_status rc = parse(&t, text, &e);
        if (!ints[i].ok) {
            ck_assert_msg(rc == GTIDPOS_ERR_PARSE, "%s accepted", ints[i].value);
            ck_assert_ptr_nonnull(strstr(e.msg, "line 1"));
            continue;
        }
        ck_assert_msg(rc == GTIDPOS_OK, "%s: %s", ints[i].value, e.msg);
        ck_assert_int_eq(t.entries[0].type, GP_TOML_INT);
        ck_assert_int_eq(t.entries[0].num, ints[i].num);
        gp_toml_free(&t);
    }
}
END_TEST

/* Rejected documents and the line their error must name. */
static const struct {
    const char *text;
    unsigned line;
} rejected[] = {
    {"a = 1\nb = [1, 2]\n", 2},
    {"a = 1.0\n", 1},
    {"a = 1\na = 2\n", 2},
    {"[t]\na = 1\n[t]\n", 3},
    {"t = 1\n[t]\n", 2},
    {"[[t]]\n", 1},
    {"[]\n", 1},
    {"[t\n", 1},
    {"[t] x\n", 1},
    {"= 1\n", 1},
    {"a\n", 1},
    {"a =\n", 1},
    {"a = \"open\n", 1},
    {"a = \"bad \\q escape\"\n", 1},
    {"a = \"\\ud800\"\n", 1},
    {"a = \"\\u0000\"\n", 1},
    {"a = \"\\u12\"\n", 1},
    {"a = \"\\U00110000\"\n", 1},
    {"a = \"ctl \x01\"\n", 1},
    {"a = \"bad \xc3\x28 utf8\"\n", 1},
    {"a = \"overlong \xc0\xaf\"\n", 1},
    {"a = 'x' 'y'\n", 1},
    {"a = true false\n", 1},
    {"a = trueish\n", 1},
    {"a = TRUE\n", 1},
    {"# ok\n\n\nb = 1 junk\n", 4},
    {"a = 1\rb = 2\n", 1},
    {"# comment \x01\n", 1},
    /* the forms DM v1's loader (BurntSushi/toml) reads, broken */
    {"a = {x = 1\n", 1},
    {"a = {x = 1,}\n", 1},
    {"a = {x = [1]}\n", 1},
    {"a = 1\nb = \"\"\"open\nstill\n", 2},
    {"[a.\"b.c\"]\n", 1},
    {"a.b = 1\na.b = 2\n", 2},
    {"[from]\nhost = 'h'\n[from]\n", 3},
    {"from = { host = 'h' }\n[from]\n", 2},
};

/* What DM v1's own loader accepted and the worker files use: dotted
 * keys and headers, quoted keys, inline tables, multi-line strings. */
START_TEST(v1_forms)
{
    static const char text[] =
        "source-id = \"r1\"\n"
        "from.host = \"h\"\nfrom . port = 3306\n"
        "\"flavor\" = 'mysql'\n"
        "checker = { check-enable = true, nest = { time_zone = '+00:00' } }\n"
        "[from.session]\n"
        "sql_mode = \"\"\"\nANSI\\\n   _QUOTES\"\"\"\n"
        "note = '''a\nb'''\n"
        "[purge]\n"
        "interval = 3600\n";
    gp_toml t;
    gp_error e;
    const char *s = NULL;
    int64_t n = 0;

    ck_assert_msg(parse(&t, text, &e) == GTIDPOS_OK, "%s", e.msg);
    ck_assert_int_eq(gp_toml_string(&t, "from", "host", &s, NULL, "w", &e), GTIDPOS_OK);
    ck_assert_str_eq(s, "h");
    ck_assert_int_eq(gp_toml_int(&t, "from", "port", &n, NULL, "w", &e), GTIDPOS_OK);
    ck_assert_int_eq(n, 3306);
    ck_assert_int_eq(gp_toml_string(&t, "checker.nest", "time_zone", &s, NULL, "w", &e), GTIDPOS_OK);
    ck_assert_str_eq(s, "+00:00");
    ck_assert_int_eq(gp_toml_string(&t, "", "flavor", &s, NULL, "w", &e), GTIDPOS_OK);
    ck_assert_str_eq(s, "mysql");
    ck_assert_ptr_nonnull(gp_toml_get(&t, "checker", "check-enable"));
    ck_assert_int_eq(gp_toml_string(&t, "from.session", "sql_mode", &s, NULL, "w", &e), GTIDPOS_OK);
    ck_assert_str_eq(s, "ANSI_QUOTES");
    ck_assert_int_eq(gp_toml_string(&t, "from.session", "note", &s, NULL, "w", &e), GTIDPOS_OK);
    ck_assert_str_eq(s, "a\nb");
    ck_assert_uint_eq(gp_toml_get(&t, "purge", "interval")->line, 13);
    gp_toml_free(&t);
}
END_TEST

START_TEST(rejections)
{
    for (size_t i = 0; i < sizeof rejected / sizeof rejected[0]; i++) {
        gp_toml t;
        gp_error e;
        char want[32];
        gtidpos_status rc = parse(&t, rejected[i].text, &e);
        ck_assert_msg(rc == GTIDPOS_ERR_PARSE, "case %zu accepted: %s", i, rejected[i].text);
        snprintf(want, sizeof want, "line %u:", rejected[i].line);
        ck_assert_msg(strncmp(e.msg, want, strlen(want)) == 0, "case %zu: %s", i, e.msg);
        ck_assert_str_eq(e.file, "test.toml");
        ck_assert_uint_eq(t.n, 0);
    }
}
END_TEST

START_TEST(nul_and_empty)
{
    gp_toml t;
    gp_error e;

    ck_assert_int_eq(gp_toml_parse_buffer(&t, "z", "a = 1\n\0", 7, &e), GTIDPOS_ERR_PARSE);
    ck_assert_ptr_nonnull(strstr(e.msg, "line 2"));
    ck_assert_int_eq(gp_toml_parse_buffer(&t, "z", "", 0, &e), GTIDPOS_OK);
    ck_assert_uint_eq(t.n, 0);
    gp_toml_free(&t);
    /* No final newline, a byte order mark. */
    ck_assert_int_eq(gp_toml_parse_buffer(&t, "z", "\xef\xbb\xbf" "a = false", 12, &e), GTIDPOS_OK);
    ck_assert_uint_eq(t.n, 1);
    ck_assert_int_eq(t.entries[0].flag, 0);
    gp_toml_free(&t);
    ck_assert_int_eq(gp_toml_parse_file(&t, "/nonexistent/x.toml", &e), GTIDPOS_ERR_IO);
}
END_TEST

Suite *toml_suite(void)
{
    Suite *s = suite_create("toml");
    TCase *tc = tcase_create("toml");

    tcase_add_test(tc, relay_meta);
    tcase_add_test(tc, worker_toml);
    tcase_add_test(tc, v1_forms);
    tcase_add_test(tc, string_values);
    tcase_add_test(tc, int_values);
    tcase_add_test(tc, rejections);
    tcase_add_test(tc, nul_and_empty);
    suite_add_tcase(s, tc);
    return s;
}
