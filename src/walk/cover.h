/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cover.h - where a replay that starts from a GTID set must begin (gtidpos
 * cover): the first transaction of a list of log files that the set does
 * not hold, found by reading the files' headers (span.h) and then only
 * the file that can hold it.  What wal-g's PITR skip and Percona binlog
 * server's search_by_gtid_set compute.
 */
#ifndef GP_WALK_COVER_H
#define GP_WALK_COVER_H

#include "walk/span.h"

typedef struct gp_cover_result {
    size_t first_file;     /* the first file to read; s->n when none */
    uint64_t first_byte;   /* the start of its first transaction not in set */
    gp_txn first;          /* that transaction */
    uint32_t commit_time;
    /* GTIDs before the first file (its starting set) that set lacks: a
     * replay of these files cannot bring them; "" when none (malloc'd) */
    char *missing;
} gp_cover_result;

/* The set is a MySQL set (mysql) or a MariaDB state (mariadb; a
 * transaction is in it when at or below its domain's seq_no, the rule of
 * gtid_slave_pos), of the span's flavour. */
gtidpos_status gp_cover(gp_span *s, const gp_mysql_set *mysql, const gp_mariadb_state *mariadb,
                gp_cover_result *out, gp_error *e);
void gp_cover_result_free(gp_cover_result *r);

/* Is transaction t in the set (as above)? */
int gp_cover_holds(const gp_mysql_set *mysql, const gp_mariadb_state *mariadb, const gp_txn *t);

#endif
