/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verify.h - check one binlog or relay log, event by event, and the join
 * between two consecutive files of one server.
 *
 * Per file: every event's CRC32 (a mismatch is reported and the walk goes
 * on, since the framing does not depend on the checksum), the bodies of the
 * events gtidpos decodes, and that each header's end_log_pos is the end of
 * the event.  A framing error (a length that cannot be right) or a file
 * that ends inside an event ends the file's walk: no later offset could be
 * trusted.
 *
 * end_log_pos (the header's log_pos field, 32 bits, so compared modulo
 * 2^32):
 *  - in a server's own binlog it is offset + size of the event, or 0 in an
 *    artificial event (LOG_EVENT_ARTIFICIAL_F);
 *  - in a relay log, the events copied from the source keep the SOURCE's
 *    positions: only the replica's own events (the first format
 *    description and what follows it before the first source event, and
 *    events flagged LOG_EVENT_RELAY_LOG_F) are held to offset + size; for
 *    the source's events, a position that does not follow the previous
 *    source event (a reconnection, events the replica filtered) is a note,
 *    not a problem; MySQL 5.0's made-up source Rotate (no artificial flag)
 *    and the cache-relative positions of a pre-5.6 MySQL source's
 *    transactions are accepted (verify.c);
 *  - binlog v1 and v3 (MySQL 3.23 - 4.1) stored other things there (the
 *    start of the event, of its transaction): not checked.
 */
#ifndef GP_BINLOG_VERIFY_H
#define GP_BINLOG_VERIFY_H

#include <stdint.h>

#include "common/error.h"
#include "binlog/fde.h"
#include "binlog/walker.h"

/* One problem (note == 0) or note (note == 1) at a byte offset of a file
 * (-1: the file as a whole). */
typedef void (*gp_verify_report)(void *ctx, const char *file, int64_t offset, int note,
                                 const char *msg);

typedef struct gp_verify_summary {
    uint64_t events;        /* events read */
    uint64_t bytes;         /* bytes up to the end of the last sound event */
    uint64_t size;          /* file size (GP_SIZE_UNKNOWN for a stream) */
    unsigned problems;      /* problems reported for this file */
    unsigned notes;
    gtidpos_flavor flavor;
    int in_use;             /* in-use flag on the first format description */
    int relay;              /* recognised as a relay log */
    int positions_checked;  /* 0 for binlog v1/v3 */
    int complete;           /* walked to the end without a framing error */
    gtidpos_status stop;            /* why the walk ended early (GTIDPOS_OK: it did not) */
    int archive_damaged;    /* read from a gzip/zstd archive that is damaged
                               or cut short (the walk ended there) */
} gp_verify_summary;

/*
 * Walk path (t: its tuning, NULL: the defaults; so for the chain
 * functions) and report each problem through cb.  Returns GTIDPOS_OK when the
 * file could be opened as a binlog (its problems, even a framing error,
 * are in s and were reported), else the open error in e (nothing else was
 * reported).
 */
gtidpos_status gp_verify_file(const char *path, const gp_log_tuning *t, gp_verify_summary *s,
                              gp_verify_report cb, void *ctx, gp_error *e);

/* The same on a log the caller opened (freshly) and will close; every
 * problem, even a framing error, is reported through cb. */
void gp_verify_log(gp_log *log, gp_verify_summary *s, gp_verify_report cb, void *ctx);

/*
 * The starting set of next (Previous_gtids / Gtid_list) must equal the set
 * at the end of prev: report the GTIDs missing from or extra in next's
 * starting set as one problem (at next's offset 4).  Returns 1 when the two
 * were compared (equal or not), 0 when either set could not be read (the
 * files' own problems say why).
 */
int gp_verify_chain(const char *prev, const char *next, const gp_log_tuning *t,
                    gp_verify_report cb, void *ctx);

/*
 * The chain check split in two, for `verify --json` and `verify --merge`
 * (files checked on different machines, issue 16).  gp_verify_chain_end:
 * the set at the start (at_end 0) or the end of path as one malloc'd text
 * that gp_verify_chain_texts reads back; NULL when the set cannot be read
 * (where gp_verify_chain would not compare).  gp_verify_chain_texts: what
 * gp_verify_chain(prev, next) reports, from prev's end text and next's
 * start text (NULL: not compared, 0 returned).
 */
char *gp_verify_chain_end(const char *path, int at_end, const gp_log_tuning *t);
int gp_verify_chain_texts(const char *prev, const char *prev_end, const char *next,
                          const char *next_start, gp_verify_report cb, void *ctx);

/* The difference a - b of two canonical MySQL GTID set texts, canonical,
 * malloc'd ("" when a is a subset of b); NULL on allocation failure. */
char *gp_verify_mysql_set_minus(const char *a, const char *b);

#endif
