/* SPDX-License-Identifier: BSD-2-Clause */
#include "walker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crc.h"
#include "format.h"
#include "io/readahead.h"
#include "reader.h"
#include "io/source.h"

int gp_is_decoded_type(uint8_t type)
{
    switch (type) {
    case GP_EV_START_V3:
    case GP_EV_FORMAT_DESCRIPTION:
    case GP_EV_PREVIOUS_GTIDS:
    case GP_EV_MARIA_GTID_LIST:
    case GP_EV_GTID:
    case GP_EV_GTID_TAGGED:
    case GP_EV_ANONYMOUS_GTID:
    case GP_EV_MARIA_GTID:
    case GP_EV_QUERY:
    case GP_EV_QUERY_COMPRESSED:
        return 1;
    default:
        return 0;
    }
}

/* Events decoded in full: always held whole, whatever their size.  A
 * query only needs its first bytes (status variables, database, the start
 * of the statement: at most 13 + 65535 + 256 + 64 bytes). */
static int needs_whole_event(uint8_t type)
{
    return gp_is_decoded_type(type) && type != GP_EV_QUERY &&
           type != GP_EV_QUERY_COMPRESSED;
}

/*
 * Read the rest of the source without framing it (the walk is over): 1
 * when it ends cleanly, its size then known, 0 when it fails.
 */
static int drain(gp_log *l)
{
    uint64_t end = l->win_off + l->win_len;
    gp_chunk c;

    if (l->ra == NULL)
        return 0;
    /* the window is given up: chunks go back in order, this one first */
    if (l->have_chunk)
        gp_ra_release(l->ra, &l->chunk);
    l->have_chunk = 0;
    l->win_off = end;
    l->win_len = 0;
    while (!l->eof) {
        gp_ra_next(l->ra, &c);
        gp_ra_release(l->ra, &c);
        end += c.len;
        if (c.error)
            l->src_failed = 1;
        if (c.len == 0)
            l->eof = 1;
    }
    if (l->src_failed)
        return 0;
    if (l->size == GP_SIZE_UNKNOWN)
        l->size = end;
    return 1;
}

uint64_t gp_log_learn_size(gp_log *l)
{
    if (l->size == GP_SIZE_UNKNOWN && l->src != NULL)
        (void)drain(l);
    return l->size;
}

static int is_damage(gtidpos_status code)
{
    return code == GTIDPOS_ERR_TRUNCATED || code == GTIDPOS_ERR_CORRUPT ||
           code == GTIDPOS_ERR_CHECKSUM || code == GTIDPOS_ERR_UNSUPPORTED;
}

/*
 * The binlog read from an archive looks damaged.  Damaged compressed data
 * often inflates to wrong bytes that only the member's CRC32 (gzip) or the
 * frame's checksum (zstd), at its end, would catch: read the archive on to
 * find out, and when it is damaged say so, and fail as damaged, never as a
 * truncated file (an in-use file cut short is answered at its last event).
 */
static void blame_archive(gp_log *l)
{
    const gp_error *se;
    size_t n;

    if (l->src == NULL || gp_source_kind_of(l->src) == GP_SOURCE_PLAIN || l->eof)
        return;
    if (drain(l))
        return;
    se = gp_source_error(l->src);
    n = strlen(l->err.msg);
    snprintf(l->err.msg + n, GP_ERROR_MSG_CUT - n, "; %.300s (at binlog offset %lld)",
             se->msg, (long long)se->offset);
    l->err.code = se->code;
    l->status = se->code;
}

static int fail(gp_log *l, gtidpos_status code)
{
    l->status = code;
    if (is_damage(code))
        blame_archive(l);
    return 0;
}

static gtidpos_status check_magic(gp_log *l, gp_error *e)
{
    size_t n = l->win_len;

    if (n == 0)
        return gp_error_set(e, GTIDPOS_ERR_NOT_BINLOG, l->name, 0, "empty file");
    if (n < GP_BINLOG_MAGIC_LEN || memcmp(l->win, GP_BINLOG_MAGIC, GP_BINLOG_MAGIC_LEN) != 0)
        return gp_error_set(e, GTIDPOS_ERR_NOT_BINLOG, l->name, 0,
                            "no binlog magic (\\xfebin): not a binary or relay log");
    return GTIDPOS_OK;
}


static void init_log(gp_log *l, const char *name, gtidpos_verify verify)
{
    static const gp_log_tuning defaults = GP_LOG_TUNING_DEFAULT;

    memset(l, 0, sizeof *l);
    l->name = name;
    l->tune = defaults;
    l->verify = verify;
    l->next = GP_BINLOG_MAGIC_LEN;
    gp_error_clear(&l->err);
}

gtidpos_status gp_log_open_buffer(gp_log *l, const char *name, const uint8_t *data,
                          uint64_t size, gtidpos_verify verify, gp_error *e)
{
    init_log(l, name, verify);
    l->win = data;
    l->win_len = (size_t)size;
    l->size = size;
    return check_magic(l, e);
}

/* The source failed (read error, damaged archive) after the bytes seen. */
static int source_failed(gp_log *l)
{
    l->err = *gp_source_error(l->src);
    l->src_failed = 1;
    l->eof = 1;
    return fail(l, l->err.code != GTIDPOS_OK ? l->err.code : GTIDPOS_ERR_IO);
}

/* Hold the carried bytes (t of them at carry, perhaps in l->buf already)
 * at the start of l->buf, with room for need bytes in all. */
static int carry_to_buf(gp_log *l, const uint8_t *carry, size_t t, size_t need)
{
    if (need > l->buf_cap) {
        uint8_t *bigger = malloc(need);
        if (bigger == NULL) {
            gp_error_set(&l->err, GTIDPOS_ERR_NOMEM, l->name, (int64_t)l->win_off,
                         "out of memory for a %zu-byte event", need);
            return fail(l, GTIDPOS_ERR_NOMEM);
        }
        if (t > 0)
            memcpy(bigger, carry, t);
        free(l->buf);
        l->buf = bigger;
        l->buf_cap = need;
    } else if (t > 0) {
        memmove(l->buf, carry, t);
    }
    return 1;
}

/* Gather the carried bytes and the next chunk in l->buf (the carry does not
 * fit in the chunk's headroom: an event larger than the window). */
static int assemble(gp_log *l, const uint8_t *carry, size_t t, const gp_chunk *nx)
{
    if (!carry_to_buf(l, carry, t, t + nx->len))
        return 0;
    memcpy(l->buf + t, nx->data, nx->len);
    return 1;
}

/*
 * ensure's step when the chunks are read without a thread, into one buffer
 * (gp_ra_inline_data: next is where the next chunk's data goes): the tail
 * carried from the window, t bytes from off, is moved out of the buffer
 * and made the window first (in front of where the chunk goes, or in
 * l->buf when it is larger than the headroom), then the chunk is read
 * after it.  0 when a read failed or memory ran out (l->status says
 * which; the window still holds the tail).
 */
static int next_inline(gp_log *l, uint64_t off, size_t t, uint8_t *next)
{
    const uint8_t *carry = t > 0 ? l->win + (off - l->win_off) : NULL;
    int in_buf = t > l->cap;
    gp_chunk nx;

    if (in_buf) {
        if (!carry_to_buf(l, carry, t, t + l->cap))
            return 0;
        l->win = l->buf;
    } else {
        if (t > 0)
            memmove(next - t, carry, t);
        l->win = next - t;
    }
    l->win_off = off;
    l->win_len = t;
    l->have_chunk = 0;
    gp_ra_next(l->ra, &nx);
    if (nx.error != 0)
        return source_failed(l), 0;
    if (nx.len == 0) {
        l->eof = 1;
        /* an archive or a pipe: its size is known now */
        if (l->size == GP_SIZE_UNKNOWN)
            l->size = off + t;
        return 1;
    }
    if (l->tune.progress != NULL)
        l->tune.progress(l->tune.progress_ctx, nx.len);
    if (in_buf)
        memcpy(l->buf + t, nx.data, nx.len);
    l->win_len = t + nx.len;
    return 1;
}

/*
 * Make bytes [off, off + len) available at l->win.  Offsets only move
 * forward: off is never before the window, nor past its end.  Returns how
 * many are available: len, or fewer at the end of the file.  A read error
 * sets l->status and returns 0.
 */
static size_t ensure(gp_log *l, uint64_t off, size_t len)
{
    while (off + len > l->win_off + l->win_len && l->src != NULL && !l->eof) {
        size_t t = (size_t)(l->win_off + l->win_len - off); /* carried tail */
        const uint8_t *carry = t > 0 ? l->win + (off - l->win_off) : NULL;
        uint8_t *inline_data = gp_ra_inline_data(l->ra);
        gp_chunk nx;

        if (inline_data != NULL) {
            if (!next_inline(l, off, t, inline_data))
                return 0;
            continue;
        }
        gp_ra_next(l->ra, &nx);
        if (nx.error != 0)
            return gp_ra_release(l->ra, &nx), source_failed(l), 0;
        if (nx.len == 0) {
            gp_ra_release(l->ra, &nx);
            l->eof = 1;
            /* an archive or a pipe: its size is known now */
            if (l->size == GP_SIZE_UNKNOWN)
                l->size = l->win_off + l->win_len;
            break;
        }
        if (l->tune.progress != NULL)
            l->tune.progress(l->tune.progress_ctx, nx.len);
        if (t <= l->cap) {
            /* The common case: carry the tail into the headroom. */
            if (t > 0)
                memcpy(nx.data - t, carry, t);
            l->win = nx.data - t;
        } else if (!assemble(l, carry, t, &nx)) {
            return 0;
        }
        if (l->have_chunk)
            gp_ra_release(l->ra, &l->chunk);
        if (t <= l->cap) {
            l->chunk = nx;
            l->have_chunk = 1;
        } else {
            gp_ra_release(l->ra, &nx);
            l->have_chunk = 0;
            l->win = l->buf;
        }
        l->win_off = off;
        l->win_len = t + nx.len;
    }
    if (off >= l->win_off + l->win_len)
        return 0;
    return l->win_off + l->win_len - off < len ? (size_t)(l->win_off + l->win_len - off) : len;
}

/* Walk l->src through the reader thread. */
static gtidpos_status open_stream(gp_log *l, size_t window, int threaded, gp_error *e)
{
    /* A plain file is read no further than its size at open: a file that
     * grows while it is read is answered as it was then.  Archives and
     * pipes are read to their end. */
    l->size = gp_source_size(l->src);
    /* Chunks of the window size with as much headroom: any event up to the
     * window size is seen in one piece. */
    l->cap = window == 0 ? GP_WINDOW_SIZE : window < 64 ? 64 : window;
    l->ra = gp_ra_start_mode(l->src, l->size, l->cap, l->cap, threaded);
    if (l->ra == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, l->name, -1, "cannot start the reader thread");
    l->win = l->buf; /* empty window at offset 0 */
    if (ensure(l, 0, GP_BINLOG_MAGIC_LEN) == 0 && l->status != GTIDPOS_OK) {
        *e = l->err;
        return l->status;
    }
    return GTIDPOS_OK;
}

/* Only a plain file can be mapped: its bytes are the binlog's.  Asking
 * for a mapping of anything else is refused as a usage error rather than
 * silently read another way. */
static gtidpos_status open_mapped(gp_log *l, const char *path, gp_error *e)
{
    gp_source_kind kind;
    gtidpos_status rc;

    if (strcmp(path, "-") == 0)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, path, -1,
                            "--io mmap cannot map standard input; use --io read");
    if ((rc = gp_map_open(&l->map, path, e)) != GTIDPOS_OK)
        return rc;
    kind = gp_source_detect(l->map.data, (size_t)l->map.size);
    if (kind != GP_SOURCE_PLAIN) {
        gp_map_close(&l->map);
        memset(&l->map, 0, sizeof l->map);
        return gp_error_set(e, GTIDPOS_ERR_PARSE, path, -1,
                            "--io mmap maps plain files only, and this is a %s "
                            "archive; use --io read", gp_source_kind_name(kind));
    }
    l->win = l->map.data;
    l->win_len = (size_t)l->map.size;
    l->size = l->map.size;
    return GTIDPOS_OK;
}

static gtidpos_status open_source(gp_log *l, const char *name, gp_source *src, gtidpos_verify verify,
                          size_t window, int threaded, const gp_log_tuning *t, gp_error *e)
{
    gtidpos_status rc;

    init_log(l, name, verify);
    if (t != NULL)
        l->tune = *t; /* before the first chunk is read */
    l->src = src;
    if ((rc = open_stream(l, window, threaded, e)) == GTIDPOS_OK)
        rc = check_magic(l, e);
    return rc;
}

gtidpos_status gp_log_open_source(gp_log *l, const char *name, gp_source *src, gtidpos_verify verify,
                          size_t window, gp_error *e)
{
    return open_source(l, name, src, verify, window, 1, NULL, e);
}

gtidpos_status gp_log_open_io(gp_log *l, const char *path, gtidpos_verify verify, gtidpos_io io,
                      size_t window, gp_error *e)
{
    return gp_log_open_tuned(l, path, verify, io, window, NULL, e);
}

gtidpos_status gp_log_open_tuned(gp_log *l, const char *path, gtidpos_verify verify,
                                 gtidpos_io io, size_t window, const gp_log_tuning *t,
                                 gp_error *e)
{
    gp_source *src;
    gtidpos_status rc;
    int threaded = io == GTIDPOS_IO_READ, splittable = 0;

    init_log(l, path, verify);
    if (t != NULL)
        l->tune = *t;
    if (io == GTIDPOS_IO_MMAP) {
        if ((rc = open_mapped(l, path, e)) == GTIDPOS_OK)
            rc = check_magic(l, e);
        return rc;
    }
    if ((rc = gp_source_open(&src, path, e)) != GTIDPOS_OK)
        return rc;
    if (io == GTIDPOS_IO_DEFAULT) {
        /* Both cores will walk: one thread per part, each reading inline. */
        splittable = gp_source_kind_of(src) == GP_SOURCE_PLAIN &&
                     gp_source_size(src) != GP_SOURCE_SIZE_UNKNOWN &&
                     gp_source_size(src) >= l->tune.split_min;
        threaded = !splittable;
        if (splittable && window == 0 && gp_source_size(src) < GP_INLINE_WINDOW_SIZE)
            window = (size_t)gp_source_size(src) + 64; /* tests split small files */
    }
    /* Read inline, a chunk is walked right after it is copied: a smaller
     * one is still in this core's cache then (bench/README.md). */
    if (!threaded && window == 0)
        window = GP_INLINE_WINDOW_SIZE;
    rc = open_source(l, path, src, verify, window, threaded, t, e);
    l->splittable = splittable;
    return rc;
}

gtidpos_status gp_log_open_tail(gp_log *l, const gp_log *whole, uint64_t offset, gp_error *e)
{
    gp_source *src;
    gtidpos_status rc;

    init_log(l, whole->name, whole->verify);
    l->tune = whole->tune; /* its progress hook counts the tail's bytes too */
    if (whole->src == NULL || !whole->have_fde || offset < GP_BINLOG_MAGIC_LEN ||
        offset > whole->size)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, whole->name, (int64_t)offset,
                            "a walk from an offset needs a plain file past its format "
                            "description");
    if ((rc = gp_source_open_range(&src, whole->src, offset, e)) != GTIDPOS_OK)
        return rc;
    l->src = src;
    l->size = whole->size;
    l->cap = whole->cap;
    l->ra = gp_ra_start_mode(src, whole->size - offset, l->cap, l->cap, 0);
    if (l->ra == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, l->name, -1, "out of memory");
    /* An empty window at offset: framing starts there, in the format the
     * whole file's walk has in force. */
    l->win_off = offset;
    l->next = offset;
    l->fde = whole->fde;
    l->first_fde = whole->first_fde;
    l->have_fde = 1;
    l->in_use = whole->in_use;
    return GTIDPOS_OK;
}


gtidpos_status gp_log_open(gp_log *l, const char *path, gtidpos_verify verify, gp_error *e)
{
    return gp_log_open_io(l, path, verify, GTIDPOS_IO_READ, 0, e);
}

void gp_log_close(gp_log *l)
{
    if (l == NULL)
        return;
    gp_map_close(&l->map);
    gp_ra_stop(l->ra); /* before closing the source it reads */
    gp_source_close(l->src);
    l->ra = NULL;
    l->src = NULL;
    l->have_chunk = 0;
    free(l->buf);
    free(l->prefix);
    l->buf = NULL;
    l->prefix = NULL;
    l->win = NULL;
    l->win_len = 0;
}

/* Say which kind of truncation this is: the server sets the in-use flag
 * on the FDE when it opens the file and clears it when it closes it. */
static int truncated(gp_log *l)
{
    size_t n = strlen(l->err.msg);
    const char *why =
        !l->have_fde ? ""
        : l->in_use  ? "; the file is marked in use: still being written, or the "
                       "server crashed while writing it"
                     : "; the server closed this file, so it was cut or damaged "
                       "afterwards";

    snprintf(l->err.msg + n, GP_ERROR_MSG_CUT - n, "%s", why);
    return fail(l, GTIDPOS_ERR_TRUNCATED);
}

void gp_log_checksum_continue(gp_log *l)
{
    l->crc_continue = 1;
}

/* 0: the walk ends (l->status says why); 1: continue-mode, event marked. */
static int checksum_mismatch(gp_log *l, const gp_event *ev, uint32_t stored)
{
    char name[16];

    if (l->crc_continue) {
        l->crc_bad = 1;
        l->crc_stored = stored;
        return 1;
    }

    gp_error_set(&l->err, GTIDPOS_ERR_CHECKSUM, l->name, (int64_t)ev->offset,
                 "CRC32 mismatch in %s event (%u bytes, stored 0x%08x)",
                 gp_event_name(ev->type, name), ev->size, stored);
    return fail(l, GTIDPOS_ERR_CHECKSUM);
}

static int should_verify(const gp_log *l, uint8_t type)
{
    if (l->fde.checksum_alg != GP_CHECKSUM_ALG_CRC32 || type == GP_EV_FORMAT_DESCRIPTION)
        return 0;
    return l->verify == GTIDPOS_VERIFY_ALL ||
           (l->verify == GTIDPOS_VERIFY_GTID && gp_is_decoded_type(type));
}

/* Apply a Format_description (or Start_event_v3) event. */
static int apply_fde(gp_log *l, const gp_event *ev)
{
    gp_fde f;

    if (gp_fde_parse(&f, ev->data, ev->size, ev->header_len, l->name, ev->offset,
                     &l->err) != GTIDPOS_OK)
        return fail(l, l->err.code);
    if (f.checksum_alg == GP_CHECKSUM_ALG_CRC32 && l->verify != GTIDPOS_VERIFY_NONE &&
        !gp_fde_crc_ok(ev->data, ev->size) &&
        !checksum_mismatch(l, ev, gp_load_u32le(ev->data + ev->size - GP_CHECKSUM_LEN)))
        return 0;
    l->fde = f;
    if (!l->have_fde) {
        l->first_fde = f;
        l->in_use = (ev->flags & GP_LOG_EVENT_BINLOG_IN_USE_F) != 0;
        l->have_fde = 1;
    }
    return 1;
}

/* The event is in the window whole: check it. */
static int take_whole(gp_log *l, gp_event *ev)
{
    size_t have = ensure(l, ev->offset, ev->size);

    if (l->status != GTIDPOS_OK)
        return 0;
    if (have < ev->size)
        return gp_event_truncated(ev, have, l->name, &l->err), truncated(l);
    ev->data = l->win + (ev->offset - l->win_off);
    gp_event_set_body(ev, &l->fde, ev->size);
    if (should_verify(l, ev->type) && !gp_event_crc_ok(ev))
        return checksum_mismatch(l, ev, gp_load_u32le(ev->data + ev->size - GP_CHECKSUM_LEN));
    return 1;
}

/* Keep the last GP_EVENT_LAST bytes seen of a streamed event. */
static void keep_last(gp_log *l, const uint8_t *q, size_t n)
{
    if (n >= GP_EVENT_LAST) {
        memcpy(l->last, q + n - GP_EVENT_LAST, GP_EVENT_LAST);
    } else {
        memmove(l->last, l->last + n, GP_EVENT_LAST - n);
        memcpy(l->last + GP_EVENT_LAST - n, q, n);
    }
}

/* An event larger than the window: stream it through the checksum and
 * keep its first and last bytes. */
static int take_streamed(gp_log *l, gp_event *ev)
{
    uint32_t trailer = l->fde.checksum_alg == GP_CHECKSUM_ALG_CRC32 ? GP_CHECKSUM_LEN : 0;
    uint64_t pos = ev->offset, end = ev->offset + ev->size - trailer;
    uint32_t crc = 0, kept = 0;
    int verify = should_verify(l, ev->type);

    if (l->prefix == NULL && (l->prefix = malloc(GP_EVENT_PREFIX)) == NULL)
        return gp_error_set(&l->err, GTIDPOS_ERR_NOMEM, l->name, (int64_t)ev->offset,
                            "out of memory"), fail(l, GTIDPOS_ERR_NOMEM);
    while (pos < end) {
        uint64_t want = end - pos < l->cap ? end - pos : l->cap;
        size_t have = ensure(l, pos, (size_t)want);
        const uint8_t *q = l->win + (pos - l->win_off);

        if (l->status != GTIDPOS_OK)
            return 0;
        if (have == 0)
            return gp_event_truncated(ev, pos - ev->offset, l->name, &l->err), truncated(l);
        if (kept < GP_EVENT_PREFIX) {
            uint32_t n = have < GP_EVENT_PREFIX - kept ? (uint32_t)have : GP_EVENT_PREFIX - kept;
            memcpy(l->prefix + kept, q, n);
            kept += n;
        }
        if (verify)
            crc = gp_crc32(crc, q, have);
        keep_last(l, q, have);
        pos += have;
    }
    if (trailer > 0) {
        size_t have = ensure(l, end, trailer);
        if (l->status != GTIDPOS_OK)
            return 0;
        if (have < trailer)
            return gp_event_truncated(ev, end - ev->offset + have, l->name, &l->err),
                   truncated(l);
        if (verify && crc != gp_load_u32le(l->win + (end - l->win_off)) &&
            !checksum_mismatch(l, ev, gp_load_u32le(l->win + (end - l->win_off))))
            return 0;
    }
    ev->data = l->prefix;
    gp_event_set_body(ev, &l->fde, kept);
    ev->last = l->last;
    ev->last_len = GP_EVENT_LAST;
    return 1;
}

/*
 * Nearly every event of a large file is already whole in the window: frame
 * and check it without the general path's calls.  Returns 0 to send the
 * event down the general path (first event, FDE, window edge, bad length).
 * It fills ev as gp_event_decode_header and gp_event_set_body would (with
 * their helpers), once each field: a scan spends as much here per event it
 * looks at as in the rest of the walk.
 */
static inline int next_in_window(gp_log *l, gp_event *ev)
{
    const uint8_t hlen = l->fde.header_len;
    const uint64_t next = l->next, end = l->win_off + l->win_len;
    /* the trailer of any event but the FDE (gp_event_trailer_len) */
    const uint32_t trailer = l->fde.checksum_alg == GP_CHECKSUM_ALG_CRC32 ? GP_CHECKSUM_LEN : 0;
    const uint8_t *p;
    uint32_t size;
    uint8_t type;

    if (!l->have_fde || next + hlen > end)
        return 0;
    p = l->win + (next - l->win_off);
    size = gp_load_u32le(p + GP_EVH_EVENT_SIZE);
    type = p[GP_EVH_TYPE];
    if (type == GP_EV_FORMAT_DESCRIPTION || next + size > end || size < (uint32_t)hlen + trailer)
        return 0;
    ev->offset = next;
    ev->size = size;
    ev->type = type;
    ev->header_len = hlen;
    ev->data = p;
    gp_event_load_header_rest(ev, p, hlen);
    gp_event_set_whole_body(ev, size - hlen - trailer);
    /* should_verify, for a type that is not the FDE */
    if (trailer != 0 &&
        (l->verify == GTIDPOS_VERIFY_ALL || (l->verify == GTIDPOS_VERIFY_GTID && gp_is_decoded_type(type))) &&
        gp_crc32(0, p, size - GP_CHECKSUM_LEN) != gp_load_u32le(p + size - GP_CHECKSUM_LEN) &&
        !checksum_mismatch(l, ev, gp_load_u32le(p + size - GP_CHECKSUM_LEN)))
        return -1;
    l->next = next + size;
    l->n_events++;
    return 1;
}

/* What one pass of gp_log_skip's loop ran over, in the window. */
typedef struct skip_run {
    const uint8_t *p;    /* where it stopped: the next event */
    const uint8_t *last; /* the last event passed over (n > 0) */
    size_t n;
    uint32_t ts_min1, ts_max; /* see skip_loop */
} skip_run;

/*
 * gp_log_skip's loop, over the window bytes [p, hdr_lim + hlen - 1): an
 * event passed over starts before hdr_lim (its header whole in the
 * window and before stop) and ends at or before end.  Inlined with
 * constant verify, min_size and tally, it is as tight as bench/floor.c's
 * loop: this loop is most of a scan's time after the copy and the CRC32,
 * so nothing lives across the CRC32 call but what it must carry.  With
 * hlen_end (not 0), hdr_lim is end - hlen_end + 1, one register less.
 * Timestamps 0 do not count: ts - 1 wraps to UINT32_MAX for them, which
 * no minimum takes, and 0 is no maximum.
 */
static inline __attribute__((always_inline)) void
skip_loop(skip_run *r, const uint8_t skip[256], const uint8_t *p, const uint8_t *hdr_lim,
          const uint8_t *end, const int verify, const uint32_t min_size, const int tally,
          const size_t hlen_end)
{
    const uint8_t *last = NULL;
    uint32_t ts_min1 = UINT32_MAX, ts_max = 0;
    size_t n = 0;

    while (hlen_end != 0 ? (size_t)(end - p) >= hlen_end : p < hdr_lim) {
        uint32_t size = gp_load_u32le(p + GP_EVH_EVENT_SIZE);

        if (!skip[p[GP_EVH_TYPE]] || size < min_size || size > (size_t)(end - p) ||
            (verify && gp_crc32(0, p, size - GP_CHECKSUM_LEN) !=
                           gp_load_u32le(p + size - GP_CHECKSUM_LEN)))
            break; /* gp_log_next frames it, and reports what is wrong */
        if (tally) {
            uint32_t ts = gp_load_u32le(p + GP_EVH_TIMESTAMP);
            ts_min1 = ts - 1 < ts_min1 ? ts - 1 : ts_min1;
            ts_max = ts > ts_max ? ts : ts_max;
        }
        last = p;
        p += size;
        n++;
    }
    r->p = p;
    r->last = last;
    r->n = n;
    r->ts_min1 = ts_min1;
    r->ts_max = ts_max;
}

size_t gp_log_skip(gp_log *l, const uint8_t skip[256], uint64_t stop, uint64_t end_limit,
                   gp_event *last, gp_skip_tally *tally)
{
    const uint8_t hlen = l->fde.header_len;
    const uint64_t win_end = l->win_off + l->win_len;
    /* Skipped types are never decoded: --verify gtid leaves them alone. */
    const int crc = l->fde.checksum_alg == GP_CHECKSUM_ALG_CRC32;
    const int verify = crc && l->verify == GTIDPOS_VERIFY_ALL;
    const uint32_t min_size = (uint32_t)hlen + (crc ? GP_CHECKSUM_LEN : 0);
    const uint64_t next = l->next;
    uint64_t hdr_stop, end;
    const uint8_t *p;
    skip_run r;

    if (tally != NULL)
        memset(tally, 0, sizeof *tally);
    if (l->status != GTIDPOS_OK || !l->have_fde || next >= stop || next + hlen > win_end)
        return 0;
    /* An event passed over starts before stop with its header in the
     * window, and ends at or before the window's end and end_limit. */
    hdr_stop = win_end - hlen + 1 < stop ? win_end - hlen + 1 : stop;
    end = end_limit < win_end ? end_limit : win_end;
    if (end < next)
        return 0;
    p = l->win + (next - l->win_off);
    {
        const uint8_t *hdr_lim = p + (hdr_stop - next), *endp = p + (end - next);

        /* the usual case: neither stop nor end_limit falls in the window */
        int to_win_end = hdr_lim == endp - hlen + 1;

        if (verify && hlen == GP_EVH_LEN_V4 && tally != NULL && to_win_end) /* scan */
            skip_loop(&r, skip, p, hdr_lim, endp, 1, GP_EVH_LEN_V4 + GP_CHECKSUM_LEN, 1,
                      GP_EVH_LEN_V4);
        else if (verify && hlen == GP_EVH_LEN_V4 && tally == NULL && to_win_end) /* at */
            skip_loop(&r, skip, p, hdr_lim, endp, 1, GP_EVH_LEN_V4 + GP_CHECKSUM_LEN, 0,
                      GP_EVH_LEN_V4);
        else
            skip_loop(&r, skip, p, hdr_lim, endp, verify, min_size, 1, 0);
    }
    if (r.n == 0)
        return 0;
    last->offset = next + (uint64_t)(r.last - p);
    last->size = gp_load_u32le(r.last + GP_EVH_EVENT_SIZE);
    last->type = r.last[GP_EVH_TYPE];
    if (tally != NULL && r.ts_max != 0) { /* an event with a non-zero timestamp */
        tally->has_time = 1;
        tally->min_timestamp = r.ts_min1 + 1;
        tally->max_timestamp = r.ts_max;
    }
    l->next = next + (uint64_t)(r.p - p);
    l->n_events += r.n;
    return r.n;
}

/* gp_log_next for an event next_in_window leaves to it. */
static int next_general(gp_log *l, gp_event *ev)
{
    char name[16];
    uint8_t hlen = l->have_fde ? l->fde.header_len : GP_EVH_LEN_V4;
    size_t have;

    have = ensure(l, l->next, hlen);
    if (l->status != GTIDPOS_OK)
        return 0;
    if (have == 0) {
        if (!l->have_fde)
            return gp_error_set(&l->err, GTIDPOS_ERR_TRUNCATED, l->name, (int64_t)l->next,
                                "file ends before its format description event"),
                   fail(l, GTIDPOS_ERR_TRUNCATED);
        if (l->size == GP_SIZE_UNKNOWN)
            l->size = l->next;
        return 0;
    }
    if (gp_event_frame(ev, l->win + (l->next - l->win_off), have, l->next,
                       l->have_fde ? &l->fde : NULL, l->name, &l->err) != GTIDPOS_OK)
        return l->err.code == GTIDPOS_ERR_TRUNCATED ? truncated(l) : fail(l, l->err.code);

    if (!l->have_fde && ev->type != GP_EV_FORMAT_DESCRIPTION && ev->type != GP_EV_START_V3)
        return fail(l, gp_error_set(&l->err, GTIDPOS_ERR_CORRUPT, l->name, (int64_t)ev->offset,
                                    "first event is %s, not a format description",
                                    gp_event_name(ev->type, name)));
    if (l->src == NULL || ev->size <= l->cap || needs_whole_event(ev->type)) {
        if (!take_whole(l, ev))
            return 0;
    } else if (!take_streamed(l, ev)) {
        return 0;
    }
    if ((ev->type == GP_EV_FORMAT_DESCRIPTION || (!l->have_fde && ev->type == GP_EV_START_V3)) &&
        !apply_fde(l, ev))
        return 0;
    l->next = gp_event_end(ev);
    l->n_events++;
    return 1;
}

int gp_log_next(gp_log *l, gp_event *ev)
{
    int fast;

    if (l->status != GTIDPOS_OK)
        return 0;
    l->crc_bad = 0;
    if ((fast = next_in_window(l, ev)) != 0)
        return fast > 0;
    return next_general(l, ev);
}
