/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * diff.h - lost and errant transactions between two servers' logs (gtidpos
 * diff A B): the transactions in A's logs that B did not execute, and the
 * reverse.
 *
 * "Executed in B":
 * - MySQL: in the set at the end of B's logs, B's Previous_gtids included
 *   (gtid_executed as B would have it, read offline).
 * - MariaDB: present in B's logs, or at or below the seq_no that B's
 *   state at the end of its logs holds for the transaction's domain (the
 *   rule a replica's gtid_slave_pos follows: it asks for what comes after).
 *
 * Each side's files are read as span.h allows: the last file (its end set
 * is needed) and the files whose headers allow a transaction the other
 * side did not execute.  A MariaDB side whose headers show a domain out of
 * order is read whole, and its GTIDs are kept for the "present" test.
 */
#ifndef GP_WALK_DIFF_H
#define GP_WALK_DIFF_H

#include "walk/find.h"
#include "walk/span.h"

/* side 0: a transaction of A not executed in B; 1: of B not in A. */
typedef gtidpos_status (*gp_diff_fn)(void *ctx, int side, size_t file, const gp_txn *t,
                             uint64_t start, uint64_t end, uint32_t commit_time,
                             gp_error *e);

typedef struct gp_diff_result {
    char *end[2];   /* each side's set at the end of its logs */
    char *only[2];  /* MySQL: end[0] \ end[1] and the reverse; MariaDB: the
                       GTIDs of the transactions reported, as a list */
    uint64_t count[2];
    /* MariaDB: one line per domain where the sides split (each wrote its
     * own transactions at the same seq_nos), which the seq_no rule hides:
     * a side's last GTID of the domain is missing from the other side's
     * logs though the other side is at or past its seq_no */
    char *split[8];
    int n_split;
} gp_diff_result;

gtidpos_status gp_diff(gp_span *a, gp_span *b, gp_diff_fn fn, void *ctx, gp_diff_result *out,
               gp_error *e);
void gp_diff_result_free(gp_diff_result *r);

#endif
