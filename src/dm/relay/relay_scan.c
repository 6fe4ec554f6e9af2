/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * relay_scan.c - the walks of one DM relay file, as hooks on the engine
 * (see relay_scan.h).  The engine frames the events, reads the header's
 * starting set and follows the transactions; the hooks here only note
 * what DM's holes do to that: where they are, what follows them, and that
 * a transaction open at a hole lost its end to it.
 */
#include "dm/relay/relay_scan.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binlog/decode_misc.h"
#include "binlog/event_names.h"
#include "binlog/format.h"
#include "walk/engine.h"

static int is_txn_start(uint8_t type)
{
    return type == GP_EV_GTID || type == GP_EV_GTID_TAGGED ||
           type == GP_EV_ANONYMOUS_GTID || type == GP_EV_MARIA_GTID;
}

static gtidpos_status nomem(const char *path, gp_error *e)
{
    return gp_error_set(e, GTIDPOS_ERR_NOMEM, path, -1, "out of memory");
}

/* A hole: the transaction in progress lost its end (and its GTID, if the
 * hole took its start too) to it.  The engine counts nothing for it; what
 * the hole stands for is resolve.c's to account for. */
static void drop_open_txn(gp_walk *w)
{
    memset(&w->txn, 0, sizeof w->txn);
}

/* ---- the scan: the whole file ---------------------------------------- */

typedef struct scan_walk {
    gp_dm_scan *s;
    gp_walk *w;
    uint64_t check_pos;
    int reached;          /* an event starts at check_pos (or it is 4 or END) */
    gp_error pos_err;     /* check_pos fell inside an event */
    int pos_bad;
    int after_hole;       /* the event before this one was a dummy */
} scan_walk;

/* Room for one more element in the array whose pointer is at arrayp (of
 * *cap elements of size elem, n of them used): doubled when full (first
 * first_cap).  -1: out of memory (or a size that overflows), the array and
 * *cap as they were.  The pointer is copied through memcpy so that one
 * helper serves arrays of any element type. */
static int grow(void *arrayp, size_t *cap, size_t n, size_t first_cap, size_t elem)
{
    size_t want;
    void *p;

    if (n < *cap)
        return 0;
    want = *cap ? *cap * 2 : first_cap;
    if (want < *cap || want > SIZE_MAX / elem)
        return -1;
    memcpy(&p, arrayp, sizeof p);
    if ((p = realloc(p, want * elem)) == NULL)
        return -1;
    memcpy(arrayp, &p, sizeof p);
    *cap = want;
    return 0;
}

static gtidpos_status add_txn(gp_dm_scan *s, const gp_txn *t, uint64_t end, gp_error *e)
{
    if (grow(&s->txns, &s->cap_txns, s->n_txns, 256, sizeof *s->txns) != 0)
        return nomem(s->path, e);
    s->txns[s->n_txns].start = t->start;
    s->txns[s->n_txns].end = end;
    s->txns[s->n_txns].t = *t;
    s->n_txns++;
    return GTIDPOS_OK;
}

static gtidpos_status add_hole(gp_dm_scan *s, uint64_t start, uint64_t end, gp_error *e)
{
    if (s->n_holes > 0 && s->holes[s->n_holes - 1].end == start) {
        s->holes[s->n_holes - 1].end = end; /* consecutive dummies: one hole */
        return GTIDPOS_OK;
    }
    if (grow(&s->holes, &s->cap_holes, s->n_holes, 8, sizeof *s->holes) != 0)
        return nomem(s->path, e);
    s->holes[s->n_holes].start = start;
    s->holes[s->n_holes].end = end;
    s->holes[s->n_holes].tail_follows = 0;
    s->n_holes++;
    return GTIDPOS_OK;
}

/* Is check_pos a boundary?  Checked as the walk passes it, for every
 * event, dummies too: the walk itself goes on to the end. */
static void note_position(scan_walk *sw, const gp_event *ev)
{
    if (sw->reached || ev->offset < sw->check_pos)
        return;
    sw->reached = 1;
    if (ev->offset > sw->check_pos) {
        gp_position_not_a_boundary(sw->w->log, sw->check_pos, &sw->w->prev, &sw->pos_err);
        sw->pos_bad = 1;
    }
}

/* The file ends with the upstream's Rotate to next_name when its last
 * event (dummies aside) is a Rotate the upstream wrote: not the fake one a
 * dump stream starts with (GP_WALK_ARTIFICIAL_F). */
static void note_rotate(gp_dm_scan *s, const gp_event *ev, const gp_fde *fde)
{
    gp_rotate rot;

    s->rotates = 0;
    if (ev->type != GP_EV_ROTATE || (ev->flags & GP_WALK_ARTIFICIAL_F) ||
        gp_decode_rotate(ev, fde, &rot, s->path, NULL) != GTIDPOS_OK ||
        rot.name_len >= sizeof s->next_name)
        return;
    memcpy(s->next_name, rot.name, rot.name_len);
    s->next_name[rot.name_len] = '\0';
    s->rotates = memchr(s->next_name, '\0', rot.name_len) == NULL;
}

static gtidpos_status scan_on_event(void *ctx, const gp_event *ev, gp_error *e)
{
    scan_walk *sw = ctx;
    gp_dm_scan *s = sw->s;

    (void)e;
    note_position(sw, ev);
    if (gp_dm_is_dummy(ev, &sw->w->log->fde))
        return GTIDPOS_OK; /* scan_on_dm_dummy takes it */
    if (sw->after_hole) {
        sw->after_hole = 0;
        if (!is_txn_start(ev->type) && !gp_event_is_preamble(ev->type))
            s->holes[s->n_holes - 1].tail_follows = 1;
    }
    note_rotate(s, ev, &sw->w->log->fde);
    return GTIDPOS_OK;
}

static gtidpos_status scan_on_dm_dummy(void *ctx, gp_walk *w, const gp_event *ev, gp_error *e)
{
    scan_walk *sw = ctx;

    drop_open_txn(w);
    sw->after_hole = 1;
    return add_hole(sw->s, ev->offset, gp_event_end(ev), e);
}

static gtidpos_status scan_on_commit(void *ctx, gp_at_result *r, const gp_txn *t, const gp_event *ev,
                             gp_error *e)
{
    (void)r;
    return add_txn(((scan_walk *)ctx)->s, t, gp_event_end(ev), e);
}

/* The walk ended on damage (the log failed, and the engine returned that
 * failure or answered at the last complete event of a file in use): the
 * scan holds everything before it; resolve.c refuses positions past it. */
static gtidpos_status take_damage(gp_dm_scan *s, const gp_log *log, gtidpos_status rc)
{
    if (log->status == GTIDPOS_OK)
        return rc;
    s->damaged = 1;
    s->damage = log->err;
    return rc == log->status ? GTIDPOS_OK : rc;
}

/* check_pos, once the walk is over (as the scan before the engine did:
 * past the end of a damaged file the damage is the answer). */
static gtidpos_status check_position(const scan_walk *sw, gp_error *e)
{
    const gp_dm_scan *s = sw->s;

    if (sw->pos_bad) {
        *e = sw->pos_err;
        return GTIDPOS_ERR_POSITION;
    }
    if (sw->reached || sw->check_pos == s->end)
        return GTIDPOS_OK;
    if (sw->check_pos < s->end) /* inside the last event */
        return gp_position_not_a_boundary(sw->w->log, sw->check_pos, &sw->w->prev, e);
    if (s->damaged) {
        *e = s->damage;
        return s->damage.code;
    }
    return gp_error_set(e, GTIDPOS_ERR_POSITION, s->path, (int64_t)sw->check_pos,
                        "position %llu is past the end of the file (%llu bytes)",
                        (unsigned long long)sw->check_pos, (unsigned long long)s->end);
}

/* A walk of a DM relay file: the holes are the hooks' (start_unchecked),
 * and the header's state is the file's own only (own_state_only). */
static gtidpos_status open_walk(gp_walk *w, gp_log *log, const char *path, const gp_at_options *opt,
                        const gp_walk_hooks *hooks, gp_at_result *r, gp_error *e)
{
    gtidpos_status rc = gp_log_open(log, path, GTIDPOS_VERIFY_ALL, e);

    if (rc == GTIDPOS_OK)
        rc = gp_walk_init(w, log, opt ? opt->flavor : GTIDPOS_FLAVOR_UNKNOWN, hooks, r, e);
    w->own_state_only = 1;
    w->start_unchecked = 1;
    return rc;
}

gtidpos_status gp_dm_scan_file(gp_dm_scan *s, const char *path, const gp_at_options *opt,
                       uint64_t check_pos, gp_error *e)
{
    gp_log log;
    gp_walk w;
    gp_at_result r; /* the engine's answer at the end: not used */
    scan_walk sw = {.s = s, .w = &w, .check_pos = check_pos};
    gp_walk_hooks hooks = {.ctx = &sw,
                           .on_event = scan_on_event,
                           .on_commit = scan_on_commit,
                           .on_dm_dummy = scan_on_dm_dummy};
    gtidpos_status rc;

    memset(s, 0, sizeof *s);
    snprintf(s->path, sizeof s->path, "%s", path);
    s->end = GP_BINLOG_MAGIC_LEN;
    if (check_pos != GP_POS_END && check_pos < GP_BINLOG_MAGIC_LEN)
        return gp_error_set(e, GTIDPOS_ERR_POSITION, path, (int64_t)check_pos,
                            "position %llu is inside the 4-byte magic; the first "
                            "event starts at 4", (unsigned long long)check_pos);
    sw.reached = check_pos == GP_POS_END || check_pos == GP_BINLOG_MAGIC_LEN;
    gp_at_result_init(&r);
    memset(&log, 0, sizeof log);
    rc = open_walk(&w, &log, path, opt, &hooks, &r, e);
    if (rc == GTIDPOS_OK) {
        rc = take_damage(s, &log, gp_walk_run(&w, GP_POS_END));
        s->has_state = w.have_state;
        s->end = w.boundary;
        if (w.txn.state != GP_TXN_IDLE) {
            s->open_at_end = 1;
            s->open_start = w.txn.start;
        }
    }
    if (rc == GTIDPOS_OK)
        rc = check_position(&sw, e);
    gp_at_result_free(&r);
    gp_log_close(&log);
    return rc;
}

void gp_dm_scan_free(gp_dm_scan *s)
{
    if (s == NULL)
        return;
    free(s->txns);
    free(s->holes);
    memset(s, 0, sizeof *s);
}

/* ---- the answer after the last hole ------------------------------------ */

/* A hole: what came before it is the earlier relay file's to say
 * (resolve.c); the answer starts over at its end. */
static gtidpos_status restart_on_dm_dummy(void *ctx, gp_walk *w, const gp_event *ev, gp_error *e)
{
    (void)ctx;
    (void)ev;
    (void)e;
    drop_open_txn(w);
    gp_at_result_clear(w->r);
    return GTIDPOS_OK;
}

gtidpos_status gp_dm_at_after_hole(const char *path, uint64_t pos, const gp_at_options *opt,
                           gp_at_result *r, gp_error *e)
{
    gp_log log;
    gp_walk w;
    gp_walk_hooks hooks = {.on_dm_dummy = restart_on_dm_dummy};
    gtidpos_status rc;

    memset(&log, 0, sizeof log);
    rc = open_walk(&w, &log, path, opt, &hooks, r, e);
    if (rc == GTIDPOS_OK)
        rc = gp_walk_run(&w, pos);
    gp_log_close(&log);
    return rc;
}
