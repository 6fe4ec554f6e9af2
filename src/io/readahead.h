/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * readahead.h - read a file in order on a second thread.
 *
 * Copying a page-cached file into user memory (what read() does) costs
 * about as much as walking and checksumming its events, and inflating an
 * archive costs more; on a second core the two overlap.  The reader thread fills a few fixed chunks in file
 * order; the consumer takes them in the same order and hands each back when
 * done.  Each chunk has GP_RA_HEADROOM writable bytes before its data, so
 * the consumer can carry the unfinished tail of the previous chunk in front
 * of it and see an event that straddles two chunks in one piece.
 */
#ifndef GP_BINLOG_READAHEAD_H
#define GP_BINLOG_READAHEAD_H

#include <stddef.h>
#include <stdint.h>

#include "io/source.h"

#define GP_RA_CHUNKS 3
#define GP_RA_NO_SLOT ((unsigned)-1)

typedef struct gp_readahead gp_readahead; /* opaque */

typedef struct gp_chunk {
    uint8_t *data;   /* chunk bytes; headroom bytes before data are writable */
    size_t len;      /* 0 at the end of the file, and with an error */
    int error;       /* 1: the source failed (gp_source_error says why) */
    unsigned slot;   /* for gp_ra_release */
} gp_chunk;

/*
 * Start reading src (owned by the caller, who must not read it until
 * gp_ra_stop), at most limit bytes (UINT64_MAX: to the end), in chunks of
 * chunk bytes with headroom bytes before each.  NULL when memory or the
 * thread cannot be had.
 */
gp_readahead *gp_ra_start(gp_source *src, uint64_t limit, size_t chunk, size_t headroom);

/* threaded 0: no reader thread; gp_ra_next reads each chunk when asked,
 * in the caller's thread.  For callers that already run one walk per
 * core (scan -j N over several files), where a second thread per walk
 * only adds switching. */
gp_readahead *gp_ra_start_mode(gp_source *src, uint64_t limit, size_t chunk,
                               size_t headroom, int threaded);

/* The next chunk in file order (blocks until it is read).  The bytes read
 * before a failure come first, then a chunk with the error and no bytes.
 * After a chunk of length 0 or with an error, there are no more (asking
 * again gives length 0 and no error). */
void gp_ra_next(gp_readahead *ra, gp_chunk *c);

/*
 * Without a thread (gp_ra_start_mode, threaded 0) every chunk is read into
 * one buffer, the previous chunk's bytes overwritten: where the next
 * chunk's data will be (its headroom is before it).  A consumer moves what
 * it keeps of the last chunk out of it (into the headroom, in front of the
 * next chunk) before gp_ra_next.  NULL with a reader thread.
 */
uint8_t *gp_ra_inline_data(const gp_readahead *ra);

/* Give a chunk back; chunks are given back in the order they were taken. */
void gp_ra_release(gp_readahead *ra, const gp_chunk *c);

/* Stop the thread and free everything; NULL is a no-op. */
void gp_ra_stop(gp_readahead *ra);

#endif
