/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_source.c - tests for src/binlog/source.h and source.c, and for the
 * walker reading through a source.
 *
 * The archives are made here with zlib's deflate (gzip wrapper) and
 * libzstd's compressor from real binlogs of testdata/; what a source reads
 * must be those bytes exactly, whatever the read sizes, and an archive cut
 * at any byte, or with a wrong trailer, must fail as damaged after handing
 * out only a prefix of the original bytes.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "walk/position.h"
#include "io/source.h"
#include "binlog/walker.h"
#include "suites.h"
#include "testutil.h"

#define SMALL "mysql/kingbus/mysql_bin.000012"                 /* 6 KiB, closed */
#define LARGE "mariadb/debian/mdev6020-mysql-bin.000001"       /* 516 KiB */
#define IN_USE "mariadb/debian/rpl/master-bin-seq_10.3.36.000001" /* in-use flag set */

/* ---- making archives ------------------------------------------------------ */

typedef struct bytes {
    uint8_t *p;
    size_t n;
} bytes;

static void append(bytes *b, const uint8_t *p, size_t n)
{
    b->p = realloc(b->p, b->n + n + 1);
    ck_assert(b->p != NULL);
    memcpy(b->p + b->n, p, n);
    b->n += n;
}

/* One gzip member holding p[0, n). */
static void gzip_member(bytes *out, const uint8_t *p, size_t n)
{
    z_stream z;
    uLong cap;
    uint8_t *buf;

    memset(&z, 0, sizeof z);
    ck_assert(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    cap = deflateBound(&z, (uLong)n) + 32;
    buf = malloc(cap);
    ck_assert(buf != NULL);
    z.next_in = (Bytef *)(uintptr_t)p;
    z.avail_in = (uInt)n;
    z.next_out = buf;
    z.avail_out = (uInt)cap;
    ck_assert(deflate(&z, Z_FINISH) == Z_STREAM_END);
    append(out, buf, cap - z.avail_out);
    deflateEnd(&z);
    free(buf);
}

/* One zstd frame holding p[0, n), with its content checksum. */
static void zstd_frame(bytes *out, const uint8_t *p, size_t n)
{
    ZSTD_CCtx *c = ZSTD_createCCtx();
    size_t cap = ZSTD_compressBound(n), got;
    uint8_t *buf = malloc(cap);

    ck_assert(c != NULL && buf != NULL);
    ck_assert(!ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1)));
    got = ZSTD_compress2(c, buf, cap, p, n);
    ck_assert(!ZSTD_isError(got));
    append(out, buf, got);
    ZSTD_freeCCtx(c);
    free(buf);
}

/* A skippable frame (RFC 8878 3.1.2): magic 0x184D2A5?, size, payload. */
static void skippable_frame(bytes *out)
{
    static const uint8_t f[] = {0x53, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 'a', 'b', 'c'};
    append(out, f, sizeof f);
}

typedef void (*compress_fn)(bytes *out, const uint8_t *p, size_t n);

/* ---- reading sources ------------------------------------------------------ */

/* Read src to its end or failure in reads of step bytes (step 0: sizes
 * cycling through 1, 2, 3 ... 97).  Returns 0 at a clean end, -1 on
 * failure; the bytes read are in *got. */
static int read_all(gp_source *src, size_t step, bytes *got)
{
    uint8_t buf[4096];
    size_t k = 0;

    got->p = NULL;
    got->n = 0;
    for (;;) {
        size_t want = step != 0 ? step : 1 + k++ % 97;
        ssize_t n = gp_source_read(src, buf, want < sizeof buf ? want : sizeof buf);
        if (n < 0)
            return -1;
        if (n == 0)
            return 0;
        ck_assert((size_t)n <= want);
        append(got, buf, (size_t)n);
    }
}

static gp_source *open_mem(const bytes *b)
{
    gp_source *s;
    gp_error e;

    ck_assert_int_eq(gp_source_open_memory(&s, "mem", b->p, b->n, &e), GTIDPOS_OK);
    return s;
}

/* src reads exactly want[0, n) and ends cleanly. */
static void assert_reads(gp_source *src, const uint8_t *want, size_t n, size_t step)
{
    bytes got;
    int rc = read_all(src, step, &got);

    ck_assert_msg(rc == 0, "read failed: %s", gp_source_error(src)->msg);
    ck_assert_uint_eq(got.n, n);
    ck_assert(n == 0 || memcmp(got.p, want, n) == 0);
    /* and stays at its end */
    ck_assert_int_eq(gp_source_read(src, (uint8_t[8]){0}, 8), 0);
    free(got.p);
}

/* src fails as a damaged archive after a prefix of want; the error's
 * offset is where the bytes handed out end. */
static void assert_damaged(gp_source *src, const uint8_t *want, size_t n, const char *text)
{
    bytes got;
    const gp_error *e;

    ck_assert_int_eq(read_all(src, 0, &got), -1);
    e = gp_source_error(src);
    ck_assert_int_eq(e->code, GTIDPOS_ERR_CORRUPT);
    ck_assert_str_eq(e->file, "mem");
    ck_assert_int_eq(e->offset, (int64_t)got.n);
    ck_assert_msg(strstr(e->msg, "archive is damaged") != NULL, "%s", e->msg);
    ck_assert_msg(text == NULL || strstr(e->msg, text) != NULL, "'%s' lacks '%s'", e->msg, text);
    ck_assert(got.n <= n);
    ck_assert(got.n == 0 || memcmp(got.p, want, got.n) == 0);
    /* every later read fails too */
    ck_assert_int_eq(gp_source_read(src, (uint8_t[8]){0}, 8), -1);
    free(got.p);
}

/* ---- detection ------------------------------------------------------------ */

static const struct {
    uint8_t b[4];
    size_t n;
    gp_source_kind kind;
} magics[] = {
    {{0x1f, 0x8b, 0x08, 0x00}, 4, GP_SOURCE_GZIP},
    {{0x1f, 0x8b}, 2, GP_SOURCE_GZIP},
    {{0x1f}, 1, GP_SOURCE_PLAIN},
    {{0x1f, 0x8c}, 2, GP_SOURCE_PLAIN},
    {{0x28, 0xb5, 0x2f, 0xfd}, 4, GP_SOURCE_ZSTD},
    {{0x28, 0xb5, 0x2f}, 3, GP_SOURCE_PLAIN},
    {{0x50, 0x2a, 0x4d, 0x18}, 4, GP_SOURCE_ZSTD},
    {{0x5f, 0x2a, 0x4d, 0x18}, 4, GP_SOURCE_ZSTD},
    {{0x60, 0x2a, 0x4d, 0x18}, 4, GP_SOURCE_PLAIN},
    {{0xfe, 0x62, 0x69, 0x6e}, 4, GP_SOURCE_PLAIN}, /* binlog magic */
    {{0}, 0, GP_SOURCE_PLAIN},
};

START_TEST(test_detect)
{
    ck_assert_int_eq(gp_source_detect(magics[_i].b, magics[_i].n), magics[_i].kind);
}
END_TEST

/* ---- whole archives ------------------------------------------------------- */

static const size_t steps[] = {0, 1, 4096};

static void roundtrip(compress_fn fn, gp_source_kind kind)
{
    size_t n;
    uint8_t *orig = gp_test_slurp(gp_test_path(SMALL), &n);

    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        bytes z = {NULL, 0};
        gp_source *s;

        fn(&z, orig, n);
        s = open_mem(&z);
        ck_assert_int_eq(gp_source_kind_of(s), kind);
        ck_assert_uint_eq(gp_source_size(s), GP_SOURCE_SIZE_UNKNOWN);
        assert_reads(s, orig, n, steps[i]);
        gp_source_close(s);
        free(z.p);
    }
    free(orig);
}

START_TEST(test_gzip_whole)
{
    roundtrip(gzip_member, GP_SOURCE_GZIP);
}
END_TEST

START_TEST(test_zstd_whole)
{
    roundtrip(zstd_frame, GP_SOURCE_ZSTD);
}
END_TEST

START_TEST(test_plain_memory)
{
    size_t n;
    uint8_t *orig = gp_test_slurp(gp_test_path(SMALL), &n);
    bytes b = {orig, n};
    gp_source *s = open_mem(&b);

    ck_assert_int_eq(gp_source_kind_of(s), GP_SOURCE_PLAIN);
    ck_assert_uint_eq(gp_source_size(s), n);
    assert_reads(s, orig, n, 0);
    gp_source_close(s);
    b.n = 0;
    s = open_mem(&b);
    assert_reads(s, orig, 0, 1);
    gp_source_close(s);
    free(orig);
}
END_TEST

/* Members and frames one after the other are one stream, empty ones too. */
static void several(compress_fn fn, int skippable)
{
    size_t n;
    uint8_t *orig = gp_test_slurp(gp_test_path(SMALL), &n);
    bytes z = {NULL, 0};
    gp_source *s;

    fn(&z, orig, 1000);
    fn(&z, orig + 1000, 0);
    if (skippable)
        skippable_frame(&z);
    fn(&z, orig + 1000, 1);
    fn(&z, orig + 1001, n - 1001);
    s = open_mem(&z);
    assert_reads(s, orig, n, 0);
    gp_source_close(s);
    free(z.p);
    free(orig);
}

START_TEST(test_gzip_members)
{
    several(gzip_member, 0);
}
END_TEST

START_TEST(test_zstd_frames)
{
    several(zstd_frame, 1);
}
END_TEST

/* ---- damaged archives ----------------------------------------------------- */

/* Cut the archive after every byte count: always damaged, never a clean
 * end with fewer bytes. */
static void every_cut(compress_fn fn)
{
    size_t n;
    uint8_t *orig = gp_test_slurp(gp_test_path(SMALL), &n);
    bytes z = {NULL, 0};

    fn(&z, orig, n);
    for (size_t cut = 1; cut < z.n; cut++) {
        bytes c = {z.p, cut};
        gp_source *s = open_mem(&c);

        /* too short for the magic: plain bytes (then no binlog magic) */
        if (gp_source_detect(z.p, cut) == GP_SOURCE_PLAIN)
            assert_reads(s, z.p, cut, 0);
        else
            assert_damaged(s, orig, n, "truncated");
        gp_source_close(s);
    }
    free(z.p);
    free(orig);
}

START_TEST(test_gzip_every_cut)
{
    every_cut(gzip_member);
}
END_TEST

START_TEST(test_zstd_every_cut)
{
    every_cut(zstd_frame);
}
END_TEST

/* A flipped byte in a gzip trailer: the CRC32 (8 bytes before the end)
 * or the length (4 bytes before). */
START_TEST(test_gzip_trailer)
{
    size_t n;
    uint8_t *orig = gp_test_slurp(gp_test_path(SMALL), &n);
    bytes z = {NULL, 0};
    gp_source *s;

    gzip_member(&z, orig, n);
    z.p[z.n - 8] ^= 0x01;
    s = open_mem(&z);
    assert_damaged(s, orig, n, "incorrect data check");
    gp_source_close(s);
    z.p[z.n - 8] ^= 0x01;
    z.p[z.n - 4] ^= 0x01;
    s = open_mem(&z);
    assert_damaged(s, orig, n, "incorrect length check");
    gp_source_close(s);
    free(z.p);
    free(orig);
}
END_TEST

/* Every single flipped byte of a zstd frame past its magic and of a gzip
 * member: damaged, or (a flip in a field that does not matter, such as
 * gzip's mtime) the very bytes. */
static void every_flip(compress_fn fn)
{
    size_t n;
    uint8_t *orig = gp_test_slurp(gp_test_path(SMALL), &n);
    bytes z = {NULL, 0};

    fn(&z, orig, n);
    for (size_t i = 4; i < z.n; i++) {
        gp_source *s;
        bytes got;

        z.p[i] ^= 0x5a;
        s = open_mem(&z);
        if (read_all(s, 0, &got) == 0) {
            ck_assert_msg(got.n == n && memcmp(got.p, orig, n) == 0,
                          "flip at %zu read other bytes as if intact", i);
        } else {
            /* (wrong bytes may come before the damage is seen: the
             * binlog's own checks, or the archive's at its end, tell) */
            ck_assert_int_eq(gp_source_error(s)->code, GTIDPOS_ERR_CORRUPT);
        }
        free(got.p);
        gp_source_close(s);
        z.p[i] ^= 0x5a;
    }
    free(z.p);
    free(orig);
}

START_TEST(test_gzip_every_flip)
{
    every_flip(gzip_member);
}
END_TEST

START_TEST(test_zstd_every_flip)
{
    every_flip(zstd_frame);
}
END_TEST

START_TEST(test_gzip_trailing_garbage)
{
    size_t n;
    uint8_t *orig = gp_test_slurp(gp_test_path(SMALL), &n);
    bytes z = {NULL, 0};
    gp_source *s;

    gzip_member(&z, orig, n);
    append(&z, (const uint8_t *)"\0\0\0\0", 4);
    s = open_mem(&z);
    assert_damaged(s, orig, n, "not another gzip member");
    gp_source_close(s);
    free(z.p);
    free(orig);
}
END_TEST

/* A frame whose window (2^28 bytes) is over libzstd's default limit:
 * magic, frame header descriptor 0 (no checksum, size or dictionary, not
 * single-segment), window descriptor exponent 18 (2^(10+18)), then one
 * raw last block of 4 bytes (RFC 8878 3.1.1.1, 3.1.1.2).  Not damage: a
 * limit, said as such. */
START_TEST(test_zstd_window_too_large)
{
    static const uint8_t frame[] = {0x28, 0xb5, 0x2f, 0xfd, 0x00, 18 << 3,
                                    0x01 | 4 << 3, 0, 0, 'a', 'b', 'c', 'd'};
    bytes b = {(uint8_t *)(uintptr_t)frame, sizeof frame};
    gp_source *s = open_mem(&b);
    bytes got;

    ck_assert_int_eq(read_all(s, 0, &got), -1);
    ck_assert_int_eq(gp_source_error(s)->code, GTIDPOS_ERR_UNSUPPORTED);
    ck_assert_msg(strstr(gp_source_error(s)->msg, "window") != NULL, "%s",
                  gp_source_error(s)->msg);
    gp_source_close(s);
    /* the same frame with a 2^20 window reads "abcd" */
    uint8_t ok[sizeof frame];
    memcpy(ok, frame, sizeof frame);
    ok[5] = 10 << 3;
    b.p = ok;
    s = open_mem(&b);
    assert_reads(s, (const uint8_t *)"abcd", 4, 0);
    gp_source_close(s);
}
END_TEST

/* ---- file descriptors ----------------------------------------------------- */

typedef struct feed {
    int fd;
    const uint8_t *p;
    size_t n;
} feed;

/* Write the bytes a few at a time at first, as a slow pipe hands them
 * out: the kind must still be told from the first four. */
static void *feeder(void *arg)
{
    feed *f = arg;
    size_t off = 0, k = 1;

    while (off < f->n) {
        size_t w = off < 8 ? k++ : f->n - off;
        ssize_t got;
        if (w > f->n - off)
            w = f->n - off;
        got = write(f->fd, f->p + off, w);
        if (got <= 0)
            break;
        off += (size_t)got;
    }
    close(f->fd);
    return NULL;
}

static void through_pipe(compress_fn fn)
{
    size_t n;
    uint8_t *orig = gp_test_slurp(gp_test_path(LARGE), &n);
    bytes z = {NULL, 0};
    int fds[2];
    pthread_t t;
    feed f;
    gp_source *s;
    gp_error e;

    if (fn != NULL) {
        fn(&z, orig, n);
    } else {
        z.p = orig;
        z.n = n;
    }
    ck_assert(pipe(fds) == 0);
    f.fd = fds[1];
    f.p = z.p;
    f.n = z.n;
    ck_assert(pthread_create(&t, NULL, feeder, &f) == 0);
    ck_assert_int_eq(gp_source_open_fd(&s, fds[0], 1, "pipe", &e), GTIDPOS_OK);
    ck_assert_uint_eq(gp_source_size(s), GP_SOURCE_SIZE_UNKNOWN);
    assert_reads(s, orig, n, 65536);
    gp_source_close(s);
    pthread_join(t, NULL);
    if (fn != NULL)
        free(z.p);
    free(orig);
}

START_TEST(test_pipe_plain)
{
    through_pipe(NULL);
}
END_TEST

START_TEST(test_pipe_gzip)
{
    through_pipe(gzip_member);
}
END_TEST

START_TEST(test_pipe_zstd)
{
    through_pipe(zstd_frame);
}
END_TEST

START_TEST(test_open_errors)
{
    gp_source *s = (gp_source *)1;
    gp_error e;

    ck_assert_int_eq(gp_source_open(&s, "/nonexistent/binlog", &e), GTIDPOS_ERR_IO);
    ck_assert_ptr_null(s);
    ck_assert_str_eq(e.file, "/nonexistent/binlog");
    ck_assert_int_eq(gp_source_open(&s, ".", &e), GTIDPOS_ERR_IO);
    ck_assert_str_eq(e.msg, "is a directory");
    gp_source_close(NULL);
}
END_TEST

/* A plain regular file opened by name has its size; its archive has none. */
START_TEST(test_file_sizes)
{
    size_t n;
    uint8_t *orig = gp_test_slurp(gp_test_path(SMALL), &n);
    bytes z = {NULL, 0};
    char path[] = "/tmp/check_source.XXXXXX";
    int fd = mkstemp(path);
    gp_source *s;
    gp_error e;

    ck_assert(fd >= 0);
    ck_assert(write(fd, orig, n) == (ssize_t)n);
    close(fd);
    ck_assert_int_eq(gp_source_open(&s, path, &e), GTIDPOS_OK);
    ck_assert_uint_eq(gp_source_size(s), n);
    assert_reads(s, orig, n, 0);
    gp_source_close(s);

    gzip_member(&z, orig, n);
    fd = open(path, O_WRONLY | O_TRUNC);
    ck_assert(fd >= 0);
    ck_assert(write(fd, z.p, z.n) == (ssize_t)z.n);
    close(fd);
    ck_assert_int_eq(gp_source_open(&s, path, &e), GTIDPOS_OK);
    ck_assert_int_eq(gp_source_kind_of(s), GP_SOURCE_GZIP);
    ck_assert_uint_eq(gp_source_size(s), GP_SOURCE_SIZE_UNKNOWN);
    assert_reads(s, orig, n, 1000);
    gp_source_close(s);
    unlink(path);
    free(z.p);
    free(orig);
}
END_TEST

/* ---- the walker over a source --------------------------------------------- */

/* gp_at at pos through a memory source of b (window bytes); the set text
 * or NULL, the code in *rc. */
static char *at_source(const bytes *b, uint64_t pos, size_t window, gtidpos_status *rc, gp_error *err)
{
    gp_source *s;
    gp_log log;
    gp_at_result r;
    char *text = NULL;

    gp_at_result_init(&r);
    ck_assert_int_eq(gp_source_open_memory(&s, "mem", b->p, b->n, err), GTIDPOS_OK);
    *rc = gp_log_open_source(&log, "mem", s, GTIDPOS_VERIFY_ALL, window, err);
    if (*rc == GTIDPOS_OK)
        *rc = gp_at(&log, pos, NULL, &r, err);
    if (*rc == GTIDPOS_OK)
        text = gp_at_result_set_text(&r);
    gp_at_result_free(&r);
    gp_log_close(&log);
    return text;
}

static char *at_buffer(const uint8_t *p, size_t n, uint64_t pos, gtidpos_status *rc)
{
    gp_log log;
    gp_error err;
    gp_at_result r;
    char *text = NULL;

    gp_at_result_init(&r);
    *rc = gp_log_open_buffer(&log, "buf", p, n, GTIDPOS_VERIFY_ALL, &err);
    if (*rc == GTIDPOS_OK)
        *rc = gp_at(&log, pos, NULL, &r, &err);
    if (*rc == GTIDPOS_OK)
        text = gp_at_result_set_text(&r);
    gp_at_result_free(&r);
    gp_log_close(&log);
    return text;
}

/* The same answers from the archive as from the bytes, with windows
 * smaller than many events, at the end and past it. */
START_TEST(test_walk_archives)
{
    static const compress_fn fns[] = {gzip_member, zstd_frame};
    static const size_t windows[] = {0, 64, 1000};
    size_t n;
    uint8_t *orig = gp_test_slurp(gp_test_path(LARGE), &n);
    gtidpos_status want_rc, rc;
    char *want = at_buffer(orig, n, GP_POS_END, &want_rc);

    ck_assert_int_eq(want_rc, GTIDPOS_OK);
    for (size_t f = 0; f < 2; f++) {
        bytes z = {NULL, 0};
        fns[f](&z, orig, n);
        for (size_t w = 0; w < sizeof windows / sizeof windows[0]; w++) {
            gp_error err;
            char *got = at_source(&z, GP_POS_END, windows[w], &rc, &err);
            ck_assert_int_eq(rc, GTIDPOS_OK);
            ck_assert_str_eq(got, want);
            free(got);
            /* past the end: refused once the end is known, as for bytes */
            ck_assert_ptr_null(at_source(&z, n + 1, windows[w], &rc, &err));
            ck_assert_int_eq(rc, GTIDPOS_ERR_POSITION);
            ck_assert_msg(strstr(err.msg, "past the end of the file") != NULL, "%s", err.msg);
        }
        free(z.p);
    }
    free(want);
    free(orig);
}
END_TEST

/* A cut archive of a file the server marked in use is damaged, never the
 * file still being written (which is answered at its last whole event). */
START_TEST(test_walk_cut_archive_in_use)
{
    size_t n;
    uint8_t *orig = gp_test_slurp(gp_test_path(IN_USE), &n);
    bytes z = {NULL, 0};
    gtidpos_status rc;
    gp_error err;
    char *text;

    /* the plain file cut the same way is answered */
    text = at_buffer(orig, n - 10, GP_POS_END, &rc);
    ck_assert_int_eq(rc, GTIDPOS_OK);
    free(text);
    gzip_member(&z, orig, n);
    for (size_t cut = z.n / 2; cut < z.n; cut += (z.n - cut) / 2 + 1) {
        bytes c = {z.p, cut};
        ck_assert_ptr_null(at_source(&c, GP_POS_END, 0, &rc, &err));
        ck_assert_int_eq(rc, GTIDPOS_ERR_CORRUPT);
        ck_assert_msg(strstr(err.msg, "archive is damaged") != NULL, "%s", err.msg);
    }
    free(z.p);
    free(orig);
}
END_TEST

/* A flipped byte in the middle of the deflate data: the binlog's own
 * checks may see it first, but the error names the damaged archive. */
START_TEST(test_walk_flipped_archive)
{
    size_t n;
    uint8_t *orig = gp_test_slurp(gp_test_path(LARGE), &n);
    bytes z = {NULL, 0};
    gtidpos_status rc;
    gp_error err;

    gzip_member(&z, orig, n);
    z.p[z.n / 2] ^= 0xff;
    ck_assert_ptr_null(at_source(&z, GP_POS_END, 0, &rc, &err));
    ck_assert_int_eq(rc, GTIDPOS_ERR_CORRUPT);
    ck_assert_msg(strstr(err.msg, "gzip archive is damaged") != NULL, "%s", err.msg);
    free(z.p);
    free(orig);
}
END_TEST

Suite *source_suite(void)
{
    Suite *s = suite_create("source");
    TCase *tc = tcase_create("source");

    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_detect, 0, (int)(sizeof magics / sizeof magics[0]));
    tcase_add_test(tc, test_gzip_whole);
    tcase_add_test(tc, test_zstd_whole);
    tcase_add_test(tc, test_plain_memory);
    tcase_add_test(tc, test_gzip_members);
    tcase_add_test(tc, test_zstd_frames);
    tcase_add_test(tc, test_gzip_every_cut);
    tcase_add_test(tc, test_zstd_every_cut);
    tcase_add_test(tc, test_gzip_trailer);
    tcase_add_test(tc, test_gzip_every_flip);
    tcase_add_test(tc, test_zstd_every_flip);
    tcase_add_test(tc, test_gzip_trailing_garbage);
    tcase_add_test(tc, test_zstd_window_too_large);
    tcase_add_test(tc, test_pipe_plain);
    tcase_add_test(tc, test_pipe_gzip);
    tcase_add_test(tc, test_pipe_zstd);
    tcase_add_test(tc, test_open_errors);
    tcase_add_test(tc, test_file_sizes);
    tcase_add_test(tc, test_walk_archives);
    tcase_add_test(tc, test_walk_cut_archive_in_use);
    tcase_add_test(tc, test_walk_flipped_archive);
    suite_add_tcase(s, tc);
    return s;
}
