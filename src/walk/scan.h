/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * scan.h - one pass over one binlog or relay log: every transaction
 * boundary, and a summary of the file (gtidpos scan).
 *
 * The pass is gp_at's walk to the end of the file (position.h) with hooks:
 * the transaction boundaries and the sets are exactly the ones `gtidpos
 * at` answers, because they come from the same code.  The answer for a
 * file depends on that file alone, so files can be scanned in parallel.
 *
 *     gp_scan_summary s;
 *     gp_scan_summary_init(&s);
 *     if (gp_log_open(&log, path, GTIDPOS_VERIFY_ALL, &err) == GTIDPOS_OK &&
 *         gp_scan(&log, &opt, &s, &err) == GTIDPOS_OK) ... s holds the summary
 *     gp_scan_summary_free(&s);
 *     gp_log_close(&log);
 */
#ifndef GP_BINLOG_SCAN_H
#define GP_BINLOG_SCAN_H

#include <stdint.h>

#include "walk/position.h"
#include "binlog/walker.h"

/* One transaction boundary: the transaction that ends at end. */
typedef struct gp_scan_boundary {
    uint64_t start;         /* offset of its first event (GTID or BEGIN) */
    uint64_t end;           /* end of its last event: a boundary position */
    uint32_t timestamp;     /* header timestamp of its last event */
    int has_gtid;           /* 0: anonymous or a file without GTIDs */
    const char *gtid;       /* "uuid:n", "d-s-n", "ANONYMOUS" or "" */
    const gp_at_result *at; /* the set at end (includes this transaction);
                               valid during the call only */
} gp_scan_boundary;

typedef gtidpos_status (*gp_scan_boundary_fn)(void *ctx, const gp_scan_boundary *b,
                                      gp_error *e);

typedef struct gp_scan_options {
    gtidpos_flavor flavor;              /* GTIDPOS_FLAVOR_UNKNOWN: from the FDE */
    gp_scan_boundary_fn boundary;  /* NULL: summary only */
    void *ctx;
    /* If set, called with the offset the walk has reached now and then
     * (about every MiB), for progress reports. */
    void (*progress)(void *ctx, uint64_t offset);
    /* If set, called with every event before it is applied (the walk then
     * looks at every event, rows too: slower); a non-GTIDPOS_OK return stops
     * the walk with that error. */
    gtidpos_status (*event)(void *ctx, const gp_event *ev, gp_error *e);
} gp_scan_options;

/* How the file's events are checksummed (format description events,
 * which carry their own algorithm byte, aside). */
typedef enum gp_scan_checksum {
    GP_SCAN_CRC32 = 0,          /* every event has a CRC32, all verified */
    GP_SCAN_CRC32_UNVERIFIED,   /* every event has one, not all verified */
    GP_SCAN_NONE,               /* no event has one (binlog_checksum=NONE) */
    GP_SCAN_MIXED               /* some have (a relay log's two formats) */
} gp_scan_checksum;

typedef struct gp_scan_summary {
    gp_at_result at;         /* the set at the end, flavour, warnings */
    uint64_t end;            /* position of that set: the file's end, or
                                the end of its last complete event */
    uint64_t events;         /* events walked */
    uint64_t transactions;   /* transactions that ended in the file */
    char first_gtid[GTIDPOS_GTID_TEXT]; /* "" when no transaction had a GTID */
    char last_gtid[GTIDPOS_GTID_TEXT];
    char *previous_gtids;    /* starting set (malloc'd text) */
    char *added_gtids;       /* GTIDs of the file's transactions (text) */
    int has_time;            /* an event with a non-zero timestamp */
    uint32_t min_timestamp, max_timestamp;
    gp_scan_checksum checksum;
} gp_scan_summary;

void gp_scan_summary_init(gp_scan_summary *s);
void gp_scan_summary_free(gp_scan_summary *s);

/*
 * Walk log (freshly opened) to its end.  Calls opt->boundary for every
 * transaction that ends, in file order, then fills s.  On an error the
 * boundaries before the damage have been reported (each is a position
 * `gtidpos at` answers) and e says what and where.
 *
 * MariaDB: added_gtids is a GTID state (one GTID per domain: the last one
 * the file wrote in that domain); MySQL: the set of the file's GTIDs.
 * Events with timestamp 0 (artificial events of relay logs) are left out
 * of min_timestamp / max_timestamp.
 */
gtidpos_status gp_scan(gp_log *log, const gp_scan_options *opt, gp_scan_summary *s,
               gp_error *e);

/* "crc32", "crc32-unverified", "none", "mixed". */
const char *gp_scan_checksum_name(gp_scan_checksum c);

#endif
