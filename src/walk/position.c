/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * position.c - the `at` question on the engine: a walk to a position,
 * shared with a second thread on large files (position_split.h).
 */
#include "walk/position.h"

#include <string.h>

#include "walk/position_split.h"

/* The near walk of a split walk: hands over to the far walk when it
 * frames the far walk's first event. */
typedef struct at_split {
    gp_walk *w;
    gp_log *log;
    gp_at_tail *tail;      /* the second thread's walk of the far part */
    uint64_t tail_start;   /* its first event (GP_POS_END: no tail) */
} at_split;

/* Once the preamble is over: start the far walk (when pos lies ahead). */
static gtidpos_status split_on_start(void *ctx, const gp_at_result *r, gp_error *e)
{
    at_split *s = ctx;

    (void)r;
    (void)e;
    if (!s->w->reached)
        s->tail = gp_at_tail_start(s->log, s->w->pos, s->w->flavor, s->w->gtids_forbidden);
    if (s->tail != NULL)
        s->tail_start = gp_at_tail_offset(s->tail);
    return GTIDPOS_OK;
}

static uint64_t split_limit(void *ctx)
{
    return ((const at_split *)ctx)->tail_start;
}

/*
 * The walk framed ev at or past the far walk's start.  When ev starts
 * exactly there (so the far walk began on a real boundary), no
 * transaction is open and the format is the one the far walk used, its
 * result is the rest of this walk: add it to w's and end the walk.
 * Otherwise the walk goes on by itself.
 */
static gp_walk_verdict split_on_frame(void *ctx, gp_walk *w, const gp_event *ev, gtidpos_status *rc)
{
    at_split *s = ctx;
    gp_at_tail *t = s->tail;
    gp_at_tail_result tr;
    gp_walk_verdict v = GP_WALK_TAKE;

    *rc = GTIDPOS_OK;
    s->tail = NULL;
    s->tail_start = GP_POS_END;
    if (ev->offset != gp_at_tail_offset(t) || w->txn.state != GP_TXN_IDLE || w->in_preamble ||
        !gp_at_tail_finish(t, &w->log->fde, &tr)) {
        gp_at_tail_free(t);
        return GP_WALK_TAKE;
    }
    if (gp_at_result_absorb(w->r, &w->last_txn, tr.r, tr.last_txn) != GP_GTID_OK) {
        *rc = gp_error_set(w->e, GTIDPOS_ERR_NOMEM, w->log->name, (int64_t)ev->offset,
                           "out of memory");
    } else {
        w->txn = *tr.txn;
        w->r->walks += tr.walks;
        if (tr.walked)
            w->prev = tr.prev;
        w->boundary = tr.boundary;
        w->reached = tr.reached;
        v = GP_WALK_END;
    }
    gp_at_tail_free(t);
    return v;
}

gtidpos_status gp_at_hooked(gp_log *log, uint64_t pos, const gp_at_options *opt,
                    const gp_at_hooks *hooks, gp_at_result *r, gp_error *e)
{
    gp_walk w;
    at_split s = {&w, log, NULL, GP_POS_END};
    gp_walk_hooks split = {0};
    gtidpos_status rc;

    /* Walk the far part on a second thread when the file was opened for
     * it and no hook wants to see every event. */
    if (hooks == NULL && log->splittable) {
        split.ctx = &s;
        split.on_start = split_on_start;
        split.limit = split_limit;
        split.on_frame = split_on_frame;
        hooks = &split;
    }
    rc = gp_walk_init(&w, log, opt ? opt->flavor : GTIDPOS_FLAVOR_UNKNOWN, hooks, r, e);
    if (rc == GTIDPOS_OK)
        rc = gp_walk_run(&w, pos);
    gp_at_tail_free(s.tail); /* a far walk the walk never reached */
    return rc;
}

gtidpos_status gp_position_past_end(gp_log *log, uint64_t pos, gtidpos_status rc, gp_error *e)
{
    /* a plain file's known size refused such a pos before the walk; a pos
     * within the bytes already read is not past the end */
    if (rc == GTIDPOS_OK || pos == GP_POS_END || pos <= log->win_off + log->win_len)
        return rc;
    if (gp_log_learn_size(log) == GP_SIZE_UNKNOWN || pos <= log->size)
        return rc;
    gp_error_clear(e);
    return gp_position_check_range(log, pos, e);
}

gtidpos_status gp_at(gp_log *log, uint64_t pos, const gp_at_options *opt,
             gp_at_result *r, gp_error *e)
{
    return gp_position_past_end(log, pos, gp_at_hooked(log, pos, opt, NULL, r, e), e);
}
