/* SPDX-License-Identifier: BSD-2-Clause */
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
    gtidpos_flavor flavor;
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
 * flavour want (GTIDPOS_FLAVOR_UNKNOWN: the format description's), with its
 * rules: a file `at` refuses (no starting set where the server writes
 * one, a GTID in a file that cannot hold GTIDs, bytes of another file
 * spliced in, encryption, a DM hole, damage, a file cut inside an event)
 * stops the walk and e says what (the matches before it were reported).
 * When the file ends inside a transaction with GTID w, *open_start (if
 * not NULL) is set to its start, else to UINT64_MAX.
 */
uint64_t gp_find_in_log(gp_log *log, gtidpos_flavor want, const gp_find_target *w, gp_find_fn fn,
                        void *ctx, uint64_t *open_start, gp_error *e);

/* ---- find SET across files (issue 14) ---------------------------------- */

#include "walk/span.h"

/* The GTIDs asked about: a MySQL set (uuid:1-5:7, tagged), or a MariaDB
 * list of single GTIDs "d-s-n,..." (sorted, duplicates dropped). */
typedef struct gp_target_set {
    gtidpos_flavor flavor;
    gp_mysql_set *mysql;
    gp_mariadb_gtid *mariadb;
    size_t n;
} gp_target_set;

/* The flavour is told by a ':' (MySQL).  0, or -1 with err filled. */
int gp_target_set_parse(gp_target_set *t, const char *text, char *err, size_t errlen);
void gp_target_set_free(gp_target_set *t);
/* Is t's GTID (of a transaction) in the set? */
int gp_target_set_has(const gp_target_set *set, const gp_txn *t);

/* A MariaDB GTID list as text, "d-s-n,..."; malloc'd, NULL on ENOMEM. */
char *gp_mariadb_list_text(const gp_mariadb_gtid *g, size_t n);

/* A transaction of an answer across files. */
typedef gtidpos_status (*gp_found_fn)(void *ctx, size_t file, const gp_txn *t, uint64_t start,
                              uint64_t end, uint32_t commit_time, gp_error *e);

/* What find found of the set besides the transactions: the members in no
 * file, split by the first file's starting set (malloc'd texts). */
typedef struct gp_find_set_result {
    uint64_t found;
    char *older;   /* in the first file's starting set */
    char *absent;  /* in no file and not older */
} gp_find_set_result;

/*
 * Every transaction of span s with a GTID of set, file by file, reading
 * only the files whose headers allow it (span.h).  s is of set's flavour.
 */
gtidpos_status gp_find_set(gp_span *s, const gp_target_set *set, gp_found_fn fn, void *ctx,
                   gp_find_set_result *out, gp_error *e);
void gp_find_set_result_free(gp_find_set_result *r);
#endif
