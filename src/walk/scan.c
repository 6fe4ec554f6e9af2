/* SPDX-License-Identifier: BSD-2-Clause */
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
    gp_txn first, last;       /* the first and last transactions with a GTID
                                 (kind and GTID only: keep_gtid) */
    uint64_t crc_events, plain_events;
    uint64_t next_progress;   /* UINT64_MAX without a progress hook */
    /* What the summary counts, kept here (the hooks run once per event
     * the walk looks at, and once per bulk pass) and written to it when
     * the walk ends (put_counts).  Timestamps 0 are left out: ts_min1 is
     * the least timestamp - 1 as uint32_t (0 - 1 wraps to the largest), and
     * ts_max != 0 says one was seen. */
    uint64_t events, transactions;
    uint32_t ts_min1, ts_max;
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

static gtidpos_status nomem(const scan_walk *w, uint64_t off, gp_error *e)
{
    return gp_error_set(e, GTIDPOS_ERR_NOMEM, w->log->name, (int64_t)off, "out of memory");
}

/* Timestamps from min to max (none of them 0) were seen. */
static inline void count_time(scan_walk *w, uint32_t min, uint32_t max)
{
    w->ts_min1 = min - 1 < w->ts_min1 ? min - 1 : w->ts_min1;
    w->ts_max = max > w->ts_max ? max : w->ts_max;
}

/* n events of type (the last one at offset) were walked. */
static inline void count_events(scan_walk *w, uint8_t type, uint64_t n, uint64_t offset)
{
    w->events += n;
    /* A format description carries its own algorithm byte; every other
     * event has a CRC32 trailer when the format in force says so. */
    if (type != GP_EV_FORMAT_DESCRIPTION) {
        if (gp_event_trailer_len(type, &w->log->fde) == GP_CHECKSUM_LEN)
            w->crc_events += n;
        else
            w->plain_events += n;
    }
    if (offset >= w->next_progress) {
        w->opt->progress(w->opt->ctx, offset);
        w->next_progress = offset + PROGRESS_STEP;
    }
}

/* The counts of the walk so far, into the summary. */
static void put_counts(const scan_walk *w)
{
    gp_scan_summary *s = w->s;

    s->events = w->events;
    s->transactions = w->transactions;
    s->has_time = w->ts_max != 0;
    s->min_timestamp = s->has_time ? w->ts_min1 + 1 : 0;
    s->max_timestamp = w->ts_max;
}

/* What finish formats of a transaction: its kind and GTID (a whole gp_txn
 * is larger, and this runs once per transaction). */
static inline void keep_gtid(gp_txn *dst, const gp_txn *t)
{
    dst->kind = t->kind;
    if (t->kind == GP_TXN_MARIADB)
        dst->mariadb = t->mariadb;
    else
        dst->mysql = t->mysql;
}

static gtidpos_status on_event(void *ctx, const gp_event *ev, gp_error *e)
{
    scan_walk *w = ctx;

    if (w->opt->event) {
        gtidpos_status rc = w->opt->event(w->opt->ctx, ev, e);
        if (rc != GTIDPOS_OK)
            return rc;
    }
    /* 0 takes no part: 0 - 1 is no minimum, 0 no maximum */
    count_time(w, ev->timestamp, ev->timestamp);
    count_events(w, ev->type, 1, ev->offset);
    return GTIDPOS_OK;
}

static gtidpos_status on_skipped(void *ctx, size_t n, const gp_skip_tally *t, const gp_event *last,
                         gp_error *e)
{
    scan_walk *w = ctx;

    (void)e;
    if (t->has_time)
        count_time(w, t->min_timestamp, t->max_timestamp);
    count_events(w, last->type, n, last->offset);
    return GTIDPOS_OK;
}

static gtidpos_status on_start(void *ctx, const gp_at_result *r, gp_error *e)
{
    scan_walk *w = ctx;

    w->s->previous_gtids = gp_at_result_set_text(r);
    return w->s->previous_gtids ? GTIDPOS_OK : nomem(w, w->log->next, e);
}

static gtidpos_status add_gtid(scan_walk *w, const gp_txn *t, gp_error *e)
{
    int rc = GP_GTID_OK;

    if (t->kind == GP_TXN_MYSQL)
        rc = gp_mysql_set_add(w->added_mysql, &t->mysql.uuid, t->mysql.tag,
                              t->mysql.tag_len, t->mysql.gno);
    else if (t->kind == GP_TXN_MARIADB)
        rc = gp_mariadb_state_update(w->added_mariadb, &t->mariadb);
    /* The set itself took the same GTID without complaint, so only
     * memory can fail here. */
    return rc == GP_GTID_OK ? GTIDPOS_OK : nomem(w, t->start, e);
}

static gtidpos_status on_commit(void *ctx, gp_at_result *r, const gp_txn *t,
                        const gp_event *ev, gp_error *e)
{
    scan_walk *w = ctx;
    int has_gtid = t->kind == GP_TXN_MYSQL || t->kind == GP_TXN_MARIADB;
    gtidpos_status rc;

    w->transactions++;
    if (has_gtid) {
        if (!w->have_first)
            keep_gtid(&w->first, t);
        w->have_first = 1;
        keep_gtid(&w->last, t);
        if ((rc = add_gtid(w, t, e)) != GTIDPOS_OK)
            return rc;
    }
    if (w->opt->boundary) {
        char gtid[GTIDPOS_GTID_TEXT] = "";
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
    return GTIDPOS_OK;
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
    return w->log->verify == GTIDPOS_VERIFY_ALL ? GP_SCAN_CRC32 : GP_SCAN_CRC32_UNVERIFIED;
}

static gtidpos_status finish(scan_walk *w, gp_error *e)
{
    gp_scan_summary *s = w->s;

    s->end = s->at.pos;
    s->checksum = checksum_status(w);
    if (w->have_first) {
        gp_txn_gtid_text(&w->first, s->first_gtid, sizeof s->first_gtid);
        gp_txn_gtid_text(&w->last, s->last_gtid, sizeof s->last_gtid);
    }
    s->added_gtids = s->at.flavor == GTIDPOS_FLAVOR_MARIADB
                         ? gp_mariadb_state_to_string(w->added_mariadb)
                         : gp_mysql_set_to_string(w->added_mysql);
    if (s->added_gtids == NULL || s->previous_gtids == NULL)
        return nomem(w, s->end, e);
    return GTIDPOS_OK;
}

gtidpos_status gp_scan(gp_log *log, const gp_scan_options *opt, gp_scan_summary *s,
               gp_error *e)
{
    static const gp_scan_options none;
    gp_at_options at_opt = {GTIDPOS_FLAVOR_UNKNOWN};
    gp_at_hooks hooks = {0};
    scan_walk w;
    gtidpos_status rc;

    memset(&w, 0, sizeof w);
    w.s = s;
    w.opt = opt ? opt : &none;
    w.log = log;
    w.ts_min1 = UINT32_MAX;
    w.next_progress = w.opt->progress ? 0 : UINT64_MAX;
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
    else if ((rc = gp_at_hooked(log, GP_POS_END, &at_opt, &hooks, &s->at, e)) == GTIDPOS_OK)
        rc = finish(&w, e);
    put_counts(&w); /* also after an error: the counts up to it */
    gp_mysql_set_free(w.added_mysql);
    gp_mariadb_state_free(w.added_mariadb);
    return rc;
}
