/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_logdir.c - tests for src/binlog/logdir.c: the log files of a
 * directory in log order.  Each test builds a directory under $TMPDIR
 * with empty files named like a server's (the content is not read).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "binlog/logdir.h"
#include "suites.h"

static char dir[PATH_MAX];

static void make_dir(void)
{
    const char *tmp = getenv("TMPDIR");

    snprintf(dir, sizeof dir, "%s/gp-logdir-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void touch(const char *name, const char *content)
{
    char path[PATH_MAX + 64];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    if (content != NULL)
        fputs(content, f);
    fclose(f);
}

static void remove_dir(void)
{
    char cmd[PATH_MAX + 16];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* The listed base names, ' '-joined. */
static const char *names(const gp_logdir *d)
{
    static char buf[1024];
    size_t len = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < d->n; i++) {
        const char *slash = strrchr(d->paths[i], '/');
        ck_assert_ptr_nonnull(slash);
        ck_assert_int_eq(strncmp(d->paths[i], dir, strlen(dir)), 0);
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? " " : "", slash + 1);
    }
    return buf;
}

START_TEST(numeric_order_not_name_order)
{
    gp_logdir d;
    gp_error e;

    make_dir();
    touch("bin.000010", NULL);
    touch("bin.000009", NULL);
    touch("bin.000100", NULL);
    touch("bin.9", NULL); /* same number as 000009: name breaks the tie */
    touch("notes.txt", NULL);
    touch("bin", NULL);
    ck_assert_int_eq(gp_logdir_list(&d, dir, &e), GTIDPOS_OK);
    ck_assert_int_eq(d.from_index, 0);
    ck_assert_str_eq(names(&d), "bin.000009 bin.9 bin.000010 bin.000100");
    gp_logdir_free(&d);
    remove_dir();
}
END_TEST

START_TEST(compressed_copies_keep_their_number)
{
    gp_logdir d;
    gp_error e;

    make_dir();
    touch("relay.000003.zst", NULL);
    touch("relay.000002.gz", NULL);
    touch("relay.000002", NULL);
    touch("relay.000001", NULL);
    ck_assert_int_eq(gp_logdir_list(&d, dir, &e), GTIDPOS_OK);
    ck_assert_str_eq(names(&d), "relay.000001 relay.000002 relay.000002.gz relay.000003.zst");
    gp_logdir_free(&d);
    remove_dir();
}
END_TEST

START_TEST(index_order_wins_with_dot_slash_and_absolute_paths)
{
    gp_logdir d;
    gp_error e;

    make_dir();
    touch("bin.000001", NULL);
    touch("bin.000002", NULL);
    touch("bin.000003", NULL);
    /* An index written on the server: its paths are not ours. */
    touch("bin.index", "./bin.000003\n/var/lib/mysql/bin.000001\r\n\nbin.000002\n");
    ck_assert_int_eq(gp_logdir_list(&d, dir, &e), GTIDPOS_OK);
    ck_assert_int_eq(d.from_index, 1);
    ck_assert_str_eq(names(&d), "bin.000003 bin.000001 bin.000002");
    gp_logdir_free(&d);
    remove_dir();
}
END_TEST

START_TEST(index_naming_a_missing_file)
{
    gp_logdir d;
    gp_error e;

    make_dir();
    touch("bin.000001", NULL);
    touch("bin.index", "./bin.000001\n./bin.000002\n");
    ck_assert_int_eq(gp_logdir_list(&d, dir, &e), GTIDPOS_ERR_IO);
    ck_assert_ptr_nonnull(strstr(e.msg, "bin.000002"));
    ck_assert_ptr_nonnull(strstr(e.msg, "line 2"));
    ck_assert_ptr_nonnull(strstr(e.file, "bin.index"));
    ck_assert_ptr_null(d.paths);
    remove_dir();
}
END_TEST

START_TEST(several_index_files_are_ambiguous)
{
    gp_logdir d;
    gp_error e;

    make_dir();
    touch("bin.000001", NULL);
    touch("bin.index", "./bin.000001\n");
    touch("relay.index", "./bin.000001\n");
    ck_assert_int_eq(gp_logdir_list(&d, dir, &e), GTIDPOS_ERR_PARSE);
    ck_assert_ptr_nonnull(strstr(e.msg, "2 *.index files"));
    remove_dir();
}
END_TEST

START_TEST(empty_directory_and_empty_index)
{
    gp_logdir d;
    gp_error e;

    make_dir();
    ck_assert_int_eq(gp_logdir_list(&d, dir, &e), GTIDPOS_ERR_IO);
    ck_assert_ptr_nonnull(strstr(e.msg, "no log file"));
    touch("bin.index", "");
    ck_assert_int_eq(gp_logdir_list(&d, dir, &e), GTIDPOS_ERR_IO);
    ck_assert_ptr_nonnull(strstr(e.msg, "lists no file"));
    remove_dir();
    ck_assert_int_eq(gp_logdir_list(&d, dir, &e), GTIDPOS_ERR_IO); /* gone */
}
END_TEST

START_TEST(trailing_slashes_make_no_double_slash)
{
    char with_slashes[PATH_MAX + 2];
    gp_logdir d;
    gp_error e;

    make_dir();
    touch("bin.000001", NULL);
    snprintf(with_slashes, sizeof with_slashes, "%s//", dir);
    ck_assert_int_eq(gp_logdir_list(&d, with_slashes, &e), GTIDPOS_OK);
    ck_assert_int_eq(d.n, 1);
    ck_assert_ptr_null(strstr(d.paths[0], "//"));
    ck_assert_str_eq(strrchr(d.paths[0], '/') + 1, "bin.000001");
    ck_assert_int_eq(strncmp(d.paths[0], dir, strlen(dir)), 0);
    gp_logdir_free(&d);
    remove_dir();
}
END_TEST

START_TEST(seq_of_names)
{
    static const struct {
        const char *name;
        long long seq;
        size_t base_len;
    } cases[] = {
        {"mysql-bin.000123", 123, 9},
        {"relay.000007.gz", 7, 5},
        {"relay.000007.zst", 7, 5},
        {"a.1", 1, 1},
        {"bin.000000", 0, 3},
        {"bin.", -1, 0},
        {".000001", -1, 0},
        {"bin000001", -1, 0},
        {"bin.0000001234567890123", -1, 0}, /* 19 digits: refused, no overflow */
        {"bin.12a", -1, 0},
        {"bin.000001.bz2", -1, 0},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t base = 0;
        long long seq = gp_logdir_seq(cases[i].name, &base);
        ck_assert_msg(seq == cases[i].seq, "%s: %lld", cases[i].name, seq);
        if (seq >= 0)
            ck_assert_msg(base == cases[i].base_len, "%s: base %zu", cases[i].name, base);
    }
}
END_TEST

Suite *logdir_suite(void)
{
    Suite *s = suite_create("logdir");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, numeric_order_not_name_order);
    tcase_add_test(tc, compressed_copies_keep_their_number);
    tcase_add_test(tc, index_order_wins_with_dot_slash_and_absolute_paths);
    tcase_add_test(tc, index_naming_a_missing_file);
    tcase_add_test(tc, several_index_files_are_ambiguous);
    tcase_add_test(tc, empty_directory_and_empty_index);
    tcase_add_test(tc, trailing_slashes_make_no_double_slash);
    tcase_add_test(tc, seq_of_names);
    suite_add_tcase(s, tc);
    return s;
}
