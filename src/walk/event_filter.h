/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * event_filter.h - which events `gtidpos events` prints: mariadb-binlog's
 * and mysqlbinlog's selection options, as hooks on the walk engine.
 *
 * The rules are the client tools' own (man gtidpos(1), EVENTS), event by
 * event in this order, as mariadb-binlog 10.11 applies them
 * (client/mysqlbinlog.cc process_event, sql/rpl_gtid.cc Gtid_event_filter):
 *
 * 1. a byte --start-position skips what precedes it in the FIRST file (a
 *    byte --stop-position, rule 5, applies to the LAST); a
 *    Format_description is printed whatever the start (the client reads
 *    it to decode the rest);
 * 2. MariaDB GTID event groups: each GTID event decides, for it and every
 *    event up to the next GTID event (a Rotate too), from the per-domain
 *    windows of GTID --start-position (its GTID opens the window, its own
 *    group left out) / --stop-position (inclusive) and --do-domain-ids /
 *    --ignore-domain-ids (and then the server ids, by the GTID's); a
 *    file's first event starts included again.  With stop GTIDs, domains
 *    without one are left out, and the walk ends at the first GTID event
 *    after every stop GTID was reached.  An event left out here takes no
 *    part in the rules below;
 * 3. --start-datetime: nothing but Format_description events is printed
 *    until the first event whose timestamp is at or past it, and every
 *    event after that one is (timestamps may go back);
 * 4. --do-server-ids / --ignore-server-ids: every event by its header's
 *    server id, except Format_description and Rotate;
 * 5. --stop-datetime: the first event at or past it ends the walk (of all
 *    files), as a byte --stop-position does in the last file;
 * 6. MySQL --include-gtids / --exclude-gtids: whole transactions, from the
 *    GTID event to its XID or COMMIT/ROLLBACK query; Format_description,
 *    Rotate, Stop, Incident and Ignorable events are always printed.
 *
 * GTID start/stop lists are also checked against the files as
 * mariadb-binlog's --gtid-strict-mode state validator does: the first
 * Gtid_list must not be past a start GTID, nor hold a domain the start
 * list lacks, nor, for a domain with a stop GTID and no start, be at or
 * past it; at the end every start GTID must have been reached (strict
 * mode; else a warning).  Sequence numbers that go back are listed, in
 * either mode, as mariadb-binlog 10.11 lists them.
 */
#ifndef GP_WALK_EVENT_FILTER_H
#define GP_WALK_EVENT_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "binlog/walker.h"
#include "common/error.h"

typedef struct gp_event_filter gp_event_filter;

gp_event_filter *gp_event_filter_new(void);
void gp_event_filter_free(gp_event_filter *f); /* NULL is a no-op */

/*
 * Set one option by mariadb-binlog's name ("start-position",
 * "stop-position", "start-datetime", "stop-datetime", "include-gtids",
 * "exclude-gtids", "do-domain-ids", "ignore-domain-ids", "do-server-ids",
 * "ignore-server-ids", "gtid-strict-mode" with "0"/"1").  GTIDPOS_ERR_PARSE with
 * a one-line message naming the option when value is malformed or the
 * options contradict each other; GTIDPOS_ERR_NOMEM.
 */
gtidpos_status gp_event_filter_set(gp_event_filter *f, const char *name, const char *value,
                           gp_error *e);

/* Called for each event the filter keeps; non-GTIDPOS_OK ends the walk. */
typedef gtidpos_status (*gp_event_keep_fn)(void *ctx, gp_log *log, const gp_event *ev, gp_error *e);
/* A warning line (no newline). */
typedef void (*gp_event_warn_fn)(void *ctx, const char *msg);

/* The state of one listing over several files. */
typedef struct gp_event_listing gp_event_listing;

gp_event_listing *gp_event_listing_new(gp_event_filter *f, gp_event_keep_fn keep,
                                       gp_event_warn_fn warn, void *ctx);
void gp_event_listing_free(gp_event_listing *l);

/*
 * Walk one file (opened, not read from) of the listing: file i of n (the
 * byte positions apply to the first and last).  GTIDPOS_OK; *done set when the
 * listing ended (a stop reached): the later files are not to be walked.
 */
gtidpos_status gp_event_listing_file(gp_event_listing *l, gp_log *log, size_t i, size_t n, int *done,
                             gp_error *e);

/* After the last file walked: the end-of-input checks (start GTIDs never
 * reached: an error; stop GTIDs never reached: warnings). */
gtidpos_status gp_event_listing_finish(gp_event_listing *l, const char *last_file, gp_error *e);

#endif
