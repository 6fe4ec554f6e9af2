/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_position_split.c - `at` with two threads (position_split.h) gives
 * exactly the answer of the ordinary one-thread walk: the same set, last
 * transaction, open transaction, warnings, or the same error, at every
 * event boundary of every binlog in testdata/, whole, cut and with flipped
 * bits, whether or not the caller takes a share of the far walk's part.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "binlog/format.h"
#include "walk/position.h"
#include "walk/position_split.h"
#include "binlog/walker.h"
#include "answer_text.h"
#include "suites.h"
#include "testutil.h"

static int walks_seen[4];

/* The sweeps' stride: 1 in the tcase tagged exhaustive (make test-full),
 * SAMPLE_STEP in the sample tcase of the default make test; set by each
 * tcase's fixture. */
#define SAMPLE_STEP 13
static size_t sweep_step = 1;
static void sweep_all(void) { sweep_step = 1; }
static void sweep_sample(void) { sweep_step = SAMPLE_STEP; }

/* Every file is split (what the environment's GTIDPOS_SPLIT_MIN=0 did
 * before the library stopped reading it). */
static const gp_log_tuning split_all = {0, NULL, NULL};

static char *answer(const char *path, uint64_t pos, gtidpos_io io)
{
    gp_log log;
    gp_error err;
    int walks;
    char *text;

    gp_error_clear(&err);
    text = gp_test_at_text(&log, gp_log_open_tuned(&log, path, GTIDPOS_VERIFY_ALL, io, 0, &split_all, &err), &err,
                           pos, &walks);
    ck_assert(text != NULL);
    if (walks >= 1 && walks <= 3)
        walks_seen[walks]++;
    return text;
}

/* The file's event boundaries (as far as it frames), and the end. */
static size_t boundaries(const char *path, uint64_t **out)
{
    size_t n = 0, cap = 64;
    uint64_t *b = malloc(cap * sizeof *b);
    gp_log log;
    gp_event ev;
    gp_error err;

    ck_assert(b != NULL);
    b[n++] = GP_BINLOG_MAGIC_LEN;
    if (gp_log_open(&log, path, GTIDPOS_VERIFY_NONE, &err) == GTIDPOS_OK) {
        while (gp_log_next(&log, &ev)) {
            if (n + 2 > cap) {
                cap *= 2;
                b = realloc(b, cap * sizeof *b);
                ck_assert(b != NULL);
            }
            b[n++] = gp_event_end(&ev);
        }
    }
    gp_log_close(&log);
    b[n++] = GP_POS_END;
    *out = b;
    return n;
}

/* Compare the two walks at every boundary (every step-th of a long file;
 * sweep_step times that in the sample) and at a position inside an event. */
static void compare_file(const char *path, size_t step)
{
    uint64_t *b;
    size_t n = boundaries(path, &b);

    step *= sweep_step;

    for (size_t i = 0; i < n; i++) {
        uint64_t pos = b[i];
        if (i % step != 0 && i + 1 != n)
            continue;
        for (int inside = 0; inside < 2; inside++) {
            char *one, *two;
            if (inside && (pos == GP_POS_END || i + 1 >= n || b[i + 1] == GP_POS_END ||
                           b[i + 1] - pos < 2))
                continue;
            one = answer(path, pos + (uint64_t)inside, GTIDPOS_IO_READ);
            two = answer(path, pos + (uint64_t)inside, GTIDPOS_IO_DEFAULT);
            ck_assert_msg(strcmp(one, two) == 0, "%s at %llu:\n one thread: %s\n two: %s",
                          path, (unsigned long long)(pos + (uint64_t)inside), one, two);
            free(one);
            free(two);
        }
    }
    free(b);
}

static int is_binlog_file(const char *path)
{
    unsigned char magic[4];
    FILE *f = fopen(path, "rb");
    int yes;

    if (f == NULL)
        return 0;
    yes = fread(magic, 1, 4, f) == 4 && memcmp(magic, GP_BINLOG_MAGIC, 4) == 0;
    fclose(f);
    return yes;
}

/* Every binlog under dir (recursively): compare. */
static size_t compare_tree(const char *dir, size_t step)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    size_t files = 0;

    ck_assert_msg(d != NULL, "cannot open %s", dir);
    while ((de = readdir(d)) != NULL) {
        char path[4096];
        struct stat st;

        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (lstat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            files += compare_tree(path, step);
        } else if (S_ISREG(st.st_mode) && is_binlog_file(path)) {
            compare_file(path, st.st_size > (64 << 10) ? 8 * step : step);
            files++;
        }
    }
    closedir(d);
    return files;
}

static void split_everything(void)
{
    /* split_all: every answer() splits */
}

/* Whole files; both with the far walk free to run ahead and held back so
 * that the caller always takes a share of its part. */
START_TEST(test_whole_files_agree)
{
    size_t files;

    split_everything();
    gp_split_hold_far_walk = _i;
    memset(walks_seen, 0, sizeof walks_seen);
    files = compare_tree(gp_test_path(""), 1);
    ck_assert_msg(files >= 60, "only %zu binlogs under testdata", files);
    /* the split was really taken, and (held) the share too */
    ck_assert_msg(walks_seen[2] + walks_seen[3] > 1000 / (int)sweep_step,
                  "split answers: %d + %d", walks_seen[2], walks_seen[3]);
    if (_i)
        ck_assert_msg(walks_seen[3] > 1000 / (int)sweep_step, "answers with a share: %d",
                      walks_seen[3]);
}
END_TEST

/* Damaged copies of real files: cut, and with bits flipped (the file
 * without checksums turns flips into odd lengths and unknown types). */
START_TEST(test_damaged_files_agree)
{
    static const char *const files[] = {
        "mysql/kingbus/mysql_bin.000012",
        "mysql/mysql-binlog-connector-java/mysql-bin.checksum-none",
        "mariadb/debian/mdev29078-mysql-bin.000001",
        "mysql/rust_mysql_common/transaction_compression.000001",
    };
    char path[] = "/tmp/gtidpos-split-XXXXXX";
    uint64_t rng = 0x5eed5117 + (uint64_t)_i;
    size_t len;
    uint8_t *data = gp_test_slurp(gp_test_path(files[_i / 2]), &len);
    int fd = mkstemp(path);

    ck_assert(fd >= 0);
    close(fd);
    split_everything();
    gp_split_hold_far_walk = _i % 2;
    for (int round = 0; round < 12; round++) {
        uint8_t *copy = malloc(len);
        size_t cut = len;

        ck_assert(copy != NULL);
        memcpy(copy, data, len);
        if (round % 3 == 0)
            cut = len / 2 + gp_test_rng_next(&rng) % (len / 2);
        else
            for (int k = 0; k <= round % 3; k++) {
                size_t at = len / 3 + gp_test_rng_next(&rng) % (len - len / 3);
                copy[at] ^= (uint8_t)(1u << (gp_test_rng_next(&rng) % 8));
            }
        gp_test_write_file(path, copy, cut);
        compare_file(path, 1);
        free(copy);
    }
    unlink(path);
    free(data);
}
END_TEST

Suite *position_split_suite(void)
{
    Suite *s = suite_create("position_split");
    /* Every boundary: make test-full (tagged exhaustive, left out of make
     * test and make valgrind); every SAMPLE_STEP-th: make test. */
    TCase *tc = tcase_create("agree");
    TCase *sample = tcase_create("agree-sample");

    tcase_set_timeout(tc, 600);
    tcase_set_tags(tc, "exhaustive");
    tcase_add_checked_fixture(tc, sweep_all, NULL);
    tcase_add_loop_test(tc, test_whole_files_agree, 0, 2);
    tcase_add_loop_test(tc, test_damaged_files_agree, 0, 8);
    suite_add_tcase(s, tc);
    tcase_set_timeout(sample, 120);
    tcase_add_checked_fixture(sample, sweep_sample, NULL);
    tcase_add_loop_test(sample, test_whole_files_agree, 0, 2);
    tcase_add_loop_test(sample, test_damaged_files_agree, 0, 8);
    suite_add_tcase(s, sample);
    return s;
}
