/*
 * find.h - the transactions of one log that carry a given GTID (the core
 * of gtidpos find).
 *
 * A transaction is found where gtidpos at sees it end: the match is made
 * on the GTID of every transaction the boundary state machine (txn.h)
 * completes, and its byte range is that transaction's: the offset of its
 * first event and the end of its last.
 */
#ifndef GP_BINLOG_FIND_H
#define GP_BINLOG_FIND_H

#include <stdint.h>

#include "common/error.h"
#include "binlog/decode.h"
#include "binlog/fde.h"
#include "gtid/mariadb_state.h"
#include "binlog/txn.h"
#include "binlog/walker.h"

/* The GTID looked for, in either flavour. */
typedef struct gp_find_target {
    gp_flavor flavor;
    gp_mysql_gtid mysql;
    gp_mariadb_gtid mariadb;
} gp_find_target;

/* Parse "uuid:n", "uuid:tag:n" (MySQL) or "d-s-n" (MariaDB); 0 or -1. */
int gp_find_target_parse(gp_find_target *w, const char *s);

/* Is t (a transaction of txn.h) the transaction with GTID w? */
int gp_find_target_matches(const gp_find_target *w, const gp_txn *t);

/* Does the set of r (an answer of position.h) hold w?  0 when r is of the
 * other flavour. */
struct gp_at_result;
int gp_find_target_in_result(const gp_find_target *w, const struct gp_at_result *r);

/* Called for each transaction with GTID w: [start, end) of its events. */
typedef void (*gp_find_fn)(void *ctx, uint64_t start, uint64_t end);

/*
 * Walk log (freshly opened) to its end, calling fn for every transaction
 * with GTID w, in file order.  Returns how many there were.  The walk is
 * `at`'s (walk/engine.h, hooked on the end of each transaction), in
 * flavour want (GP_FLAVOR_UNKNOWN: the format description's), with its
 * rules: a file `at` refuses (no starting set where the server writes
 * one, a GTID in a file that cannot hold GTIDs, bytes of another file
 * spliced in, encryption, a DM hole, damage, a file cut inside an event)
 * stops the walk and e says what (the matches before it were reported).
 * When the file ends inside a transaction with GTID w, *open_start (if
 * not NULL) is set to its start, else to UINT64_MAX.
 */
uint64_t gp_find_in_log(gp_log *log, gp_flavor want, const gp_find_target *w, gp_find_fn fn,
                        void *ctx, uint64_t *open_start, gp_error *e);

#endif
