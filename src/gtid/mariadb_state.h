/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mariadb_state.h - MariaDB GTID state: one GTID (domain-server-seq) per
 * replication domain, as @@gtid_binlog_pos and BINLOG_GTID_POS() print it.
 *
 * Text form: "0-101-102,2-101-2": entries sorted by domain id, joined by
 * ','.  The empty state formats as "".
 *
 * This module depends on nothing else in the project.
 */
#ifndef GP_GTID_MARIADB_STATE_H
#define GP_GTID_MARIADB_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "gtid_common.h"

typedef struct gp_mariadb_gtid {
    uint32_t domain;
    uint32_t server_id;
    uint64_t seq;
} gp_mariadb_gtid;

typedef struct gp_mariadb_state gp_mariadb_state; /* opaque */

gp_mariadb_state *gp_mariadb_state_new(void);
void gp_mariadb_state_free(gp_mariadb_state *s); /* NULL is a no-op */
void gp_mariadb_state_clear(gp_mariadb_state *s);
/* On GP_GTID_ENOMEM dst is left as it was. */
int gp_mariadb_state_copy(gp_mariadb_state *dst, const gp_mariadb_state *src);
int gp_mariadb_state_is_empty(const gp_mariadb_state *s);
size_t gp_mariadb_state_count(const gp_mariadb_state *s);
/* i-th entry in domain order; NULL when i >= count. */
const gp_mariadb_gtid *gp_mariadb_state_at(const gp_mariadb_state *s, size_t i);
/* Entry of one domain, NULL when the domain is absent. */
const gp_mariadb_gtid *gp_mariadb_state_get(const gp_mariadb_state *s,
                                            uint32_t domain);

/*
 * Record that g was executed: g replaces its domain's entry, whatever the
 * previous server id or sequence number (what the server does when it reads
 * GTID events: MariaDB's rpl_binlog_state / slave_connection_state update).
 */
int gp_mariadb_state_update(gp_mariadb_state *s, const gp_mariadb_gtid *g);
/* Per domain, keep the entry with the higher seq (dst's on ties).  On
 * GP_GTID_ENOMEM dst holds part of the merge (still a valid state). */
int gp_mariadb_state_merge(gp_mariadb_state *dst, const gp_mariadb_state *src);
int gp_mariadb_state_equal(const gp_mariadb_state *a,
                           const gp_mariadb_state *b);
/* 1 when the domain of g is present with seq >= g->seq. */
int gp_mariadb_state_contains(const gp_mariadb_state *s,
                              const gp_mariadb_gtid *g);

/*
 * Parse "d-s-n,d-s-n" (s is cleared first, and left empty on error).
 * Spaces, tabs, CR and LF are accepted around entries, ',' and '-'; an
 * empty or all-blank text is the empty state.  Numbers are unsigned
 * decimal: domain and server id up to UINT32_MAX, seq up to UINT64_MAX.
 * A domain given twice is an error (as MariaDB rejects it), and so are
 * empty elements and a trailing ','.  Returns GP_GTID_OK; GP_GTID_ERANGE
 * for a negative or too large number; GP_GTID_EPARSE for anything else
 * malformed; GP_GTID_ENOMEM.  On error err (when not NULL) gets one line,
 * "offset N: reason", N counted in bytes from text.
 */
int gp_mariadb_state_parse(gp_mariadb_state *s, const char *text, size_t len,
                           char *err, size_t errlen);
/* Parse one "d-s-n" (blanks allowed around it and its '-'); returns
 * GP_GTID_OK, GP_GTID_EPARSE or GP_GTID_ERANGE. */
int gp_mariadb_gtid_parse(gp_mariadb_gtid *g, const char *text, size_t len);

size_t gp_mariadb_state_format(const gp_mariadb_state *s, char *buf,
                               size_t cap);
char *gp_mariadb_state_to_string(const gp_mariadb_state *s);

#endif
