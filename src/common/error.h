/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * error.h - numbered error codes and the last-error record.
 *
 * Every function that can fail returns a gtidpos_status (GTIDPOS_OK == 0).  The detail
 * (a one-line message, the file and the byte offset) goes into a gp_error
 * record owned by the caller, so the library keeps no global state.
 * The CLI maps each code to a documented exit status (see man/gtidpos.1).
 */
#ifndef GP_COMMON_ERROR_H
#define GP_COMMON_ERROR_H

#include <stdarg.h>
#include <stdint.h>

/* The codes: gtidpos_status of the public header (one set of enums
 * inside and out). */
#include "gtidpos.h"

/* The longest file name an error keeps whole (PATH_MAX: a longer one
 * cannot be opened), and the longest message; gp_error_set() cuts its
 * formatted message at GP_ERROR_MSG_CUT bytes. */
#define GP_ERROR_FILE_MAX 4096
#define GP_ERROR_MSG_MAX 1100
#define GP_ERROR_MSG_CUT 512

/* Detail of the last failure.  offset is -1 when no byte offset applies.
 * The public gtidpos_error (src/lib/api.h) holds one of these. */
typedef struct gp_error {
    gtidpos_status code;
    int64_t offset;
    char file[GP_ERROR_FILE_MAX];
    char msg[GP_ERROR_MSG_MAX];
} gp_error;

const char *gp_strerror(gtidpos_status code);

void gp_error_clear(gp_error *e);

/*
 * Record a failure and return its code, so call sites read
 *     return gp_error_set(e, GTIDPOS_ERR_CORRUPT, off, "event length %u", len);
 * e may be NULL (the detail is then dropped).  file may be NULL.
 */
gtidpos_status gp_error_set(gp_error *e, gtidpos_status code, const char *file, int64_t offset,
                    const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
