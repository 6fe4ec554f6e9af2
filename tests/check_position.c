/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_position.c - gp_at() on real files from testdata/, whole and
 * damaged: every truncation and single-bit flips must give an error or the
 * same answer as the intact file, never a different set.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "binlog/format.h"
#include "walk/position.h"
#include "binlog/walker.h"
#include "suites.h"
#include "testutil.h"

/* Real files of every kind the damage sweep covers (see testdata/PROVENANCE.md). */
static const char *const sweep_files[] = {
    "mysql/kingbus/mysql_bin.000012",                            /* 5.7 GTID, CRC32 */
    "mysql/rust_mysql_common/binlog_transaction_with_GTID_TAG.000001", /* 9.6 tagged */
    "mysql/rust_mysql_common/transaction_compression.000001",    /* 8.0 payload */
    "mysql/mysql_binlog_utils/mysql-bin56.000002",               /* 5.6 GTID */
    "mysql/mysql-binlog-connector-java/mysql-bin.checksum-none", /* no CRC */
    "mariadb/debian/mdev29078-mysql-bin.000001",                 /* MariaDB CRC32 */
    "mariadb/debian/rpl/master-bin-seq_10.3.36.000001",          /* MariaDB, in use */
    "old/debian/trunc_binlog.000001",                            /* 4.0, v3 */
};

#define MAX_BOUNDARIES 4096

/* The every-byte sweeps' stride: 1 in the tcase tagged exhaustive (make
 * test-full), SAMPLE_STEP in the sample tcase of the default make test
 * (7: the flipped bit, at * 7 % 8, still takes every value); set by each
 * tcase's fixture. */
#define SAMPLE_STEP 7
static size_t sweep_step = 1;
static void sweep_all(void) { sweep_step = 1; }
static void sweep_sample(void) { sweep_step = SAMPLE_STEP; }

/* The intact file: its event boundaries and the answer at each. */
typedef struct intact {
    const char *name;
    uint8_t *data;
    size_t size;
    size_t n;
    uint64_t boundary[MAX_BOUNDARIES];
    char *answer[MAX_BOUNDARIES]; /* NULL where gp_at fails on the intact file */
    uint64_t first_event_end;     /* end of the FDE */
    int crc32;
} intact;

/* Answer at pos over a private copy of len bytes (exactly len, so the
 * sanitizers see any read past the end).  Returns the set text or NULL on
 * error; *answered receives the position answered. */
static char *answer_at(const uint8_t *bytes, size_t len, uint64_t pos,
                       uint64_t *answered, gtidpos_status *code)
{
    uint8_t *copy = malloc(len ? len : 1);
    gp_log log;
    gp_error err;
    gp_at_result r;
    char *text = NULL;

    ck_assert(copy != NULL);
    memcpy(copy, bytes, len);
    gp_error_clear(&err);
    gp_at_result_init(&r);
    *code = gp_log_open_buffer(&log, "sweep", copy, len, GTIDPOS_VERIFY_ALL, &err);
    if (*code == GTIDPOS_OK)
        *code = gp_at(&log, pos, NULL, &r, &err);
    if (*code == GTIDPOS_OK) {
        text = gp_at_result_set_text(&r);
        ck_assert(text != NULL);
        *answered = r.pos;
    } else {
        /* An error always says what and where. */
        ck_assert_msg(err.msg[0] != '\0', "error %d without a message", *code);
    }
    gp_at_result_free(&r);
    gp_log_close(&log);
    free(copy);
    return text;
}

static void load_intact(intact *f, const char *name)
{
    gp_log log;
    gp_event ev;
    gp_error err;
    uint64_t answered;
    gtidpos_status code;

    memset(f, 0, sizeof *f);
    f->name = name;
    f->data = gp_test_slurp(gp_test_path(name), &f->size);
    ck_assert(gp_log_open_buffer(&log, name, f->data, f->size, GTIDPOS_VERIFY_ALL, &err) == GTIDPOS_OK);
    f->boundary[f->n++] = GP_BINLOG_MAGIC_LEN;
    while (gp_log_next(&log, &ev)) {
        ck_assert(f->n < MAX_BOUNDARIES);
        f->boundary[f->n++] = gp_event_end(&ev);
        if (f->first_event_end == 0)
            f->first_event_end = gp_event_end(&ev);
    }
    f->crc32 = log.first_fde.checksum_alg == GP_CHECKSUM_ALG_CRC32;
    gp_log_close(&log);
    for (size_t i = 0; i < f->n; i++)
        f->answer[i] = answer_at(f->data, f->size, f->boundary[i], &answered, &code);
}

static void free_intact(intact *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->answer[i]);
    free(f->data);
}

/* Index of the largest boundary <= pos. */
static size_t boundary_index_at_or_before(const intact *f, uint64_t pos)
{
    size_t i = 0;
    while (i + 1 < f->n && f->boundary[i + 1] <= pos)
        i++;
    return i;
}

static const char *intact_answer_at(const intact *f, uint64_t pos)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->boundary[i] == pos)
            return f->answer[i];
    ck_abort_msg("%s: %llu is not a boundary of the intact file", f->name,
                 (unsigned long long)pos);
    return NULL;
}

static void check_same_or_error(const intact *f, const char *got, uint64_t answered,
                                const char *what, size_t at)
{
    const char *want;

    if (got == NULL)
        return;
    want = intact_answer_at(f, answered);
    ck_assert_msg(want != NULL && strcmp(got, want) == 0,
                  "%s: %s %zu: answered '%s' at %llu, intact file says '%s'", f->name,
                  what, at, got, (unsigned long long)answered, want ? want : "(error)");
}

/* The intact file: every boundary answers, every non-boundary is refused. */
START_TEST(test_boundaries_of_real_files)
{
    intact f;
    uint64_t answered;
    gtidpos_status code;

    load_intact(&f, sweep_files[_i]);
    for (size_t i = 0; i < f.n; i++)
        ck_assert_msg(f.answer[i] != NULL, "%s: no answer at boundary %llu", f.name,
                      (unsigned long long)f.boundary[i]);
    for (size_t i = 0; i + 1 < f.n; i++) {
        uint64_t mid = f.boundary[i] + 1;
        if (mid < f.boundary[i + 1]) {
            char *got = answer_at(f.data, f.size, mid, &answered, &code);
            ck_assert_msg(got == NULL && code == GTIDPOS_ERR_POSITION,
                          "%s: position %llu inside an event was accepted", f.name,
                          (unsigned long long)mid);
        }
    }
    {
        char *end = answer_at(f.data, f.size, GP_POS_END, &answered, &code);
        ck_assert(end != NULL);
        ck_assert_uint_eq(answered, f.size);
        ck_assert_str_eq(end, f.answer[f.n - 1]);
        free(end);
    }
    ck_assert(answer_at(f.data, f.size, f.size + 1, &answered, &code) == NULL);
    ck_assert_int_eq(code, GTIDPOS_ERR_POSITION);
    ck_assert(answer_at(f.data, f.size, 3, &answered, &code) == NULL);
    ck_assert_int_eq(code, GTIDPOS_ERR_POSITION);
    free_intact(&f);
}
END_TEST

/* Cut the file at every byte: the end-of-file answer and the answers at
 * boundaries before the cut are the intact ones, or an error. */
START_TEST(test_every_truncation)
{
    intact f;

    load_intact(&f, sweep_files[_i]);
    for (size_t len = 0; len < f.size; len += sweep_step) {
        size_t last = boundary_index_at_or_before(&f, len);
        uint64_t probes[3] = {GP_POS_END, f.boundary[last], f.boundary[len % (last + 1)]};
        for (int k = 0; k < 3; k++) {
            uint64_t answered = 0;
            gtidpos_status code;
            char *got = answer_at(f.data, len, probes[k], &answered, &code);
            if (got != NULL)
                ck_assert_msg(answered <= len, "%s: cut at %zu answered at %llu",
                              f.name, len, (unsigned long long)answered);
            check_same_or_error(&f, got, answered, "cut at", len);
            free(got);
        }
    }
    free_intact(&f);
}
END_TEST

/* Flip one bit in every byte.  Positions before the damaged byte keep
 * their answers or fail; with CRC32 every position after the damaged
 * event (past the FDE, whose in-use bit is not covered by design) must
 * fail. */
START_TEST(test_single_bit_flips)
{
    intact f;
    uint8_t *damaged;

    load_intact(&f, sweep_files[_i]);
    damaged = malloc(f.size);
    ck_assert(damaged != NULL);
    for (size_t at = 0; at < f.size; at += sweep_step) {
        size_t before = boundary_index_at_or_before(&f, at);
        uint64_t probes[3] = {GP_POS_END, f.boundary[before], f.boundary[at % f.n]};

        memcpy(damaged, f.data, f.size);
        damaged[at] ^= (uint8_t)(1u << (at * 7 % 8));
        for (int k = 0; k < 3; k++) {
            uint64_t answered = 0;
            gtidpos_status code;
            char *got = answer_at(damaged, f.size, probes[k], &answered, &code);
            int detectable = f.crc32 && at >= f.first_event_end;

            if (got == NULL)
                continue;
            if (answered <= f.boundary[before])
                check_same_or_error(&f, got, answered, "flip at", at);
            else if (detectable)
                ck_abort_msg("%s: bit flip at %zu not detected at position %llu "
                             "(answered '%s')", f.name, at,
                             (unsigned long long)answered, got);
            free(got);
        }
    }
    free(damaged);
    free_intact(&f);
}
END_TEST

/* Answer at pos by reading a file through one of the file sources. */
static char *answer_from_file(const char *path, uint64_t pos, gtidpos_io io, size_t window,
                              uint64_t *answered)
{
    gp_log log;
    gp_error err;
    gp_at_result r;
    char *text = NULL;

    gp_at_result_init(&r);
    if (gp_log_open_io(&log, path, GTIDPOS_VERIFY_ALL, io, window, &err) == GTIDPOS_OK &&
        gp_at(&log, pos, NULL, &r, &err) == GTIDPOS_OK) {
        text = gp_at_result_set_text(&r);
        ck_assert(text != NULL);
        *answered = r.pos;
    }
    gp_at_result_free(&r);
    gp_log_close(&log);
    return text;
}

/* Every source gives the buffer's answers: read() with the default window,
 * with windows smaller than the events (streamed, partial events), on the
 * reader thread and inline, and mmap. */
START_TEST(test_sources_agree)
{
    static const struct {
        gtidpos_io io;
        size_t window;
    } sources[] = {{GTIDPOS_IO_READ, 0},        {GTIDPOS_IO_READ, 64},       {GTIDPOS_IO_READ, 97},
                   {GTIDPOS_IO_READ, 300},      {GTIDPOS_IO_MMAP, 0},        {GTIDPOS_IO_INLINE, 0},
                   {GTIDPOS_IO_INLINE, 64}, {GTIDPOS_IO_INLINE, 97}};
    char path[] = "/tmp/gtidpos-check-XXXXXX";
    intact f;
    int fd = mkstemp(path);

    ck_assert(fd >= 0);
    close(fd);
    load_intact(&f, sweep_files[_i]);
    gp_test_write_file(path, f.data, f.size);
    for (size_t k = 0; k < sizeof sources / sizeof sources[0]; k++) {
        for (size_t i = 0; i <= f.n; i++) {
            uint64_t pos = i < f.n ? f.boundary[i] : GP_POS_END, answered = 0;
            char *got = answer_from_file(path, pos, sources[k].io, sources[k].window, &answered);
            ck_assert_msg(got != NULL, "%s: source %zu gave no answer at %llu", f.name, k,
                          (unsigned long long)pos);
            check_same_or_error(&f, got, answered, "source", k);
            free(got);
        }
    }
    /* Truncated copies through a small window: same answer or an error. */
    for (size_t len = 0; len < f.size; len += 1 + len / 64) {
        uint64_t answered = 0;
        char *got;

        gp_test_write_file(path, f.data, len);
        got = answer_from_file(path, GP_POS_END, GTIDPOS_IO_READ, 97, &answered);
        if (got != NULL)
            ck_assert_msg(answered <= len, "%s: cut at %zu answered at %llu", f.name, len,
                          (unsigned long long)answered);
        check_same_or_error(&f, got, answered, "streamed cut at", len);
        free(got);
        /* the same read inline, into one buffer (tail moved before each read) */
        got = answer_from_file(path, GP_POS_END, GTIDPOS_IO_INLINE, 97, &answered);
        if (got != NULL)
            ck_assert_msg(answered <= len, "%s: inline cut at %zu answered at %llu", f.name,
                          len, (unsigned long long)answered);
        check_same_or_error(&f, got, answered, "inline cut at", len);
        free(got);
    }
    unlink(path);
    free_intact(&f);
}
END_TEST

/* --flavor: the file's own flavour gives the default answer; the other
 * one is refused (its GTID state event is missing), never answered. */
START_TEST(test_flavor_override)
{
    static const struct {
        const char *file;
        gtidpos_flavor own, other;
    } cases[] = {
        {"mariadb/debian/mdev29078-mysql-bin.000001", GTIDPOS_FLAVOR_MARIADB, GTIDPOS_FLAVOR_MYSQL},
        {"mysql/kingbus/mysql_bin.000012", GTIDPOS_FLAVOR_MYSQL, GTIDPOS_FLAVOR_MARIADB},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len;
        uint8_t *data = gp_test_slurp(gp_test_path(cases[i].file), &len);
        char *answers[2];
        gtidpos_status codes[2];
        const gtidpos_flavor flavors[2] = {cases[i].own, cases[i].other};

        for (int k = 0; k < 2; k++) {
            gp_at_options opt = {flavors[k]};
            gp_log log;
            gp_error err;
            gp_at_result r;

            gp_at_result_init(&r);
            ck_assert(gp_log_open_buffer(&log, "f", data, len, GTIDPOS_VERIFY_ALL, &err) == GTIDPOS_OK);
            codes[k] = gp_at(&log, GP_POS_END, &opt, &r, &err);
            answers[k] = codes[k] == GTIDPOS_OK ? gp_at_result_set_text(&r) : NULL;
            if (codes[k] != GTIDPOS_OK)
                ck_assert_msg(strstr(err.msg, "--flavor") != NULL, "%s", err.msg);
            gp_at_result_free(&r);
            gp_log_close(&log);
        }
        ck_assert_int_eq(codes[0], GTIDPOS_OK);
        ck_assert_int_eq(codes[1], GTIDPOS_ERR_NO_GTID_INFO);
        ck_assert_str_ne(answers[0], "");
        free(answers[0]);
        free(data);
    }
}
END_TEST

/* An event type no server we know writes (Aurora's type 100) is skipped by
 * its length and named in the warnings, once. */
START_TEST(test_unknown_event_type_warns)
{
    size_t len;
    uint8_t *data = gp_test_slurp(gp_test_path("mysql/mysql-binlog-connector-java/mysql-bin.aurora-padding"), &len);
    gp_log log;
    gp_error err;
    gp_at_result r;
    int found = 0;

    gp_at_result_init(&r);
    ck_assert(gp_log_open_buffer(&log, "aurora", data, len, GTIDPOS_VERIFY_ALL, &err) == GTIDPOS_OK);
    ck_assert_int_eq(gp_at(&log, GP_POS_END, NULL, &r, &err), GTIDPOS_OK);
    for (int i = 0; i < r.n_warnings; i++)
        found += strstr(r.warnings[i], "unknown event type 100 at offset 281") != NULL;
    ck_assert_int_eq(found, 1);
    ck_assert_uint_eq(r.pos, len);
    gp_at_result_free(&r);
    gp_log_close(&log);
    free(data);
}
END_TEST

/* Replace the bytes [from, to) of a CRC32 binlog by one DM dummy event of
 * the same size (a User_var "!dummyvar" flagged LOG_EVENT_RELAY_LOG_F). */
static void fill_hole(uint8_t *data, uint32_t from, uint32_t to)
{
    uint32_t size = to - from;
    uint8_t *p = data + from;

    ck_assert_uint_ge(size, 19 + 4 + 9 + 4);
    memset(p, 0, size);
    p[4] = 14; /* USER_VAR */
    p[5] = 1;  /* server id 1 */
    memcpy(p + 9, &size, 4);
    memcpy(p + 13, &to, 4);
    p[17] = 0x40; /* LOG_EVENT_RELAY_LOG_F */
    p[19] = 9;
    memcpy(p + 23, "!dummyvar", 9);
    {
        uint32_t crc = (uint32_t)crc32(0L, p, size - 4);
        memcpy(p + size - 4, &crc, 4);
    }
}

/* A DM relay-log hole before the position: refused, never answered
 * without the GTIDs it hides; positions before it still answer. */
START_TEST(test_dm_hole_refused)
{
    intact f;
    uint8_t *holed;
    size_t k;

    load_intact(&f, "mysql/kingbus/mysql_bin.000012");
    ck_assert(f.crc32);
    /* a hole over the events between two boundaries in the middle */
    k = f.n / 2;
    holed = malloc(f.size);
    ck_assert(holed != NULL);
    memcpy(holed, f.data, f.size);
    fill_hole(holed, (uint32_t)f.boundary[k], (uint32_t)f.boundary[k + 3]);
    for (size_t i = 0; i < f.n; i++) {
        uint64_t answered;
        gtidpos_status code;
        char *got = answer_at(holed, f.size, f.boundary[i], &answered, &code);

        if (i <= k) {
            ck_assert_msg(got != NULL, "no answer at %llu before the hole",
                          (unsigned long long)f.boundary[i]);
            ck_assert_str_eq(got, f.answer[i]);
        } else if (i >= k + 3) {
            ck_assert_msg(got == NULL && code == GTIDPOS_ERR_NO_GTID_INFO,
                          "answered at %llu after a DM hole", (unsigned long long)f.boundary[i]);
        }
        free(got);
    }
    free(holed);
    free_intact(&f);
}
END_TEST

Suite *position_suite(void)
{
    Suite *s = suite_create("position");
    TCase *tc = tcase_create("real-files");
    /* Quadratic in the file size: tagged so that make valgrind, where they
     * would take most of its budget, can leave them out (CK_EXCLUDE_TAGS). */
    TCase *every = tcase_create("every-byte");
    /* make test: every SAMPLE_STEP-th byte (make test-full: every-byte) */
    TCase *sample = tcase_create("byte-sample");
    int n = (int)(sizeof sweep_files / sizeof sweep_files[0]);

    tcase_set_timeout(tc, 300);
    tcase_set_timeout(every, 300);
    tcase_set_tags(every, "exhaustive");
    tcase_add_checked_fixture(every, sweep_all, NULL);
    tcase_add_loop_test(tc, test_boundaries_of_real_files, 0, n);
    tcase_add_loop_test(tc, test_sources_agree, 0, n);
    tcase_add_loop_test(every, test_every_truncation, 0, n);
    tcase_add_loop_test(every, test_single_bit_flips, 0, n);
    suite_add_tcase(s, every);
    tcase_set_timeout(sample, 120);
    tcase_add_checked_fixture(sample, sweep_sample, NULL);
    tcase_add_loop_test(sample, test_every_truncation, 0, n);
    tcase_add_loop_test(sample, test_single_bit_flips, 0, n);
    suite_add_tcase(s, sample);
    tcase_add_test(tc, test_flavor_override);
    tcase_add_test(tc, test_unknown_event_type_warns);
    tcase_add_test(tc, test_dm_hole_refused);
    suite_add_tcase(s, tc);
    return s;
}
