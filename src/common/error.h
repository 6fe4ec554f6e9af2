/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * error.h - numbered error codes and the last-error record.
 *
 * Every function that can fail returns a gp_err (GP_OK == 0).  The detail
 * (a one-line message, the file and the byte offset) goes into a gp_error
 * record owned by the caller, so the library keeps no global state.
 * The CLI maps each code to a documented exit status (see man/gtidpos.1).
 */
#ifndef GP_COMMON_ERROR_H
#define GP_COMMON_ERROR_H

#include <stdarg.h>
#include <stdint.h>

typedef enum gp_err {
    GP_OK = 0,
    GP_ERR_NOMEM = 1,        /* allocation failed */
    GP_ERR_IO = 2,           /* open/stat/mmap/read failed, directory, ... */
    GP_ERR_NOT_BINLOG = 3,   /* empty file, wrong magic */
    GP_ERR_UNSUPPORTED = 4,  /* binlog version we cannot frame */
    GP_ERR_CORRUPT = 5,      /* length/field inconsistent with the format */
    GP_ERR_TRUNCATED = 6,    /* file ends inside an event */
    GP_ERR_CHECKSUM = 7,     /* stored CRC32 does not match */
    GP_ERR_POSITION = 8,     /* position out of range or not on a boundary */
    GP_ERR_ENCRYPTED = 9,    /* MariaDB encrypted binlog: we hold no keys */
    GP_ERR_NO_GTID_INFO = 10,/* GTID-era file lacks Previous_gtids/Gtid_list */
    GP_ERR_PARSE = 11,       /* malformed text (GTID set, position, ...) */
    GP_ERR_RANGE = 12        /* a number out of its valid range */
} gp_err;

/* Detail of the last failure.  offset is -1 when no byte offset applies. */
typedef struct gp_error {
    gp_err code;
    int64_t offset;
    char file[512];
    char msg[512];
} gp_error;

const char *gp_strerror(gp_err code);

void gp_error_clear(gp_error *e);

/*
 * Record a failure and return its code, so call sites read
 *     return gp_error_set(e, GP_ERR_CORRUPT, off, "event length %u", len);
 * e may be NULL (the detail is then dropped).  file may be NULL.
 */
gp_err gp_error_set(gp_error *e, gp_err code, const char *file, int64_t offset,
                    const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
