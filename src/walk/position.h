/*
 * position.h - the GTID set executed at a byte position of one binlog.
 *
 * MySQL: the file's Previous_gtids set plus the GTID of every transaction
 * whose last event ends at or before the position.  MariaDB: the file's
 * Gtid_list state, updated by the GTID of every such transaction.
 */
#ifndef GP_BINLOG_POSITION_H
#define GP_BINLOG_POSITION_H

#include <stdint.h>

#include "common/error.h"
#include "binlog/fde.h"
#include "gtid/mariadb_state.h"
#include "gtid/mysql_set.h"
#include "binlog/txn.h"
#include "binlog/walker.h"

#define GP_POS_END UINT64_MAX /* "at the end of the file" */
#define GP_MAX_WARNINGS 16
#define GP_GTID_TEXT 96

typedef struct gp_at_result {
    gp_flavor flavor;
    char server_version[51];
    uint64_t pos;                  /* the position answered */
    gp_mysql_set *mysql;           /* the set, MySQL flavour */
    gp_mariadb_state *mariadb;     /* the state, MariaDB flavour */
    int has_last;                  /* a transaction completed before pos */
    char last_gtid[GP_GTID_TEXT];
    uint64_t last_start, last_end;
    int inside;                    /* pos falls inside a transaction */
    char open_gtid[GP_GTID_TEXT];
    uint64_t open_start;
    uint64_t anonymous;            /* anonymous transactions before pos */
    int walks;                     /* walks the answer combines: 1, or 2 or 3
                                      when two threads shared the file
                                      (position_split.h) */
    int n_warnings;
    int warnings_dropped;
    char warnings[GP_MAX_WARNINGS][320];
} gp_at_result;

/*
 * Optional calls out of the walk, for passes that want more than the set
 * at one position (gtidpos scan).  Each may be NULL; a non-GP_OK return
 * (with e set) stops the walk with that error.
 */
typedef struct gp_at_hooks {
    void *ctx;
    /* Every event walked, before it is applied: unless on_skipped is set,
     * then only the events the walk looks inside. */
    gp_err (*on_event)(void *ctx, const gp_event *ev, gp_error *e);
    /* n events passed over in bulk (rows and the like: gp_at_fill_inert),
     * with their timestamps in t; the last one in last (offset, size and
     * type only).  Setting it lets the walk pass over them. */
    gp_err (*on_skipped)(void *ctx, size_t n, const gp_skip_tally *t, const gp_event *last,
                         gp_error *e);
    /* Once, when the starting set (Previous_gtids / Gtid_list) is known:
     * r holds it. */
    gp_err (*on_start)(void *ctx, const gp_at_result *r, gp_error *e);
    /* A transaction t ended with event ev; r's set now includes it,
     * r->pos and r->last_start / r->last_end are its end and byte range.
     * r->last_gtid is formatted only when the walk ends (it costs a
     * format per transaction): the hook may fill it in. */
    gp_err (*on_commit)(void *ctx, gp_at_result *r, const gp_txn *t,
                        const gp_event *ev, gp_error *e);
} gp_at_hooks;

typedef struct gp_at_options {
    gp_flavor flavor;   /* GP_FLAVOR_UNKNOWN: from the FDE */
} gp_at_options;

void gp_at_result_init(gp_at_result *r);
void gp_at_result_free(gp_at_result *r);

/*
 * Compute the set at pos (GP_POS_END: the end of the file, or of its last
 * complete event when an in-use file ends in a partial event).  log must be
 * freshly opened.  On success r holds the answer and its warnings.
 */
gp_err gp_at(gp_log *log, uint64_t pos, const gp_at_options *opt,
             gp_at_result *r, gp_error *e);
/* The same walk, calling hooks (NULL: none) on the way. */
gp_err gp_at_hooked(gp_log *log, uint64_t pos, const gp_at_options *opt,
                    const gp_at_hooks *hooks, gp_at_result *r, gp_error *e);

/* Position errors shared by the commands that take positions: pos below 4
 * or past the known size (GP_OK otherwise, and for GP_POS_END); pos
 * strictly inside the event prev. */
gp_err gp_position_check_range(const gp_log *log, uint64_t pos, gp_error *e);
gp_err gp_position_not_a_boundary(const gp_log *log, uint64_t pos,
                                  const gp_event *prev, gp_error *e);

/* After a walk of a log of unknown size (an archive, a pipe) that ended
 * with rc before reaching pos: a pos past the end of the log (its size is
 * learnt, reading the rest) is refused as gp_position_check_range refuses
 * it before the walk of a plain file; anything else returns rc. */
gp_err gp_position_past_end(gp_log *log, uint64_t pos, gp_err rc, gp_error *e);

/* Add a warning to r (dropped, and counted, past GP_MAX_WARNINGS). */
void gp_at_result_warn(gp_at_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Add the GTID of the ended transaction t to r's set (an anonymous one is
 * counted): GP_GTID_OK, GP_GTID_ENOMEM, or another GP_GTID_ code when the
 * GTID is out of range. */
int gp_at_result_add_gtid(gp_at_result *r, const gp_txn *t);
/* t, spanning [start, end), ended: it is r's last transaction (kept in
 * *last, whatever its GTID kind). */
void gp_at_result_set_last(gp_at_result *r, gp_txn *last, const gp_txn *t, uint64_t start,
                           uint64_t end);
/* Add what a walk of the bytes right after r's found (later, with its last
 * transaction in *later_last) to r (its last transaction in *last): the
 * sets, the anonymous count, the last transaction.  GP_GTID_OK or
 * GP_GTID_ENOMEM. */
int gp_at_result_absorb(gp_at_result *r, gp_txn *last, const gp_at_result *later,
                        const gp_txn *later_last);
/* Make t, spanning [start, end), r's last transaction when it has a GTID. */
void gp_at_result_set_last_gtid(gp_at_result *r, const gp_txn *t, uint64_t start,
                                uint64_t end);

/* inert[type] = 1 for the event types a walk for the set passes over
 * without looking inside (rows, table maps, ...): known types that no
 * transaction boundary, starting set or format change depends on. */
void gp_at_fill_inert(uint8_t inert[256]);

/* Format r's set (flavour-aware) into a malloc'd string; NULL on ENOMEM. */
char *gp_at_result_set_text(const gp_at_result *r);

#endif
