/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_resolve.c - tests for src/dm/formats/checkpoint_name.c and
 * src/dm/relay/ (relay_dir.c, relay_scan.c, resolve.c, crosscheck.c).
 *
 * Checkpoint names are table-driven.  Resolution runs on DM v1.0 relay
 * roots built here in a temporary directory from the real kingbus MySQL
 * 5.7 binlogs (testdata/mysql/kingbus/mysql_bin.0000{11,12,13}): a relay
 * file that starts mid-file gets DM's header + dummy User_var "!dummyvar"
 * event (flag 0x40, CRC32 recomputed with zlib) up to the start, as DM's
 * relay writer does.  Every answer is compared with gp_at() on the
 * original, unholed file at the same position.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "walk/position.h"
#include "binlog/walker.h"
#include "dm/relay/crosscheck.h"
#include "dm/relay/relay_dir.h"
#include "dm/relay/relay_scan.h"
#include "dm/relay/resolve.h"
#include "suites.h"
#include "testutil.h"

#define UUID "214eb71f-96ec-11e8-ab4f-fa163e72d4ae"

/* ---- checkpoint names ---------------------------------------------------- */

static const struct {
    const char *text;
    int with_pos;
    const char *name;   /* NULL: must be refused */
    const char *suffix;
    uint64_t pos;
} names[] = {
    {"mysql-bin|000001.000123:15847", 1, "mysql-bin.000123", "000001", 15847},
    {"mysql-bin.000123:15847", 1, "mysql-bin.000123", "", 15847},
    {"mysql-bin|000002.000001:4", 1, "mysql-bin.000001", "000002", 4},
    {"my:sql-bin.000001:4", 1, NULL, NULL, 0},         /* ':' in the name */
    {"mysql-bin|000001.000123", 0, "mysql-bin.000123", "000001", 0},
    {"mysql-bin.000123:18446744073709551615", 1, "mysql-bin.000123", "", UINT64_MAX},
    {"mysql-bin.000123:18446744073709551616", 1, NULL, NULL, 0}, /* overflow */
    {"mysql-bin.000123:99999999999999999999999", 1, NULL, NULL, 0},
    {"mysql-bin.000123", 1, NULL, NULL, 0},            /* missing :POS */
    {"mysql-bin.000123:", 1, NULL, NULL, 0},           /* empty POS */
    {"mysql-bin.000123:12a", 1, NULL, NULL, 0},        /* non-digit POS */
    {"mysql-bin.000123:-1", 1, NULL, NULL, 0},
    {"mysql-bin.000123:+1", 1, NULL, NULL, 0},
    {":4", 1, NULL, NULL, 0},                          /* empty name */
    {"", 0, NULL, NULL, 0},
    {"mysql-bin|000001:4", 1, NULL, NULL, 0},          /* '|' without '.' */
    {"|000001.000123:4", 1, NULL, NULL, 0},            /* empty base */
    {"mysql-bin|.000123:4", 1, NULL, NULL, 0},         /* empty suffix */
    {"mysql-bin|000001.:4", 1, NULL, NULL, 0},         /* empty sequence */
    {"mysql-bin|00000a.000123:4", 1, NULL, NULL, 0},   /* non-digit suffix */
    {"mysql-bin|000001.0001x3:4", 1, NULL, NULL, 0},   /* non-digit sequence */
    {"mysql-bin|000001.000123|2:4", 1, NULL, NULL, 0}, /* two '|' */
    {"mysql-bin|1234567890123456.000123:4", 1, NULL, NULL, 0}, /* suffix too long */
    {"../etc/passwd:4", 1, NULL, NULL, 0},             /* a path */
    {"..:4", 1, NULL, NULL, 0},
    {"mysql bin.000001:4", 1, NULL, NULL, 0},          /* space */
    {"mysql-bin.000001:4\n", 1, NULL, NULL, 0},
};

START_TEST(checkpoint_names)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        gp_dm_checkpoint c;
        gp_error e;
        gp_error_clear(&e);
        gtidpos_status rc = gp_dm_checkpoint_parse(&c, names[i].text, names[i].with_pos, &e);
        if (names[i].name == NULL) {
            ck_assert_msg(rc == GTIDPOS_ERR_PARSE, "'%s' accepted", names[i].text);
            ck_assert_msg(strstr(e.msg, "checkpoint") != NULL, "'%s': %s", names[i].text, e.msg);
            continue;
        }
        ck_assert_msg(rc == GTIDPOS_OK, "'%s': %s", names[i].text, e.msg);
        ck_assert_str_eq(c.upstream_name, names[i].name);
        ck_assert_str_eq(c.suffix, names[i].suffix);
        ck_assert_uint_eq(c.pos, names[i].pos);
    }
}
END_TEST

START_TEST(long_name)
{
    char text[400];
    gp_dm_checkpoint c;
    gp_error e;

    memset(text, 'a', 300);
    strcpy(text + 300, ".000001:4");
    ck_assert_int_eq(gp_dm_checkpoint_parse(&c, text, 1, &e), GTIDPOS_ERR_PARSE);
}
END_TEST

/* ---- relay roots --------------------------------------------------------- */

static char root[256];

static void write_text(const char *path, const char *text)
{
    gp_test_write_file(path, (const uint8_t *)text, strlen(text));
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* The kingbus file, as DM relays it from upstream offset start: magic and
 * FDE kept, [FDE end, start) one dummy User_var event (CRC32 files). */
static void relay_copy(const char *dst, const char *src_rel, uint64_t start, uint64_t cut)
{
    size_t n;
    uint8_t *d = gp_test_slurp(gp_test_path(src_rel), &n);
    uint32_t fde_end = 4 + (d[13] | d[14] << 8 | (uint32_t)d[15] << 16 | (uint32_t)d[16] << 24);

    if (start > fde_end) {
        uint8_t *ev = d + fde_end;
        uint32_t size = (uint32_t)(start - fde_end), value = size - 19 - 4 - 9 - 1 - 1 - 8 - 4;
        memset(ev, 0, size);
        ev[4] = 14; /* USER_VAR_EVENT */
        put32(ev + 5, 3150);
        put32(ev + 9, size);
        put32(ev + 13, (uint32_t)start);
        ev[17] = 0x40; /* LOG_EVENT_RELAY_LOG_F */
        put32(ev + 19, 9);
        memcpy(ev + 23, "!dummyvar", 9);
        put32(ev + 34, 33);
        put32(ev + 38, value);
        put32(ev + size - 4, (uint32_t)crc32(0, ev, size - 4));
    }
    gp_test_write_file(dst, d, cut ? cut : n);
    free(d);
}

static void make_root(void)
{
    char p[512];

    strcpy(root, "/tmp/gp-check-resolve-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(root));
    snprintf(p, sizeof p, "%s/server-uuid.index", root);
    write_text(p, UUID ".000001\n" UUID ".000002\n");
    snprintf(p, sizeof p, "%s/" UUID ".000001", root);
    ck_assert_int_eq(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/" UUID ".000002", root);
    ck_assert_int_eq(mkdir(p, 0700), 0);
    /* Suffix 1: 000011 whole, 000012 up to 3668 (7th transaction start).
     * Suffix 2: 000012 from 1352 (3rd transaction) on. */
    snprintf(p, sizeof p, "%s/" UUID ".000001/mysql_bin.000011", root);
    relay_copy(p, "mysql/kingbus/mysql_bin.000011", 0, 0);
    snprintf(p, sizeof p, "%s/" UUID ".000001/mysql_bin.000012", root);
    relay_copy(p, "mysql/kingbus/mysql_bin.000012", 0, 3668);
    snprintf(p, sizeof p, "%s/" UUID ".000002/mysql_bin.000012", root);
    relay_copy(p, "mysql/kingbus/mysql_bin.000012", 1352, 0);
}

static void remove_root(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    ck_assert_int_eq(system(cmd), 0);
}

static char *original_at(const char *rel, uint64_t pos)
{
    gp_log log;
    gp_at_result r;
    gp_error e;
    char *text;

    gp_at_result_init(&r);
    ck_assert_int_eq(gp_log_open(&log, gp_test_path(rel), GTIDPOS_VERIFY_ALL, &e), GTIDPOS_OK);
    ck_assert_int_eq(gp_at(&log, pos, NULL, &r, &e), GTIDPOS_OK);
    text = gp_at_result_set_text(&r);
    gp_at_result_free(&r);
    gp_log_close(&log);
    return text;
}

/* The set the relay root gives for text, or NULL with *code set. */
static char *resolved(gp_dm_dir_kind kind, const char *dir, const char *text, gtidpos_status *code,
                      gp_error *e)
{
    gp_dm_checkpoint c;
    gp_at_result r;
    char used[1024], *out = NULL;

    ck_assert_int_eq(gp_dm_checkpoint_parse(&c, text, 1, e), GTIDPOS_OK);
    gp_at_result_init(&r);
    *code = gp_dm_resolve(kind, dir, &c, NULL, &r, used, sizeof used, e);
    if (*code == GTIDPOS_OK) {
        out = gp_at_result_set_text(&r);
        ck_assert(used[0] != '\0');
    }
    gp_at_result_free(&r);
    return out;
}

START_TEST(relay_root_chaining)
{
    /* Every transaction start of 000012 and some inner boundaries. */
    static const uint64_t pos[] = {4, 123, 194, 259, 773, 1352, 1417, 1931, 2510, 3089, 3668,
                                   4247, 5405, 5984, 6031};
    gp_error e;
    gtidpos_status code;

    make_root();
    for (size_t i = 0; i < sizeof pos / sizeof pos[0]; i++) {
        char text[64], *want = original_at("mysql/kingbus/mysql_bin.000012", pos[i]), *got;
        snprintf(text, sizeof text, "mysql_bin|000002.000012:%llu", (unsigned long long)pos[i]);
        got = resolved(GP_DM_RELAY_DIR, root, text, &code, &e);
        ck_assert_msg(got != NULL, "%s: %s", text, e.msg);
        ck_assert_str_eq(got, want);
        free(got);
        if (pos[i] <= 3668) {
            snprintf(text, sizeof text, "mysql_bin|000001.000012:%llu", (unsigned long long)pos[i]);
            got = resolved(GP_DM_RELAY_DIR, root, text, &code, &e);
            ck_assert_msg(got != NULL, "%s: %s", text, e.msg);
            ck_assert_str_eq(got, want);
            free(got);
        }
        free(want);
    }
    remove_root();
}
END_TEST

START_TEST(relay_root_refusals)
{
    char p[512], *got;
    gp_error e;
    gtidpos_status code;

    make_root();
    /* Without suffix 1, the mid-file copy's history is hidden. */
    snprintf(p, sizeof p, "%s/server-uuid.index", root);
    write_text(p, UUID ".000002\n");
    got = resolved(GP_DM_RELAY_DIR, root, "mysql_bin|000002.000012:2510", &code, &e);
    ck_assert_ptr_null(got);
    ck_assert_int_eq(code, GTIDPOS_ERR_NO_GTID_INFO);
    ck_assert_msg(strstr(e.msg, "bytes 123..1352") != NULL, "%s", e.msg);
    /* Unknown suffix, missing file, not a relay root. */
    got = resolved(GP_DM_RELAY_DIR, root, "mysql_bin|000001.000012:4", &code, &e);
    ck_assert_ptr_null(got);
    ck_assert_int_eq(code, GTIDPOS_ERR_IO);
    got = resolved(GP_DM_RELAY_DIR, root, "mysql_bin|000002.000015:194", &code, &e);
    ck_assert_ptr_null(got);
    ck_assert_int_eq(code, GTIDPOS_ERR_IO);
    got = resolved(GP_DM_RELAY_DIR, "/nonexistent", "mysql_bin|000002.000012:4", &code, &e);
    ck_assert_ptr_null(got);
    ck_assert_int_eq(code, GTIDPOS_ERR_IO);
    /* A bad index line names its line. */
    write_text(p, UUID ".000002\nno-suffix-here\n");
    got = resolved(GP_DM_RELAY_DIR, root, "mysql_bin|000002.000012:4", &code, &e);
    ck_assert_ptr_null(got);
    ck_assert_int_eq(code, GTIDPOS_ERR_PARSE);
    ck_assert_msg(strstr(e.msg, "line 2") != NULL, "%s", e.msg);
    remove_root();
}
END_TEST

START_TEST(binlog_dir)
{
    char *got, *want;
    gp_error e;
    gtidpos_status code;

    got = resolved(GP_DM_BINLOG_DIR, gp_test_path("mysql/kingbus"), "mysql_bin.000012:1352",
                   &code, &e);
    want = original_at("mysql/kingbus/mysql_bin.000012", 1352);
    ck_assert_msg(got != NULL, "%s", e.msg);
    ck_assert_str_eq(got, want);
    free(got);
    free(want);
    got = resolved(GP_DM_BINLOG_DIR, gp_test_path("mysql/kingbus"), "mysql_bin.000012:1353",
                   &code, &e);
    ck_assert_ptr_null(got);
    ck_assert_int_eq(code, GTIDPOS_ERR_POSITION);
}
END_TEST

static size_t count_lines_with(char **lines, size_t n, const char *needle)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += strstr(lines[i], needle) != NULL;
    return k;
}

START_TEST(meta_crosscheck)
{
    char p[512], text[512], *want12, *want11;
    char **lines;
    size_t n;
    gp_error e;

    make_root();
    want12 = original_at("mysql/kingbus/mysql_bin.000012", 3668);
    want11 = original_at("mysql/kingbus/mysql_bin.000011", 1000 + 54);
    /* Suffix 1: right.  Suffix 2: a set one GTID short. */
    snprintf(p, sizeof p, "%s/" UUID ".000001/relay.meta", root);
    snprintf(text, sizeof text,
             "binlog-name = \"mysql_bin.000012\"\nbinlog-pos = 3668\nbinlog-gtid = \"%s\"\n",
             want12);
    write_text(p, text);
    snprintf(p, sizeof p, "%s/" UUID ".000002/relay.meta", root);
    write_text(p, "binlog-name = \"mysql_bin.000012\"\nbinlog-pos = 6031\n"
                  "binlog-gtid = \"" UUID ":1-11809\"\n");
    ck_assert_int_eq(gp_dm_relay_crosscheck(root, NULL, &lines, &n, &e), GTIDPOS_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_msg(strstr(lines[0], ".000002") && strstr(lines[0], "differs"), "%s", lines[0]);
    ck_assert_msg(strstr(lines[0], UUID ":1-11810") != NULL, "%s", lines[0]);
    gp_dm_lines_free(lines, n);
    /* A position inside an event, a missing relay.meta, a bad TOML line. */
    write_text(p, "binlog-name = \"mysql_bin.000012\"\nbinlog-pos = 6000\n");
    snprintf(p, sizeof p, "%s/" UUID ".000001/relay.meta", root);
    ck_assert_int_eq(unlink(p), 0);
    ck_assert_int_eq(gp_dm_relay_crosscheck(root, NULL, &lines, &n, &e), GTIDPOS_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(count_lines_with(lines, n, "not an event boundary"), 1);
    ck_assert_uint_eq(count_lines_with(lines, n, "relay.meta"), 2);
    gp_dm_lines_free(lines, n);
    write_text(p, "binlog-name = mysql_bin.000012\n");
    ck_assert_int_eq(gp_dm_relay_crosscheck(root, NULL, &lines, &n, &e), GTIDPOS_OK);
    ck_assert_uint_eq(count_lines_with(lines, n, "line 1"), 1);
    gp_dm_lines_free(lines, n);
    free(want12);
    free(want11);
    remove_root();
}
END_TEST

/* ---- the relay-file walks (relay_scan.c, hooks on the engine) ------------ */

START_TEST(relay_scan_hooks)
{
    char p[512];
    gp_dm_scan s;
    gp_error e;

    make_root();
    snprintf(p, sizeof p, "%s/" UUID ".000002/mysql_bin.000012", root);
    /* The mid-file copy: the dummy hides the header (no starting set, and
     * no refusal for it: resolve.c accounts for it), one hole, the
     * transactions from 1352 on, the upstream's Rotate at the end. */
    ck_assert_int_eq(gp_dm_scan_file(&s, p, NULL, GP_POS_END, &e), GTIDPOS_OK);
    ck_assert_int_eq(s.has_state, 0);
    ck_assert_uint_eq(s.n_holes, 1);
    ck_assert_uint_eq(s.holes[0].start, 123);
    ck_assert_uint_eq(s.holes[0].end, 1352);
    ck_assert_int_eq(s.holes[0].tail_follows, 0);
    ck_assert_uint_gt(s.n_txns, 0);
    ck_assert_uint_eq(s.txns[0].start, 1352);
    ck_assert_uint_eq(s.end, 6031);
    ck_assert_int_eq(s.rotates, 1);
    ck_assert_str_eq(s.next_name, "mysql_bin.000013");
    ck_assert_int_eq(s.open_at_end, 0);
    gp_dm_scan_free(&s);
    /* A position inside the hole is refused, the scan whole all the same;
     * one inside the magic says so. */
    ck_assert_int_eq(gp_dm_scan_file(&s, p, NULL, 200, &e), GTIDPOS_ERR_POSITION);
    ck_assert_uint_eq(s.n_holes, 1);
    ck_assert_uint_eq(s.end, 6031);
    gp_dm_scan_free(&s);
    ck_assert_int_eq(gp_dm_scan_file(&s, p, NULL, 2, &e), GTIDPOS_ERR_POSITION);
    ck_assert_msg(strstr(e.msg, "4-byte magic") != NULL, "%s", e.msg);
    gp_dm_scan_free(&s);
    /* The whole copy: its header's set was read. */
    snprintf(p, sizeof p, "%s/" UUID ".000001/mysql_bin.000011", root);
    ck_assert_int_eq(gp_dm_scan_file(&s, p, NULL, 1054, &e), GTIDPOS_OK);
    ck_assert_int_eq(s.has_state, 1);
    ck_assert_uint_eq(s.n_holes, 0);
    gp_dm_scan_free(&s);
    remove_root();
}
END_TEST

START_TEST(relay_at_after_hole)
{
    char p[512], *want, *got;
    gp_log log;
    gp_at_result before, after;
    gp_error e;

    make_root();
    snprintf(p, sizeof p, "%s/" UUID ".000002/mysql_bin.000012", root);
    /* Plain at still refuses the file (no hook takes the dummy). */
    ck_assert_int_eq(gp_log_open(&log, p, GTIDPOS_VERIFY_ALL, &e), GTIDPOS_OK);
    gp_at_result_init(&before);
    ck_assert_int_ne(gp_at(&log, 2510, NULL, &before, &e), GTIDPOS_OK);
    gp_at_result_free(&before);
    gp_log_close(&log);
    /* The walk after the hole, added to the set at its end, is the set of
     * the original file; 2575 is inside a transaction. */
    for (uint64_t pos = 2510; pos <= 2575; pos += 65) {
        gp_at_result_init(&after);
        ck_assert_int_eq(gp_dm_at_after_hole(p, pos, NULL, &after, &e), GTIDPOS_OK);
        gp_at_result_init(&before);
        ck_assert_int_eq(gp_log_open(&log, gp_test_path("mysql/kingbus/mysql_bin.000012"),
                                     GTIDPOS_VERIFY_ALL, &e), GTIDPOS_OK);
        ck_assert_int_eq(gp_at(&log, 1352, NULL, &before, &e), GTIDPOS_OK);
        gp_log_close(&log);
        ck_assert_int_eq(gp_at_result_union(&before, &after), GP_GTID_OK);
        want = original_at("mysql/kingbus/mysql_bin.000012", pos);
        got = gp_at_result_set_text(&before);
        ck_assert_str_eq(got, want);
        ck_assert_int_eq(after.inside, pos == 2575);
        ck_assert_int_eq(after.has_last, 1);
        free(got);
        free(want);
        gp_at_result_free(&before);
        gp_at_result_free(&after);
    }
    remove_root();
}
END_TEST

/* A MariaDB relay file whose Gtid_list carries LOG_EVENT_ARTIFICIAL_F (a
 * dump stream's): not the file's own starting set. */
START_TEST(relay_scan_artificial_state)
{
    char path[] = "/tmp/gp-check-artificial-XXXXXX";
    size_t n, off = 4;
    uint8_t *d = gp_test_slurp(gp_test_path("mariadb/mariadb-poc/domain_id_0/mariadb-repl-bin.000007"), &n);
    gp_dm_scan s;
    gp_error e;
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    close(fd);
    gp_test_write_file(path, d, n);
    ck_assert_int_eq(gp_dm_scan_file(&s, path, NULL, GP_POS_END, &e), GTIDPOS_OK);
    ck_assert_int_eq(s.has_state, 1);
    gp_dm_scan_free(&s);
    while (off + 19 <= n && d[off + 4] != 163) /* GTID_LIST_EVENT */
        off += d[off + 9] | d[off + 10] << 8 | (uint32_t)d[off + 11] << 16 |
               (uint32_t)d[off + 12] << 24;
    ck_assert_uint_lt(off + 19, n);
    {
        uint32_t size = d[off + 9] | d[off + 10] << 8 | (uint32_t)d[off + 11] << 16 |
                        (uint32_t)d[off + 12] << 24;
        d[off + 17] |= 0x20; /* LOG_EVENT_ARTIFICIAL_F */
        put32(d + off + size - 4, (uint32_t)crc32(0, d + off, size - 4));
    }
    gp_test_write_file(path, d, n);
    ck_assert_int_eq(gp_dm_scan_file(&s, path, NULL, GP_POS_END, &e), GTIDPOS_OK);
    ck_assert_int_eq(s.has_state, 0);
    ck_assert_int_eq(s.damaged, 0); /* the CRC32 was made right */
    ck_assert_uint_gt(s.n_txns, 0);
    gp_dm_scan_free(&s);
    unlink(path);
    free(d);
}
END_TEST

Suite *resolve_suite(void)
{
    Suite *s = suite_create("resolve");
    TCase *tc = tcase_create("resolve");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, checkpoint_names);
    tcase_add_test(tc, long_name);
    tcase_add_test(tc, relay_root_chaining);
    tcase_add_test(tc, relay_root_refusals);
    tcase_add_test(tc, binlog_dir);
    tcase_add_test(tc, meta_crosscheck);
    tcase_add_test(tc, relay_scan_hooks);
    tcase_add_test(tc, relay_at_after_hole);
    tcase_add_test(tc, relay_scan_artificial_state);
    suite_add_tcase(s, tc);
    return s;
}
