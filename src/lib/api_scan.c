/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * api_scan.c - the public API's one-pass scan (gtidpos_scan): the internal
 * scan (binlog/scan.h) with the caller's hooks adapted to it.
 */
#include "api.h"

#include <stdlib.h>
#include <string.h>

#include "walk/scan.h"

/* The caller's hooks, as the internal scan calls them. */
typedef struct scan_adapter {
    const gtidpos_scan_hooks *hooks;
    const char *path;
    int stopped; /* a hook returned non-zero */
} scan_adapter;

/* A hook asked to stop: the walk ends with this (internal) error, which
 * gtidpos_scan turns back into a stop. */
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
    return a->hooks->boundary(a->hooks->ctx, &pb) != 0 ? stop_walk(a, b->end, e) : GTIDPOS_OK;
}

static gtidpos_status scan_event(void *ctx, const gp_event *ev, gp_error *e)
{
    scan_adapter *a = ctx;
    gtidpos_event pe;

    gp_api_event(&pe, ev);
    return a->hooks->event(a->hooks->ctx, &pe) != 0 ? stop_walk(a, ev->offset, e) : GTIDPOS_OK;
}

static void scan_progress(void *ctx, uint64_t offset)
{
    scan_adapter *a = ctx;

    a->hooks->progress(a->hooks->ctx, offset);
}

GTIDPOS_API gtidpos_status gtidpos_scan(gtidpos_log *log, const gtidpos_scan_hooks *hooks,
                                        gtidpos_scan_summary *s, gtidpos_error *err)
{
    static const gtidpos_scan_hooks none;
    scan_adapter a = {hooks != NULL ? hooks : &none, NULL, 0};
    gp_scan_options opt;
    gp_scan_summary in;
    gp_error e;
    gtidpos_status rc;

    if (s != NULL)
        memset(s, 0, sizeof *s);
    if (log == NULL || s == NULL)
        return gp_api_usage(err, "gtidpos_scan: NULL argument");
    if (log->read_from)
        return gp_api_usage(err, "gtidpos_scan: the log was already read from; open it again");
    log->read_from = 1;
    a.path = log->path;
    memset(&opt, 0, sizeof opt);
    opt.flavor = log->at.flavor;
    opt.ctx = &a;
    opt.boundary = a.hooks->boundary ? scan_boundary : NULL;
    opt.event = a.hooks->event ? scan_event : NULL;
    opt.progress = a.hooks->progress ? scan_progress : NULL;
    gp_error_clear(&e);
    gp_scan_summary_init(&in);
    rc = gp_scan(&log->log, &opt, &in, &e);
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
        s->size = log->log.size != GP_SIZE_UNKNOWN && log->log.size >= in.end ? log->log.size
                                                                               : in.end;
        s->checksum = gp_scan_checksum_name(in.checksum);
        s->previous_gtids = in.previous_gtids;
        s->added_gtids = in.added_gtids;
        in.previous_gtids = in.added_gtids = NULL;
        if ((s->set = gp_api_take_result(&in.at)) == NULL)
            rc = gp_error_set(&e, GTIDPOS_ERR_NOMEM, log->path, -1, "out of memory");
    }
    gp_scan_summary_free(&in);
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
    s->set = NULL;
    s->previous_gtids = s->added_gtids = NULL;
}
