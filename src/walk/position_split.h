/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * position_split.h - answer `at` on a large file with two threads: the
 * caller walks the near part, a second thread walks the far part, and the
 * far part's result is taken only when the caller's own walk proves that
 * the second thread started on a real event boundary.
 *
 * Why: reading a page-cached file (a copy), checking every event's CRC32
 * and walking every event each cost about as much as the others, and on
 * one core they add up to about 2.6 times the time `cat` takes.  Splitting
 * the file in two halves keeps each half's bytes in one core's cache.
 *
 * Why it is exact: framing is deterministic from any true event boundary,
 * so once the caller's walk frames an event at the offset where the second
 * thread began, both framed the same events from there on.  The second
 * thread only accepts what the ordinary walk would accept without comment:
 * anything that would warn, fail or depend on earlier state (a second
 * Format_description, an unknown type, a transaction left open, damage,
 * a position that is not a boundary, ...) makes it give up, and the caller
 * then walks that part itself as if there had been no split.
 */
#ifndef GP_BINLOG_POSITION_SPLIT_H
#define GP_BINLOG_POSITION_SPLIT_H

#include <stdint.h>

#include "walk/engine.h"
#include "binlog/txn.h"
#include "binlog/walker.h"

typedef struct gp_at_tail gp_at_tail; /* opaque */

/* What the far part adds, when it is taken. */
typedef struct gp_at_tail_result {
    const gp_at_result *r;  /* its own set (from empty), anonymous count and
                               last transaction (has_last, last_start/end) */
    const gp_txn *last_txn; /* with has_last: that transaction */
    const gp_txn *txn;      /* the transaction open where it stopped (IDLE
                               when none) */
    int walked;             /* it framed at least one event */
    gp_event prev;          /* with walked: the last event (no data) */
    uint64_t boundary;      /* the end of its last event (its start if none) */
    int reached;            /* it stopped on pos, an event boundary */
    int walks;              /* 1, or 2 when the caller took a share */
} gp_at_tail_result;

/*
 * Start walking the far part of log (opened GTIDPOS_IO_DEFAULT and marked
 * splittable) towards pos (GP_POS_END: the end): from the first event
 * that starts a transaction after the middle of what is left.  log->next
 * is the caller's next event; the preamble is over.  NULL when the file
 * is not worth splitting or no start was found (the caller walks on).
 */
gp_at_tail *gp_at_tail_start(const gp_log *log, uint64_t pos, gtidpos_flavor flavor,
                             int gtids_forbidden);

/* The offset the far walk started at. */
uint64_t gp_at_tail_offset(const gp_at_tail *t);

/*
 * The caller's walk framed an event at t's offset, with no transaction
 * open, past the preamble, in format fde: wait for the far walk (when it
 * is not done, first walk the second half of what it has left on this
 * thread, and cut it there).  1 with *out filled (valid until
 * gp_at_tail_free) when the walks finished cleanly, 0 when the caller
 * must walk on itself.
 */
int gp_at_tail_finish(gp_at_tail *t, const gp_fde *fde, gp_at_tail_result *out);

/* Stop the far walk (when still running) and free it; NULL is a no-op. */
void gp_at_tail_free(gp_at_tail *t);

/* Tests: when set, the far walk waits for the caller to reach its start
 * before it walks, so that the caller always takes a share of its rest. */
extern int gp_split_hold_far_walk;

#endif
