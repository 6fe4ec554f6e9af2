/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * walker.h - walk the events of one binlog or relay-log file, front to
 * back, framing each one and verifying its checksum.
 *
 *     gp_log log;
 *     gp_event ev;
 *     if (gp_log_open(&log, path, GTIDPOS_VERIFY_ALL, &err) != GTIDPOS_OK) ...
 *     while (gp_log_next(&log, &ev)) { ... }
 *     if (log.status != GTIDPOS_OK) ... log.err says what and where
 *     gp_log_close(&log);
 *
 * Bytes come from one of two kinds of sources behind one decoder: a memory
 * buffer (a caller's, or the file mapped with mmap), or a byte source
 * (source.h: a plain file, a gzip or zstd archive of one, standard input)
 * read in 1 MiB chunks by a second thread (readahead.h), so that reading
 * (and inflating) the file and walking it overlap.  Reading is the default
 * for files: on the virtual machines this was measured on, walking a
 * mapping took three to six times as long as reading the same page-cached
 * file (bench/README.md).  Offsets are always offsets in the binlog itself
 * (the decompressed bytes of an archive).
 *
 * Zero-copy: an event's data points into the buffer or the window and stays
 * valid until the next gp_log_next() call.  Events larger than the window
 * are streamed through the checksum and reach the caller partial (their
 * first GP_EVENT_PREFIX bytes); the events whose bodies gtidpos decodes in
 * full (format description, Previous_gtids, Gtid_list, GTID events) are
 * always whole.
 *
 * Format_description events are applied as they are met (a relay log holds
 * the replica's and then the source's), so every event is framed with the
 * format in force at its offset.
 */
#ifndef GP_BINLOG_WALKER_H
#define GP_BINLOG_WALKER_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "event.h"
#include "fde.h"
#include "io/mapfile.h"
#include "io/readahead.h"
#include "io/source.h"

/* gtidpos_verify and gtidpos_io are the public header's (gtidpos.h).
 * GTIDPOS_IO_DEFAULT: a plain file of at least tune.split_min bytes is
 * read inline and marked splittable (the caller walks its far part on a
 * second thread, from gp_log_open_tail); else as GTIDPOS_IO_READ. */

/* Read window (chunk) for streamed files; a partial event keeps this much. */
#define GP_WINDOW_SIZE (1u << 20)
#define GP_EVENT_PREFIX (96u << 10)
/* Walks that read inline (GTIDPOS_IO_INLINE, and both threads of a split
 * walk) read through smaller windows: each thread copies a chunk and walks
 * it while it is still in that core's cache. */
#define GP_INLINE_WINDOW_SIZE (256u << 10)
#define GP_SPLIT_MIN_DEFAULT (64u << 20)
#define GP_SIZE_UNKNOWN UINT64_MAX

/* What a log's caller tunes (the public gtidpos_options): no global
 * state, no environment. */
typedef struct gp_log_tuning {
    uint64_t split_min;   /* GTIDPOS_IO_DEFAULT splits a plain file of at
                             least this many bytes */
    /* called per chunk read (never per event) with its bytes; may be NULL */
    void (*progress)(void *ctx, uint64_t bytes);
    void *progress_ctx;
} gp_log_tuning;
#define GP_LOG_TUNING_DEFAULT {GP_SPLIT_MIN_DEFAULT, NULL, NULL}

typedef struct gp_log {
    const char *name;     /* for messages; not owned */
    gp_log_tuning tune;   /* split size and progress hook */
    gtidpos_verify verify;
    /* bytes [win_off, win_off + win_len) of the file are at win */
    const uint8_t *win;
    uint64_t win_off;
    size_t win_len;
    uint64_t size;        /* file size, or GP_SIZE_UNKNOWN (an archive or a
                             pipe, until its end is reached) */
    gp_source *src;       /* streamed source, NULL otherwise */
    struct gp_readahead *ra; /* streamed: the reader thread */
    gp_chunk chunk;       /* streamed: the chunk the window is in */
    int have_chunk;
    int eof;              /* streamed: the reader reached the end */
    int src_failed;       /* streamed: the source failed (read, archive) */
    size_t cap;           /* streamed: chunk size (the window) */
    uint8_t *buf;         /* streamed: events larger than the window */
    size_t buf_cap;
    uint8_t *prefix;      /* the first bytes of a partial event */
    uint8_t last[GP_EVENT_LAST]; /* and its last bytes */
    gp_map map;           /* mapped source */
    gp_fde fde;           /* format in force */
    gp_fde first_fde;     /* the file's own (first) format description */
    int have_fde;
    int in_use;           /* LOG_EVENT_BINLOG_IN_USE_F on the first FDE */
    uint64_t next;        /* offset of the next event */
    uint64_t n_events;
    gtidpos_status status;        /* GTIDPOS_OK at a clean end */
    gp_error err;
    /* gp_log_checksum_continue(): a CRC32 mismatch marks the event instead
     * of ending the walk (the framing does not depend on the checksum) */
    int crc_continue;
    int crc_bad;          /* the event just returned failed its CRC32 */
    int splittable;       /* GTIDPOS_IO_DEFAULT chose to split this file */
    uint32_t crc_stored;  /* and the trailer it carried */
} gp_log;

/* path: a binlog, a .gz or .zst of one (told by its magic bytes, not its
 * name), or "-" for standard input. */
gtidpos_status gp_log_open(gp_log *l, const char *path, gtidpos_verify verify, gp_error *e);
/* window: read window size for GTIDPOS_IO_READ (0: GP_WINDOW_SIZE; tests use
 * tiny windows to exercise events larger than the window).  GTIDPOS_IO_MMAP
 * fails with GTIDPOS_ERR_PARSE (a usage error) for "-" and for archives. */
gtidpos_status gp_log_open_io(gp_log *l, const char *path, gtidpos_verify verify, gtidpos_io io,
                      size_t window, gp_error *e);
/* The same, tuned (t NULL: GP_LOG_TUNING_DEFAULT). */
gtidpos_status gp_log_open_tuned(gp_log *l, const char *path, gtidpos_verify verify,
                                 gtidpos_io io, size_t window, const gp_log_tuning *t,
                                 gp_error *e);
/* Walk bytes the caller owns (they must outlive the log). */
gtidpos_status gp_log_open_buffer(gp_log *l, const char *name, const uint8_t *data,
                          uint64_t size, gtidpos_verify verify, gp_error *e);
/* Walk a source (its name for messages); the log owns src from now on,
 * also when this fails. */
gtidpos_status gp_log_open_source(gp_log *l, const char *name, gp_source *src, gtidpos_verify verify,
                          size_t window, gp_error *e);
void gp_log_close(gp_log *l); /* also after a failed open */

/*
 * Walk the bytes from offset on of the file whole walks (opened
 * splittable), in the format whole has in force now, reading with the
 * caller's thread; offset must be an event boundary for the answer to
 * mean anything (the caller proves it: see position_split.c).
 */
gtidpos_status gp_log_open_tail(gp_log *l, const gp_log *whole, uint64_t offset, gp_error *e);


/* Report and continue (verify): from now on an event whose CRC32 does
 * not match is still returned, with l->crc_bad set (and l->crc_stored);
 * l->status stays GTIDPOS_OK. */
void gp_log_checksum_continue(gp_log *l);

/* 1 and the next event in ev; 0 at the end or on error (see l->status). */
int gp_log_next(gp_log *l, gp_event *ev);

/* What gp_log_skip passed over, for callers that count (scan). */
typedef struct gp_skip_tally {
    int has_time;                   /* an event with a non-zero timestamp */
    uint32_t min_timestamp, max_timestamp; /* of those */
} gp_skip_tally;

/*
 * Pass over the events of types marked in skip[] that are whole in the
 * window, start before stop and end at or before end_limit, checking
 * their checksums as gp_log_next would: how many.  last receives the
 * offset, size and type of the last one (nothing else); tally, when not
 * NULL, their timestamps (it is reset first).  It stops at the first
 * event it would not pass over, which gp_log_next then returns (and
 * reports, when it is damaged).  For walks that look inside few events.
 */
size_t gp_log_skip(gp_log *l, const uint8_t skip[256], uint64_t stop, uint64_t end_limit,
                   gp_event *last, gp_skip_tally *tally);

/*
 * 0 when gp_log_skip(l, skip, ...) would surely pass over nothing: the
 * type of the next event is in the window and not one of skip[].  A walk
 * that looks at two events in a row (an Xid, then a GTID event) saves a
 * call with it.
 */
static inline int gp_log_may_skip(const gp_log *l, const uint8_t skip[256])
{
    uint64_t at = l->next - l->win_off + GP_EVH_TYPE;

    return at >= l->win_len || skip[l->win[at]];
}

/* The binlog's size.  When it was not known at open (an archive, a pipe),
 * the rest of the source is read, without framing, to learn it: the walk
 * is over, no event can be read after this.  GP_SIZE_UNKNOWN when the
 * source fails first. */
uint64_t gp_log_learn_size(gp_log *l);

/* Progress (issue 14): a log's tune.progress(ctx, n) is called each time
 * a streamed log takes its next chunk of n bytes (every 256 KiB or 1 MiB
 * of binlog), from the walking thread; mapped files and buffers do not
 * report. */

/* Event types whose bodies gtidpos decodes (checked by --verify gtid). */
int gp_is_decoded_type(uint8_t type);

#endif
