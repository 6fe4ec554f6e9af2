/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * api_scan.c - the public API's one-pass scan (gtidpos_scan): the internal
 * scan (binlog/scan.h) with the caller's hooks adapted to it.
 */
#include "api.h"

#include <stdlib.h>
#include <string.h>

#include "walk/scan.h"

/* The caller's callbacks, as the internal scan calls them. */
typedef struct scan_adapter {
    gtidpos_boundary_fn on_boundary;
    gtidpos_event_fn on_event;
    void *ctx;
    const gp_log *log;
    const char *path;
    int stopped; /* a callback returned non-zero */
} scan_adapter;

/* A callback asked to stop: the walk ends with this (internal) error,
 * which gtidpos_scan turns back into a stop. */
static gtidpos_status stop_walk(scan_adapter *a, uint64_t offset, gp_error *e)
{
    a->stopped = 1;
    return gp_error_set(e, GTIDPOS_ERR_POSITION, a->path, (int64_t)offset, "stopped by the caller");
}

static gtidpos_status scan_boundary(void *ctx, const gp_scan_boundary *b, gp_error *e)
{
    scan_adapter *a = ctx;
    gtidpos_boundary pb;

    pb.start = b->start;
    pb.end = b->end;
    pb.timestamp = b->timestamp;
    pb.gtid = b->gtid;
    /* a gtidpos_set is a gp_at_result and nothing else: the result is
     * lent as a set for the call */
    pb.set = (const gtidpos_set *)(const void *)b->at;
    return a->on_boundary(a->ctx, &pb) != 0 ? stop_walk(a, b->end, e) : GTIDPOS_OK;
}

static gtidpos_status scan_event(void *ctx, const gp_event *ev, gp_error *e)
{
    scan_adapter *a = ctx;
    gtidpos_event pe;

    gp_api_event(&pe, ev, a->log);
    return a->on_event(a->ctx, &pe) != 0 ? stop_walk(a, ev->offset, e) : GTIDPOS_OK;
}

GTIDPOS_API gtidpos_status gtidpos_scan(gtidpos_log *log, gtidpos_boundary_fn on_boundary,
                                        gtidpos_event_fn on_event, void *ctx,
                                        gtidpos_scan_summary **out, gtidpos_error *err)
{
    scan_adapter a = {on_boundary, on_event, ctx, NULL, NULL, 0};
    gtidpos_scan_summary *s;
    gp_scan_options opt;
    gp_scan_summary in;
    gp_log *l;
    gp_error e;
    gtidpos_status rc;

    if (out != NULL)
        *out = NULL;
    if (log == NULL || out == NULL)
        return gp_api_usage(err, "gtidpos_scan: NULL argument");
    gp_error_clear(&e);
    if ((s = calloc(1, sizeof *s)) == NULL) {
        gp_error_set(&e, GTIDPOS_ERR_NOMEM, log->path, -1, "out of memory");
        return gp_api_error(err, &e);
    }
    s->checksum = "";
    if ((rc = gp_api_question_log(log, "gtidpos_scan", &l, err)) != GTIDPOS_OK) {
        free(s);
        return rc;
    }
    a.path = log->path;
    a.log = l;
    memset(&opt, 0, sizeof opt);
    opt.flavor = log->at.flavor;
    opt.ctx = &a;
    opt.boundary = on_boundary ? scan_boundary : NULL;
    opt.event = on_event ? scan_event : NULL;
    gp_scan_summary_init(&in);
    rc = gp_scan(l, &opt, &in, &e);
    s->events = in.events;
    s->transactions = in.transactions;
    s->has_time = in.has_time;
    s->min_timestamp = in.min_timestamp;
    s->max_timestamp = in.max_timestamp;
    s->stopped = a.stopped;
    if (rc == GTIDPOS_OK) {
        memcpy(s->first_gtid, in.first_gtid, sizeof s->first_gtid);
        memcpy(s->last_gtid, in.last_gtid, sizeof s->last_gtid);
        s->end = in.end;
        /* a stream (or an archive) is as long as what was read from it */
        s->size = l->size != GP_SIZE_UNKNOWN && l->size >= in.end ? l->size : in.end;
        s->checksum = gp_scan_checksum_name(in.checksum);
        s->previous_gtids = in.previous_gtids;
        s->added_gtids = in.added_gtids;
        in.previous_gtids = in.added_gtids = NULL;
        if ((s->set = gp_api_take_result(&in.at)) == NULL)
            rc = gp_error_set(&e, GTIDPOS_ERR_NOMEM, log->path, -1, "out of memory");
    }
    gp_scan_summary_free(&in);
    gp_api_question_done(l);
    *out = s;
    if (a.stopped)
        return GTIDPOS_OK;
    return rc != GTIDPOS_OK ? gp_api_error(err, &e) : GTIDPOS_OK;
}

GTIDPOS_API void gtidpos_scan_summary_free(gtidpos_scan_summary *s)
{
    if (s == NULL)
        return;
    gtidpos_set_free(s->set);
    free(s->previous_gtids);
    free(s->added_gtids);
    free(s);
}

GTIDPOS_API const gtidpos_set *gtidpos_scan_summary_set(const gtidpos_scan_summary *s)
{
    return s != NULL ? s->set : NULL;
}

GTIDPOS_API uint64_t gtidpos_scan_summary_size(const gtidpos_scan_summary *s)
{
    return s != NULL ? s->size : 0;
}

GTIDPOS_API uint64_t gtidpos_scan_summary_end(const gtidpos_scan_summary *s)
{
    return s != NULL ? s->end : 0;
}

GTIDPOS_API uint64_t gtidpos_scan_summary_events(const gtidpos_scan_summary *s)
{
    return s != NULL ? s->events : 0;
}

GTIDPOS_API uint64_t gtidpos_scan_summary_transactions(const gtidpos_scan_summary *s)
{
    return s != NULL ? s->transactions : 0;
}

GTIDPOS_API const char *gtidpos_scan_summary_first_gtid(const gtidpos_scan_summary *s)
{
    return s != NULL ? s->first_gtid : "";
}

GTIDPOS_API const char *gtidpos_scan_summary_last_gtid(const gtidpos_scan_summary *s)
{
    return s != NULL ? s->last_gtid : "";
}

GTIDPOS_API const char *gtidpos_scan_summary_previous_gtids(const gtidpos_scan_summary *s)
{
    return s != NULL ? s->previous_gtids : NULL;
}

GTIDPOS_API const char *gtidpos_scan_summary_added_gtids(const gtidpos_scan_summary *s)
{
    return s != NULL ? s->added_gtids : NULL;
}

GTIDPOS_API int gtidpos_scan_summary_has_time(const gtidpos_scan_summary *s)
{
    return s != NULL && s->has_time;
}

GTIDPOS_API uint32_t gtidpos_scan_summary_min_timestamp(const gtidpos_scan_summary *s)
{
    return s != NULL ? s->min_timestamp : 0;
}

GTIDPOS_API uint32_t gtidpos_scan_summary_max_timestamp(const gtidpos_scan_summary *s)
{
    return s != NULL ? s->max_timestamp : 0;
}

GTIDPOS_API const char *gtidpos_scan_summary_checksum(const gtidpos_scan_summary *s)
{
    return s != NULL && s->checksum != NULL ? s->checksum : "";
}

GTIDPOS_API int gtidpos_scan_summary_stopped(const gtidpos_scan_summary *s)
{
    return s != NULL && s->stopped;
}
