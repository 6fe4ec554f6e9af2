#include "walk/scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binlog/format.h"

#define PROGRESS_STEP (1u << 20)

/* What the hooks keep between events. */
typedef struct scan_walk {
    gp_scan_summary *s;
    const gp_scan_options *opt;
    const gp_log *log;
    gp_mysql_set *added_mysql;
    gp_mariadb_state *added_mariadb;
    int have_first;
    gp_txn first, last;       /* the first and last transactions with a GTID */
    uint64_t crc_events, plain_events;
    uint64_t next_progress;
} scan_walk;

void gp_scan_summary_init(gp_scan_summary *s)
{
    memset(s, 0, sizeof *s);
    gp_at_result_init(&s->at);
}

void gp_scan_summary_free(gp_scan_summary *s)
{
    if (s == NULL)
        return;
    gp_at_result_free(&s->at);
    free(s->previous_gtids);
    free(s->added_gtids);
    s->previous_gtids = NULL;
    s->added_gtids = NULL;
}

const char *gp_scan_checksum_name(gp_scan_checksum c)
{
    switch (c) {
    case GP_SCAN_CRC32: return "crc32";
    case GP_SCAN_CRC32_UNVERIFIED: return "crc32-unverified";
    case GP_SCAN_NONE: return "none";
    case GP_SCAN_MIXED: return "mixed";
    }
    return "mixed";
}

static gp_err nomem(const scan_walk *w, uint64_t off, gp_error *e)
{
    return gp_error_set(e, GP_ERR_NOMEM, w->log->name, (int64_t)off, "out of memory");
}

static void count_time(gp_scan_summary *s, uint32_t min, uint32_t max)
{
    if (!s->has_time || min < s->min_timestamp)
        s->min_timestamp = min;
    if (!s->has_time || max > s->max_timestamp)
        s->max_timestamp = max;
    s->has_time = 1;
}

/* n events of type (not a format description) were walked. */
static void count_events(scan_walk *w, uint8_t type, uint64_t n, uint64_t offset)
{
    w->s->events += n;
    /* A format description carries its own algorithm byte; every other
     * event has a CRC32 trailer when the format in force says so. */
    if (type != GP_EV_FORMAT_DESCRIPTION) {
        if (gp_event_trailer_len(type, &w->log->fde) == GP_CHECKSUM_LEN)
            w->crc_events += n;
        else
            w->plain_events += n;
    }
    if (w->opt->progress && offset >= w->next_progress) {
        w->opt->progress(w->opt->ctx, offset);
        w->next_progress = offset + PROGRESS_STEP;
    }
}

static gp_err on_event(void *ctx, const gp_event *ev, gp_error *e)
{
    scan_walk *w = ctx;

    if (w->opt->event) {
        gp_err rc = w->opt->event(w->opt->ctx, ev, e);
        if (rc != GP_OK)
            return rc;
    }
    if (ev->timestamp != 0)
        count_time(w->s, ev->timestamp, ev->timestamp);
    count_events(w, ev->type, 1, ev->offset);
    return GP_OK;
}

static gp_err on_skipped(void *ctx, size_t n, const gp_skip_tally *t, const gp_event *last,
                         gp_error *e)
{
    scan_walk *w = ctx;

    (void)e;
    if (t->has_time)
        count_time(w->s, t->min_timestamp, t->max_timestamp);
    count_events(w, last->type, n, last->offset);
    return GP_OK;
}

static gp_err on_start(void *ctx, const gp_at_result *r, gp_error *e)
{
    scan_walk *w = ctx;

    w->s->previous_gtids = gp_at_result_set_text(r);
    return w->s->previous_gtids ? GP_OK : nomem(w, w->log->next, e);
}

static gp_err add_gtid(scan_walk *w, const gp_txn *t, gp_error *e)
{
    int rc = GP_GTID_OK;

    if (t->kind == GP_TXN_MYSQL)
        rc = gp_mysql_set_add(w->added_mysql, &t->mysql.uuid, t->mysql.tag,
                              t->mysql.tag_len, t->mysql.gno);
    else if (t->kind == GP_TXN_MARIADB)
        rc = gp_mariadb_state_update(w->added_mariadb, &t->mariadb);
    /* The set itself took the same GTID without complaint, so only
     * memory can fail here. */
    return rc == GP_GTID_OK ? GP_OK : nomem(w, t->start, e);
}

static gp_err on_commit(void *ctx, gp_at_result *r, const gp_txn *t,
                        const gp_event *ev, gp_error *e)
{
    scan_walk *w = ctx;
    int has_gtid = t->kind == GP_TXN_MYSQL || t->kind == GP_TXN_MARIADB;
    gp_err rc;

    w->s->transactions++;
    if (has_gtid) {
        if (!w->have_first)
            w->first = *t;
        w->have_first = 1;
        w->last = *t;
        if ((rc = add_gtid(w, t, e)) != GP_OK)
            return rc;
    }
    if (w->opt->boundary) {
        char gtid[GP_GTID_TEXT] = "";
        gp_scan_boundary b;

        if (t->kind != GP_TXN_NO_GTID)
            gp_txn_gtid_text(t, gtid, sizeof gtid);
        /* r is lent to the hook as the set at b.end: its last transaction
         * as the walk's end would give it (anonymous ones have no text) */
        snprintf(r->last_gtid, sizeof r->last_gtid, "%s", has_gtid ? gtid : "");
        b.start = t->start;
        b.end = gp_event_end(ev);
        b.timestamp = ev->timestamp;
        b.has_gtid = has_gtid;
        b.gtid = gtid;
        b.at = r;
        return w->opt->boundary(w->opt->ctx, &b, e);
    }
    return GP_OK;
}

static gp_scan_checksum checksum_status(const scan_walk *w)
{
    int crc = w->crc_events > 0 ||
              (w->plain_events == 0 &&
               w->log->first_fde.checksum_alg == GP_CHECKSUM_ALG_CRC32);

    if (!crc)
        return GP_SCAN_NONE;
    if (w->plain_events > 0)
        return GP_SCAN_MIXED;
    return w->log->verify == GP_VERIFY_ALL ? GP_SCAN_CRC32 : GP_SCAN_CRC32_UNVERIFIED;
}

static gp_err finish(scan_walk *w, gp_error *e)
{
    gp_scan_summary *s = w->s;

    s->end = s->at.pos;
    s->checksum = checksum_status(w);
    if (w->have_first) {
        gp_txn_gtid_text(&w->first, s->first_gtid, sizeof s->first_gtid);
        gp_txn_gtid_text(&w->last, s->last_gtid, sizeof s->last_gtid);
    }
    s->added_gtids = s->at.flavor == GP_FLAVOR_MARIADB
                         ? gp_mariadb_state_to_string(w->added_mariadb)
                         : gp_mysql_set_to_string(w->added_mysql);
    if (s->added_gtids == NULL || s->previous_gtids == NULL)
        return nomem(w, s->end, e);
    return GP_OK;
}

gp_err gp_scan(gp_log *log, const gp_scan_options *opt, gp_scan_summary *s,
               gp_error *e)
{
    static const gp_scan_options none;
    gp_at_options at_opt = {GP_FLAVOR_UNKNOWN};
    gp_at_hooks hooks = {0};
    scan_walk w;
    gp_err rc;

    memset(&w, 0, sizeof w);
    w.s = s;
    w.opt = opt ? opt : &none;
    w.log = log;
    at_opt.flavor = w.opt->flavor;
    hooks.ctx = &w;
    hooks.on_event = on_event;
    /* passing over events in bulk would hide them from opt->event */
    hooks.on_skipped = w.opt->event ? NULL : on_skipped;
    hooks.on_start = on_start;
    hooks.on_commit = on_commit;
    w.added_mysql = gp_mysql_set_new();
    w.added_mariadb = gp_mariadb_state_new();
    if (w.added_mysql == NULL || w.added_mariadb == NULL)
        rc = nomem(&w, 0, e);
    else if ((rc = gp_at_hooked(log, GP_POS_END, &at_opt, &hooks, &s->at, e)) == GP_OK)
        rc = finish(&w, e);
    gp_mysql_set_free(w.added_mysql);
    gp_mariadb_state_free(w.added_mariadb);
    return rc;
}
