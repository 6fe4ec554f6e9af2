/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_emit.c - tests for src/emit/json.c, text.c and the consumer forms
 * (consumer.c, consumer_sql.c, consumer_cdc.c).
 *
 * Output goes to an open_memstream buffer and is compared with what RFC
 * 8259 allows.  JSON string escapes have more than one correct spelling
 * (\n or \u000a, \u001F or \u001f), so string cases are compared after
 * both sides are brought to one canonical spelling; the results are also
 * checked to hold no raw control character and only valid UTF-8.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/consumer.h"
#include "emit/emit.h"
#include "gtidpos.h"
#include "suites.h"
#include "testutil.h"

#define U1 "3e11fa47-71ca-11e1-9e33-c80aa9429562"
#define U2 "3e11fa47-71ca-11e1-9e33-c80aa9429563"

/* ---- capture ------------------------------------------------------------ */

typedef struct capture {
    FILE *f;
    char *buf;
    size_t len;
} capture;

static void cap_open(capture *c)
{
    c->buf = NULL;
    c->len = 0;
    c->f = open_memstream(&c->buf, &c->len);
    ck_assert_ptr_nonnull(c->f);
}

/* Close the stream; the text stays in c->buf (NUL-terminated), which the
 * caller frees. */
static const char *cap_close(capture *c)
{
    ck_assert_int_eq(fclose(c->f), 0);
    c->f = NULL;
    return c->buf;
}

static char *json_of(const char *s)
{
    capture c;
    char *out;

    cap_open(&c);
    gp_json_string(c.f, s);
    cap_close(&c);
    out = c.buf;
    return out;
}

/* ---- canonical JSON string spelling -------------------------------------- */

static int hexval(char h)
{
    if (h >= '0' && h <= '9')
        return h - '0';
    if (h >= 'a' && h <= 'f')
        return h - 'a' + 10;
    if (h >= 'A' && h <= 'F')
        return h - 'A' + 10;
    return -1;
}

/*
 * Rewrite a JSON string literal so that equal strings compare equal: an
 * escaped code point from 0x20 to 0x7f other than '"' and '\\' becomes the
 * raw character; every other escape (\n, \t, \b, \f, \r, \", \\ and \u)
 * becomes \u followed by four lower-case hex digits; raw bytes are kept.
 * Returns a malloc'd string, or NULL when the input is not a well-formed
 * literal.
 */
static char *canon(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n * 6 + 1), *o = out;

    ck_assert_ptr_nonnull(out);
    if (n < 2 || s[0] != '"' || s[n - 1] != '"')
        goto bad;
    for (size_t i = 1; i < n - 1; i++) {
        unsigned cp;
        if (s[i] != '\\') {
            if (s[i] == '"')
                goto bad;
            *o++ = s[i];
            continue;
        }
        if (++i >= n - 1)
            goto bad;
        switch (s[i]) {
        case 'n': cp = '\n'; break;
        case 'r': cp = '\r'; break;
        case 't': cp = '\t'; break;
        case 'b': cp = '\b'; break;
        case 'f': cp = '\f'; break;
        case '/': cp = '/'; break;
        case '"': cp = '"'; break;
        case '\\': cp = '\\'; break;
        case 'u':
            if (i + 4 >= n - 1)
                goto bad;
            cp = 0;
            for (int k = 1; k <= 4; k++) {
                int h = hexval(s[i + k]);
                if (h < 0)
                    goto bad;
                cp = cp << 4 | (unsigned)h;
            }
            i += 4;
            break;
        default:
            goto bad;
        }
        if (cp >= 0x20 && cp < 0x80 && cp != '"' && cp != '\\')
            *o++ = (char)cp;
        else
            o += sprintf(o, "\\u%04x", cp);
    }
    *o = '\0';
    return out;
bad:
    free(out);
    return NULL;
}

/* Is the literal free of raw control bytes and valid UTF-8 throughout? */
static int clean_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    while (*p) {
        unsigned cp;
        int n;
        if (*p < 0x20)
            return 0;
        if (*p < 0x80) {
            p++;
            continue;
        }
        if ((*p & 0xe0) == 0xc0)
            n = 2, cp = *p & 0x1f;
        else if ((*p & 0xf0) == 0xe0)
            n = 3, cp = *p & 0x0f;
        else if ((*p & 0xf8) == 0xf0)
            n = 4, cp = *p & 0x07;
        else
            return 0;
        for (int k = 1; k < n; k++) {
            if ((p[k] & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (p[k] & 0x3f);
        }
        if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
            (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
            return 0;
        p += n;
    }
    return 1;
}

/* ---- gp_json_string ----------------------------------------------------- */

static const struct json_case {
    const char *name;
    const char *in;
    const char *want;  /* any correct spelling: compared canonically */
} json_cases[] = {
    {"empty", "", "\"\""},
    {"plain", "mysql-bin.000001", "\"mysql-bin.000001\""},
    {"quote", "a\"b", "\"a\\\"b\""},
    {"backslash", "a\\b", "\"a\\\\b\""},
    {"slash needs no escape", "a/b", "\"a/b\""},
    {"newline, return, tab", "\n\r\t", "\"\\n\\r\\t\""},
    {"backspace, form feed", "\b\f", "\"\\b\\f\""},
    {"other control bytes", "\x01\x02\x1f", "\"\\u0001\\u0002\\u001f\""},
    {"escape byte", "\x1b[0m", "\"\\u001b[0m\""},
    {"DEL may stay raw", "\x7f", "\"\x7f\""},
    {"space and tilde", " ~", "\" ~\""},
    {"2-byte UTF-8", "caf\xc3\xa9", "\"caf\xc3\xa9\""},
    {"smallest 2-byte", "\xc2\x80", "\"\xc2\x80\""},
    {"3-byte UTF-8", "\xe2\x82\xac", "\"\xe2\x82\xac\""},
    {"smallest 3-byte", "\xe0\xa0\x80", "\"\xe0\xa0\x80\""},
    {"last before surrogates", "\xed\x9f\xbf", "\"\xed\x9f\xbf\""},
    {"first after surrogates", "\xee\x80\x80", "\"\xee\x80\x80\""},
    {"4-byte UTF-8", "\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\""},
    {"U+10FFFF", "\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\""},
    {"lone continuation byte", "a\x80z", "\"a\\u0080z\""},
    {"byte 0xff", "\xff", "\"\\u00ff\""},
    {"byte 0xfe", "\xfe", "\"\\u00fe\""},
    {"Latin-1 e-acute", "caf\xe9", "\"caf\\u00e9\""},
    {"lead byte then ASCII", "\xc3" "A", "\"\\u00c3A\""},
    {"lead byte at the end", "x\xc3", "\"x\\u00c3\""},
    {"3-byte sequence cut short", "\xe2\x82", "\"\\u00e2\\u0082\""},
    {"4-byte sequence cut short", "\xf0\x9f\x98", "\"\\u00f0\\u009f\\u0098\""},
    {"overlong NUL", "\xc0\x80", "\"\\u00c0\\u0080\""},
    {"overlong slash", "\xc1\xaf", "\"\\u00c1\\u00af\""},
    {"overlong 3-byte", "\xe0\x80\xaf", "\"\\u00e0\\u0080\\u00af\""},
    {"overlong 4-byte", "\xf0\x80\x80\xaf", "\"\\u00f0\\u0080\\u0080\\u00af\""},
    {"high surrogate", "\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\""},
    {"low surrogate", "\xed\xbf\xbf", "\"\\u00ed\\u00bf\\u00bf\""},
    {"past U+10FFFF", "\xf4\x90\x80\x80", "\"\\u00f4\\u0090\\u0080\\u0080\""},
    {"5-byte form", "\xf8\x88\x80\x80\x80",
     "\"\\u00f8\\u0088\\u0080\\u0080\\u0080\""},
    {"valid after invalid", "\xff\xc3\xa9", "\"\\u00ff\xc3\xa9\""},
    {"quote after a bad byte", "\xc3\"", "\"\\u00c3\\\"\""},
};
#define N_JSON (sizeof json_cases / sizeof json_cases[0])

START_TEST(test_json_string)
{
    const struct json_case *c = &json_cases[_i];
    char *got = json_of(c->in);
    char *cg = canon(got), *cw = canon(c->want);

    ck_assert_ptr_nonnull(cw);
    ck_assert_msg(cg != NULL, "%s: not a JSON string: %s", c->name, got);
    ck_assert_msg(strcmp(cg, cw) == 0, "%s: got %s want %s", c->name, got, c->want);
    ck_assert_msg(clean_utf8(got), "%s: raw control byte or invalid UTF-8 in %s",
                  c->name, got);
    free(cg);
    free(cw);
    free(got);
}
END_TEST

/* Every single byte 0x01..0xff alone: a well-formed, clean literal that
 * decodes back to the byte (as U+00XX when it is not UTF-8). */
START_TEST(test_json_every_byte)
{
    for (unsigned b = 1; b < 256; b++) {
        char in[2] = {(char)b, 0};
        char *got = json_of(in);
        char *cg = canon(got);
        char want[16];

        ck_assert_msg(cg != NULL, "byte 0x%02x: %s", b, got);
        ck_assert_msg(clean_utf8(got), "byte 0x%02x: %s", b, got);
        if (b < 0x20 || b == '"' || b == '\\' || b >= 0x80)
            snprintf(want, sizeof want, "\\u%04x", b);
        else
            snprintf(want, sizeof want, "%c", (char)b);
        ck_assert_msg(strcmp(cg, want) == 0, "byte 0x%02x: got %s", b, got);
        free(cg);
        free(got);
    }
}
END_TEST

/* ---- answers ------------------------------------------------------------ */

static void fill_mysql(gp_at_result *r, const char *set)
{
    char err[128];

    gp_at_result_init(r);
    r->flavor = GTIDPOS_FLAVOR_MYSQL;
    strcpy(r->server_version, "8.0.40");
    r->mysql = gp_mysql_set_new();
    ck_assert_ptr_nonnull(r->mysql);
    ck_assert_int_eq(gp_mysql_set_parse(r->mysql, set, strlen(set), err, sizeof err), 0);
}

static void fill_mariadb(gp_at_result *r, const char *state)
{
    char err[128];

    gp_at_result_init(r);
    r->flavor = GTIDPOS_FLAVOR_MARIADB;
    strcpy(r->server_version, "10.11.6-MariaDB-log");
    r->mariadb = gp_mariadb_state_new();
    ck_assert_ptr_nonnull(r->mariadb);
    ck_assert_int_eq(gp_mariadb_state_parse(r->mariadb, state, strlen(state), err,
                                            sizeof err), 0);
}

static char *text_of(const gp_at_result *r)
{
    capture c;

    cap_open(&c);
    ck_assert_int_eq(gp_emit_at_text(c.f, r), 0);
    cap_close(&c);
    return c.buf;
}

static char *json_at(const char *file, const gp_at_result *r)
{
    capture c;

    cap_open(&c);
    ck_assert_int_eq(gp_emit_at_json(c.f, file, r), 0);
    cap_close(&c);
    return c.buf;
}

static const struct text_case {
    const char *name;
    gtidpos_flavor flavor;
    const char *set;     /* parsed, in the flavour's syntax */
    const char *want;
} text_cases[] = {
    {"mysql: one UUID", GTIDPOS_FLAVOR_MYSQL, U1 ":1-5", U1 ":1-5\n"},
    {"mysql: several UUIDs on one line", GTIDPOS_FLAVOR_MYSQL,
     U2 ":1-3:5,\n" U1 ":7:mytag:1-2", U1 ":7:mytag:1-2," U2 ":1-3:5\n"},
    {"mysql: empty set is an empty line", GTIDPOS_FLAVOR_MYSQL, "", "\n"},
    {"mariadb: two domains", GTIDPOS_FLAVOR_MARIADB, "1-2-7,0-1-5", "0-1-5,1-2-7\n"},
    {"mariadb: empty state is an empty line", GTIDPOS_FLAVOR_MARIADB, "", "\n"},
};
#define N_TEXT (sizeof text_cases / sizeof text_cases[0])

START_TEST(test_emit_text)
{
    const struct text_case *c = &text_cases[_i];
    gp_at_result r;
    char *got;

    if (c->flavor == GTIDPOS_FLAVOR_MARIADB)
        fill_mariadb(&r, c->set);
    else
        fill_mysql(&r, c->set);
    got = text_of(&r);
    ck_assert_msg(strcmp(got, c->want) == 0, "%s: got \"%s\"", c->name, got);
    free(got);
    gp_at_result_free(&r);
}
END_TEST

START_TEST(test_emit_json_mysql)
{
    gp_at_result r;
    char *got;

    fill_mysql(&r, U1 ":1-5," U2 ":1-3");
    r.pos = 1234;
    r.has_last = 1;
    strcpy(r.last_gtid, U1 ":5");
    r.last_start = 1000;
    r.last_end = 1234;
    r.n_warnings = 2;
    strcpy(r.warnings[0], "first warning");
    strcpy(r.warnings[1], "a \"quoted\" name");
    got = json_at("binlog.000001", &r);
    ck_assert_str_eq(got,
                     "{\"file\":\"binlog.000001\",\"pos\":1234,\"flavor\":\"mysql\","
                     "\"server_version\":\"8.0.40\","
                     "\"gtid_set\":\"" U1 ":1-5," U2 ":1-3\","
                     "\"last_gtid\":\"" U1 ":5\",\"last_gtid_start\":1000,"
                     "\"last_gtid_end\":1234,\"inside_transaction\":false,"
                     "\"anonymous_transactions\":0,"
                     "\"warnings\":[\"first warning\","
                     "\"a \\\"quoted\\\" name\"]}\n");
    free(got);
    gp_at_result_free(&r);
}
END_TEST

START_TEST(test_emit_json_empty_no_last)
{
    gp_at_result r;
    char *got;

    fill_mysql(&r, "");
    r.pos = 4;
    got = json_at("b.000002", &r);
    ck_assert_str_eq(got,
                     "{\"file\":\"b.000002\",\"pos\":4,\"flavor\":\"mysql\","
                     "\"server_version\":\"8.0.40\",\"gtid_set\":\"\","
                     "\"last_gtid\":null,\"last_gtid_start\":null,"
                     "\"last_gtid_end\":null,\"inside_transaction\":false,"
                     "\"anonymous_transactions\":0,\"warnings\":[]}\n");
    free(got);
    gp_at_result_free(&r);
}
END_TEST

/* has_last == 0 wins over a stale last_gtid left in the record. */
START_TEST(test_emit_json_stale_last)
{
    gp_at_result r;
    char *got;

    fill_mysql(&r, U1 ":1");
    strcpy(r.last_gtid, U1 ":1");
    r.last_start = 5;
    r.last_end = 6;
    got = json_at("f", &r);
    ck_assert_ptr_nonnull(strstr(got, "\"last_gtid\":null,\"last_gtid_start\":null,"
                                      "\"last_gtid_end\":null"));
    free(got);
    gp_at_result_free(&r);
}
END_TEST

START_TEST(test_emit_json_mariadb_inside)
{
    gp_at_result r;
    char *got;

    fill_mariadb(&r, "0-1-5,1-2-7");
    r.pos = 4096;
    r.has_last = 1;
    strcpy(r.last_gtid, "1-2-7");
    r.last_start = 3000;
    r.last_end = 3500;
    r.inside = 1;
    strcpy(r.open_gtid, "0-1-6");
    r.open_start = 3500;
    r.n_warnings = 1;
    strcpy(r.warnings[0], "w");
    got = json_at("mariadb-bin.000003", &r);
    ck_assert_str_eq(got,
                     "{\"file\":\"mariadb-bin.000003\",\"pos\":4096,\"flavor\":\"mariadb\","
                     "\"server_version\":\"10.11.6-MariaDB-log\","
                     "\"gtid_set\":\"0-1-5,1-2-7\","
                     "\"last_gtid\":\"1-2-7\",\"last_gtid_start\":3000,"
                     "\"last_gtid_end\":3500,\"inside_transaction\":true,"
                     "\"open_gtid\":\"0-1-6\",\"open_start\":3500,"
                     "\"anonymous_transactions\":0,\"warnings\":[\"w\"]}\n");
    free(got);
    gp_at_result_free(&r);
}
END_TEST

START_TEST(test_emit_json_mariadb_empty)
{
    gp_at_result r;
    char *got;

    fill_mariadb(&r, "");
    got = json_at("m", &r);
    ck_assert_ptr_nonnull(strstr(got, ",\"gtid_set\":\"\","));
    ck_assert_ptr_nonnull(strstr(got, "\"flavor\":\"mariadb\""));
    ck_assert_ptr_nonnull(strstr(got, "\"last_gtid\":null"));
    free(got);
    gp_at_result_free(&r);
}
END_TEST

/* File names are bytes: control characters and invalid UTF-8 are escaped,
 * and the answer stays one line. */
START_TEST(test_emit_json_file_name)
{
    gp_at_result r;
    char *got;

    fill_mysql(&r, U1 ":1");
    r.anonymous = 3;
    got = json_at("dir\n\"x\"\\\xff.bin", &r);
    ck_assert_ptr_eq(strchr(got, '\n'), got + strlen(got) - 1);
    ck_assert_ptr_nonnull(strstr(got, "\"anonymous_transactions\":3,"));
    {
        const char *start = got + strlen("{\"file\":");
        const char *end = strstr(got, ",\"pos\":");
        char lit[128], *cg, *cw;

        ck_assert(strncmp(got, "{\"file\":", strlen("{\"file\":")) == 0);
        ck_assert_ptr_nonnull(end);
        ck_assert_uint_lt((size_t)(end - start), sizeof lit);
        memcpy(lit, start, (size_t)(end - start));
        lit[end - start] = '\0';
        ck_assert(clean_utf8(lit));
        cg = canon(lit);
        cw = canon("\"dir\\n\\\"x\\\"\\\\\\u00ff.bin\"");
        ck_assert_ptr_nonnull(cg);
        ck_assert_str_eq(cg, cw);
        free(cg);
        free(cw);
    }
    free(got);
    gp_at_result_free(&r);
}
END_TEST

/* All GP_MAX_WARNINGS warnings, in order, each a string. */
START_TEST(test_emit_json_many_warnings)
{
    gp_at_result r;
    char *got, *p;

    fill_mysql(&r, U1 ":1");
    r.n_warnings = GP_MAX_WARNINGS;
    for (int i = 0; i < GP_MAX_WARNINGS; i++)
        snprintf(r.warnings[i], sizeof r.warnings[i], "w%02d", i);
    got = json_at("f", &r);
    p = strstr(got, "\"warnings\":[");
    ck_assert_ptr_nonnull(p);
    p += strlen("\"warnings\":[");
    for (int i = 0; i < GP_MAX_WARNINGS; i++) {
        char item[16];
        snprintf(item, sizeof item, "%s\"w%02d\"", i ? "," : "", i);
        ck_assert_msg(strncmp(p, item, strlen(item)) == 0, "warning %d at %s", i, p);
        p += strlen(item);
    }
    ck_assert_str_eq(p, "]}\n");
    free(got);
    gp_at_result_free(&r);
}
END_TEST

/* A MySQL set with positions past 4 GiB prints them in full. */
START_TEST(test_emit_json_large_positions)
{
    gp_at_result r;
    char *got;

    fill_mysql(&r, U1 ":1");
    r.pos = 0x123456789ull;
    r.has_last = 1;
    strcpy(r.last_gtid, U1 ":1");
    r.last_start = 0x100000000ull;
    r.last_end = 0x123456789ull;
    got = json_at("f", &r);
    ck_assert_ptr_nonnull(strstr(got, "\"pos\":4886718345,"));
    ck_assert_ptr_nonnull(strstr(got, "\"last_gtid_start\":4294967296,"));
    ck_assert_ptr_nonnull(strstr(got, "\"last_gtid_end\":4886718345,"));
    free(got);
    gp_at_result_free(&r);
}
END_TEST

/* ---- consumer forms (src/emit/consumer*.c, issue 17) --------------------- */

typedef struct consumer_case {
    const char *name;
    int mariadb;                 /* the answer's flavour */
    const char *set;
    int inside, anonymous;
    uint64_t pos;
    gp_consumer_opts o;
    int rc;                      /* gp_emit_consumer's return */
    const char *has[4];          /* in the output, or in the reason */
    const char *lacks;           /* not in the output (NULL: no check) */
} consumer_case;

#define TAGGED U1 ":1-3:mytag:1-2"
static const consumer_case consumer_cases[] = {
    {"mysql sql 5.7", 0, U1 ":1-5", 0, 0, 900, {GTIDPOS_EMIT_SQL, "b.1", "5.7.44", NULL, NULL, NULL, NULL}, 0,
     {"STOP SLAVE;\n", "SET GLOBAL gtid_purged = '" U1 ":1-5';\n",
      "CHANGE MASTER TO MASTER_AUTO_POSITION = 1;\n", "START SLAVE;\n"}, "REPLICA"},
    {"mysql sql 8.0.22", 0, U1 ":1-5", 0, 0, 900, {GTIDPOS_EMIT_SQL, "b.1", "8.0.22", NULL, NULL, NULL, NULL}, 0,
     {"STOP REPLICA;\n", "CHANGE MASTER TO MASTER_AUTO_POSITION = 1;\n", "RESET MASTER", NULL}, "SOURCE"},
    {"mysql sql 8.4 channel", 0, U1 ":1-5", 0, 0, 900, {GTIDPOS_EMIT_SQL, "b.1", "8.4.2", "c'1", NULL, NULL, NULL}, 0,
     {"STOP REPLICA FOR CHANNEL 'c''1';\n", "SET GLOBAL gtid_purged = '+" U1 ":1-5';\n",
      "CHANGE REPLICATION SOURCE TO SOURCE_AUTO_POSITION = 1 FOR CHANNEL 'c''1';\n",
      "START REPLICA FOR CHANNEL 'c''1';\n"}, NULL},
    {"mysql sql default version", 0, U1 ":1-5", 0, 0, 900, {GTIDPOS_EMIT_SQL, NULL, NULL, NULL, NULL, NULL, NULL}, 0,
     {"CHANGE REPLICATION SOURCE TO SOURCE_AUTO_POSITION = 1;\n", "(primary 8.0.40)", NULL, NULL}, NULL},
    {"mysql sql tagged 8.0", 0, TAGGED, 0, 0, 900, {GTIDPOS_EMIT_SQL, "b.1", "8.0.40", NULL, NULL, NULL, NULL},
     GP_CONSUMER_REFUSED, {"tagged", "8.3", NULL, NULL}, NULL},
    {"mysql sql tagged 8.3", 0, TAGGED, 0, 0, 900, {GTIDPOS_EMIT_SQL, "b.1", "8.3.0", NULL, NULL, NULL, NULL}, 0,
     {"'" TAGGED "'", NULL, NULL, NULL}, NULL},
    {"mysql sql to mariadb", 0, U1 ":1-5", 0, 0, 900, {GTIDPOS_EMIT_SQL, "b.1", "10.6.1", NULL, NULL, NULL, NULL},
     GP_CONSUMER_REFUSED, {"MariaDB replica", NULL, NULL, NULL}, NULL},
    {"mysql sql merge", 0, U1 ":1-5", 0, 0, 900, {GTIDPOS_EMIT_SQL, "b.1", "8.0.40", NULL, "0-1-2", NULL, NULL},
     GP_CONSUMER_BAD_OPTION, {"for MariaDB replicas", NULL, NULL, NULL}, NULL},
    {"mariadb sql", 1, "0-1-9,2-1-3", 0, 0, 400, {GTIDPOS_EMIT_SQL, "b.2", "10.4.1", NULL, NULL, NULL, NULL}, 0,
     {"STOP SLAVE;\n", "SET GLOBAL gtid_slave_pos = '0-1-9,2-1-3';\n",
      "CHANGE MASTER TO MASTER_USE_GTID = slave_pos;\n", "START SLAVE;\n"}, NULL},
    {"mariadb sql merged", 1, "0-1-9,2-1-3", 0, 0, 400,
     {GTIDPOS_EMIT_SQL, "b.2", "11.4.2", "a", "0-5-100,1-7-7,3-2-1", NULL, NULL}, 0,
     {"STOP REPLICA 'a';\n", "SET GLOBAL gtid_slave_pos = '0-1-9,1-7-7,2-1-3,3-2-1';\n",
      "CHANGE MASTER 'a' TO MASTER_USE_GTID = slave_pos;\n", "START REPLICA 'a';\n"}, NULL},
    {"mariadb sql named unmerged", 1, "0-1-9", 0, 0, 400, {GTIDPOS_EMIT_SQL, "b.2", NULL, "a", NULL, NULL, NULL},
     GP_CONSUMER_BAD_OPTION, {"--replica-gtid-pos", NULL, NULL, NULL}, NULL},
    {"mariadb sql 10.0.1", 1, "0-1-9", 0, 0, 400, {GTIDPOS_EMIT_SQL, "b.2", "10.0.1", NULL, NULL, NULL, NULL},
     GP_CONSUMER_REFUSED, {"10.0.2", NULL, NULL, NULL}, NULL},
    {"inside", 1, "0-1-9", 1, 0, 400, {GTIDPOS_EMIT_CANAL, "b.2", NULL, NULL, NULL, NULL, NULL},
     GP_CONSUMER_INSIDE, {"inside transaction 0-1-10", "starts at 300", NULL, NULL}, NULL},
    {"anonymous", 0, U1 ":1-5", 0, 2, 900, {GTIDPOS_EMIT_FLINK, "b.1", NULL, NULL, NULL, NULL, NULL},
     GP_CONSUMER_REFUSED, {"2 anonymous", NULL, NULL, NULL}, NULL},
    {"no file", 0, U1 ":1-5", 0, 0, 900, {GTIDPOS_EMIT_CANAL, "", NULL, NULL, NULL, NULL, NULL},
     GP_CONSUMER_BAD_OPTION, {"file's name", NULL, NULL, NULL}, NULL},
    {"debezium mysql", 0, U1 ":1-5", 0, 0, 5000000000ull, {GTIDPOS_EMIT_DEBEZIUM, "b.1", NULL, NULL, NULL, "s\"1", NULL}, 0,
     {"{\"offsets\":[{\"partition\":{\"server\":\"s\\\"1\"}", "\"partition\":{\"server\":\"s\\\"1\"}",
      "\"offset\":{\"file\":\"b.1\",\"pos\":5000000000,\"gtids\":\"" U1 ":1-5\"}}]}\n", NULL}, NULL},
    {"debezium empty set", 1, "", 0, 0, 256, {GTIDPOS_EMIT_DEBEZIUM, "b.1", NULL, NULL, NULL, "s", NULL}, 0,
     {"{\"offsets\":[", "\"pos\":256}}]}", NULL, NULL}, "gtids"},
    {"debezium no server", 0, U1 ":1-5", 0, 0, 900, {GTIDPOS_EMIT_DEBEZIUM, "b.1", NULL, NULL, NULL, NULL, NULL},
     GP_CONSUMER_BAD_OPTION, {"--server-name", NULL, NULL, NULL}, NULL},
    {"debezium tagged", 0, TAGGED, 0, 0, 900, {GTIDPOS_EMIT_DEBEZIUM, "b.1", NULL, NULL, NULL, "s", NULL},
     GP_CONSUMER_REFUSED, {"tagged", NULL, NULL, NULL}, NULL},
    {"maxwell", 0, U1 ":1-5", 0, 0, 900, {GTIDPOS_EMIT_MAXWELL, "b'1", NULL, NULL, NULL, NULL, "c\\d"}, 0,
     {"VALUES (0, 'b''1', 900, '" U1 ":1-5', 'c\\\\d')\n", "ON DUPLICATE KEY UPDATE", NULL, NULL}, NULL},
    {"maxwell past 4G", 0, U1 ":1-5", 0, 0, 5000000000ull, {GTIDPOS_EMIT_MAXWELL, "b.1", NULL, NULL, NULL, NULL, NULL},
     GP_CONSUMER_REFUSED, {"int unsigned", NULL, NULL, NULL}, NULL},
    {"maxwell mariadb", 1, "0-1-9", 0, 0, 400, {GTIDPOS_EMIT_MAXWELL, "b.1", NULL, NULL, NULL, NULL, NULL},
     GP_CONSUMER_REFUSED, {"MariaDB GTIDs", NULL, NULL, NULL}, NULL},
    {"canal mariadb", 1, "0-1-9,1-2-3", 0, 0, 400, {GTIDPOS_EMIT_CANAL, "b\\1", NULL, NULL, NULL, NULL, NULL}, 0,
     {"canal.instance.gtidon=true\n", "canal.instance.master.journal.name=b\\\\1\n",
      "canal.instance.master.position=400\n", "canal.instance.master.gtid=0-1-9,1-2-3\n"}, NULL},
    {"canal non-ascii name", 0, U1 ":1-5", 0, 0, 900, {GTIDPOS_EMIT_CANAL, "b\xc3\xa9.1", NULL, NULL, NULL, NULL, NULL},
     GP_CONSUMER_REFUSED, {"ASCII", NULL, NULL, NULL}, NULL},
    {"flink", 0, U1 ":1-5", 0, 0, 900, {GTIDPOS_EMIT_FLINK, "it's.1", NULL, NULL, NULL, NULL, NULL}, 0,
     {"'scan.startup.mode' = 'specific-offset',\n", "'scan.startup.specific-offset.file' = 'it''s.1',\n",
      "'scan.startup.specific-offset.pos' = '900',\n",
      "'scan.startup.specific-offset.gtid-set' = '" U1 ":1-5'\n"}, NULL},
    {"flink mariadb", 1, "0-1-9", 0, 0, 400, {GTIDPOS_EMIT_FLINK, "b.1", NULL, NULL, NULL, NULL, NULL},
     GP_CONSUMER_REFUSED, {"MariaDB GTIDs", NULL, NULL, NULL}, NULL},
};
#define N_CONSUMER (int)(sizeof consumer_cases / sizeof consumer_cases[0])

START_TEST(test_emit_consumer)
{
    const consumer_case *t = &consumer_cases[_i];
    gp_at_result r;
    char why[600] = "";
    capture c;
    int rc;

    if (t->mariadb)
        fill_mariadb(&r, t->set);
    else
        fill_mysql(&r, t->set);
    r.pos = t->pos;
    r.inside = t->inside;
    r.anonymous = (uint64_t)t->anonymous;
    if (t->inside) {
        strcpy(r.open_gtid, "0-1-10");
        r.open_start = 300;
    }
    cap_open(&c);
    rc = gp_emit_consumer(c.f, &r, &t->o, why, sizeof why);
    cap_close(&c);
    ck_assert_msg(rc == t->rc, "%s: rc %d, want %d (%s)", t->name, rc, t->rc, why);
    for (int i = 0; i < 4 && t->has[i] != NULL; i++)
        ck_assert_msg(strstr(rc == 0 ? c.buf : why, t->has[i]) != NULL, "%s: no '%s' in:\n%s",
                      t->name, t->has[i], rc == 0 ? c.buf : why);
    if (t->lacks != NULL)
        ck_assert_msg(strstr(c.buf, t->lacks) == NULL, "%s: '%s' in:\n%s", t->name, t->lacks,
                      c.buf);
    /* a refusal writes nothing, and says why on one line */
    if (rc != 0)
        ck_assert_msg(c.len == 0 && why[0] != '\0' && strchr(why, '\n') == NULL, "%s", t->name);
    free(c.buf);
    gp_at_result_free(&r);
}
END_TEST

START_TEST(test_consumer_helpers)
{
    ck_assert_int_eq(gp_consumer_version_number("10.11.6-MariaDB-log"), 101106);
    ck_assert_int_eq(gp_consumer_version_number("8.0.23"), 80023);
    ck_assert_int_eq(gp_consumer_version_number("8.4"), 80400);
    ck_assert_int_eq(gp_consumer_version_number("5.5.5-10.0.1-MariaDB"), 50505);
    ck_assert_int_eq(gp_consumer_version_number("v8"), -1);
    ck_assert_int_eq(gp_consumer_version_number(""), -1);
    /* a major past LONG_MAX / 10000: newer than any, no overflow */
    ck_assert_int_eq(gp_consumer_version_number("12222222222222222222222.0"), 999990000);
    ck_assert_int_gt(gp_consumer_version_number("123456.1.2"),
                     gp_consumer_version_number("99.99.99"));
    ck_assert(gp_consumer_set_has_tag(TAGGED));
    ck_assert(gp_consumer_set_has_tag(U1 ":_t:1"));
    ck_assert(!gp_consumer_set_has_tag(U1 ":1-3:5," U2 ":7"));
    ck_assert(!gp_consumer_set_has_tag(""));
    ck_assert_int_eq(gp_consumer_from_name("maxwell"), GTIDPOS_EMIT_MAXWELL);
    ck_assert_int_eq(gp_consumer_from_name("json"), 0);
    ck_assert_int_eq(gp_consumer_from_name(NULL), 0);
}
END_TEST

/* The public API's gtidpos_set_emit on a real file: each form, and each
 * refusal's status code (the command's exit status follows it). */
static gtidpos_status emit_real(const char *rel, uint64_t pos, gtidpos_emit_form form,
                                gtidpos_emit_options *o, char **out, gtidpos_error *err)
{
    gtidpos_log *log = NULL;
    gtidpos_set *set = NULL;
    gtidpos_status st;

    ck_assert_int_eq(gtidpos_open(&log, gp_test_path(rel), NULL, err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_at(log, pos, &set, err), GTIDPOS_OK);
    st = gtidpos_set_emit(set, form, o, out, err);
    gtidpos_set_free(set);
    gtidpos_close(log);
    return st;
}

START_TEST(test_public_set_emit)
{
    const char *k = "mysql/kingbus/mysql_bin.000012", *m = "mariadb/gtidpos-10.11/bin.000001";
    gtidpos_emit_options *o = gtidpos_emit_options_new();
    GP_TEST_ERROR(err);
    char *out = NULL;

    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(gtidpos_emit_form_parse("flink"), GTIDPOS_EMIT_FLINK);
    ck_assert_int_eq(gtidpos_emit_form_parse("json"), GTIDPOS_EMIT_JSON);
    ck_assert_int_eq(gtidpos_emit_form_parse("kafka"), -1);

    ck_assert_int_eq(gtidpos_emit_options_set(o, "binlog-file", "mysql_bin.000012", err),
                     GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_emit_options_set(o, "binlog_file", "x", err), GTIDPOS_ERR_PARSE);
    ck_assert_int_eq(emit_real(k, 1352, GTIDPOS_EMIT_CANAL, o, &out, err), GTIDPOS_OK);
    ck_assert_ptr_nonnull(strstr(out, "canal.instance.master.position=1352\n"));
    ck_assert_ptr_nonnull(strstr(out, "canal.instance.master.gtid="
                                      "214eb71f-96ec-11e8-ab4f-fa163e72d4ae:1-11802\n"));
    free(out);

    ck_assert_int_eq(emit_real(k, 1352, GTIDPOS_EMIT_JSON, o, &out, err), GTIDPOS_OK);
    ck_assert_ptr_nonnull(strstr(out, "\"gtid_set\":\"214eb71f-96ec-11e8-ab4f-fa163e72d4ae:1-11802\""));
    free(out);

    /* inside transaction 11801 (194..773): GTIDPOS_ERR_POSITION */
    out = (char *)1;
    ck_assert_int_eq(emit_real(k, 259, GTIDPOS_EMIT_SQL, o, &out, err), GTIDPOS_ERR_POSITION);
    ck_assert_ptr_null(out);
    ck_assert_ptr_nonnull(strstr(gtidpos_error_line(err), "inside transaction"));

    ck_assert_int_eq(gtidpos_emit_options_set(o, "binlog-file", "bin.000001", err), GTIDPOS_OK);
    ck_assert_int_eq(emit_real(m, 850, GTIDPOS_EMIT_MAXWELL, o, &out, err),
                     GTIDPOS_ERR_UNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(gtidpos_error_line(err), "MariaDB GTIDs"));

    ck_assert_int_eq(emit_real(m, 850, GTIDPOS_EMIT_DEBEZIUM, o, &out, err), GTIDPOS_ERR_PARSE);
    ck_assert_int_eq(gtidpos_emit_options_set(o, "server-name", "dbserver1", err), GTIDPOS_OK);
    ck_assert_int_eq(emit_real(m, 850, GTIDPOS_EMIT_DEBEZIUM, o, &out, err), GTIDPOS_OK);
    ck_assert_str_eq(out, "{\"offsets\":[{"
                          "\"partition\":{\"server\":\"dbserver1\"},\"offset\":{\"file\":"
                          "\"bin.000001\",\"pos\":850,\"gtids\":\"0-1-3\"}}]}\n");
    free(out);
    ck_assert_int_eq(gtidpos_set_emit(NULL, GTIDPOS_EMIT_SQL, o, &out, err), GTIDPOS_ERR_USAGE);
    gtidpos_emit_options_free(o);
}
END_TEST

Suite *emit_suite(void)
{
    Suite *s = suite_create("emit");
    TCase *js = tcase_create("json_string");
    TCase *at = tcase_create("answers");

    tcase_add_loop_test(js, test_json_string, 0, N_JSON);
    tcase_add_test(js, test_json_every_byte);
    suite_add_tcase(s, js);

    tcase_add_loop_test(at, test_emit_text, 0, N_TEXT);
    tcase_add_test(at, test_emit_json_mysql);
    tcase_add_test(at, test_emit_json_empty_no_last);
    tcase_add_test(at, test_emit_json_stale_last);
    tcase_add_test(at, test_emit_json_mariadb_inside);
    tcase_add_test(at, test_emit_json_mariadb_empty);
    tcase_add_test(at, test_emit_json_file_name);
    tcase_add_test(at, test_emit_json_many_warnings);
    tcase_add_test(at, test_emit_json_large_positions);
    suite_add_tcase(s, at);

    {
        TCase *cons = tcase_create("consumers");
        tcase_add_loop_test(cons, test_emit_consumer, 0, N_CONSUMER);
        tcase_add_test(cons, test_consumer_helpers);
        tcase_add_test(cons, test_public_set_emit);
        suite_add_tcase(s, cons);
    }
    return s;
}
