/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * event_filter.c - mariadb-binlog's / mysqlbinlog's event selection on
 * the walk engine (event_filter.h says which rules, in which order).
 */
#include "event_filter_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "binlog/decode.h"
#include "binlog/format.h"
#include "gtid/mariadb_state.h"
#include "gtid/mysql_set.h"
#include "walk/engine.h"

struct gp_event_listing {
    gp_event_filter *f;
    gp_event_keep_fn keep;
    gp_event_warn_fn warn;
    void *ctx;
    /* across files */
    int time_started;
    int finished;
    int state_init;
    gp_mariadb_state *state; /* the validator's: domains' last GTID */
    /* this file */
    gp_log *log;
    int first, last;
    int group_on;    /* MariaDB: the last GTID event's group is printed */
    int mysql_skip;  /* MySQL: inside a transaction left out */
    uint64_t start_seen; /* a byte start was found on a boundary */
    int bad_start;   /* the byte start falls inside this event */
    int fde_seen;    /* a Format_description was walked in this file */
};

/* The checks of the whole option set, once, before the walk. */
static gtidpos_status check_filter(const gp_event_filter *f, gp_error *e)
{
    for (size_t i = 0; i < f->nwin; i++) {
        const window *w = &f->win[i];
        if (f->strict && w->has_start && w->has_stop && w->stop < w->start)
            return gp_error_set(e, GTIDPOS_ERR_PARSE, NULL, -1,
                                "--stop-position %lu-%lu-%llu is before --start-position "
                                "%lu-%lu-%llu (the GTID range is empty; "
                                "--gtid-strict-mode=0 allows it)",
                                (unsigned long)w->domain, (unsigned long)w->stop_server,
                                (unsigned long long)w->stop, (unsigned long)w->domain,
                                (unsigned long)w->start_server, (unsigned long long)w->start);
    }
    return GTIDPOS_OK;
}

gp_event_listing *gp_event_listing_new(gp_event_filter *f, gp_event_keep_fn keep,
                                       gp_event_warn_fn warn, void *ctx)
{
    gp_event_listing *l = calloc(1, sizeof *l);

    if (l == NULL)
        return NULL;
    if ((l->state = gp_mariadb_state_new()) == NULL) {
        free(l);
        return NULL;
    }
    l->f = f;
    l->keep = keep;
    l->warn = warn;
    l->ctx = ctx;
    for (size_t i = 0; i < f->nwin; i++)
        f->win[i].active = f->win[i].passed = 0;
    return l;
}

void gp_event_listing_free(gp_event_listing *l)
{
    if (l == NULL)
        return;
    gp_mariadb_state_free(l->state);
    free(l);
}

static void warnf(gp_event_listing *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warnf(gp_event_listing *l, const char *fmt, ...)
{
    char msg[600];
    va_list ap;

    if (l->warn == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    l->warn(l->ctx, msg);
}

static int id_passes(const id_list *l, uint32_t id)
{
    int listed = 0;

    if (l->mode == IDS_NONE)
        return 1;
    for (size_t i = 0; i < l->n && !listed; i++)
        listed = l->ids[i] == id;
    return l->mode == IDS_DO ? listed : !listed;
}

static int gtid_windows(const gp_event_filter *f)
{
    return f->nstart > 0 || f->nstop > 0;
}

/* mariadb-binlog filters MariaDB GTID groups (its Gtid_event_filter)
 * when given GTID positions or domain ids; server ids alone filter events
 * one by one. */
static int groups_filtered(const gp_event_filter *f)
{
    return gtid_windows(f) || f->domains.mode != IDS_NONE;
}

/* Every stop GTID reached: mariadb-binlog stops reading. */
static int windows_finished(const gp_event_filter *f)
{
    if (f->nstop == 0)
        return 0;
    for (size_t i = 0; i < f->nwin; i++)
        if (f->win[i].has_stop && !f->win[i].passed)
            return 0;
    return 1;
}

/* Window_gtid_event_filter: 1 when the group of g is left out. */
static int window_excludes(window *w, const gp_mariadb_gtid *g)
{
    if (w->passed)
        return 1;
    if (!w->active) {
        /* the start GTID itself opens the window (its group left out);
         * from then on every group of the domain is in, whatever its
         * sequence number, up to the stop */
        if (w->has_start && g->seq < w->start)
            return 1;
        if (w->has_stop && g->seq > w->stop)
            return 1;
        w->active = 1;
        if (w->has_stop && g->seq == w->stop)
            w->passed = 1;
        return w->has_start && g->seq == w->start;
    }
    if (w->has_stop && g->seq >= w->stop) {
        w->passed = 1;
        return g->seq > w->stop;
    }
    return 0;
}

/* The first Gtid_list of the listing: mariadb-binlog's
 * Binlog_gtid_state_validator::initialize_gtid_state. */
static gtidpos_status init_state(gp_event_listing *l, const gp_event *ev, gp_error *e)
{
    gp_event_filter *f = l->f;
    gp_mariadb_state *gl = gp_mariadb_state_new();
    gtidpos_status rc;

    l->state_init = 1;
    if (gl == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, l->log->name, -1, "out of memory");
    if ((rc = gp_decode_gtid_list(ev, gl, l->log->name, e)) != GTIDPOS_OK) {
        gp_mariadb_state_free(gl);
        return rc;
    }
    for (size_t i = 0; i < gp_mariadb_state_count(gl); i++) {
        const gp_mariadb_gtid *g = gp_mariadb_state_at(gl, i);
        const window *w = gp_ef_find_window(f, g->domain);
        /* A byte --start-position skips the first file's Gtid_list, so
         * this one may be a later file's, after the listing already
         * opened or closed the domain's window: its start or stop was
         * met in the files, and the list only says where they went on
         * (mariadb-binlog lists on: events_parity.sh seed 31243). */
        if (w != NULL && (w->active || w->passed))
            continue;
        if (f->nstart > 0 && (w == NULL || !w->has_start))
            rc = gp_error_set(e, GTIDPOS_ERR_POSITION, l->log->name, (int64_t)ev->offset,
                              "the GTID --start-position has no GTID for domain %lu, whose "
                              "events these files may hold (their Gtid_list starts it at "
                              "%lu-%lu-%llu)",
                              (unsigned long)g->domain, (unsigned long)g->domain,
                              (unsigned long)g->server_id, (unsigned long long)g->seq);
        else if (w != NULL && w->has_start && w->start < g->seq)
            rc = gp_error_set(e, GTIDPOS_ERR_POSITION, l->log->name, (int64_t)ev->offset,
                              "the files lack the events of domain %lu after the "
                              "--start-position %lu-%lu-%llu: their Gtid_list starts at "
                              "%lu-%lu-%llu",
                              (unsigned long)g->domain, (unsigned long)w->domain,
                              (unsigned long)w->start_server, (unsigned long long)w->start,
                              (unsigned long)g->domain, (unsigned long)g->server_id,
                              (unsigned long long)g->seq);
        else if (w != NULL && w->has_stop && !w->has_start && w->stop <= g->seq)
            rc = gp_error_set(e, GTIDPOS_ERR_POSITION, l->log->name, (int64_t)ev->offset,
                              "--stop-position %lu-%lu-%llu is not in these files: their "
                              "Gtid_list starts domain %lu at %lu-%lu-%llu",
                              (unsigned long)w->domain, (unsigned long)w->stop_server,
                              (unsigned long long)w->stop, (unsigned long)g->domain,
                              (unsigned long)g->domain, (unsigned long)g->server_id,
                              (unsigned long long)g->seq);
        if (rc != GTIDPOS_OK)
            break;
    }
    if (rc == GTIDPOS_OK && gp_mariadb_state_merge(l->state, gl) != GP_GTID_OK)
        rc = gp_error_set(e, GTIDPOS_ERR_NOMEM, l->log->name, -1, "out of memory");
    gp_mariadb_state_free(gl);
    return rc;
}

/* A MariaDB GTID event: is its group printed?  (rules 5, and the
 * validator's record of it.) */
static gtidpos_status maria_group(gp_event_listing *l, const gp_event *ev, gp_error *e)
{
    gp_event_filter *f = l->f;
    gp_mariadb_gtid g;
    uint8_t flags2;
    gtidpos_status rc;
    int out = 0;

    if ((rc = gp_decode_mariadb_gtid(ev, &g, &flags2, l->log->name, e)) != GTIDPOS_OK)
        return rc;
    if (gtid_windows(f)) {
        window *w = gp_ef_find_window(f, g.domain);
        if (w != NULL && (w->has_stop || f->nstop == 0))
            out = window_excludes(w, &g);
        else
            out = f->nstop > 0; /* domains without a stop GTID are left out */
    }
    if (!id_passes(&f->domains, g.domain) || !id_passes(&f->servers, g.server_id))
        out = 1;
    l->group_on = !out;
    if (out || !gtid_windows(f))
        return GTIDPOS_OK;
    /* A sequence number that goes back is listed, neither refused nor
     * warned about, in either mode: what mariadb-binlog 10.11 does
     * (tests/mariadb/events_parity.sh, the out-of-order file).  The
     * domain's state keeps the highest. */
    {
        const gp_mariadb_gtid *last = gp_mariadb_state_get(l->state, g.domain);
        if (last != NULL && g.seq <= last->seq)
            return GTIDPOS_OK;
    }
    if (gp_mariadb_state_update(l->state, &g) != GP_GTID_OK)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, l->log->name, -1, "out of memory");
    return GTIDPOS_OK;
}

/* A COMMIT, or a ROLLBACK that is not ROLLBACK TO: MySQL's
 * Query_log_event::ends_group(). */
static int query_ends_group(gp_event_listing *l, const gp_event *ev)
{
    char buf[32];
    const char *q;
    size_t len;
    gp_error ignored;

    if (gp_decode_query(ev, &l->log->fde, buf, sizeof buf, &q, &len, l->log->name,
                        &ignored) != GTIDPOS_OK)
        return 0;
    if (len >= 6 && !strncmp(q, "COMMIT", 6))
        return 1;
    return len >= 8 && !strncasecmp(q, "ROLLBACK", 8) &&
           !(len >= 12 && !strncasecmp(q, "ROLLBACK TO ", 12));
}

/* MySQL's shall_skip_gtids (client/mysqlbinlog.cc): 1 to leave ev out. */
static int mysql_skips(gp_event_listing *l, const gp_event *ev, gp_error *e, gtidpos_status *rc)
{
    gp_event_filter *f = l->f;
    int skip;

    switch (ev->type) {
    case GP_EV_GTID:
    case GP_EV_GTID_TAGGED:
    case GP_EV_ANONYMOUS_GTID: {
        gp_mysql_gtid g;
        if ((*rc = gp_decode_mysql_gtid(ev, &g, l->log->name, e)) != GTIDPOS_OK)
            return 1;
        skip = 0;
        if (f->include != NULL)
            skip = g.anonymous || !gp_mysql_set_contains(f->include, &g.uuid, g.tag,
                                                         g.tag_len, g.gno);
        if (f->exclude != NULL && !g.anonymous &&
            gp_mysql_set_contains(f->exclude, &g.uuid, g.tag, g.tag_len, g.gno))
            skip = 1;
        l->mysql_skip = skip;
        return skip;
    }
    case GP_EV_XID:
        skip = l->mysql_skip;
        l->mysql_skip = 0;
        return skip;
    case GP_EV_QUERY:
        skip = l->mysql_skip;
        if (skip && query_ends_group(l, ev))
            l->mysql_skip = 0;
        return skip;
    case GP_EV_START_V3:
    case GP_EV_SLAVE:
    case GP_EV_STOP:
    case GP_EV_FORMAT_DESCRIPTION:
    case GP_EV_ROTATE:
    case GP_EV_IGNORABLE:
    case GP_EV_INCIDENT:
    case GP_EV_PREVIOUS_GTIDS:
        return 0;
    default:
        return l->mysql_skip;
    }
}

/* The rules of event_filter.h, for one event: 1 keep, 0 leave out,
 * -1 end the listing here; *rc on error. */
static int decide(gp_event_listing *l, const gp_event *ev, gp_error *e, gtidpos_status *rc)
{
    gp_event_filter *f = l->f;
    int fde = ev->type == GP_EV_FORMAT_DESCRIPTION;

    *rc = GTIDPOS_OK;
    if (l->first && f->start_pos != GP_EF_NO_POS && ev->offset < f->start_pos) {
        if (gp_event_end(ev) > f->start_pos) {
            /* mariadb-binlog prints the Format_description, then fails to
             * read at the position */
            l->bad_start = 1;
            if (fde && !l->fde_seen)
                return l->fde_seen = 1;
            *rc = gp_position_not_a_boundary(l->log, f->start_pos, ev, e);
            return -1;
        }
        /* only the file's first one: a relay log's later ones (the
         * source's, after a Rotate) are skipped with the rest */
        if (!fde || l->fde_seen)
            return 0;
    }
    if (fde)
        l->fde_seen = 1;
    if (fde)
        l->group_on = 1; /* a file's first event: groups start over */
    /* GTID groups (rule 5) before the times: an event of a group left out
     * neither starts the listing at --start-datetime nor stops it at
     * --stop-datetime (what mariadb-binlog 10.11 does). */
    if (ev->type == GP_EV_MARIA_GTID_LIST && gtid_windows(f) && !l->state_init &&
        (*rc = init_state(l, ev, e)) != GTIDPOS_OK)
        return -1;
    if (ev->type == GP_EV_MARIA_GTID) {
        if (windows_finished(f))
            return -1;
        if (groups_filtered(f) && (*rc = maria_group(l, ev, e)) != GTIDPOS_OK)
            return -1;
    }
    if (!l->group_on && !fde)
        return 0;
    if (f->has_start_time && !l->time_started && !fde) {
        if ((int64_t)ev->timestamp < f->start_time)
            return 0;
        l->time_started = 1;
    }
    /* With GTID groups filtered, a GTID event's server id decided for its
     * group above rather than for the event alone. */
    if (!fde && ev->type != GP_EV_ROTATE && !id_passes(&f->servers, ev->server_id) &&
        !(ev->type == GP_EV_MARIA_GTID && groups_filtered(f)))
        return 0;
    if ((f->has_stop_time && (int64_t)ev->timestamp >= f->stop_time) ||
        (l->last && f->stop_pos != GP_EF_NO_POS && ev->offset >= f->stop_pos))
        return -1;
    if ((f->include != NULL || f->exclude != NULL) && mysql_skips(l, ev, e, rc))
        return *rc != GTIDPOS_OK ? -1 : 0;
    return 1;
}

static gp_walk_verdict on_frame(void *ctx, gp_walk *w, const gp_event *ev, gtidpos_status *rc)
{
    gp_event_listing *l = ctx;
    int d;

    if (l->finished)
        return GP_WALK_END;
    d = decide(l, ev, w->e, rc);
    if (*rc != GTIDPOS_OK)
        return GP_WALK_END;
    if (d < 0) {
        l->finished = 1;
        return GP_WALK_END;
    }
    if (l->first && ev->offset == l->f->start_pos)
        l->start_seen = 1;
    if (d > 0 && (*rc = l->keep(l->ctx, l->log, ev, w->e)) != GTIDPOS_OK)
        return GP_WALK_END;
    if (l->bad_start) {
        *rc = gp_position_not_a_boundary(l->log, l->f->start_pos, ev, w->e);
        return GP_WALK_END;
    }
    return GP_WALK_TAKE;
}

/* Set so that the walk looks at every event rather than pass over rows
 * in bulk: the filters see each one. */
static gtidpos_status on_event(void *ctx, const gp_event *ev, gp_error *e)
{
    (void)ctx, (void)ev, (void)e;
    return GTIDPOS_OK;
}

gtidpos_status gp_event_listing_file(gp_event_listing *l, gp_log *log, size_t i, size_t n, int *done,
                             gp_error *e)
{
    gp_walk_hooks hooks;
    gp_walk w;
    gtidpos_status rc;

    *done = 0;
    if (i == 0 && (rc = check_filter(l->f, e)) != GTIDPOS_OK)
        return rc;
    if (l->finished) {
        *done = 1;
        return GTIDPOS_OK;
    }
    l->log = log;
    l->first = i == 0;
    l->last = i + 1 == n;
    l->group_on = 1;
    l->mysql_skip = 0;
    l->start_seen = 0;
    l->bad_start = 0;
    l->fde_seen = 0;
    if (l->first && l->f->start_pos != GP_EF_NO_POS &&
        (rc = gp_position_check_range(log, l->f->start_pos, e)) != GTIDPOS_OK)
        return rc;
    memset(&hooks, 0, sizeof hooks);
    hooks.ctx = l;
    hooks.on_frame = on_frame;
    hooks.on_event = on_event;
    gp_walk_init_frames(&w, log, &hooks, e);
    rc = gp_walk_run(&w, GP_POS_END);
    if (rc != GTIDPOS_OK)
        return rc;
    if (l->first && l->f->start_pos != GP_EF_NO_POS && !l->start_seen && !l->finished &&
        l->f->start_pos != w.boundary)
        return gp_position_check_range(log, l->f->start_pos, e) != GTIDPOS_OK
                   ? e->code
                   : gp_error_set(e, GTIDPOS_ERR_POSITION, log->name, (int64_t)l->f->start_pos,
                                  "position %llu is past the last event, which ends at %llu",
                                  (unsigned long long)l->f->start_pos,
                                  (unsigned long long)w.boundary);
    *done = l->finished;
    return GTIDPOS_OK;
}

gtidpos_status gp_event_listing_finish(gp_event_listing *l, const char *last_file, gp_error *e)
{
    gp_event_filter *f = l->f;

    for (size_t i = 0; i < f->nwin; i++) {
        const window *w = &f->win[i];
        if (w->has_stop && !w->passed)
            warnf(l, "the events ended before --stop-position %lu-%lu-%llu was reached",
                  (unsigned long)w->domain, (unsigned long)w->stop_server,
                  (unsigned long long)w->stop);
    }
    for (size_t i = 0; i < f->nwin; i++) {
        const window *w = &f->win[i];
        const gp_mariadb_gtid *s = gp_mariadb_state_get(l->state, w->domain);
        if (w->has_start && (s == NULL || s->seq < w->start) && !f->strict)
            warnf(l, "--start-position %lu-%lu-%llu was never reached",
                  (unsigned long)w->domain, (unsigned long)w->start_server,
                  (unsigned long long)w->start);
        else if (w->has_start && (s == NULL || s->seq < w->start))
            return gp_error_set(e, GTIDPOS_ERR_POSITION, last_file, -1,
                                "--start-position %lu-%lu-%llu was never reached: the "
                                "events listed end domain %lu at %s",
                                (unsigned long)w->domain, (unsigned long)w->start_server,
                                (unsigned long long)w->start, (unsigned long)w->domain,
                                s == NULL ? "nothing" : "a lower sequence number");
    }
    return GTIDPOS_OK;
}
