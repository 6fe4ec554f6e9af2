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
    l = calloc(1, sizeof *l);
    if (l == NULL || (l->path = strdup(path)) == NULL) {
        free(l);
        gp_error_clear(&e);
        gp_error_set(&e, GTIDPOS_ERR_NOMEM, path, -1, "out of memory");
        return gp_api_error(err, &e);
    }
    l->at.flavor = flavor;
    l->opt = *opt;
    gp_error_clear(&e);
    if (gp_log_open_tuned(&l->log, l->path, opt->verify, opt->io, 0, &opt->tune, &e) !=
        GTIDPOS_OK) {
        gp_log_close(&l->log);
        free(l->path);
        free(l);
        return gp_api_error(err, &e);
    }
    *out = l;
    return GTIDPOS_OK;
}

GTIDPOS_API void gtidpos_close(gtidpos_log *log)
{
    if (log == NULL)
        return;
    gp_log_close(&log->log);
    free(log->path);
    free(log);
}

/* The next event into log->last: 1, 0 at the clean end, -1 with e set.
 * Nothing after a Start_encryption event can be framed without the key. */
static int next_event(gtidpos_log *log, gp_error *e)
{
    if (log->have_last && log->last.type == GP_EV_START_ENCRYPTION) {
        gp_walk_encrypted(&log->log, &log->last, e);
        return -1;
    }
    if (!gp_log_next(&log->log, &log->last)) {
        log->have_last = 0;
        if (log->log.status == GTIDPOS_OK)
            return 0;
        *e = log->log.err;
        return -1;
    }
    log->have_last = 1;
    return 1;
}

GTIDPOS_API int gtidpos_next_event(gtidpos_log *log, gtidpos_event *ev,
                                   gtidpos_error *err)
{
    gp_error e;
    int rc;

    if (log == NULL || ev == NULL)
        return gp_api_usage(err, "gtidpos_next_event: NULL argument"), -1;
    log->read_from = 1;
    gp_error_clear(&e);
    if (log->pending < 0)
        e = log->pending_error, rc = -1;
    else if (log->pending > 0)
        rc = 1;
    else
        rc = next_event(log, &e);
    log->pending = 0;
    if (rc < 0)
        gp_api_error(err, &e);
    if (rc != 1)
        return rc;
    gp_api_event(ev, &log->last);
    return 1;
}

/*
 * Walk to start: a frames walk of the engine (walk/engine.h), which checks
 * the position as every walk does and applies no rule about the file's
 * header, so that any file can be listed from any boundary.  The event
 * there is kept for the next gtidpos_next_event (pending 1); damage, or
 * encryption, that begins exactly at start is kept for it too (pending
 * -1), since it is what the reader meets first.
 */
static gtidpos_status seek_walk(gtidpos_log *log, uint64_t start, gp_error *e)
{
    gp_walk w;
    gtidpos_status rc;

    gp_walk_init_frames(&w, &log->log, NULL, e);
    if ((rc = gp_walk_run(&w, start)) != GTIDPOS_OK)
        return rc;
    if (w.have_here) {
        log->last = w.here;
        log->have_last = 1;
        log->pending = 1;
    } else if (log->log.status != GTIDPOS_OK) {
        log->pending = -1;
        log->pending_error = log->log.err;
    }
    return GTIDPOS_OK; /* at the end of the events, or where the damage begins */
}

GTIDPOS_API gtidpos_status gtidpos_seek(gtidpos_log *log, uint64_t start,
                                        gtidpos_error *err)
{
    gp_error e;

    if (log == NULL)
        return gp_api_usage(err, "gtidpos_seek: NULL argument");
    if (log->read_from)
        return gp_api_usage(err, "gtidpos_seek: the log was already read from; open it again");
    log->read_from = 1;
    gp_error_clear(&e);
    /* as a plain file's size refuses a start past the end before the walk */
    if (gp_position_past_end(&log->log, start, seek_walk(log, start, &e), &e) != GTIDPOS_OK)
        return gp_api_error(err, &e);
    return GTIDPOS_OK;
}

GTIDPOS_API char *gtidpos_event_format(gtidpos_log *log, gtidpos_format format,
                                       gtidpos_error *err)
{
    gp_event_info info;
    gp_error e;
    char *text = NULL;
    size_t len = 0;
    FILE *out;
    int rc;

    if (log == NULL || !log->have_last || log->pending != 0) {
        gp_api_usage(err, "gtidpos_event_format: no event was returned last");
        return NULL;
    }
    gp_error_clear(&e);
    if (gp_event_describe(&log->last, &log->log.fde, &info, log->path, &e) != GTIDPOS_OK) {
        gp_event_info_free(&info);
        gp_api_error(err, &e);
        return NULL;
    }
    if ((out = open_memstream(&text, &len)) == NULL) {
        gp_event_info_free(&info);
        gp_error_set(&e, GTIDPOS_ERR_NOMEM, log->path, -1, "out of memory");
        gp_api_error(err, &e);
        return NULL;
    }
    rc = gp_emit_event(out, &info, format == GTIDPOS_FORMAT_JSON ? GTIDPOS_FORMAT_JSON : GTIDPOS_FORMAT_TEXT);
    gp_event_info_free(&info);
    if (fclose(out) != 0 || rc != 0) {
        free(text);
        gp_error_set(&e, GTIDPOS_ERR_NOMEM, log->path, -1, "out of memory");
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
    gp_error e;

    if (log == NULL || gtid == NULL || fn == NULL)
        return gp_api_usage(err, "gtidpos_find: NULL argument");
    if (log->read_from)
        return gp_api_usage(err, "gtidpos_find: the log was already read from; open it again");
    gp_error_clear(&e);
    if (gp_find_target_parse(&w, gtid) != 0) {
        gp_error_set(&e, GTIDPOS_ERR_PARSE, NULL, -1,
                     "'%s' is not a GTID (uuid:n, uuid:tag:n or d-s-n)", gtid);
        return gp_api_error(err, &e);
    }
    log->read_from = 1;
    found = gp_find_in_log(&log->log, log->at.flavor, &w, fn, ctx, &open, &e);
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
                                              gtidpos_check_summary *s, gtidpos_error *err)
{
    gp_verify_summary v;
    gp_error e;

    if (path == NULL || s == NULL || fn == NULL)
        return gp_api_usage(err, "gtidpos_check_file: NULL argument");
    memset(s, 0, sizeof *s);
    gp_error_clear(&e);
    if (gp_verify_file(path, gp_api_tuning(opt), &v, fn, ctx, &e) != GTIDPOS_OK)
        return gp_api_error(err, &e);
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
    return log != NULL && log->log.in_use;
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
