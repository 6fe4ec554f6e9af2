/*
 * walker.h - walk the events of one binlog or relay-log file, front to
 * back, framing each one and verifying its checksum.
 *
 *     gp_log log;
 *     gp_event ev;
 *     if (gp_log_open(&log, path, GP_VERIFY_ALL, &err) != GP_OK) ...
 *     while (gp_log_next(&log, &ev)) { ... }
 *     if (log.status != GP_OK) ... log.err says what and where
 *     gp_log_close(&log);
 *
 * Format_description events are applied as they are met (a relay log holds
 * the replica's and then the source's), so every event is framed with the
 * format in force at its offset.
 */
#ifndef GP_BINLOG_WALKER_H
#define GP_BINLOG_WALKER_H

#include <stdint.h>

#include "common/error.h"
#include "event.h"
#include "fde.h"
#include "mapfile.h"

typedef enum gp_verify {
    GP_VERIFY_NONE = 0, /* no checksum is checked */
    GP_VERIFY_GTID = 1, /* only the events the caller decodes */
    GP_VERIFY_ALL = 2   /* every event (the default) */
} gp_verify;

typedef struct gp_log {
    const char *name;     /* for messages; not owned */
    gp_map map;
    const uint8_t *data;
    uint64_t size;
    gp_verify verify;
    gp_fde fde;           /* format in force */
    gp_fde first_fde;     /* the file's own (first) format description */
    int have_fde;
    int in_use;           /* LOG_EVENT_BINLOG_IN_USE_F on the first FDE */
    uint64_t next;        /* offset of the next event */
    uint64_t n_events;
    gp_err status;        /* GP_OK at a clean end */
    gp_error err;
} gp_log;

gp_err gp_log_open(gp_log *l, const char *path, gp_verify verify, gp_error *e);
/* Walk bytes the caller owns (they must outlive the log). */
gp_err gp_log_open_buffer(gp_log *l, const char *name, const uint8_t *data,
                          uint64_t size, gp_verify verify, gp_error *e);
void gp_log_close(gp_log *l);

/* 1 and the next event in ev; 0 at the end or on error (see l->status). */
int gp_log_next(gp_log *l, gp_event *ev);

/* Check one event's checksum when the format has one (for GP_VERIFY_GTID
 * callers); sets l->status and l->err on mismatch. */
gp_err gp_log_check_event(gp_log *l, const gp_event *ev);

#endif
