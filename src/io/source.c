/* SPDX-License-Identifier: BSD-2-Clause */
#include "io/source.h"

#define ZLIB_CONST
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

/* Enough to tell the kinds apart (the longest magic is 4 bytes). */
#define HEAD_LEN 4
/* Compressed input is read this much at a time. */
#define IN_CAP (128u << 10)

struct gp_source {
    gp_source_kind kind;
    char *name;
    int fd;                /* -1: memory */
    int owns_fd;
    int positioned;        /* read with pread() at out_total (a range of
                              another source's file, sharing its fd) */
    const uint8_t *mem;    /* memory: the bytes */
    size_t mem_size, mem_pos;
    uint64_t size;         /* see gp_source_size */
    /* plain: the first bytes, read to tell the kind, handed out first */
    uint8_t head[HEAD_LEN];
    size_t head_len, head_pos;
    /* compressed: input window in[in_pos, in_len), from inbuf or memory */
    uint8_t *inbuf;
    const uint8_t *in;
    size_t in_len, in_pos;
    int in_eof;            /* no input after in[in_len) */
    uint64_t in_before;    /* compressed bytes before in[0] */
    uint64_t out_total;    /* binlog bytes made so far */
    z_stream z;
    int z_ready;
    int member_end;        /* gzip: the last inflate ended a member */
    ZSTD_DStream *zd;
    int zstd_pending;      /* zstd: a frame is not finished */
    int done;              /* the end was reached cleanly */
    int failed;            /* err holds why; every read fails from now on */
    gp_error err;
};

gp_source_kind gp_source_detect(const uint8_t *p, size_t n)
{
    if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
        return GP_SOURCE_GZIP;
    if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd)
        return GP_SOURCE_ZSTD;
    /* skippable frame: magic 0x184D2A50..0x184D2A5F, little-endian */
    if (n >= 4 && (p[0] & 0xf0) == 0x50 && p[1] == 0x2a && p[2] == 0x4d && p[3] == 0x18)
        return GP_SOURCE_ZSTD;
    return GP_SOURCE_PLAIN;
}

const char *gp_source_kind_name(gp_source_kind kind)
{
    switch (kind) {
    case GP_SOURCE_GZIP: return "gzip";
    case GP_SOURCE_ZSTD: return "zstd";
    case GP_SOURCE_PLAIN: return "plain";
    }
    return "plain";
}

/* ---- failures ------------------------------------------------------------ */

/* Fail now; the made bytes of this call (if any) are still handed out. */
static ssize_t stop(gp_source *s, size_t made)
{
    s->failed = 1;
    return made > 0 ? (ssize_t)made : -1;
}

static ssize_t io_failed(gp_source *s, size_t made, int err)
{
    gp_error_set(&s->err, GTIDPOS_ERR_IO, s->name, (int64_t)s->out_total, "read: %s",
                 strerror(err));
    return stop(s, made);
}

static ssize_t damaged(gp_source *s, size_t made, const char *what)
{
    gp_error_set(&s->err, GTIDPOS_ERR_CORRUPT, s->name, (int64_t)s->out_total,
                 "the %s archive is damaged at compressed byte %llu: %s",
                 gp_source_kind_name(s->kind),
                 (unsigned long long)(s->in_before + s->in_pos), what);
    return stop(s, made);
}

static ssize_t cut_short(gp_source *s, size_t made)
{
    gp_error_set(&s->err, GTIDPOS_ERR_CORRUPT, s->name, (int64_t)s->out_total,
                 "the %s archive is damaged: it is truncated, ending inside "
                 "compressed data after %llu bytes", gp_source_kind_name(s->kind),
                 (unsigned long long)(s->in_before + s->in_pos));
    return stop(s, made);
}

/* ---- raw input ----------------------------------------------------------- */

static ssize_t raw_read(gp_source *s, uint8_t *buf, size_t n)
{
    ssize_t got;

    if (s->fd < 0) {
        size_t left = s->mem_size - s->mem_pos;
        if (n > left)
            n = left;
        if (n > 0)
            memcpy(buf, s->mem + s->mem_pos, n);
        s->mem_pos += n;
        return (ssize_t)n;
    }
    do
        got = s->positioned ? pread(s->fd, buf, n, (off_t)s->out_total) : read(s->fd, buf, n);
    while (got < 0 && errno == EINTR);
    return got;
}

/* Next piece of compressed input into the window (called when it is used
 * up and more may come); 0, or -1 with errno. */
static int refill(gp_source *s)
{
    ssize_t got;

    s->in_before += s->in_len;
    s->in_pos = s->in_len = 0;
    got = raw_read(s, s->inbuf, IN_CAP);
    if (got < 0)
        return -1;
    s->in = s->inbuf;
    s->in_len = (size_t)got;
    s->in_eof = got == 0;
    return 0;
}

/* ---- the three kinds ----------------------------------------------------- */

static ssize_t plain_read(gp_source *s, uint8_t *buf, size_t n)
{
    ssize_t got;

    if (s->head_pos < s->head_len) {
        size_t k = s->head_len - s->head_pos;
        if (k > n)
            k = n;
        memcpy(buf, s->head + s->head_pos, k);
        s->head_pos += k;
        s->out_total += k;
        return (ssize_t)k;
    }
    got = raw_read(s, buf, n);
    if (got < 0)
        return io_failed(s, 0, errno);
    s->out_total += (uint64_t)got;
    return got;
}

/*
 * A gzip file is one or more members, each a header, deflate data and a
 * trailer holding the CRC32 and the length (mod 2^32) of what it
 * decompresses to (RFC 1952 2.2); zlib checks both at each member's end.
 */
static ssize_t gzip_read(gp_source *s, uint8_t *buf, size_t n)
{
    z_stream *z = &s->z;
    size_t made = 0;

    while (made < n && !s->done) {
        size_t room = n - made < UINT_MAX ? n - made : UINT_MAX;
        size_t avail = s->in_len - s->in_pos;
        int rc;

        if (avail == 0 && !s->in_eof) {
            if (refill(s) != 0)
                return io_failed(s, made, errno);
            continue;
        }
        if (s->member_end) {
            if (avail == 0) {
                s->done = 1; /* in_eof: a clean end after a member */
                break;
            }
            if (s->in[s->in_pos] != 0x1f)
                return damaged(s, made, "the bytes after a gzip member are not "
                                        "another gzip member");
            if (inflateReset(z) != Z_OK)
                return damaged(s, made, "inflateReset failed");
            s->member_end = 0;
        }
        z->next_in = s->in + s->in_pos;
        z->avail_in = avail < UINT_MAX ? (uInt)avail : UINT_MAX;
        z->next_out = buf + made;
        z->avail_out = (uInt)room;
        rc = inflate(z, Z_NO_FLUSH);
        s->in_pos = (size_t)(z->next_in - s->in);
        s->out_total += room - z->avail_out;
        made += room - z->avail_out;
        switch (rc) {
        case Z_STREAM_END:
            s->member_end = 1;
            break;
        case Z_OK:
            break;
        case Z_BUF_ERROR: /* no progress: the input is used up */
            if (s->in_pos == s->in_len && s->in_eof)
                return cut_short(s, made);
            break;
        case Z_MEM_ERROR:
            gp_error_set(&s->err, GTIDPOS_ERR_NOMEM, s->name, (int64_t)s->out_total,
                         "out of memory inflating the gzip archive");
            return stop(s, made);
        default: /* Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR */
            return damaged(s, made, z->msg != NULL ? z->msg : "invalid deflate data");
        }
    }
    return (ssize_t)made;
}

/* A zstd stream is frames one after the other; ZSTD_decompressStream
 * returns 0 exactly when a frame is finished and flushed. */
static ssize_t zstd_read(gp_source *s, uint8_t *buf, size_t n)
{
    ZSTD_outBuffer out = {buf, n, 0};

    while (out.pos < n && !s->done) {
        ZSTD_inBuffer in;
        size_t before = out.pos, before_in = s->in_pos, rc;

        if (s->in_pos == s->in_len && !s->in_eof) {
            if (refill(s) != 0)
                return io_failed(s, out.pos, errno);
            continue;
        }
        in.src = s->in;
        in.size = s->in_len;
        in.pos = s->in_pos;
        rc = ZSTD_decompressStream(s->zd, &out, &in);
        s->in_pos = in.pos;
        s->out_total += out.pos - before;
        if (ZSTD_isError(rc)) {
            if (ZSTD_getErrorCode(rc) == ZSTD_error_memory_allocation) {
                gp_error_set(&s->err, GTIDPOS_ERR_NOMEM, s->name, (int64_t)s->out_total,
                             "out of memory decompressing the zstd archive");
                return stop(s, out.pos);
            }
            /* zstd --long and high levels may need a window beyond the
             * decoder's default limit (2^27 bytes, ZSTD_WINDOWLOG_LIMIT_DEFAULT
             * in zstd.h): not damage, but more memory than gtidpos takes;
             * zstd -d --long=31 can decompress it. */
            if (ZSTD_getErrorCode(rc) == ZSTD_error_frameParameter_windowTooLarge) {
                gp_error_set(&s->err, GTIDPOS_ERR_UNSUPPORTED, s->name, (int64_t)s->out_total,
                             "the zstd archive needs a window larger than 128 MiB "
                             "(made with --long?); pipe `zstd -dc --long=31` into "
                             "gtidpos instead");
                return stop(s, out.pos);
            }
            return damaged(s, out.pos, ZSTD_getErrorName(rc));
        }
        /* Between frames, a call with no input returns the size of the
         * next frame header it wants: only a call that moved tells. */
        if (in.pos != before_in || out.pos != before)
            s->zstd_pending = rc != 0;
        if (s->in_pos == s->in_len && s->in_eof && out.pos == before) {
            if (s->zstd_pending)
                return cut_short(s, out.pos);
            s->done = 1;
        }
    }
    return (ssize_t)out.pos;
}

ssize_t gp_source_read(gp_source *s, uint8_t *buf, size_t n)
{
    if (s->failed)
        return -1;
    if (n > SSIZE_MAX)
        n = SSIZE_MAX;
    if (n == 0)
        return 0;
    switch (s->kind) {
    case GP_SOURCE_GZIP: return gzip_read(s, buf, n);
    case GP_SOURCE_ZSTD: return zstd_read(s, buf, n);
    case GP_SOURCE_PLAIN: break;
    }
    return plain_read(s, buf, n);
}

/* ---- opening ------------------------------------------------------------- */

static gp_source *new_source(const char *name)
{
    gp_source *s = calloc(1, sizeof *s);

    if (s == NULL)
        return NULL;
    s->name = strdup(name);
    if (s->name == NULL) {
        free(s);
        return NULL;
    }
    s->fd = -1;
    s->size = GP_SOURCE_SIZE_UNKNOWN;
    gp_error_clear(&s->err);
    return s;
}

/* Set up the decompressor for s->kind; the compressed input starts at
 * s->in.  GTIDPOS_OK, or GTIDPOS_ERR_NOMEM. */
static gtidpos_status start_decoder(gp_source *s, gp_error *e)
{
    if (s->kind == GP_SOURCE_GZIP) {
        /* 16 + MAX_WBITS: gzip wrapper only, with its CRC and length checks */
        if (inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK)
            return gp_error_set(e, GTIDPOS_ERR_NOMEM, s->name, -1, "cannot start zlib inflate");
        s->z_ready = 1;
    } else if (s->kind == GP_SOURCE_ZSTD) {
        s->zd = ZSTD_createDStream();
        if (s->zd == NULL || ZSTD_isError(ZSTD_initDStream(s->zd)))
            return gp_error_set(e, GTIDPOS_ERR_NOMEM, s->name, -1, "cannot start zstd");
    }
    return GTIDPOS_OK;
}

static gtidpos_status open_failed(gp_source *s, gtidpos_status rc, gp_source **out)
{
    gp_source_close(s);
    *out = NULL;
    return rc;
}

/* by_name: a regular file opened by its name has a known size (at open:
 * a file that grows while it is read is answered as it was then). */
static gtidpos_status open_fd(gp_source **out, int fd, int owns_fd, const char *name,
                      int by_name, gp_error *e)
{
    gp_source *s = new_source(name);
    struct stat st;
    int regular;
    gtidpos_status rc;

    *out = NULL;
    if (s == NULL) {
        if (owns_fd)
            close(fd);
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, name, -1, "out of memory");
    }
    s->fd = fd;
    s->owns_fd = owns_fd;
    if (fstat(fd, &st) != 0)
        return open_failed(s, gp_error_set(e, GTIDPOS_ERR_IO, name, -1, "%s", strerror(errno)), out);
    if (S_ISDIR(st.st_mode))
        return open_failed(s, gp_error_set(e, GTIDPOS_ERR_IO, name, -1, "is a directory"), out);
    regular = S_ISREG(st.st_mode);
    if (regular)
        (void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    /* Tell the kind from the first bytes; a pipe may hand them out a few
     * at a time, and they cannot be read again: keep them. */
    while (s->head_len < HEAD_LEN) {
        ssize_t got = raw_read(s, s->head + s->head_len, HEAD_LEN - s->head_len);
        if (got < 0)
            return open_failed(s, gp_error_set(e, GTIDPOS_ERR_IO, name, -1, "read: %s",
                                               strerror(errno)), out);
        if (got == 0)
            break;
        s->head_len += (size_t)got;
    }
    s->kind = gp_source_detect(s->head, s->head_len);
    if (s->kind == GP_SOURCE_PLAIN) {
        if (regular && by_name)
            s->size = (uint64_t)st.st_size;
        *out = s;
        return GTIDPOS_OK;
    }
    s->inbuf = malloc(IN_CAP);
    if (s->inbuf == NULL)
        return open_failed(s, gp_error_set(e, GTIDPOS_ERR_NOMEM, name, -1, "out of memory"), out);
    memcpy(s->inbuf, s->head, s->head_len);
    s->in = s->inbuf;
    s->in_len = s->head_len;
    s->head_len = 0;
    if ((rc = start_decoder(s, e)) != GTIDPOS_OK)
        return open_failed(s, rc, out);
    *out = s;
    return GTIDPOS_OK;
}

gtidpos_status gp_source_open_fd(gp_source **out, int fd, int owns_fd, const char *name,
                         gp_error *e)
{
    return open_fd(out, fd, owns_fd, name, 0, e);
}

gtidpos_status gp_source_open(gp_source **out, const char *path, gp_error *e)
{
    int fd;

    if (strcmp(path, "-") == 0)
        return open_fd(out, STDIN_FILENO, 0, path, 0, e);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *out = NULL;
        return gp_error_set(e, GTIDPOS_ERR_IO, path, -1, "%s", strerror(errno));
    }
    return open_fd(out, fd, 1, path, 1, e);
}

gtidpos_status gp_source_open_memory(gp_source **out, const char *name, const uint8_t *data,
                             size_t size, gp_error *e)
{
    gp_source *s = new_source(name);

    *out = NULL;
    if (s == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, name, -1, "out of memory");
    s->mem = data;
    s->mem_size = size;
    s->kind = gp_source_detect(data, size);
    if (s->kind == GP_SOURCE_PLAIN) {
        s->size = size;
    } else {
        /* the whole input is the window: no copy */
        s->in = data;
        s->in_len = size;
        s->in_eof = 1;
        s->mem_pos = size;
        gtidpos_status rc = start_decoder(s, e);
        if (rc != GTIDPOS_OK)
            return open_failed(s, rc, out);
    }
    *out = s;
    return GTIDPOS_OK;
}

gtidpos_status gp_source_open_range(gp_source **out, const gp_source *file, uint64_t offset,
                            gp_error *e)
{
    gp_source *s;

    *out = NULL;
    if (file->kind != GP_SOURCE_PLAIN || file->fd < 0 || file->size == GP_SOURCE_SIZE_UNKNOWN ||
        offset > file->size)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file->name, (int64_t)offset,
                            "only a plain file can be read from an offset");
    if ((s = new_source(file->name)) == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, file->name, -1, "out of memory");
    s->kind = GP_SOURCE_PLAIN;
    s->fd = file->fd;
    s->owns_fd = 0;
    s->positioned = 1;
    s->size = file->size;
    s->out_total = offset;
    *out = s;
    return GTIDPOS_OK;
}

const gp_error *gp_source_error(const gp_source *s)
{
    return &s->err;
}

gp_source_kind gp_source_kind_of(const gp_source *s)
{
    return s->kind;
}

uint64_t gp_source_size(const gp_source *s)
{
    return s->size;
}

void gp_source_close(gp_source *s)
{
    if (s == NULL)
        return;
    if (s->z_ready)
        inflateEnd(&s->z);
    ZSTD_freeDStream(s->zd);
    if (s->owns_fd && s->fd >= 0)
        close(s->fd);
    free(s->inbuf);
    free(s->name);
    free(s);
}
