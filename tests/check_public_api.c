/* SPDX-License-Identifier: BSD-2-Clause */
/* check_public_api.c - the public API (include/gtidpos.h) against the
 * internal walk it wraps: at every boundary of real binlogs, with every
 * verify and io option, the public answer says what gp_at() says. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gtidpos.h"

#include "walk/position.h"
#include "walk/verify.h"
#include "binlog/walker.h"
#include "emit/emit.h"
#include "suites.h"
#include "testutil.h"

static const char *const files[] = {
    "mysql/kingbus/mysql_bin.000012",
    "mariadb/tiflow/mysql-bin.000001",
    "mysql/kingbus/relay/flikedev1-c8pyy-relay-bin.000286",
    "corrupt/crc-body.binlog",
};

/* The offset sweeps' stride: every offset in the tcase tagged exhaustive
 * (make test-full); in the sample tcase of the default make test, every
 * event boundary, the byte after it, the end, and every SAMPLE_STEP-th
 * offset (7 is prime to the 9 option pairs taken in turn).  Set by each
 * tcase's fixture. */
#define SAMPLE_STEP 7
static uint64_t sweep_step = 1;
static void sweep_all(void) { sweep_step = 1; }
static void sweep_sample(void) { sweep_step = SAMPLE_STEP; }

/* The event ends of path as the walker frames them (and 4), ascending. */
static size_t sweep_bounds(const char *path, uint64_t *bounds, size_t cap)
{
    size_t n = 0;
    gp_log log;
    gp_event ev;
    gp_error e;

    gp_error_clear(&e);
    bounds[n++] = 4;
    if (gp_log_open(&log, path, GTIDPOS_VERIFY_NONE, &e) == GTIDPOS_OK)
        while (n < cap && gp_log_next(&log, &ev))
            bounds[n++] = gp_event_end(&ev);
    gp_log_close(&log);
    return n;
}

/* Whether the sweep takes pos (bounds: sweep_bounds; *b: a cursor). */
static int sweep_takes(uint64_t pos, uint64_t len, const uint64_t *bounds, size_t n, size_t *b)
{
    if (sweep_step == 1 || pos % sweep_step == 0 || pos >= len)
        return 1;
    while (*b < n && bounds[*b] + 1 < pos)
        (*b)++;
    return *b < n && (bounds[*b] == pos || bounds[*b] + 1 == pos);
}

/* The internal answer's JSON line (what gtidpos_set_format_json must
 * return, without its newline), or "error CODE: MESSAGE". */
static char *internal_answer(const char *path, uint64_t pos, gtidpos_verify verify, gtidpos_io io,
                             gtidpos_flavor flavor)
{
    gp_log log;
    gp_at_result r;
    gp_error e;
    gp_at_options opt = {flavor};
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    gtidpos_status rc;

    ck_assert_ptr_nonnull(out);
    gp_error_clear(&e);
    gp_at_result_init(&r);
    rc = gp_log_open_io(&log, path, verify, io, 0, &e);
    if (rc == GTIDPOS_OK)
        rc = gp_at(&log, pos, &opt, &r, &e);
    if (rc == GTIDPOS_OK) {
        ck_assert_int_eq(gp_emit_at_json(out, path, &r), 0);
        for (int i = 0; i < r.n_warnings; i++)
            fprintf(out, "warning %s\n", r.warnings[i]);
    } else {
        fprintf(out, "error %d: %s: offset %lld: %s\n", (int)rc, e.file, (long long)e.offset,
                e.msg);
    }
    gp_at_result_free(&r);
    gp_log_close(&log);
    ck_assert_int_eq(fclose(out), 0);
    return text;
}

static char *public_answer(const char *path, uint64_t pos, const gtidpos_options *opt)
{
    gtidpos_log *log = NULL;
    gtidpos_set *set = NULL;
    GP_TEST_ERROR(err);
    char *text = NULL, *json;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);

    ck_assert_ptr_nonnull(out);
    if (gtidpos_open(&log, path, opt, err) == GTIDPOS_OK &&
        gtidpos_at(log, pos, &set, err) == GTIDPOS_OK) {
        const char *gtid = NULL;
        uint64_t start = 0, end = 0;
        ck_assert_ptr_nonnull(json = gtidpos_set_format_json(set, path));
        fprintf(out, "%s\n", json);
        free(json);
        for (size_t i = 0; i < gtidpos_set_warning_count(set); i++)
            fprintf(out, "warning %s\n", gtidpos_set_warning(set, i));
        ck_assert_ptr_null(gtidpos_set_warning(set, gtidpos_set_warning_count(set)));
        ck_assert_int_eq(fflush(out), 0); /* text is valid from here */
        /* the accessors agree with the JSON object they are printed in */
        if (gtidpos_set_last_transaction(set, &gtid, &start, &end)) {
            char want[200];
            snprintf(want, sizeof want, "\"last_gtid_start\":%llu,\"last_gtid_end\":%llu",
                     (unsigned long long)start, (unsigned long long)end);
            ck_assert_msg(strstr(text, want) != NULL, "%s lacks %s", text, want);
            ck_assert_uint_le(end, gtidpos_set_position(set));
        }
        ck_assert_int_eq(gtidpos_set_open_transaction(set, NULL, NULL) != 0,
                         strstr(text, "\"inside_transaction\":true") != NULL);
        ck_assert_msg(strstr(text, gtidpos_set_server_version(set)) != NULL, "%s", text);
    } else {
        ck_assert_ptr_null(set);
        fprintf(out, "error %d: %s\n", (int)gtidpos_error_code(err), gtidpos_error_line(err));
    }
    gtidpos_set_free(set);
    gtidpos_close(log);
    ck_assert_int_eq(fclose(out), 0);
    return text;
}

/* The internal error line in the public form "FILE: offset N: MESSAGE". */
static void assert_same(const char *internal, const char *pub, const char *what)
{
    if (strncmp(internal, "error ", 6) == 0) {
        /* "error C: FILE: offset N: M" both; offset -1 is left out publicly */
        char *fixed = strdup(internal), *p = strstr(fixed, ": offset -1");
        if (p != NULL)
            memmove(p, p + 11, strlen(p + 11) + 1);
        ck_assert_msg(strcmp(fixed, pub) == 0, "%s: internal [%s] public [%s]", what, fixed,
                      pub);
        free(fixed);
        return;
    }
    ck_assert_msg(strcmp(internal, pub) == 0, "%s: internal [%s] public [%s]", what, internal,
                  pub);
}

START_TEST(test_every_boundary_every_option)
{
    static const gtidpos_verify verifies[] = {GTIDPOS_VERIFY_ALL, GTIDPOS_VERIFY_GTID, GTIDPOS_VERIFY_NONE};
    static const gtidpos_verify pub_verifies[] = {GTIDPOS_VERIFY_ALL, GTIDPOS_VERIFY_GTID,
                                                  GTIDPOS_VERIFY_NONE};
    static const gtidpos_io ios[] = {GTIDPOS_IO_DEFAULT, GTIDPOS_IO_READ, GTIDPOS_IO_MMAP};
    static const gtidpos_io pub_ios[] = {GTIDPOS_IO_DEFAULT, GTIDPOS_IO_READ, GTIDPOS_IO_MMAP};
    const char *path = gp_test_path(files[_i]);
    size_t len, answers = 0, nb, cur = 0;
    uint8_t *bytes = gp_test_slurp(path, &len);
    uint64_t *sb = malloc((len + 2) * sizeof *sb);

    free(bytes);
    ck_assert_ptr_nonnull(sb);
    nb = sweep_bounds(path, sb, len + 2);
    /* Every offset from 0 past the end: boundaries, insides of events,
     * the magic, the end (in the sample: sweep_takes). */
    for (uint64_t pos = 0; pos <= len + 1; pos++) {
        /* one of the nine option pairs per offset, in turn */
        int v = (int)(pos % 3), io = (int)((pos / 3) % 3);
        GP_TEST_OPTIONS(opt, pub_verifies[v], pub_ios[io], 0);
        char *want, *got;
        char what[64];

        if (!sweep_takes(pos, len, sb, nb, &cur))
            continue;
        want = internal_answer(path, pos, verifies[v], ios[io], GTIDPOS_FLAVOR_UNKNOWN);
        got = public_answer(path, pos, opt);
        snprintf(what, sizeof what, "pos %llu verify %d io %d", (unsigned long long)pos, v, io);
        assert_same(want, got, what);
        answers += strncmp(want, "error", 5) != 0;
        free(want);
        free(got);
    }
    free(sb);
    ck_assert_uint_gt(answers, 0);
}
END_TEST

/* a cursor opened at every offset: accepted exactly at the boundaries the
 * walker frames before any damage, and the next event starts there. */
START_TEST(test_seek_every_offset)
{
    const char *path = gp_test_path(files[_i]);
    size_t len, n = 0, accepted = 0;
    uint8_t *bytes = gp_test_slurp(path, &len);
    uint64_t *bounds = malloc((len + 2) * sizeof *bounds);
    size_t cur = 0;
    int damaged;
    gp_log log;
    gp_event ev;
    gp_error e;

    free(bytes);
    ck_assert_ptr_nonnull(bounds);
    gp_error_clear(&e);
    ck_assert_int_eq(gp_log_open(&log, path, GTIDPOS_VERIFY_ALL, &e), GTIDPOS_OK);
    bounds[n++] = 4;
    while (gp_log_next(&log, &ev))
        bounds[n++] = gp_event_end(&ev);
    damaged = log.status != GTIDPOS_OK;
    gp_log_close(&log);
    for (uint64_t pos = 0, b = 0; pos <= len + 1; pos++) {
        gtidpos_log *l = NULL;
        gtidpos_cursor *cur_ = NULL;
        const gtidpos_event *pev;
        GP_TEST_ERROR(err);
        gtidpos_status st;
        int boundary;

        while (b < n && bounds[b] < pos)
            b++;
        boundary = b < n && bounds[b] == pos;
        if (!sweep_takes(pos, len, bounds, n, &cur)) /* never a boundary */
            continue;
        ck_assert_int_eq(gtidpos_open(&l, path, NULL, err), GTIDPOS_OK);
        st = gtidpos_cursor_open(&cur_, l, pos, err);
        if (boundary) {
            int more;
            ck_assert_msg(st == GTIDPOS_OK, "pos %llu: %s", (unsigned long long)pos, gtidpos_error_line(err));
            more = gtidpos_cursor_next(cur_, &pev, err);
            if (more == 1)
                ck_assert_uint_eq(gtidpos_event_offset(pev), pos);
            else /* the end of the events: the end of the file, or damage */
                ck_assert(b + 1 == n && (more == 0) == !damaged);
            accepted++;
        } else {
            ck_assert_msg(st != GTIDPOS_OK, "pos %llu accepted", (unsigned long long)pos);
            /* before the damage, a position inside an event says so */
            if (pos < bounds[n - 1])
                ck_assert_int_eq(st, GTIDPOS_ERR_POSITION);
            ck_assert_ptr_null(cur_);
        }
        gtidpos_cursor_close(cur_);
        gtidpos_close(l);
    }
    ck_assert_uint_eq(accepted, n);
    free(bounds);
}
END_TEST

typedef struct found {
    int n;
    uint64_t start, end;
} found;

static void on_found(void *ctx, uint64_t start, uint64_t end)
{
    found *f = ctx;
    f->n++;
    f->start = start;
    f->end = end;
}

/* The last transaction of each file, as gtidpos_at reports it, is found by
 * gtidpos_find at the same range and is in the set; a GTID past it is not. */
START_TEST(test_find_and_contains)
{
    const char *path = gp_test_path(files[_i]);
    gtidpos_log *log = NULL;
    gtidpos_set *set = NULL;
    GP_TEST_ERROR(err);
    const char *gtid;
    uint64_t start, end, count = 0, open_start = 0;
    found f = {0, 0, 0};
    char later[128];

    ck_assert_int_eq(gtidpos_open(&log, path, NULL, err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_at(log, GTIDPOS_END, &set, err), GTIDPOS_OK);
    gtidpos_close(log);
    ck_assert(gtidpos_set_last_transaction(set, &gtid, &start, &end));
    ck_assert_int_ne(gtidpos_gtid_flavor(gtid), 0);
    ck_assert_int_eq(gtidpos_gtid_flavor(gtid), (int)gtidpos_set_flavor(set));
    ck_assert_int_eq(gtidpos_set_contains(set, gtid), 1);
    /* the next sequence number: "uuid:N" or "d-s-N" with N + 1 */
    {
        const char *num = gtid + strlen(gtid);
        while (num > gtid && num[-1] >= '0' && num[-1] <= '9')
            num--;
        snprintf(later, sizeof later, "%.*s%llu", (int)(num - gtid), gtid,
                 strtoull(num, NULL, 10) + 1);
    }
    ck_assert_int_eq(gtidpos_set_contains(set, later), 0);
    ck_assert_int_eq(gtidpos_set_contains(set, gtidpos_set_flavor(set) == GTIDPOS_FLAVOR_MYSQL
                                                   ? "0-1-1"
                                                   : "3e11fa47-71ca-11e1-9e33-c80aa9429562:1"),
                     0);
    ck_assert_int_eq(gtidpos_set_contains(set, "3e11fa47:1"), -1);

    ck_assert_int_eq(gtidpos_open(&log, path, NULL, err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_find(log, gtid, on_found, &f, &count, &open_start, err),
                     GTIDPOS_OK);
    gtidpos_close(log);
    ck_assert_int_eq(f.n, 1);
    ck_assert_uint_eq(count, 1);
    ck_assert_uint_eq(f.start, start);
    ck_assert_uint_eq(f.end, end);
    ck_assert_uint_eq(open_start, GTIDPOS_END);
    gtidpos_set_free(set);

    ck_assert_int_eq(gtidpos_open(&log, path, NULL, err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_find(log, "0-1", on_found, &f, &count, NULL, err),
                     GTIDPOS_ERR_PARSE);
    gtidpos_close(log);
}
END_TEST

START_TEST(test_list_dir)
{
    char **list = NULL;
    size_t n = 0;
    GP_TEST_ERROR(err);
    char want[512];

    ck_assert_int_eq(gtidpos_list_dir(gp_test_path("mysql/kingbus"), &list, &n, err),
                     GTIDPOS_OK);
    ck_assert_uint_eq(n, 3);
    for (size_t i = 0; i < n; i++) {
        snprintf(want, sizeof want, "%s/mysql_bin.%06zu", gp_test_path("mysql/kingbus"), 11 + i);
        ck_assert_str_eq(list[i], want);
    }
    gtidpos_list_free(list, n);
    ck_assert_int_eq(gtidpos_list_dir(gp_test_path("no-such-dir"), &list, &n, err),
                     GTIDPOS_ERR_IO);
    ck_assert_ptr_null(list);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(gtidpos_gtid_flavor("not a gtid"), 0);
    ck_assert_int_eq(gtidpos_gtid_flavor("0-1-5"), GTIDPOS_FLAVOR_MARIADB);
    ck_assert_int_eq(gtidpos_gtid_flavor("3e11fa47-71ca-11e1-9e33-c80aa9429562:tag:5"),
                     GTIDPOS_FLAVOR_MYSQL);
}
END_TEST

static void count_problem(void *ctx, const char *file, int64_t offset, int note,
                          const char *message)
{
    (void)file, (void)offset, (void)message;
    if (!note)
        ++*(unsigned *)ctx;
}

/* gtidpos_check_file says what gp_verify_file says; chains and numbers. */
START_TEST(test_check)
{
    const char *path = gp_test_path(files[_i]);
    gtidpos_check_summary *pub = NULL;
    gp_verify_summary in;
    GP_TEST_ERROR(err);
    gp_error e;
    unsigned a = 0, b = 0;

    gp_error_clear(&e);
    ck_assert_int_eq(gp_verify_file(path, NULL, &in, count_problem, &a, &e), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_check_file(path, NULL, count_problem, &b, &pub, err), GTIDPOS_OK);
    ck_assert_uint_eq(a, b);
    ck_assert_uint_eq(gtidpos_check_summary_problems(pub), in.problems);
    ck_assert_uint_eq(gtidpos_check_summary_notes(pub), in.notes);
    ck_assert_uint_eq(gtidpos_check_summary_events(pub), in.events);
    ck_assert_uint_eq(gtidpos_check_summary_bytes(pub), in.bytes);
    ck_assert_int_eq(gtidpos_check_summary_flavor(pub), (int)in.flavor);
    ck_assert_int_eq(gtidpos_check_summary_complete(pub), in.complete);
    ck_assert_int_eq(gtidpos_check_summary_in_use(pub), in.in_use);
    ck_assert_int_eq(gtidpos_check_summary_relay(pub), in.relay);
    ck_assert_int_eq(gtidpos_check_summary_positions_checked(pub), in.positions_checked);
    ck_assert_int_eq((int)gtidpos_check_summary_stop(pub), (int)in.stop);
    ck_assert_int_eq(gtidpos_check_summary_archive_damaged(pub), in.archive_damaged);
    ck_assert_int_eq(gtidpos_check_summary_problems(pub) > 0, strstr(path, "corrupt") != NULL);
    gtidpos_check_summary_free(pub);
}
END_TEST

START_TEST(test_chain_and_numbers)
{
    char prev[512], next[512];
    unsigned problems = 0;
    size_t base = 0;
    gtidpos_check_summary *s = NULL;
    GP_TEST_ERROR(err);

    snprintf(prev, sizeof prev, "%s", gp_test_path("mysql/kingbus/mysql_bin.000011"));
    snprintf(next, sizeof next, "%s", gp_test_path("mysql/kingbus/mysql_bin.000012"));
    ck_assert_int_eq(gtidpos_check_chain(prev, next, NULL, count_problem, &problems), 1);
    ck_assert_uint_eq(problems, 0);
    /* backwards, the sets do not chain: one problem */
    ck_assert_int_eq(gtidpos_check_chain(next, prev, NULL, count_problem, &problems), 1);
    ck_assert_uint_eq(problems, 1);
    ck_assert_int_eq(gtidpos_log_number("relay.000007.gz", &base), 7);
    ck_assert_uint_eq(base, 5);
    ck_assert_int_eq(gtidpos_log_number("mysql-bin.index", NULL), -1);
    ck_assert_int_eq(gtidpos_check_file(gp_test_path("no-such.000001"), NULL, count_problem,
                                        &problems, &s, err),
                     GTIDPOS_ERR_IO);
    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(strstr(gtidpos_error_line(err), "no-such.000001"));
}
END_TEST

/* --flavor: the set read the other way, as gp_at reads it. */
START_TEST(test_flavor_override)
{
    const char *path = gp_test_path(files[_i % 2]);
    gtidpos_flavor flavor = _i < 2 ? GTIDPOS_FLAVOR_MYSQL : GTIDPOS_FLAVOR_MARIADB;
    GP_TEST_OPTIONS(opt, GTIDPOS_VERIFY_ALL, GTIDPOS_IO_READ, flavor);
    char *want, *got;

    want = internal_answer(path, GP_POS_END, GTIDPOS_VERIFY_ALL, GTIDPOS_IO_READ, flavor);
    got = public_answer(path, GTIDPOS_END, opt);
    assert_same(want, got, "flavor");
    free(want);
    free(got);
}
END_TEST

START_TEST(test_misuse)
{
    gtidpos_log *log = (gtidpos_log *)1;
    GP_TEST_ERROR(err);
    GP_TEST_OPTIONS(bad_verify, 7, GTIDPOS_IO_DEFAULT, 0);
    GP_TEST_OPTIONS(bad_io, GTIDPOS_VERIFY_ALL, 9, 0);
    GP_TEST_OPTIONS(bad_flavor, GTIDPOS_VERIFY_ALL, GTIDPOS_IO_DEFAULT, 3);
    const char *path = gp_test_path(files[0]);

    ck_assert_int_eq(gtidpos_open(&log, path, bad_verify, err), GTIDPOS_ERR_USAGE);
    ck_assert_ptr_null(log);
    ck_assert_int_eq(gtidpos_open(&log, path, bad_io, err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_open(&log, path, bad_flavor, err), GTIDPOS_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(gtidpos_error_line(err), "flavor"));
    /* mmap of standard input is refused, as the command refuses it */
    gtidpos_options_set_io(bad_io, GTIDPOS_IO_MMAP);
    ck_assert_int_eq(gtidpos_open(&log, "-", bad_io, err), GTIDPOS_ERR_PARSE);
    /* NULL arguments */
    ck_assert_int_eq(gtidpos_open(&log, path, NULL, err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_at(log, GTIDPOS_END, NULL, err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_cursor_open(NULL, log, 4, err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_scan(log, NULL, NULL, NULL, NULL, err), GTIDPOS_ERR_USAGE);
    gtidpos_close(log);
    /* accessors on NULL */
    ck_assert_int_eq(gtidpos_set_last_transaction(NULL, NULL, NULL, NULL), 0);
    ck_assert_int_eq(gtidpos_set_open_transaction(NULL, NULL, NULL), 0);
    ck_assert_ptr_null(gtidpos_set_format_json(NULL, "x"));
    ck_assert_uint_eq(gtidpos_set_warnings_dropped(NULL), 0);
    /* no event to format; a cursor's next without one */
    ck_assert_ptr_null(gtidpos_event_format(NULL, GTIDPOS_FORMAT_TEXT, err));
    ck_assert_int_eq(gtidpos_error_code(err), GTIDPOS_ERR_USAGE);
    ck_assert_int_eq(gtidpos_cursor_next(NULL, NULL, err), -1);
    ck_assert_str_eq(gtidpos_event_type_name(NULL), "unknown");
    gtidpos_cursor_close(NULL);
}
END_TEST

/* seek takes no rule of a file's header (a frames walk of the engine), but
 * framing's own: nothing after Start_encryption (256..296 here) frames. */
START_TEST(test_seek_encrypted)
{
    const char *path = gp_test_path("damaged/debian/binlog_before_20574.bin");
    static const struct {
        uint64_t pos;
        gtidpos_status seek;
        uint64_t first; /* the offset of the first event, or 0 for an error */
    } cases[] = {
        {4, GTIDPOS_OK, 4},
        {256, GTIDPOS_OK, 256},
        {257, GTIDPOS_ERR_POSITION, 0},
        {296, GTIDPOS_OK, 0}, /* the encryption, met by the next read */
        {300, GTIDPOS_ERR_ENCRYPTED, 0},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gtidpos_log *log = NULL;
        gtidpos_cursor *c = NULL;
        const gtidpos_event *ev;
        GP_TEST_ERROR(err);
        int more;

        ck_assert_int_eq(gtidpos_open(&log, path, NULL, err), GTIDPOS_OK);
        ck_assert_int_eq(gtidpos_cursor_open(&c, log, cases[i].pos, err), cases[i].seek);
        if (cases[i].seek != GTIDPOS_OK) {
            gtidpos_close(log);
            continue;
        }
        if (cases[i].first != 0) {
            ck_assert_int_eq(gtidpos_cursor_next(c, &ev, err), 1);
            ck_assert_uint_eq(gtidpos_event_offset(ev), cases[i].first);
        }
        while ((more = gtidpos_cursor_next(c, &ev, err)) == 1)
            ck_assert_uint_lt(gtidpos_event_offset(ev), 296);
        ck_assert_int_eq(more, -1);
        ck_assert_int_eq(gtidpos_error_code(err), GTIDPOS_ERR_ENCRYPTED);
        ck_assert_int_eq(gtidpos_error_offset(err), 256);
        /* and again: the log stays encrypted from there */
        ck_assert_int_eq(gtidpos_cursor_next(c, &ev, err), -1);
        ck_assert_int_eq(gtidpos_error_code(err), GTIDPOS_ERR_ENCRYPTED);
        gtidpos_cursor_close(c);
        gtidpos_close(log);
    }
}
END_TEST

/* A file gtidpos_at refuses for its header (no Gtid_list, which MariaDB
 * 10.4 always writes) is still listed from any boundary. */
START_TEST(test_seek_takes_no_header_rule)
{
    const char *path = gp_test_path("damaged/debian/binlog-header.binlog");
    gtidpos_log *log = NULL;
    gtidpos_set *set = NULL;
    gtidpos_cursor *c = NULL;
    const gtidpos_event *ev;
    GP_TEST_ERROR(err);

    /* one log: the set refused, then walks from two boundaries */
    ck_assert_int_eq(gtidpos_open(&log, path, NULL, err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_at(log, 256, &set, err), GTIDPOS_ERR_NO_GTID_INFO);
    ck_assert_int_eq(gtidpos_cursor_open(&c, log, 4, err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_cursor_next(c, &ev, err), 1);
    ck_assert_uint_eq(gtidpos_event_offset(ev), 4);
    ck_assert_int_eq(gtidpos_cursor_next(c, &ev, err), 0);
    gtidpos_cursor_close(c);
    ck_assert_int_eq(gtidpos_cursor_open(&c, log, 256, err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_cursor_next(c, &ev, err), 0);
    gtidpos_cursor_close(c);
    gtidpos_close(log);
}
END_TEST

/* Progress (issue 14): the hook's byte counts add up to the bytes read,
 * whatever the reading mode and the question (at, check). */
static void count_bytes(void *ctx, uint64_t n)
{
    *(uint64_t *)ctx += n;
}

static void ignore_problem(void *ctx, const char *file, int64_t offset, int note, const char *msg)
{
    (void)ctx, (void)file, (void)offset, (void)note, (void)msg;
}

START_TEST(test_progress_hook)
{
    static const gtidpos_io modes[] = {GTIDPOS_IO_READ, GTIDPOS_IO_INLINE};
    const char *path = gp_test_path("mysql/kingbus/mysql_bin.000012");
    gtidpos_check_summary *cs = NULL;
    GP_TEST_ERROR(err);
    struct stat st;
    uint64_t bytes;

    ck_assert_int_eq(stat(path, &st), 0);
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        GP_TEST_OPTIONS(opt, GTIDPOS_VERIFY_ALL, modes[i], 0);
        gtidpos_log *log = NULL;
        gtidpos_set *set = NULL;

        bytes = 0;
        gtidpos_options_set_progress(opt, count_bytes, &bytes);
        ck_assert_int_eq(gtidpos_open(&log, path, opt, err), GTIDPOS_OK);
        ck_assert_int_eq(gtidpos_at(log, GTIDPOS_END, &set, err), GTIDPOS_OK);
        gtidpos_set_free(set);
        gtidpos_close(log);
        ck_assert_uint_eq(bytes, (uint64_t)st.st_size);
    }
    {
        GP_TEST_OPTIONS(opt, GTIDPOS_VERIFY_ALL, GTIDPOS_IO_DEFAULT, 0);

        bytes = 0;
        gtidpos_options_set_progress(opt, count_bytes, &bytes);
        ck_assert_int_eq(gtidpos_check_file(path, opt, ignore_problem, NULL, &cs, err),
                         GTIDPOS_OK);
        gtidpos_check_summary_free(cs);
        ck_assert_uint_eq(bytes, (uint64_t)st.st_size);
        /* cleared: no more calls */
        gtidpos_options_set_progress(opt, NULL, NULL);
        bytes = 0;
        ck_assert_int_eq(gtidpos_check_file(path, opt, ignore_problem, NULL, &cs, err),
                         GTIDPOS_OK);
        gtidpos_check_summary_free(cs);
        ck_assert_uint_eq(bytes, 0);
        /* the defaults (NULL) have none either */
        ck_assert_int_eq(gtidpos_check_file(path, NULL, ignore_problem, NULL, &cs, err),
                         GTIDPOS_OK);
        gtidpos_check_summary_free(cs);
        ck_assert_uint_eq(bytes, 0);
    }
}
END_TEST

/* issue 15: the version macros, the run-time getters and the string agree
 * (the Makefile's soname and gtidpos.pc read the same three macros). */
START_TEST(test_version)
{
    char want[32];
    snprintf(want, sizeof want, "%u.%u.%u", gtidpos_version_number() / 10000,
             gtidpos_version_number() / 100 % 100, gtidpos_version_number() % 100);
    ck_assert_uint_eq(gtidpos_version_number(), GTIDPOS_VERSION_NUMBER);
    ck_assert_str_eq(gtidpos_version(), GTIDPOS_VERSION_STRING);
    ck_assert_str_eq(gtidpos_version(), want);
    ck_assert_int_lt(GTIDPOS_VERSION_MINOR, 100);
    ck_assert_int_lt(GTIDPOS_VERSION_PATCH, 100);
}
END_TEST

/* ---- libgtidpos 1.0 (issue 15): one log, many questions ---------------- */

/* The set at pos of path, from a log opened for that question alone. */
static char *fresh_at(const char *path, uint64_t pos)
{
    gtidpos_log *log = NULL;
    gtidpos_set *set = NULL;
    GP_TEST_ERROR(err);
    char *text;

    ck_assert_int_eq(gtidpos_open(&log, path, NULL, err), GTIDPOS_OK);
    ck_assert_msg(gtidpos_at(log, pos, &set, err) == GTIDPOS_OK, "%s",
                  gtidpos_error_line(err));
    ck_assert_ptr_nonnull(text = gtidpos_set_format(set));
    gtidpos_set_free(set);
    gtidpos_close(log);
    return text;
}

/* The events of log from a cursor at start, "offset size type" lines. */
static char *walk_text(gtidpos_log *log, uint64_t start)
{
    gtidpos_cursor *c = NULL;
    const gtidpos_event *ev;
    GP_TEST_ERROR(err);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    int more;

    ck_assert_ptr_nonnull(out);
    ck_assert_int_eq(gtidpos_cursor_open(&c, log, start, err), GTIDPOS_OK);
    while ((more = gtidpos_cursor_next(c, &ev, err)) == 1)
        fprintf(out, "%llu %u %s\n", (unsigned long long)gtidpos_event_offset(ev),
                gtidpos_event_size(ev), gtidpos_event_type_name(ev));
    fprintf(out, "end %d\n", more);
    gtidpos_cursor_close(c);
    fclose(out);
    return text;
}

typedef struct ends {
    uint64_t at[4096];
    size_t n;
} ends;

static int keep_end(void *ctx, const gtidpos_boundary *b)
{
    ends *e = ctx;

    if (e->n < sizeof e->at / sizeof e->at[0])
        e->at[e->n++] = gtidpos_boundary_end(b);
    return 0;
}

/* ONE log answers gtidpos_at at several positions, a scan and cursor
 * walks, interleaved, each answer what a log opened for it alone says. */
START_TEST(test_one_log_many_questions)
{
    const char *path = gp_test_path(files[_i]);
    gtidpos_log *log = NULL, *other = NULL;
    gtidpos_scan_summary *s = NULL;
    ends *e = calloc(1, sizeof *e);
    GP_TEST_ERROR(err);
    char *a, *b;
    uint64_t pos[3];

    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(gtidpos_open(&log, path, NULL, err), GTIDPOS_OK);
    ck_assert_str_eq(gtidpos_log_path(log), path);
    /* a walk first (it takes the log opened by gtidpos_open) ... */
    ck_assert_int_eq(gtidpos_open(&other, path, NULL, err), GTIDPOS_OK);
    a = walk_text(log, 4);
    b = walk_text(other, 4);
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    gtidpos_close(other);
    /* ... a scan for the boundaries ... */
    ck_assert_int_eq(gtidpos_scan(log, keep_end, NULL, e, &s, err), GTIDPOS_OK);
    ck_assert_uint_gt(e->n, 2);
    /* ... the set at the first, a middle and the last boundary, and at the
     * end, each as a fresh log answers it ... */
    pos[0] = e->at[0];
    pos[1] = e->at[e->n / 2];
    pos[2] = e->at[e->n - 1];
    for (int k = 0; k < 4; k++) {
        uint64_t p = k < 3 ? pos[k] : GTIDPOS_END;
        gtidpos_set *set = NULL;
        char *want = fresh_at(path, p), *got;
        ck_assert_int_eq(gtidpos_at(log, p, &set, err), GTIDPOS_OK);
        ck_assert_ptr_nonnull(got = gtidpos_set_format(set));
        ck_assert_str_eq(got, want);
        if (k == 3) { /* the end: what the scan found there */
            char *scanned = gtidpos_set_format(gtidpos_scan_summary_set(s));
            ck_assert_ptr_nonnull(scanned);
            ck_assert_str_eq(got, scanned);
            free(scanned);
        }
        free(got);
        free(want);
        gtidpos_set_free(set);
    }
    /* ... and a walk from a middle boundary again, as a fresh log's */
    ck_assert_int_eq(gtidpos_open(&other, path, NULL, err), GTIDPOS_OK);
    a = walk_text(log, pos[1]);
    b = walk_text(other, pos[1]);
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    gtidpos_close(other);
    gtidpos_scan_summary_free(s);
    gtidpos_close(log);
    free(e);
}
END_TEST

/* Standard input is read once: a log on "-" answers one question, and a
 * second is GTIDPOS_ERR_USAGE, saying why. */
START_TEST(test_stdin_answers_once)
{
    const char *path = gp_test_path(files[0]);
    char *want = fresh_at(path, GTIDPOS_END), *got;
    gtidpos_log *log = NULL;
    gtidpos_set *set = NULL;
    gtidpos_cursor *c = NULL;
    GP_TEST_ERROR(err);
    int fd = open(path, O_RDONLY);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(dup2(fd, STDIN_FILENO), STDIN_FILENO); /* this test's process only */
    close(fd);
    ck_assert_int_eq(gtidpos_open(&log, "-", NULL, err), GTIDPOS_OK);
    ck_assert_int_eq(gtidpos_at(log, GTIDPOS_END, &set, err), GTIDPOS_OK);
    ck_assert_ptr_nonnull(got = gtidpos_set_format(set));
    ck_assert_str_eq(got, want);
    gtidpos_set_free(set);
    set = NULL;
    ck_assert_int_eq(gtidpos_at(log, GTIDPOS_END, &set, err), GTIDPOS_ERR_USAGE);
    ck_assert_ptr_null(set);
    ck_assert_ptr_nonnull(strstr(gtidpos_error_message(err), "standard input"));
    ck_assert_int_eq(gtidpos_cursor_open(&c, log, 4, err), GTIDPOS_ERR_USAGE);
    ck_assert_ptr_null(c);
    gtidpos_close(log);
    free(got);
    free(want);
}
END_TEST

/* An error keeps its file name whole, however long, apart from the
 * message; the line joins them. */
START_TEST(test_error_long_file_name)
{
    char path[1400], want_line[1600];
    gtidpos_log *log = NULL;
    GP_TEST_ERROR(err);
    size_t n;

    n = (size_t)snprintf(path, sizeof path, "%s", "/nonexistent-gtidpos-dir");
    while (n < 1150) /* components of 100 bytes: each a legal name */
        n += (size_t)snprintf(path + n, sizeof path - n, "/%0100d", 0);
    snprintf(path + n, sizeof path - n, "/mysql-bin.000001");
    ck_assert_uint_gt(strlen(path), 1100);
    ck_assert_int_eq(gtidpos_error_code(err), GTIDPOS_OK);
    ck_assert_str_eq(gtidpos_error_line(err), "");
    ck_assert_ptr_null(gtidpos_error_file(err));
    ck_assert_int_eq(gtidpos_open(&log, path, NULL, err), GTIDPOS_ERR_IO);
    ck_assert_ptr_nonnull(gtidpos_error_file(err));
    ck_assert_str_eq(gtidpos_error_file(err), path);
    ck_assert_int_eq(gtidpos_error_offset(err), -1);
    ck_assert_ptr_null(strstr(gtidpos_error_message(err), "nonexistent-gtidpos-dir"));
    snprintf(want_line, sizeof want_line, "%s: %s", path, gtidpos_error_message(err));
    ck_assert_str_eq(gtidpos_error_line(err), want_line);
    /* a success leaves it as it was */
    ck_assert_int_eq(gtidpos_open(&log, gp_test_path(files[0]), NULL, err), GTIDPOS_OK);
    ck_assert_str_eq(gtidpos_error_file(err), path);
    gtidpos_close(log);
    /* set by hand; strerror's texts */
    ck_assert_int_eq(gtidpos_error_set(err, GTIDPOS_ERR_CORRUPT, "f", 956, "bad"),
                     GTIDPOS_ERR_CORRUPT);
    ck_assert_str_eq(gtidpos_error_line(err), "f: offset 956: bad");
    /* passed on with its own strings (they may alias the error's) */
    ck_assert_int_eq(gtidpos_error_set(err, GTIDPOS_ERR_PARSE, gtidpos_error_file(err), 7,
                                       gtidpos_error_message(err)),
                     GTIDPOS_ERR_PARSE);
    ck_assert_str_eq(gtidpos_error_line(err), "f: offset 7: bad");
    ck_assert_int_eq(gtidpos_error_set(err, GTIDPOS_ERR_PARSE, NULL, -1, gtidpos_error_line(err)),
                     GTIDPOS_ERR_PARSE);
    ck_assert_str_eq(gtidpos_error_message(err), "f: offset 7: bad");
    ck_assert_ptr_null(gtidpos_error_file(err));
    ck_assert_str_eq(gtidpos_strerror(GTIDPOS_ERR_CHECKSUM), "checksum mismatch");
    ck_assert_str_eq(gtidpos_strerror(GTIDPOS_OK), "success");
    ck_assert_int_eq(gtidpos_error_code(NULL), GTIDPOS_OK);
    gtidpos_error_free(NULL);
}
END_TEST

Suite *public_api_suite(void)
{
    Suite *s = suite_create("public_api");
    TCase *tc = tcase_create("public_api");
    /* The offset sweeps: every offset in make test-full (tagged exhaustive,
     * left out of make test and make valgrind), a sample in make test. */
    TCase *every = tcase_create("every-offset");
    TCase *sample = tcase_create("offset-sample");
    const int nfiles = (int)(sizeof files / sizeof files[0]);

    tcase_set_timeout(every, 300);
    tcase_set_tags(every, "exhaustive");
    tcase_add_checked_fixture(every, sweep_all, NULL);
    tcase_add_loop_test(every, test_every_boundary_every_option, 0, nfiles);
    tcase_add_loop_test(every, test_seek_every_offset, 0, nfiles);
    suite_add_tcase(s, every);
    tcase_set_timeout(sample, 120);
    tcase_add_checked_fixture(sample, sweep_sample, NULL);
    tcase_add_loop_test(sample, test_every_boundary_every_option, 0, nfiles);
    tcase_add_loop_test(sample, test_seek_every_offset, 0, nfiles);
    suite_add_tcase(s, sample);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_flavor_override, 0, 4);
    tcase_add_loop_test(tc, test_find_and_contains, 0, 3);
    tcase_add_test(tc, test_list_dir);
    tcase_add_loop_test(tc, test_check, 0, (int)(sizeof files / sizeof files[0]));
    tcase_add_test(tc, test_chain_and_numbers);
    tcase_add_test(tc, test_misuse);
    tcase_add_test(tc, test_seek_encrypted);
    tcase_add_test(tc, test_seek_takes_no_header_rule);
    tcase_add_test(tc, test_progress_hook); /* issue 14 */
    tcase_add_test(tc, test_version); /* issue 15 */
    tcase_add_loop_test(tc, test_one_log_many_questions, 0, 2); /* libgtidpos 1.0 */
    tcase_add_test(tc, test_stdin_answers_once);
    tcase_add_test(tc, test_error_long_file_name);
    suite_add_tcase(s, tc);
    return s;
}
