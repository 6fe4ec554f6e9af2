/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * position.h - the `at` question: the GTID set executed at a byte position
 * of one binlog, a walk of the engine (engine.h) to that position.
 *
 * MySQL: the file's Previous_gtids set plus the GTID of every transaction
 * whose last event ends at or before the position.  MariaDB: the file's
 * Gtid_list state, updated by the GTID of every such transaction.
 */
#ifndef GP_WALK_POSITION_H
#define GP_WALK_POSITION_H

#include <stdint.h>

#include "binlog/fde.h"
#include "binlog/txn.h"
#include "binlog/walker.h"
#include "common/error.h"
#include "gtid/answer.h"
#include "walk/engine.h"

/* The hooks of a walk to a position (engine.h). */
typedef gp_walk_hooks gp_at_hooks;

typedef struct gp_at_options {
    gtidpos_flavor flavor;   /* GTIDPOS_FLAVOR_UNKNOWN: from the FDE */
} gp_at_options;

/*
 * Compute the set at pos (GP_POS_END: the end of the file, or of its last
 * complete event when an in-use file ends in a partial event).  log must be
 * freshly opened.  On success r holds the answer and its warnings.  A log
 * opened GTIDPOS_IO_DEFAULT is walked by two threads (position_split.h).
 */
gtidpos_status gp_at(gp_log *log, uint64_t pos, const gp_at_options *opt,
             gp_at_result *r, gp_error *e);
/* The same walk, calling hooks (NULL: none) on the way; with hooks, on
 * one thread. */
gtidpos_status gp_at_hooked(gp_log *log, uint64_t pos, const gp_at_options *opt,
                    const gp_at_hooks *hooks, gp_at_result *r, gp_error *e);

/* After a walk of a log of unknown size (an archive, a pipe) that ended
 * with rc before reaching pos: a pos past the end of the log (its size is
 * learnt, reading the rest) is refused as gp_position_check_range refuses
 * it before the walk of a plain file; anything else returns rc. */
gtidpos_status gp_position_past_end(gp_log *log, uint64_t pos, gtidpos_status rc, gp_error *e);

#endif
