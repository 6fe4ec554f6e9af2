/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_mysql_set.c - tests for src/gtid/mysql_set.c.
 *
 * Table-driven parse cases (text -> canonical text, or text -> error code
 * and offset), then properties checked against a brute-force bitmap model:
 * random insertion order, union, subset, equality, round trips.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gtid/mysql_set.h"
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

#define U1 "3e11fa47-71ca-11e1-9e33-c80aa9429562"
#define U1_UPPER "3E11FA47-71CA-11E1-9E33-C80AA9429562"
#define U2 "3e11fa47-71ca-11e1-9e33-c80aa9429563"
#define U3 "00000000-0000-0000-0000-000000000001"
#define U4 "ffffffff-ffff-ffff-ffff-ffffffffffff"
#define GNO_MAX_TEXT "9223372036854775806"
#define GNO_MAX_PLUS1_TEXT "9223372036854775807"
#define TAG32 "abcdefghijklmnopqrstuvwxyz_01234"
#define TAG33 TAG32 "5"

/* ---- helpers ------------------------------------------------------------ */

static gp_uuid uuid_of(const char *text)
{
    gp_uuid u;

    REQUIRE(gp_uuid_parse(&u, text, strlen(text)) == GP_GTID_OK);
    return u;
}

static gp_mysql_set *parse_ok(const char *text)
{
    gp_mysql_set *s = gp_mysql_set_new();
    char err[256];
    int rc;

    ck_assert_ptr_nonnull(s);
    rc = gp_mysql_set_parse(s, text, strlen(text), err, sizeof err);
    ck_assert_msg(rc == GP_GTID_OK, "parse '%s': rc %d: %s", text, rc, err);
    return s;
}

/* Canonical text of s, checked to agree with gp_mysql_set_format. */
static char *text_of(const gp_mysql_set *s)
{
    char *t = gp_mysql_set_to_string(s);

    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(gp_mysql_set_format(s, NULL, 0), strlen(t));
    return t;
}

static void assert_text(const gp_mysql_set *s, const char *want)
{
    char *got = text_of(s);

    ck_assert_str_eq(got, want);
    free(got);
}

/* xorshift64*: a fixed seed makes every failure reproducible. */
static uint64_t rng_state;

static size_t rng_below(size_t n)
{
    return (size_t)(gp_test_rng_next(&rng_state) % n);
}

/* ---- valid text --------------------------------------------------------- */

static const struct {
    const char *in, *want;
} good_cases[] = {
    {"", ""},
    {" \t\r\n ", ""},
    {U1 ":1", U1 ":1"},
    {U1 ":1-1", U1 ":1"},
    {U1 ":1-5", U1 ":1-5"},
    {U1 ":1-5:7-9", U1 ":1-5:7-9"},
    {U1 ":7-9:1-5", U1 ":1-5:7-9"},
    {U1 ":1-5:6-9", U1 ":1-9"},
    {U1 ":1-5:3-9", U1 ":1-9"},
    {U1 ":1-5:2-3", U1 ":1-5"},
    {U1 ":5:4:3:2:1", U1 ":1-5"},
    {U1 ":1:3:5:2:4", U1 ":1-5"},
    {U1 ":1-3:7-9:4-6", U1 ":1-9"},
    {U1 ":1-2:4-5:7-8:1-8", U1 ":1-8"},
    {U1 ":10-20:1-30", U1 ":1-30"},
    {U1_UPPER ":1-5", U1 ":1-5"},
    {U2 ":1," U1 ":2", U1 ":2," U2 ":1"},
    {U4 ":1," U1 ":1," U3 ":1", U3 ":1," U1 ":1," U4 ":1"},
    {U1 ":1-3," U1 ":4-6", U1 ":1-6"},
    {U1 ":1-3," U2 ":1," U1 ":5", U1 ":1-3:5," U2 ":1"},
    /* Multi-line form MySQL prints in SHOW MASTER STATUS / gtid_executed. */
    {U1 ":1-5,\n" U2 ":1-3", U1 ":1-5," U2 ":1-3"},
    {U1 ":1-5,\r\n" U2 ":1-3\r\n", U1 ":1-5," U2 ":1-3"},
    {"  " U1 " : 1 - 5 : 7 ,\n\t" U2 " :3  ", U1 ":1-5:7," U2 ":3"},
    {"\n" U1 ":1\n", U1 ":1"},
    /* MySQL 8.3+ tags. */
    {U1_UPPER ":1-5:Tag_A:1-3", U1 ":1-5:tag_a:1-3"},
    {U1 ":tag:1-3:5:tag2:7", U1 ":tag:1-3:5:tag2:7"},
    {U1 ":tag2:7:tag:1", U1 ":tag:1:tag2:7"},
    {U1 ":b:1," U1 ":1," U1 ":a:1", U1 ":1:a:1:b:1"},
    {U1 ":1-3:tag:5", U1 ":1-3:tag:5"},
    {U1 ":tag:5:1-3", U1 ":tag:1-3:5"},
    {U1 ":TAG:1," U1 ":tag:2", U1 ":tag:1-2"},
    {U1 ":_:1", U1 ":_:1"},
    {U1 ":a1:1:_9:2", U1 ":_9:2:a1:1"},
    {U1 ":" TAG32 ":1", U1 ":" TAG32 ":1"},
    /* Tags sort bytewise after lowercasing: '1' < '_' < 'a' < 'z'. */
    {U1 ":z:1:_x:1:A:1", U1 ":_x:1:a:1:z:1"},
    {U1 ":aa:1:a_:1:a1:1", U1 ":a1:1:a_:1:aa:1"},
    {U1 ": tag :1", U1 ":tag:1"},
    {U1 ":t\t:\t1", U1 ":t:1"},
    {U1 ":1," U2 ":1," U1 ":tag:2", U1 ":1:tag:2," U2 ":1"},
    {U2 ":x:1," U1 ":y:1", U1 ":y:1," U2 ":x:1"},
    {U1 ":1-2:x:1-2:3:4", U1 ":1-2:x:1-4"},
    /* GNO bounds: 1 .. INT64_MAX - 1. */
    {U1 ":" GNO_MAX_TEXT, U1 ":" GNO_MAX_TEXT},
    {U1 ":1-" GNO_MAX_TEXT, U1 ":1-" GNO_MAX_TEXT},
    {U1 ":9223372036854775805-" GNO_MAX_TEXT,
     U1 ":9223372036854775805-" GNO_MAX_TEXT},
    {U1 ":" GNO_MAX_TEXT ":9223372036854775805",
     U1 ":9223372036854775805-" GNO_MAX_TEXT},
    {U1 ":1:" GNO_MAX_TEXT, U1 ":1:" GNO_MAX_TEXT},
    {U1 ":100:10", U1 ":10:100"},
};

START_TEST(test_parse_good)
{
    gp_mysql_set *s = parse_ok(good_cases[_i].in);

    assert_text(s, good_cases[_i].want);
    ck_assert_int_eq(gp_mysql_set_is_empty(s), good_cases[_i].want[0] == '\0');
    gp_mysql_set_free(s);
}
END_TEST

/* Canonical text parses back to an equal set and formats unchanged. */
START_TEST(test_round_trip_good)
{
    gp_mysql_set *a = parse_ok(good_cases[_i].in);
    char *t = text_of(a);
    gp_mysql_set *b = parse_ok(t);

    ck_assert(gp_mysql_set_equal(a, b));
    assert_text(b, t);
    free(t);
    gp_mysql_set_free(a);
    gp_mysql_set_free(b);
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
    {",,", 0, GP_GTID_EPARSE, 0},
    {" ,", 0, GP_GTID_EPARSE, 1},
    {"," U1 ":1", 0, GP_GTID_EPARSE, 0},
    {U1 ":1,,", 0, GP_GTID_EPARSE, 39},
    {U1 ":1,", 0, GP_GTID_EPARSE, 39},
    {U1 ":1, ", 0, GP_GTID_EPARSE, 40},
    {U1 ":", 0, GP_GTID_EPARSE, 37},
    {U1 ": ", 0, GP_GTID_EPARSE, 38},
    {U1, 0, GP_GTID_EPARSE, 36},
    {U1 "," U2 ":1", 0, GP_GTID_EPARSE, 36},
    {U1 "::1", 0, GP_GTID_EPARSE, 37},
    {U1 ":0", 0, GP_GTID_ERANGE, 37},
    {U1 ":0-5", 0, GP_GTID_ERANGE, 37},
    {U1 ":1-0", 0, GP_GTID_ERANGE, 39},
    {U1 ":5-3", 0, GP_GTID_EPARSE, 37},
    {U1 ":1:7-6", 0, GP_GTID_EPARSE, 39},
    {U1 ":" GNO_MAX_PLUS1_TEXT, 0, GP_GTID_ERANGE, 37},
    {U1 ":1-" GNO_MAX_PLUS1_TEXT, 0, GP_GTID_ERANGE, 39},
    {U1 ":99999999999999999999", 0, GP_GTID_ERANGE, 37},
    {U1 ":18446744073709551616", 0, GP_GTID_ERANGE, 37},
    {U1 ":-1", 0, GP_GTID_EPARSE, 37},
    {U1 ":+1", 0, GP_GTID_EPARSE, 37},
    {U1 ":01", 0, GP_GTID_EPARSE, 37},
    {U1 ":0x10", 0, GP_GTID_EPARSE, 37},
    {U1 ":1x", 0, GP_GTID_EPARSE, 38},
    {U1 ":1 2", 0, GP_GTID_EPARSE, 39},
    {U1 ":1-", 0, GP_GTID_EPARSE, 39},
    {U1 ":1- ", 0, GP_GTID_EPARSE, 40},
    {U1 ":1-x", 0, GP_GTID_EPARSE, 39},
    {U1 ":1-5-7", 0, GP_GTID_EPARSE, 40},
    {U1 ":1-5:", 0, GP_GTID_EPARSE, 41},
    {U1 ":1;" U2 ":1", 0, GP_GTID_EPARSE, 38},
    {U1 ":1 trailing", 0, GP_GTID_EPARSE, 39},
    {U1 " 1", 0, GP_GTID_EPARSE, 37},
    {U1 ":1," U2, 0, GP_GTID_EPARSE, 75},
    {U1 ":1\0", 39, GP_GTID_EPARSE, 38},
    {"3e11fa47-71ca-11e1-9e33-c80aa942956:1", 0, GP_GTID_EPARSE, 35},
    {"3e11fa4g-71ca-11e1-9e33-c80aa9429562:1", 0, GP_GTID_EPARSE, 7},
    {"3e11fa4771ca-11e1-9e33-c80aa9429562:1", 0, GP_GTID_EPARSE, 8},
    {"3e11fa47_71ca-11e1-9e33-c80aa9429562:1", 0, GP_GTID_EPARSE, 8},
    {"3e11fa4771ca11e19e33c80aa9429562:1", 0, GP_GTID_EPARSE, 8},
    {"{" U1 "}:1", 0, GP_GTID_EPARSE, 0},
    {"3e11", 0, GP_GTID_EPARSE, 4},
    {"garbage", 0, GP_GTID_EPARSE, 0},
    {"ANONYMOUS", 0, GP_GTID_EPARSE, 1},
    {"+" U1 ":1", 0, GP_GTID_EPARSE, 0},
    {U1 ":tag", 0, GP_GTID_EPARSE, 37},
    {U1 ":tag ", 0, GP_GTID_EPARSE, 37},
    {U1 ":tag:", 0, GP_GTID_EPARSE, 41},
    {U1 ":1-5:tag:", 0, GP_GTID_EPARSE, 45},
    {U1 ":a:b:1", 0, GP_GTID_EPARSE, 37},
    {U1 ":1:tag," U2 ":1", 0, GP_GTID_EPARSE, 39},
    {U1 ":9tag:1", 0, GP_GTID_EPARSE, 38},
    {U1 ":ta-g:1", 0, GP_GTID_EPARSE, 39},
    {U1 ":t.g:1", 0, GP_GTID_EPARSE, 38},
    {U1 ":tag\xc3\xa9:1", 0, GP_GTID_EPARSE, 40},
    {U1 ":\xc3\xa9:1", 0, GP_GTID_EPARSE, 37},
    {U1 ":" TAG33 ":1", 0, GP_GTID_EPARSE, 37},
    {U1 ":1:" TAG33 ":1", 0, GP_GTID_EPARSE, 39},
};

START_TEST(test_parse_bad)
{
    const char *in = bad_cases[_i].in;
    size_t len = bad_cases[_i].len ? bad_cases[_i].len : strlen(in);
    gp_mysql_set *s = parse_ok(U1 ":1-100");
    char err[256], want[32];
    int rc;

    rc = gp_mysql_set_parse(s, in, len, err, sizeof err);
    ck_assert_msg(rc == bad_cases[_i].code, "case %d '%s': rc %d (%s)", _i, in,
                  rc, err);
    snprintf(want, sizeof want, "offset %zu: ", bad_cases[_i].offset);
    ck_assert_msg(strncmp(err, want, strlen(want)) == 0,
                  "case %d '%s': want '%s...', got '%s'", _i, in, want, err);
    ck_assert_msg(strchr(err, '\n') == NULL, "message not one line: %s", err);
    ck_assert_uint_gt(strlen(err), strlen(want));
    /* A failed parse leaves the set empty, not half-filled. */
    ck_assert(gp_mysql_set_is_empty(s));
    /* err may be NULL or tiny. */
    ck_assert_int_eq(gp_mysql_set_parse(s, in, len, NULL, 0), rc);
    ck_assert_int_eq(gp_mysql_set_parse(s, in, len, err, 4), rc);
    ck_assert_uint_eq(strlen(err), 3);
    gp_mysql_set_free(s);
}
END_TEST

START_TEST(test_parse_messages)
{
    gp_mysql_set *s = gp_mysql_set_new();
    char err[256];

    gp_mysql_set_parse(s, U1 ":tag", strlen(U1 ":tag"), err, sizeof err);
    ck_assert_str_eq(err, "offset 37: tag 'tag' has no intervals");
    gp_mysql_set_parse(s, U1 ":5-3", strlen(U1 ":5-3"), err, sizeof err);
    ck_assert_str_eq(err, "offset 37: interval 5-3: start > end");
    gp_mysql_set_parse(s, U1 ":1\n2", strlen(U1 ":1\n2"), err, sizeof err);
    ck_assert_str_eq(err,
                     "offset 39: expected ':', ',' or end of text, found '2'");
    gp_mysql_set_parse(s, U1 ":1\x01", strlen(U1 ":1\x01"), err, sizeof err);
    ck_assert_str_eq(
        err, "offset 38: expected ':', ',' or end of text, found byte 0x01");
    gp_mysql_set_parse(s, U1 ":", strlen(U1 ":"), err, sizeof err);
    ck_assert_str_eq(err, "offset 37: expected a GNO, found end of text");
    gp_mysql_set_free(s);
}
END_TEST

/* len bounds the text: what follows it is never read. */
START_TEST(test_parse_uses_len)
{
    const char *text = U1 ":1-5garbage";
    gp_mysql_set *s = gp_mysql_set_new();

    ck_assert_int_eq(gp_mysql_set_parse(s, text, strlen(U1 ":1-5"), NULL, 0),
                     GP_GTID_OK);
    assert_text(s, U1 ":1-5");
    ck_assert_int_eq(gp_mysql_set_parse(s, text, strlen(U1 ":1-"), NULL, 0),
                     GP_GTID_EPARSE);
    ck_assert_int_eq(gp_mysql_set_parse(s, NULL, 0, NULL, 0), GP_GTID_OK);
    ck_assert(gp_mysql_set_is_empty(s));
    gp_mysql_set_free(s);
}
END_TEST

/* ---- UUIDs -------------------------------------------------------------- */

START_TEST(test_uuid)
{
    gp_uuid u;
    char buf[37];

    ck_assert_int_eq(gp_uuid_parse(&u, U1_UPPER, 36), GP_GTID_OK);
    ck_assert_uint_eq(u.b[0], 0x3e);
    ck_assert_uint_eq(u.b[15], 0x62);
    gp_uuid_format(&u, buf);
    ck_assert_str_eq(buf, U1);
    ck_assert_int_eq(gp_uuid_parse(&u, U4, 36), GP_GTID_OK);
    gp_uuid_format(&u, buf);
    ck_assert_str_eq(buf, U4);
    ck_assert_int_ne(gp_uuid_parse(&u, U1, 35), GP_GTID_OK);
    ck_assert_int_ne(gp_uuid_parse(&u, U1 "0", 37), GP_GTID_OK);
    ck_assert_int_ne(
        gp_uuid_parse(&u, "3e11fa47-71ca-11e1-9e33+c80aa9429562", 36),
        GP_GTID_OK);
    ck_assert_int_ne(
        gp_uuid_parse(&u, "3e11fa47-71ca-11e1-9e33-c80aa942956z", 36),
        GP_GTID_OK);
    ck_assert_int_ne(gp_uuid_parse(&u, "", 0), GP_GTID_OK);
}
END_TEST

/* ---- adding ------------------------------------------------------------- */

START_TEST(test_add_bounds)
{
    gp_mysql_set *s = gp_mysql_set_new();
    gp_uuid u = uuid_of(U1);

    ck_assert_int_eq(gp_mysql_set_add(s, &u, NULL, 0, 0), GP_GTID_ERANGE);
    ck_assert_int_eq(gp_mysql_set_add(s, &u, NULL, 0, GP_MYSQL_GNO_MAX + 1),
                     GP_GTID_ERANGE);
    ck_assert_int_eq(gp_mysql_set_add(s, &u, NULL, 0, UINT64_MAX),
                     GP_GTID_ERANGE);
    ck_assert_int_eq(gp_mysql_set_add_interval(s, &u, NULL, 0, 5, 4),
                     GP_GTID_ERANGE);
    ck_assert_int_eq(gp_mysql_set_add_interval(s, &u, NULL, 0, 0, 4),
                     GP_GTID_ERANGE);
    ck_assert_int_eq(
        gp_mysql_set_add_interval(s, &u, NULL, 0, 1, GP_MYSQL_GNO_MAX + 1),
        GP_GTID_ERANGE);
    ck_assert(gp_mysql_set_is_empty(s));
    ck_assert_int_eq(gp_mysql_set_add(s, &u, NULL, 0, 1), GP_GTID_OK);
    ck_assert_int_eq(gp_mysql_set_add(s, &u, NULL, 0, GP_MYSQL_GNO_MAX),
                     GP_GTID_OK);
    assert_text(s, U1 ":1:" GNO_MAX_TEXT);
    ck_assert_int_eq(gp_mysql_set_add_interval(s, &u, NULL, 0, 2,
                                               GP_MYSQL_GNO_MAX - 1),
                     GP_GTID_OK);
    assert_text(s, U1 ":1-" GNO_MAX_TEXT);
    ck_assert(gp_mysql_set_contains(s, &u, NULL, 0, GP_MYSQL_GNO_MAX));
    ck_assert(!gp_mysql_set_contains(s, &u, NULL, 0, GP_MYSQL_GNO_MAX + 1));
    ck_assert(!gp_mysql_set_contains(s, &u, NULL, 0, 0));
    gp_mysql_set_free(s);
}
END_TEST

START_TEST(test_add_tags)
{
    gp_mysql_set *s = gp_mysql_set_new();
    gp_uuid u = uuid_of(U1);

    ck_assert_int_eq(gp_mysql_set_add(s, &u, "Tag_A", 5, 1), GP_GTID_OK);
    ck_assert_int_eq(gp_mysql_set_add(s, &u, "tag_a", 5, 2), GP_GTID_OK);
    ck_assert_int_eq(gp_mysql_set_add(s, &u, "TAG_A", 5, 3), GP_GTID_OK);
    /* tag_len 0 or a NULL tag both mean untagged. */
    ck_assert_int_eq(gp_mysql_set_add(s, &u, "ignored", 0, 7), GP_GTID_OK);
    ck_assert_int_eq(gp_mysql_set_add(s, &u, NULL, 9, 8), GP_GTID_OK);
    /* tag_len bounds the tag: "ab" of "abc". */
    ck_assert_int_eq(gp_mysql_set_add(s, &u, "abc", 2, 4), GP_GTID_OK);
    ck_assert_int_eq(gp_mysql_set_add(s, &u, TAG32, 32, 1), GP_GTID_OK);
    assert_text(s, U1 ":7-8:ab:4:" TAG32 ":1:tag_a:1-3");

    ck_assert_int_eq(gp_mysql_set_add(s, &u, TAG33, 33, 1), GP_GTID_ERANGE);
    ck_assert_int_eq(gp_mysql_set_add(s, &u, "9a", 2, 1), GP_GTID_ERANGE);
    ck_assert_int_eq(gp_mysql_set_add(s, &u, "a-b", 3, 1), GP_GTID_ERANGE);
    ck_assert_int_eq(gp_mysql_set_add(s, &u, "a b", 3, 1), GP_GTID_ERANGE);
    ck_assert_int_eq(gp_mysql_set_add(s, &u, "a\0b", 3, 1), GP_GTID_ERANGE);
    ck_assert_int_eq(gp_mysql_set_add(s, &u, "\xc3\xa9", 2, 1),
                     GP_GTID_ERANGE);

    ck_assert(gp_mysql_set_contains(s, &u, "TAG_A", 5, 2));
    ck_assert(gp_mysql_set_contains(s, &u, "tag_a", 5, 3));
    ck_assert(!gp_mysql_set_contains(s, &u, "tag_a", 5, 4));
    ck_assert(!gp_mysql_set_contains(s, &u, "tag_b", 5, 1));
    ck_assert(!gp_mysql_set_contains(s, &u, NULL, 0, 1));
    ck_assert(gp_mysql_set_contains(s, &u, NULL, 0, 7));
    ck_assert(!gp_mysql_set_contains(s, &u, "9bad", 4, 1));
    gp_mysql_set_free(s);
}
END_TEST

/* Merging at every position of an interval array. */
START_TEST(test_add_merge_shapes)
{
    static const struct {
        uint64_t first, last;
        const char *want;
    } steps[] = {
        {10, 12, ":10-12"},
        {20, 22, ":10-12:20-22"},
        {30, 32, ":10-12:20-22:30-32"},
        {1, 1, ":1:10-12:20-22:30-32"},
        {40, 40, ":1:10-12:20-22:30-32:40"},
        {13, 13, ":1:10-13:20-22:30-32:40"},
        {19, 19, ":1:10-13:19-22:30-32:40"},
        {15, 17, ":1:10-13:15-17:19-22:30-32:40"},
        {14, 14, ":1:10-17:19-22:30-32:40"},
        {18, 29, ":1:10-32:40"},
        {33, 39, ":1:10-40"},
        {2, 8, ":1-8:10-40"},
        {5, 45, ":1-45"},
        {1, 45, ":1-45"},
        {50, 60, ":1-45:50-60"},
        {46, 49, ":1-60"},
    };
    gp_mysql_set *s = gp_mysql_set_new();
    gp_uuid u = uuid_of(U1);
    char want[128];

    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        ck_assert_int_eq(gp_mysql_set_add_interval(s, &u, NULL, 0,
                                                   steps[i].first,
                                                   steps[i].last),
                         GP_GTID_OK);
        snprintf(want, sizeof want, "%s%s", U1, steps[i].want);
        assert_text(s, want);
    }
    gp_mysql_set_free(s);
}
END_TEST

/*
 * The binlog hot path: alternating UUIDs and tags, each appending its next
 * GNO, plus an append that closes a gap, must give the obvious result.
 */
START_TEST(test_add_sequential)
{
    gp_mysql_set *s = gp_mysql_set_new();
    gp_uuid u1 = uuid_of(U1), u2 = uuid_of(U2);

    for (uint64_t g = 1; g <= 200000; g++) {
        REQUIRE(gp_mysql_set_add(s, &u1, NULL, 0, g) == GP_GTID_OK);
        if (g % 3 == 0)
            REQUIRE(gp_mysql_set_add(s, &u2, "t", 1, g / 3) == GP_GTID_OK);
    }
    assert_text(s, U1 ":1-200000," U2 ":t:1-66666");

    /* An append that fills the gap up to the next interval merges them. */
    ck_assert_int_eq(gp_mysql_set_add_interval(s, &u1, NULL, 0, 200002, 200010),
                     GP_GTID_OK);
    ck_assert_int_eq(gp_mysql_set_add_interval(s, &u1, NULL, 0, 100, 150),
                     GP_GTID_OK);
    ck_assert_int_eq(gp_mysql_set_add(s, &u1, NULL, 0, 200001), GP_GTID_OK);
    assert_text(s, U1 ":1-200010," U2 ":t:1-66666");
    gp_mysql_set_free(s);
}
END_TEST

/* ---- lifetime ----------------------------------------------------------- */

START_TEST(test_copy_clear_free)
{
    gp_mysql_set *a = parse_ok(U1 ":1-5:tag:3," U2 ":7");
    gp_mysql_set *b = parse_ok(U3 ":1-1000:9");
    gp_mysql_set *empty = gp_mysql_set_new();
    gp_uuid u1 = uuid_of(U1);

    gp_mysql_set_free(NULL);

    ck_assert_int_eq(gp_mysql_set_copy(b, a), GP_GTID_OK);
    ck_assert(gp_mysql_set_equal(a, b));
    assert_text(b, U1 ":1-5:tag:3," U2 ":7");
    /* Deep copy: changing one leaves the other alone. */
    ck_assert_int_eq(gp_mysql_set_add(a, &u1, NULL, 0, 6), GP_GTID_OK);
    ck_assert_int_eq(gp_mysql_set_add(b, &u1, "tag", 3, 4), GP_GTID_OK);
    assert_text(a, U1 ":1-6:tag:3," U2 ":7");
    assert_text(b, U1 ":1-5:tag:3-4," U2 ":7");

    ck_assert_int_eq(gp_mysql_set_copy(a, a), GP_GTID_OK);
    assert_text(a, U1 ":1-6:tag:3," U2 ":7");

    ck_assert_int_eq(gp_mysql_set_copy(b, empty), GP_GTID_OK);
    ck_assert(gp_mysql_set_is_empty(b));
    assert_text(b, "");
    ck_assert_int_eq(gp_mysql_set_add(b, &u1, NULL, 0, 2), GP_GTID_OK);
    assert_text(b, U1 ":2");

    gp_mysql_set_clear(a);
    ck_assert(gp_mysql_set_is_empty(a));
    ck_assert(gp_mysql_set_equal(a, empty));
    assert_text(a, "");
    ck_assert(!gp_mysql_set_contains(a, &u1, NULL, 0, 1));
    /* A cleared set is reusable, cursor included. */
    ck_assert_int_eq(gp_mysql_set_add(a, &u1, NULL, 0, 1), GP_GTID_OK);
    ck_assert_int_eq(gp_mysql_set_add(a, &u1, NULL, 0, 2), GP_GTID_OK);
    assert_text(a, U1 ":1-2");
    gp_mysql_set_clear(empty);
    ck_assert(gp_mysql_set_is_empty(empty));

    gp_mysql_set_free(a);
    gp_mysql_set_free(b);
    gp_mysql_set_free(empty);
}
END_TEST

START_TEST(test_format_truncation)
{
    gp_mysql_set *s = parse_ok(U1 ":1-5:7," U2 ":tag:9");
    const char *full = U1 ":1-5:7," U2 ":tag:9";
    size_t n = strlen(full);
    char buf[128];

    ck_assert_uint_eq(gp_mysql_set_format(s, NULL, 0), n);
    for (size_t cap = 1; cap <= n + 2; cap++) {
        memset(buf, 'X', sizeof buf);
        ck_assert_uint_eq(gp_mysql_set_format(s, buf, cap), n);
        ck_assert_uint_eq(strlen(buf), cap - 1 < n ? cap - 1 : n);
        ck_assert(strncmp(buf, full, strlen(buf)) == 0);
        ck_assert_int_eq(buf[cap], 'X');
    }
    gp_mysql_set_clear(s);
    buf[0] = 'X';
    ck_assert_uint_eq(gp_mysql_set_format(s, buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "");
    gp_mysql_set_free(s);
}
END_TEST

/* ---- set operations: fixed cases ---------------------------------------- */

START_TEST(test_union_fixed)
{
    gp_mysql_set *a = parse_ok(U1 ":1-5:10," U2 ":tag:1");
    gp_mysql_set *b = parse_ok(U1 ":6-9:tag:2," U3 ":4," U2 ":tag:3");
    gp_mysql_set *e = gp_mysql_set_new();

    ck_assert_int_eq(gp_mysql_set_union(a, b), GP_GTID_OK);
    assert_text(a, U3 ":4," U1 ":1-10:tag:2," U2 ":tag:1:3");
    ck_assert_int_eq(gp_mysql_set_union(a, a), GP_GTID_OK);
    assert_text(a, U3 ":4," U1 ":1-10:tag:2," U2 ":tag:1:3");
    ck_assert_int_eq(gp_mysql_set_union(a, e), GP_GTID_OK);
    assert_text(a, U3 ":4," U1 ":1-10:tag:2," U2 ":tag:1:3");
    ck_assert_int_eq(gp_mysql_set_union(e, b), GP_GTID_OK);
    ck_assert(gp_mysql_set_equal(e, b));
    gp_mysql_set_free(a);
    gp_mysql_set_free(b);
    gp_mysql_set_free(e);
}
END_TEST

START_TEST(test_subset_equal_fixed)
{
    gp_mysql_set *big = parse_ok(U1 ":1-10:20-30:tag:5," U2 ":1");
    gp_mysql_set *sub = parse_ok(U1 ":2-3:10:20:25-30:tag:5");
    gp_mysql_set *e = gp_mysql_set_new();
    gp_mysql_set *x;

    ck_assert(gp_mysql_set_is_subset(sub, big));
    ck_assert(!gp_mysql_set_is_subset(big, sub));
    ck_assert(gp_mysql_set_is_subset(e, big));
    ck_assert(gp_mysql_set_is_subset(e, e));
    ck_assert(!gp_mysql_set_is_subset(big, e));
    ck_assert(gp_mysql_set_is_subset(big, big));
    ck_assert(gp_mysql_set_equal(big, big));
    ck_assert(!gp_mysql_set_equal(big, sub));
    ck_assert(!gp_mysql_set_equal(e, sub));

    /* Spanning a hole, a missing tag, a missing UUID, one GNO over. */
    x = parse_ok(U1 ":10-20");
    ck_assert(!gp_mysql_set_is_subset(x, big));
    gp_mysql_set_free(x);
    x = parse_ok(U1 ":other:5");
    ck_assert(!gp_mysql_set_is_subset(x, big));
    gp_mysql_set_free(x);
    x = parse_ok(U3 ":1");
    ck_assert(!gp_mysql_set_is_subset(x, big));
    gp_mysql_set_free(x);
    x = parse_ok(U1 ":30-31");
    ck_assert(!gp_mysql_set_is_subset(x, big));
    gp_mysql_set_free(x);
    x = parse_ok(U1 ":tag:5");
    ck_assert(gp_mysql_set_is_subset(x, big));
    ck_assert(!gp_mysql_set_equal(x, sub));
    gp_mysql_set_free(x);
    /* Same intervals under another tag or UUID are not equal. */
    x = parse_ok(U1 ":1-10:20-30:tah:5," U2 ":1");
    ck_assert(!gp_mysql_set_equal(x, big));
    gp_mysql_set_free(x);
    x = parse_ok(U1 ":1-10:20-30:tag:5," U3 ":1");
    ck_assert(!gp_mysql_set_equal(x, big));
    gp_mysql_set_free(x);

    gp_mysql_set_free(big);
    gp_mysql_set_free(sub);
    gp_mysql_set_free(e);
}
END_TEST

/* ---- the bitmap model --------------------------------------------------- */

/*
 * N_TSID TSIDs in canonical order (so the model can format) over GNOs
 * base .. base + N_GNO - 1; one run uses base 1, another ends at the GNO
 * maximum to exercise the arithmetic at the top of the range.
 */
#define N_TSID 5
#define N_GNO 300

static const struct {
    const char *uuid, *tag;
} model_tsids[N_TSID] = {
    {U3, NULL}, {U3, "a"}, {U1, NULL}, {U1, "t_2"}, {U4, "z"},
};

typedef struct model {
    uint64_t base;
    unsigned char bit[N_TSID][N_GNO];
} model;

static int model_add(gp_mysql_set *s, int t, uint64_t first, uint64_t last)
{
    gp_uuid u = uuid_of(model_tsids[t].uuid);
    const char *tag = model_tsids[t].tag;

    return gp_mysql_set_add_interval(s, &u, tag, tag ? strlen(tag) : 0, first,
                                     last);
}

static void model_mark(model *m, int t, uint64_t first, uint64_t last)
{
    for (uint64_t g = first; g <= last; g++)
        m->bit[t][g - m->base] = 1;
}

/* The canonical text, written the slow obvious way. */
static char *model_format(const model *m)
{
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    const char *prev_uuid = NULL;

    ck_assert_ptr_nonnull(out);
    out[0] = '\0';
    for (int t = 0; t < N_TSID; t++) {
        int any = 0;

        for (size_t i = 0; i < N_GNO; i++) {
            uint64_t g = m->base + i;
            size_t j = i;

            if (!m->bit[t][i] || (i > 0 && m->bit[t][i - 1]))
                continue;
            while (j + 1 < N_GNO && m->bit[t][j + 1])
                j++;
            if (!any) {
                if (prev_uuid == NULL || strcmp(prev_uuid, model_tsids[t].uuid))
                    len += (size_t)snprintf(out + len, cap - len, "%s%s",
                                            prev_uuid ? "," : "",
                                            model_tsids[t].uuid);
                if (model_tsids[t].tag)
                    len += (size_t)snprintf(out + len, cap - len, ":%s",
                                            model_tsids[t].tag);
                prev_uuid = model_tsids[t].uuid;
                any = 1;
            }
            len += (size_t)snprintf(out + len, cap - len, ":%" PRIu64, g);
            if (j > i)
                len += (size_t)snprintf(out + len, cap - len, "-%" PRIu64,
                                        m->base + j);
            REQUIRE(len < cap);
        }
    }
    return out;
}

static void model_check(const model *m, const gp_mysql_set *s)
{
    char *want = model_format(m);
    char *got = text_of(s);

    ck_assert_str_eq(got, want);
    for (int t = 0; t < N_TSID; t++) {
        gp_uuid u = uuid_of(model_tsids[t].uuid);
        const char *tag = model_tsids[t].tag;
        size_t tl = tag ? strlen(tag) : 0;

        for (size_t i = 0; i < N_GNO; i++)
            REQUIRE(gp_mysql_set_contains(s, &u, tag, tl, m->base + i) ==
                    m->bit[t][i]);
    }
    free(want);
    free(got);
}

/* A random set: some single GTIDs, some intervals, in random order. */
static gp_mysql_set *model_random(model *m, uint64_t base, int density)
{
    gp_mysql_set *s = gp_mysql_set_new();
    int adds = (int)rng_below((size_t)density) + 1;

    memset(m, 0, sizeof *m);
    m->base = base;
    for (int k = 0; k < adds; k++) {
        int t = (int)rng_below(N_TSID);
        uint64_t first = base + rng_below(N_GNO);
        uint64_t last = first;

        if (rng_below(4) == 0)
            last = first + rng_below((size_t)(base + N_GNO - first));
        REQUIRE(model_add(s, t, first, last) == GP_GTID_OK);
        model_mark(m, t, first, last);
    }
    return s;
}

static const uint64_t model_bases[] = {1, GP_MYSQL_GNO_MAX - N_GNO + 1};

/* Thousands of single GTIDs in random order (duplicates included) give
 * the same set as the same GTIDs added in order. */
START_TEST(test_random_order)
{
    static model m;
    uint64_t base = model_bases[_i % 2];

    rng_state = 0x9E3779B97F4A7C15ULL + (uint64_t)_i;
    for (int round = 0; round < 20; round++) {
        gp_mysql_set *shuffled = gp_mysql_set_new();
        gp_mysql_set *ordered = gp_mysql_set_new();
        int n = 1 + (int)rng_below(3000);

        memset(&m, 0, sizeof m);
        m.base = base;
        for (int k = 0; k < n; k++) {
            int t = (int)rng_below(N_TSID);
            uint64_t g = base + rng_below(N_GNO);

            REQUIRE(model_add(shuffled, t, g, g) == GP_GTID_OK);
            model_mark(&m, t, g, g);
        }
        for (int t = 0; t < N_TSID; t++)
            for (size_t i = 0; i < N_GNO; i++)
                if (m.bit[t][i])
                    REQUIRE(model_add(ordered, t, base + i, base + i) ==
                            GP_GTID_OK);
        ck_assert(gp_mysql_set_equal(shuffled, ordered));
        ck_assert(gp_mysql_set_is_subset(shuffled, ordered));
        model_check(&m, shuffled);
        model_check(&m, ordered);
        gp_mysql_set_free(shuffled);
        gp_mysql_set_free(ordered);
    }
}
END_TEST

/* Random mixtures of GTIDs and intervals, then parse(format(x)) == x. */
START_TEST(test_random_intervals_round_trip)
{
    static model m;

    rng_state = 0xD1B54A32D192ED03ULL + (uint64_t)_i;
    for (int round = 0; round < 50; round++) {
        gp_mysql_set *s = model_random(&m, model_bases[round % 2], 400);
        char *t = text_of(s);
        gp_mysql_set *back = parse_ok(t);

        model_check(&m, s);
        ck_assert(gp_mysql_set_equal(s, back));
        free(t);
        gp_mysql_set_free(s);
        gp_mysql_set_free(back);
    }
}
END_TEST

START_TEST(test_random_union_subset)
{
    static model ma, mb, mu;
    uint64_t base = model_bases[_i % 2];

    rng_state = 0x94D049BB133111EBULL + (uint64_t)_i;
    for (int round = 0; round < 40; round++) {
        gp_mysql_set *a = model_random(&ma, base, 60);
        gp_mysql_set *b = model_random(&mb, base, 60);
        gp_mysql_set *ab = gp_mysql_set_new();
        gp_mysql_set *ba = gp_mysql_set_new();
        int a_in_b = 1, b_in_a = 1;

        mu.base = base;
        for (int t = 0; t < N_TSID; t++)
            for (size_t i = 0; i < N_GNO; i++) {
                mu.bit[t][i] = ma.bit[t][i] | mb.bit[t][i];
                if (ma.bit[t][i] && !mb.bit[t][i])
                    a_in_b = 0;
                if (mb.bit[t][i] && !ma.bit[t][i])
                    b_in_a = 0;
            }
        ck_assert_int_eq(gp_mysql_set_copy(ab, a), GP_GTID_OK);
        ck_assert_int_eq(gp_mysql_set_union(ab, b), GP_GTID_OK);
        ck_assert_int_eq(gp_mysql_set_copy(ba, b), GP_GTID_OK);
        ck_assert_int_eq(gp_mysql_set_union(ba, a), GP_GTID_OK);
        model_check(&mu, ab);
        ck_assert(gp_mysql_set_equal(ab, ba));
        ck_assert(gp_mysql_set_is_subset(a, ab));
        ck_assert(gp_mysql_set_is_subset(b, ab));
        ck_assert_int_eq(gp_mysql_set_is_subset(a, b), a_in_b);
        ck_assert_int_eq(gp_mysql_set_is_subset(b, a), b_in_a);
        ck_assert_int_eq(gp_mysql_set_equal(a, b), a_in_b && b_in_a);
        ck_assert_int_eq(gp_mysql_set_is_subset(ab, a), b_in_a);
        gp_mysql_set_free(a);
        gp_mysql_set_free(b);
        gp_mysql_set_free(ab);
        gp_mysql_set_free(ba);
    }
}
END_TEST

/* Subset and equal built on the same GTIDs minus one. */
START_TEST(test_random_subset_minus_one)
{
    static model m;

    rng_state = 0xBF58476D1CE4E5B9ULL + (uint64_t)_i;
    for (int round = 0; round < 40; round++) {
        gp_mysql_set *full = model_random(&m, model_bases[round % 2], 200);
        gp_mysql_set *part = gp_mysql_set_new();
        size_t count = 0, skip, seen = 0;

        for (int t = 0; t < N_TSID; t++)
            for (size_t i = 0; i < N_GNO; i++)
                count += m.bit[t][i];
        skip = rng_below(count);
        for (int t = 0; t < N_TSID; t++)
            for (size_t i = 0; i < N_GNO; i++) {
                if (!m.bit[t][i] || seen++ == skip)
                    continue;
                REQUIRE(model_add(part, t, m.base + i, m.base + i) ==
                        GP_GTID_OK);
            }
        ck_assert(gp_mysql_set_is_subset(part, full));
        ck_assert(!gp_mysql_set_is_subset(full, part));
        ck_assert(!gp_mysql_set_equal(full, part));
        gp_mysql_set_free(full);
        gp_mysql_set_free(part);
    }
}
END_TEST

Suite *mysql_set_suite(void)
{
    Suite *s = suite_create("mysql_set");
    TCase *tc = tcase_create("text");
    TCase *ops = tcase_create("operations");
    TCase *rnd = tcase_create("random");

    tcase_add_loop_test(tc, test_parse_good, 0,
                        sizeof good_cases / sizeof good_cases[0]);
    tcase_add_loop_test(tc, test_round_trip_good, 0,
                        sizeof good_cases / sizeof good_cases[0]);
    tcase_add_loop_test(tc, test_parse_bad, 0,
                        sizeof bad_cases / sizeof bad_cases[0]);
    tcase_add_test(tc, test_parse_messages);
    tcase_add_test(tc, test_parse_uses_len);
    tcase_add_test(tc, test_uuid);
    tcase_add_test(tc, test_format_truncation);
    suite_add_tcase(s, tc);

    tcase_add_test(ops, test_add_bounds);
    tcase_add_test(ops, test_add_tags);
    tcase_add_test(ops, test_add_merge_shapes);
    tcase_add_test(ops, test_add_sequential);
    tcase_add_test(ops, test_copy_clear_free);
    tcase_add_test(ops, test_union_fixed);
    tcase_add_test(ops, test_subset_equal_fixed);
    tcase_set_timeout(ops, 60);
    suite_add_tcase(s, ops);

    tcase_add_loop_test(rnd, test_random_order, 0, 4);
    tcase_add_loop_test(rnd, test_random_intervals_round_trip, 0, 4);
    tcase_add_loop_test(rnd, test_random_union_subset, 0, 4);
    tcase_add_loop_test(rnd, test_random_subset_minus_one, 0, 4);
    tcase_set_timeout(rnd, 120);
    suite_add_tcase(s, rnd);
    return s;
}
