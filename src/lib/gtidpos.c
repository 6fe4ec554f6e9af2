/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gtidpos.c - the public library API (include/gtidpos.h), its logs: open,
 * walk the events, find a GTID, check files.  A thin layer over the walker
 * (binlog/walker.h); the sets are in api_set.c, the one-pass scan in
 * api_scan.c.  Only the functions marked GTIDPOS_API are exported from
 * libgtidpos.so (the objects are built with -fvisibility=hidden).
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binlog/decode_misc.h"
#include "binlog/event_names.h"
#include "walk/find.h"
#include "binlog/format.h"
#include "binlog/logdir.h"
#include "walk/engine.h"
#include "walk/verify.h"
#include "walk/position.h"
#include "binlog/walker.h"
#include "common/error.h"
#include "emit/emit.h"
#include "emit/events.h"


GTIDPOS_API const char *gtidpos_version(void)
{
    return GTIDPOS_VERSION_STRING;
}

GTIDPOS_API unsigned gtidpos_version_number(void)
{
    return GTIDPOS_VERSION_NUMBER;
}

/* A walk of path as log's options say; NULL with e filled. */
static gp_log *open_walk(const gtidpos_log *log, gp_error *e)
{
    gp_log *l = malloc(sizeof *l);

    if (l == NULL) {
        gp_error_set(e, GTIDPOS_ERR_NOMEM, log->path, -1, "out of memory");
        return NULL;
    }
    if (gp_log_open_tuned(l, log->path, log->opt.verify, log->opt.io, 0, &log->opt.tune, e) !=
        GTIDPOS_OK) {
        gp_log_close(l);
        free(l);
        return NULL;
    }
    return l;
}

gtidpos_status gp_api_question_log(gtidpos_log *log, const char *fn, gp_log **out,
                                   gtidpos_error *err)
{
    char what[160];
    gp_error e;

    *out = NULL;
    if (log->questions > 0 && strcmp(log->path, "-") == 0) {
        snprintf(what, sizeof what,
                 "%s: standard input can be read once, and this log answered a question "
                 "already",
                 fn);
        return gp_api_usage(err, what);
    }
    log->questions++;
    if ((*out = log->first) != NULL) {
        log->first = NULL;
        return GTIDPOS_OK;
    }
    gp_error_clear(&e);
    if ((*out = open_walk(log, &e)) == NULL)
        return gp_api_error(err, &e);
    return GTIDPOS_OK;
}

void gp_api_question_done(gp_log *l)
{
    if (l != NULL) {
        gp_log_close(l);
        free(l);
    }
}

GTIDPOS_API gtidpos_status gtidpos_open(gtidpos_log **out, const char *path,
                                        const gtidpos_options *opt, gtidpos_error *err)
{
    gtidpos_log *l;
    gtidpos_flavor flavor;
    gp_error e;

    if (out == NULL || path == NULL)
        return gp_api_usage(err, "gtidpos_open: NULL argument");
    *out = NULL;
    opt = gp_api_options(opt);
    if (opt->verify != GTIDPOS_VERIFY_ALL && opt->verify != GTIDPOS_VERIFY_GTID &&
        opt->verify != GTIDPOS_VERIFY_NONE)
        return gp_api_usage(err, "gtidpos_open: unknown verify option");
    if (opt->io != GTIDPOS_IO_DEFAULT && opt->io != GTIDPOS_IO_READ &&
        opt->io != GTIDPOS_IO_MMAP && opt->io != GTIDPOS_IO_INLINE)
        return gp_api_usage(err, "gtidpos_open: unknown io option");
    if (gp_api_flavor(opt->flavor, &flavor) != 0)
        return gp_api_usage(err, "gtidpos_open: unknown flavor");
    gp_error_clear(&e);
    l = calloc(1, sizeof *l);
    if (l == NULL || (l->path = strdup(path)) == NULL) {
        free(l);
        gp_error_set(&e, GTIDPOS_ERR_NOMEM, path, -1, "out of memory");
        return gp_api_error(err, &e);
    }
    l->at.flavor = flavor;
    l->opt = *opt;
    /* opened now, so that what is no binlog is refused at once; the first
     * question walks it */
    if ((l->first = open_walk(l, &e)) == NULL) {
        free(l->path);
        free(l);
        return gp_api_error(err, &e);
    }
    l->in_use = l->first->in_use;
    *out = l;
    return GTIDPOS_OK;
}

GTIDPOS_API void gtidpos_close(gtidpos_log *log)
{
    if (log == NULL)
        return;
    gp_api_question_done(log->first);
    free(log->path);
    free(log);
}

GTIDPOS_API const char *gtidpos_log_path(const gtidpos_log *log)
{
    return log != NULL ? log->path : "";
}

/* The next event into c->last: 1, 0 at the clean end, -1 with e set.
 * Nothing after a Start_encryption event can be framed without the key. */
static int next_event(gtidpos_cursor *c, gp_error *e)
{
    if (c->have_last && c->last.type == GP_EV_START_ENCRYPTION) {
        gp_walk_encrypted(c->log, &c->last, e);
        return -1;
    }
    if (!gp_log_next(c->log, &c->last)) {
        c->have_last = 0;
        if (c->log->status == GTIDPOS_OK)
            return 0;
        *e = c->log->err;
        return -1;
    }
    c->have_last = 1;
    return 1;
}

GTIDPOS_API int gtidpos_cursor_next(gtidpos_cursor *c, const gtidpos_event **ev,
                                    gtidpos_error *err)
{
    gp_error e;
    int rc;

    if (c == NULL || ev == NULL)
        return gp_api_usage(err, "gtidpos_cursor_next: NULL argument"), -1;
    *ev = NULL;
    gp_error_clear(&e);
    if (c->pending < 0)
        e = c->pending_error, rc = -1;
    else if (c->pending > 0)
        rc = 1;
    else
        rc = next_event(c, &e);
    c->pending = 0;
    if (rc < 0)
        gp_api_error(err, &e);
    if (rc != 1)
        return rc;
    gp_api_event(&c->pub, &c->last, c->log);
    *ev = &c->pub;
    return 1;
}

/*
 * Walk to start: a frames walk of the engine (walk/engine.h), which checks
 * the position as every walk does and applies no rule about the file's
 * header, so that any file can be listed from any boundary.  The event
 * there is kept for the next gtidpos_cursor_next (pending 1); damage, or
 * encryption, that begins exactly at start is kept for it too (pending
 * -1), since it is what the reader meets first.
 */
static gtidpos_status seek_walk(gtidpos_cursor *c, uint64_t start, gp_error *e)
{
    gp_walk w;
    gtidpos_status rc;

    gp_walk_init_frames(&w, c->log, NULL, e);
    if ((rc = gp_walk_run(&w, start)) != GTIDPOS_OK)
        return rc;
    if (w.have_here) {
        c->last = w.here;
        c->have_last = 1;
        c->pending = 1;
    } else if (c->log->status != GTIDPOS_OK) {
        c->pending = -1;
        c->pending_error = c->log->err;
    }
    return GTIDPOS_OK; /* at the end of the events, or where the damage begins */
}

GTIDPOS_API gtidpos_status gtidpos_cursor_open(gtidpos_cursor **out, gtidpos_log *log,
                                               uint64_t start, gtidpos_error *err)
{
    gtidpos_cursor *c;
    gp_error e;

    if (out == NULL || log == NULL)
        return gp_api_usage(err, "gtidpos_cursor_open: NULL argument");
    *out = NULL;
    gp_error_clear(&e);
    if ((c = calloc(1, sizeof *c)) == NULL) {
        gp_error_set(&e, GTIDPOS_ERR_NOMEM, log->path, -1, "out of memory");
        return gp_api_error(err, &e);
    }
    gtidpos_status rc;

    c->path = log->path;
    if ((rc = gp_api_question_log(log, "gtidpos_cursor_open", &c->log, err)) != GTIDPOS_OK) {
        free(c);
        return rc;
    }
    /* from the first event: read as it comes; else walk there (as a plain
     * file's size refuses a start past the end before the walk) */
    if (start != GP_BINLOG_MAGIC_LEN &&
        gp_position_past_end(c->log, start, seek_walk(c, start, &e), &e) != GTIDPOS_OK) {
        gtidpos_cursor_close(c);
        return gp_api_error(err, &e);
    }
    *out = c;
    return GTIDPOS_OK;
}

GTIDPOS_API void gtidpos_cursor_close(gtidpos_cursor *c)
{
    if (c == NULL)
        return;
    gp_api_question_done(c->log);
    free(c);
}

GTIDPOS_API char *gtidpos_event_format(const gtidpos_event *ev, gtidpos_format format,
                                       gtidpos_error *err)
{
    gp_event_info info;
    gp_error e;
    char *text = NULL;
    size_t len = 0;
    FILE *out;
    int rc;

    if (ev == NULL) {
        gp_api_usage(err, "gtidpos_event_format: NULL argument");
        return NULL;
    }
    gp_error_clear(&e);
    if (gp_event_describe(&ev->ev, ev->fde, &info, ev->path, &e) != GTIDPOS_OK) {
        gp_event_info_free(&info);
        gp_api_error(err, &e);
        return NULL;
    }
    if ((out = open_memstream(&text, &len)) == NULL) {
        gp_event_info_free(&info);
        gp_error_set(&e, GTIDPOS_ERR_NOMEM, ev->path, -1, "out of memory");
        gp_api_error(err, &e);
        return NULL;
    }
    rc = gp_emit_event(out, &info, format == GTIDPOS_FORMAT_JSON ? GTIDPOS_FORMAT_JSON : GTIDPOS_FORMAT_TEXT);
    gp_event_info_free(&info);
    if (fclose(out) != 0 || rc != 0) {
        free(text);
        gp_error_set(&e, GTIDPOS_ERR_NOMEM, ev->path, -1, "out of memory");
        gp_api_error(err, &e);
        return NULL;
    }
    gp_api_strip_newline(text, len);
    return text;
}

GTIDPOS_API gtidpos_status gtidpos_find(gtidpos_log *log, const char *gtid,
                                        gtidpos_found_fn fn, void *ctx, uint64_t *count,
                                        uint64_t *open_start, gtidpos_error *err)
{
    gp_find_target w;
    uint64_t found, open;
    gp_log *l;
    gp_error e;

    if (log == NULL || gtid == NULL || fn == NULL)
        return gp_api_usage(err, "gtidpos_find: NULL argument");
    gp_error_clear(&e);
    if (gp_find_target_parse(&w, gtid) != 0) {
        gp_error_set(&e, GTIDPOS_ERR_PARSE, NULL, -1,
                     "'%s' is not a GTID (uuid:n, uuid:tag:n or d-s-n)", gtid);
        return gp_api_error(err, &e);
    }
    gtidpos_status rc;

    if ((rc = gp_api_question_log(log, "gtidpos_find", &l, err)) != GTIDPOS_OK)
        return rc;
    found = gp_find_in_log(l, log->at.flavor, &w, fn, ctx, &open, &e);
    gp_api_question_done(l);
    if (count != NULL)
        *count = found;
    if (open_start != NULL)
        *open_start = open == UINT64_MAX ? GTIDPOS_END : open;
    return e.code != GTIDPOS_OK ? gp_api_error(err, &e) : GTIDPOS_OK;
}

GTIDPOS_API int gtidpos_gtid_flavor(const char *gtid)
{
    gp_find_target w;

    if (gtid == NULL || gp_find_target_parse(&w, gtid) != 0)
        return 0;
    return w.flavor == GTIDPOS_FLAVOR_MARIADB ? GTIDPOS_FLAVOR_MARIADB : GTIDPOS_FLAVOR_MYSQL;
}

GTIDPOS_API gtidpos_status gtidpos_list_dir(const char *dir, char ***files, size_t *n,
                                            gtidpos_error *err)
{
    gp_logdir d;
    gp_error e;

    if (dir == NULL || files == NULL || n == NULL)
        return gp_api_usage(err, "gtidpos_list_dir: NULL argument");
    *files = NULL;
    *n = 0;
    gp_error_clear(&e);
    if (gp_logdir_list(&d, dir, &e) != GTIDPOS_OK) {
        gp_logdir_free(&d);
        return gp_api_error(err, &e);
    }
    *files = d.paths; /* the caller owns them now */
    *n = d.n;
    return GTIDPOS_OK;
}

GTIDPOS_API void gtidpos_list_free(char **files, size_t n)
{
    if (files == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
}

GTIDPOS_API gtidpos_status gtidpos_check_file(const char *path, const gtidpos_options *opt,
                                              gtidpos_problem_fn fn, void *ctx,
                                              gtidpos_check_summary **out,
                                              gtidpos_error *err)
{
    gtidpos_check_summary *s;
    gp_verify_summary v;
    gp_error e;

    if (out != NULL)
        *out = NULL;
    if (path == NULL || out == NULL || fn == NULL)
        return gp_api_usage(err, "gtidpos_check_file: NULL argument");
    gp_error_clear(&e);
    if ((s = calloc(1, sizeof *s)) == NULL) {
        gp_error_set(&e, GTIDPOS_ERR_NOMEM, path, -1, "out of memory");
        return gp_api_error(err, &e);
    }
    if (gp_verify_file(path, gp_api_tuning(opt), &v, fn, ctx, &e) != GTIDPOS_OK) {
        free(s);
        return gp_api_error(err, &e);
    }
    *out = s;
    s->events = v.events;
    s->bytes = v.bytes;
    s->problems = v.problems;
    s->notes = v.notes;
    s->flavor = (int)v.flavor; /* one enum inside and out */
    s->in_use = v.in_use;
    s->relay = v.relay;
    s->positions_checked = v.positions_checked;
    s->complete = v.complete;
    s->stop = (gtidpos_status)v.stop;
    s->archive_damaged = v.archive_damaged;
    return GTIDPOS_OK;
}

GTIDPOS_API int gtidpos_check_chain(const char *prev, const char *next,
                                    const gtidpos_options *opt, gtidpos_problem_fn fn,
                                    void *ctx)
{
    if (prev == NULL || next == NULL || fn == NULL)
        return 0;
    return gp_verify_chain(prev, next, gp_api_tuning(opt), fn, ctx);
}

GTIDPOS_API long long gtidpos_log_number(const char *name, size_t *base_len)
{
    size_t len;

    if (name == NULL)
        return -1;
    long long n = gp_logdir_seq(name, &len);
    if (base_len != NULL)
        *base_len = len;
    return n;
}

GTIDPOS_API int gtidpos_log_in_use(const gtidpos_log *log)
{
    return log != NULL && log->in_use;
}


/* verify --json / --merge (issue 16): the chain check in two halves. */
GTIDPOS_API char *gtidpos_check_chain_end(const char *path, int at_end,
                                          const gtidpos_options *opt)
{
    return path != NULL ? gp_verify_chain_end(path, at_end, gp_api_tuning(opt)) : NULL;
}

GTIDPOS_API int gtidpos_check_chain_texts(const char *prev, const char *prev_end,
                                          const char *next, const char *next_start,
                                          gtidpos_problem_fn fn, void *ctx)
{
    if (prev == NULL || next == NULL || fn == NULL)
        return 0;
    return gp_verify_chain_texts(prev, prev_end, next, next_start, fn, ctx);
}
