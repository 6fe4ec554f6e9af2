/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * answer.h - what a walk answers about a position: the GTID set executed
 * there (MySQL set or MariaDB state), the last complete transaction and
 * the one open there, the anonymous transactions before it, warnings.
 *
 * Walks (src/walk/) fill it; emitters (src/emit/) and the library print
 * it.  It knows GTID sets, not files or events.
 */
#ifndef GP_GTID_ANSWER_H
#define GP_GTID_ANSWER_H

#include <stdint.h>

#include "gtid_common.h"
#include "mariadb_state.h"
#include "mysql_set.h"

#define GP_POS_END UINT64_MAX /* "at the end of the file" */
#define GP_MAX_WARNINGS 16

typedef struct gp_at_result {
    gtidpos_flavor flavor;
    char server_version[51];
    uint64_t pos;                  /* the position answered */
    gp_mysql_set *mysql;           /* the set, MySQL flavour */
    gp_mariadb_state *mariadb;     /* the state, MariaDB flavour */
    int has_last;                  /* a transaction completed before pos */
    char last_gtid[GTIDPOS_GTID_TEXT];
    uint64_t last_start, last_end;
    int inside;                    /* pos falls inside a transaction */
    char open_gtid[GTIDPOS_GTID_TEXT];
    uint64_t open_start;
    uint64_t anonymous;            /* anonymous transactions before pos */
    int walks;                     /* walks the answer combines: 1, or 2 or 3
                                      when two threads shared the file
                                      (walk/position_split.h) */
    int n_warnings;
    int warnings_dropped;
    char warnings[GP_MAX_WARNINGS][320];
} gp_at_result;

void gp_at_result_init(gp_at_result *r);
void gp_at_result_free(gp_at_result *r);

/* Allocate r's (empty) sets when it has none: GP_GTID_OK or
 * GP_GTID_ENOMEM. */
int gp_at_result_alloc_sets(gp_at_result *r);
/* Empty r's sets and forget its transactions (a walk that starts over). */
void gp_at_result_clear(gp_at_result *r);

/* Add a warning to r (dropped, and counted, past GP_MAX_WARNINGS). */
void gp_at_result_warn(gp_at_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Add the sets and the anonymous count of later, an answer for the bytes
 * right after r's, to r.  GP_GTID_OK or GP_GTID_ENOMEM. */
int gp_at_result_union(gp_at_result *r, const gp_at_result *later);

/* Format r's set (flavour-aware) into a malloc'd string; NULL on ENOMEM. */
char *gp_at_result_set_text(const gp_at_result *r);

#endif
