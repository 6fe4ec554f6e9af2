/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * api_events.c - the public API of `gtidpos events` over several files
 * with mariadb-binlog's filters (include/gtidpos.h): gtidpos_events() and
 * its filter handle, over walk/event_filter.h.
 */
#include "api.h"

#include <stdlib.h>
#include <string.h>

#include "walk/event_filter.h"

struct gtidpos_event_filter {
    gp_event_filter *f;
};

GTIDPOS_API gtidpos_status gtidpos_event_filter_new(gtidpos_event_filter **out,
                                                    gtidpos_error *err)
{
    gtidpos_event_filter *f;
    gp_error e;

    if (out == NULL)
        return gp_api_usage(err, "gtidpos_event_filter_new: NULL argument");
    *out = NULL;
    if ((f = calloc(1, sizeof *f)) == NULL || (f->f = gp_event_filter_new()) == NULL) {
        free(f);
        gp_error_clear(&e);
        gp_error_set(&e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
        return gp_api_error(err, &e);
    }
    *out = f;
    return GTIDPOS_OK;
}

GTIDPOS_API gtidpos_status gtidpos_event_filter_set(gtidpos_event_filter *f, const char *name,
                                                    const char *value, gtidpos_error *err)
{
    gp_error e;

    if (f == NULL || name == NULL || value == NULL)
        return gp_api_usage(err, "gtidpos_event_filter_set: NULL argument");
    gp_error_clear(&e);
    if (gp_event_filter_set(f->f, name, value, &e) != GTIDPOS_OK)
        return gp_api_error(err, &e);
    return GTIDPOS_OK;
}

GTIDPOS_API void gtidpos_event_filter_free(gtidpos_event_filter *f)
{
    if (f == NULL)
        return;
    gp_event_filter_free(f->f);
    free(f);
}

typedef struct listing_ctx {
    gtidpos_event_fn on_event;
    gtidpos_warning_fn on_warning;
    void *ctx;
    int stopped;
} listing_ctx;

/* The event kept: the caller sees it as a public event of its file. */
static gtidpos_status keep_event(void *ctx, gp_log *log, const gp_event *ev, gp_error *e)
{
    listing_ctx *c = ctx;
    gtidpos_event pub;

    (void)e;
    gp_api_event(&pub, ev, log);
    if (c->on_event(c->ctx, &pub) != 0) {
        c->stopped = 1;
        return GTIDPOS_ERR_RANGE; /* any code ends the walk; stopped: not an error */
    }
    return GTIDPOS_OK;
}

static void warn_line(void *ctx, const char *msg)
{
    listing_ctx *c = ctx;

    if (c->on_warning != NULL)
        c->on_warning(c->ctx, msg);
}

GTIDPOS_API gtidpos_status gtidpos_events(const char *const *paths, size_t n,
                                          const gtidpos_options *opt,
                                          gtidpos_event_filter *filter,
                                          gtidpos_event_fn on_event,
                                          gtidpos_warning_fn on_warning, void *ctx,
                                          gtidpos_error *err)
{
    gtidpos_event_filter *own = NULL;
    gp_event_listing *l;
    listing_ctx c = {on_event, on_warning, ctx, 0};
    gtidpos_log *log = NULL;
    gtidpos_status st = GTIDPOS_OK;
    gp_error e;
    int done = 0;

    if (paths == NULL || on_event == NULL)
        return gp_api_usage(err, "gtidpos_events: NULL argument");
    if (filter == NULL && (st = gtidpos_event_filter_new(&own, err)) != GTIDPOS_OK)
        return st;
    if ((l = gp_event_listing_new(filter ? filter->f : own->f, keep_event, warn_line, &c)) ==
        NULL) {
        gtidpos_event_filter_free(own);
        gp_error_clear(&e);
        gp_error_set(&e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
        return gp_api_error(err, &e);
    }
    for (size_t i = 0; i < n && !done && st == GTIDPOS_OK; i++) {
        gtidpos_status rc;
        gp_log *walk;
        if ((st = gtidpos_open(&log, paths[i], opt, err)) != GTIDPOS_OK)
            break;
        if ((st = gp_api_question_log(log, "gtidpos_events", &walk, err)) != GTIDPOS_OK) {
            gtidpos_close(log);
            break;
        }
        gp_error_clear(&e);
        rc = gp_event_listing_file(l, walk, i, n, &done, &e);
        if (c.stopped) {
            done = 1;
        } else if (rc == GTIDPOS_ERR_TRUNCATED && i + 1 == n && walk->in_use) {
            /* as `at` at the end of a file the server is writing */
            if (on_warning != NULL)
                on_warning(ctx, e.msg);
        } else if (rc != GTIDPOS_OK) {
            st = gp_api_error(err, &e);
        }
        gp_api_question_done(walk);
        gtidpos_close(log);
        log = NULL;
    }
    if (st == GTIDPOS_OK && !c.stopped && n > 0) {
        gp_error_clear(&e);
        if (gp_event_listing_finish(l, paths[n - 1], &e) != GTIDPOS_OK)
            st = gp_api_error(err, &e);
    }
    gp_event_listing_free(l);
    gtidpos_event_filter_free(own);
    return st;
}
