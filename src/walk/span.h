/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * span.h - questions across a list of log files (find, cover, diff): the
 * files' headers, and which files can hold what.
 *
 * A file's starting set (Previous_gtids / Gtid_list, read from its header
 * only) and its successor's bound what it can hold:
 *
 * - MySQL: a server logs a GTID once, after it is in gtid_executed's
 *   predecessor set, and writes gtid_executed as the next file's
 *   Previous_gtids (binlog.cc MYSQL_BIN_LOG::open_binlog), so the GTIDs of
 *   file i lie in P(i+1) \ P(i) whenever P(i) is a subset of P(i+1) (the
 *   files chain).  The last file, or one whose successor does not chain,
 *   can hold anything outside P(i).
 * - MariaDB: Gtid_list is the binlog state, the last GTID per domain
 *   (rpl_gtid.cc rpl_binlog_state::write_to_iocache).  Where sequence
 *   numbers grow within a domain (gtid_strict_mode), file i holds the
 *   domain's seq_nos in (L(i), L(i+1)].  The headers show where they do
 *   not: a domain whose last seq_no shrinks, or that vanishes, from one
 *   file to the next is "unordered" and every file is read for it.  (The
 *   headers cannot show a seq_no that went back and forth inside one
 *   file; read_all is the switch for servers run without strict mode.)
 *
 * A file whose header has no starting set (a server without GTIDs, a
 * MariaDB relay log) is always read.
 */
#ifndef GP_WALK_SPAN_H
#define GP_WALK_SPAN_H

#include <stddef.h>
#include <stdint.h>

#include "binlog/txn.h"
#include "binlog/walker.h"
#include "common/error.h"
#include "gtid/answer.h"

/* The header of one file. */
typedef struct gp_head {
    gtidpos_flavor flavor;         /* from its format description */
    int have_state;           /* the starting set was read */
    gp_mysql_set *mysql;      /* the starting set (MySQL) */
    gp_mariadb_state *mariadb;/* the starting state (MariaDB) */
    int deferred;             /* "-": read once, so its header is taken
                                 from its one walk (until then: no state) */
} gp_head;

typedef struct gp_span {
    const char *const *paths;
    size_t n;
    gtidpos_flavor flavor;
    gp_head *heads;
    int read_all;             /* never skip a file */
    const gp_log_tuning *tune; /* of every log opened (NULL: defaults) */
    /* MariaDB: domains whose last seq_no shrinks or vanishes between two
     * headers (sorted) */
    uint32_t *unordered;
    size_t n_unordered;
    /* what was read */
    size_t files_walked;
    uint64_t header_bytes, walked_bytes;
} gp_span;

/* Read the header of each of paths[0..n) (n >= 1; the paths must outlive
 * the span).  The files must all be of one flavour: want, or when want is
 * GTIDPOS_FLAVOR_UNKNOWN the first file's. */
gtidpos_status gp_span_open(gp_span *s, const char *const *paths, size_t n, gtidpos_flavor want,
                    int read_all, const gp_log_tuning *tune, gp_error *e);
void gp_span_close(gp_span *s);

/* 1 when the walk cannot rule out that file i holds a GTID of set (MySQL). */
int gp_span_may_hold_mysql(const gp_span *s, size_t i, const gp_mysql_set *set);
/* 1 when the walk cannot rule out that file i holds g (MariaDB). */
int gp_span_may_hold_mariadb(const gp_span *s, size_t i, const gp_mariadb_gtid *g);
/* 1 when file i may hold a transaction whose GTID is not in the MySQL set
 * mysql / not contained in the MariaDB state mariadb (at or below its
 * domain's seq_no): the one used is the span's flavour's. */
int gp_span_may_exceed(const gp_span *s, size_t i, const gp_mysql_set *mysql,
                       const gp_mariadb_state *mariadb);
/* MariaDB: mark the domains whose last seq_no shrinks or vanishes between
 * two consecutive headers (gp_span_open does, once the heads are read). */
gtidpos_status gp_span_check_order(gp_span *s, gp_error *e);
/* Is domain d unordered (see above)? */
int gp_span_unordered(const gp_span *s, uint32_t domain);

/* Each transaction of a walked file with a GTID: its byte range and the
 * header timestamp of its last event (the commit). */
typedef gtidpos_status (*gp_span_txn_fn)(void *ctx, size_t file, const gp_txn *t, uint64_t start,
                                 uint64_t end, uint32_t commit_time, gp_error *e);

/* Walk file i whole (`at`'s walk and rules), calling fn for each
 * transaction with a GTID.  end (may be NULL) gets the answer at the end
 * of the file (its set includes the starting set); the caller frees it. */
gtidpos_status gp_span_walk(gp_span *s, size_t i, gp_span_txn_fn fn, void *ctx, gp_at_result *end,
                    gp_error *e);

/* A MariaDB GTID list "d-s-n,d-s-n" (duplicate domains allowed) into a
 * malloc'd array; 0, or -1 when malformed or out of memory. */
int gp_mariadb_list_parse(const char *text, gp_mariadb_gtid **out, size_t *n);

#endif
