/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * source.h - the bytes of a binlog, from a plain file, a gzip or zstd
 * archive of one, standard input, or memory.
 *
 *     gp_source *src;
 *     if (gp_source_open(&src, path, &err) != GTIDPOS_OK) ...   ("-": stdin)
 *     while ((n = gp_source_read(src, buf, sizeof buf)) > 0) ...
 *     if (n < 0) ... gp_source_error(src) says what and where
 *     gp_source_close(src);
 *
 * The kind is told by the first bytes, never by the name: gzip members
 * start with 1f 8b (RFC 1952 2.3.1), zstd frames with 28 b5 2f fd and
 * skippable frames with 5? 2a 4d 18 (RFC 8878 3.1.1, 3.1.2); anything
 * else is passed through as it is.  The first bytes are kept and replayed,
 * so a pipe works as well as a file.  Archives are inflated through small
 * fixed buffers as they are read: no temporary file, no whole-file buffer.
 * Several gzip members or zstd frames one after the other are one stream,
 * as `gzip -dc` and `zstd -dc` read them.
 *
 * A source is read by one thread at a time (the walker's reader thread).
 */
#ifndef GP_BINLOG_SOURCE_H
#define GP_BINLOG_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "common/error.h"

typedef struct gp_source gp_source; /* opaque */

typedef enum gp_source_kind {
    GP_SOURCE_PLAIN = 0,
    GP_SOURCE_GZIP = 1,
    GP_SOURCE_ZSTD = 2
} gp_source_kind;

/* The size of a source whose size is not known before its end. */
#define GP_SOURCE_SIZE_UNKNOWN UINT64_MAX

/* The kind the first n bytes of a stream announce (n may be short). */
gp_source_kind gp_source_detect(const uint8_t *p, size_t n);

/* "gzip", "zstd" or "plain". */
const char *gp_source_kind_name(gp_source_kind kind);

/*
 * Open path ("-": standard input, left open at close).  Fails with
 * GTIDPOS_ERR_IO when the file cannot be opened or is a directory, or when its
 * first bytes cannot be read.  name, for messages, is path.
 */
gtidpos_status gp_source_open(gp_source **out, const char *path, gp_error *e);

/* Read from fd, closed by gp_source_close when owns_fd. */
gtidpos_status gp_source_open_fd(gp_source **out, int fd, int owns_fd, const char *name,
                         gp_error *e);

/* Read bytes the caller owns (they must outlive the source). */
gtidpos_status gp_source_open_memory(gp_source **out, const char *name, const uint8_t *data,
                             size_t size, gp_error *e);

/*
 * Bytes [offset, size) of the plain regular file that file reads (opened
 * by name), read with pread() on its descriptor: the two can be read at
 * once, from two threads.  file must stay open until this one is closed.
 * Offsets in errors are the file's.
 */
gtidpos_status gp_source_open_range(gp_source **out, const gp_source *file, uint64_t offset,
                            gp_error *e);

/*
 * Up to n bytes of the binlog (decompressed): the count, 0 at the end,
 * -1 on failure (gp_source_error says why; every later call fails too).
 * A failure in the middle of a call first returns the bytes made before
 * it.  Damaged archives fail with GTIDPOS_ERR_CORRUPT, never GTIDPOS_ERR_TRUNCATED:
 * an archive cut short is not a binlog the server was still writing.
 */
ssize_t gp_source_read(gp_source *s, uint8_t *buf, size_t n);

/* The failure, with the name and the binlog (decompressed) offset reached. */
const gp_error *gp_source_error(const gp_source *s);

gp_source_kind gp_source_kind_of(const gp_source *s);

/* The binlog's size when known before reading it (a plain regular file
 * opened by name: its size at open), else GP_SOURCE_SIZE_UNKNOWN. */
uint64_t gp_source_size(const gp_source *s);

/* NULL is a no-op. */
void gp_source_close(gp_source *s);

#endif
