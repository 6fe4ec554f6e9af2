/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * exit_status.c - exit statuses for the public API's status codes; stdout's
 * last flush.  Public API only (see exit_status.h).
 */
#include "exit_status.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int gp_exit_for_status(gtidpos_status st)
{
    switch (st) {
    case GTIDPOS_OK: return GP_EXIT_OK;
    case GTIDPOS_ERR_PARSE:
    case GTIDPOS_ERR_RANGE: return GP_EXIT_USAGE;
    case GTIDPOS_ERR_IO: return GP_EXIT_IO;
    case GTIDPOS_ERR_NOT_BINLOG:
    case GTIDPOS_ERR_UNSUPPORTED: return GP_EXIT_NOT_BINLOG;
    case GTIDPOS_ERR_CORRUPT:
    case GTIDPOS_ERR_TRUNCATED:
    case GTIDPOS_ERR_CHECKSUM:
    case GTIDPOS_ERR_NO_GTID_INFO: return GP_EXIT_DAMAGED;
    case GTIDPOS_ERR_POSITION: return GP_EXIT_POSITION;
    case GTIDPOS_ERR_ENCRYPTED: return GP_EXIT_ENCRYPTED;
    case GTIDPOS_ERR_NOMEM:
    case GTIDPOS_ERR_USAGE: return GP_EXIT_INTERNAL;
    }
    return GP_EXIT_INTERNAL;
}

gtidpos_status gp_set_error(gtidpos_error *err, gtidpos_status code, const char *file,
                            int64_t offset, const char *fmt, ...)
{
    size_t cap = sizeof err->message, n = 0;
    va_list ap;
    int w;

    err->code = code;
    err->offset = offset;
    err->message[0] = '\0';
    if (file != NULL && (w = snprintf(err->message, cap, "%s: ", file)) > 0)
        n = (size_t)w < cap ? (size_t)w : cap - 1;
    if (offset >= 0 &&
        (w = snprintf(err->message + n, cap - n, "offset %lld: ", (long long)offset)) > 0)
        n += (size_t)w < cap - n ? (size_t)w : cap - n - 1;
    va_start(ap, fmt);
    vsnprintf(err->message + n, cap - n, fmt, ap);
    va_end(ap);
    return code;
}

int gp_report(const gtidpos_error *err)
{
    return gp_report_to(stderr, err);
}

int gp_report_to(FILE *out, const gtidpos_error *err)
{
    fprintf(out, "gtidpos: %s\n", err->message);
    return gp_exit_for_status(err->code);
}

void gp_print_set_warnings(FILE *out, const gtidpos_set *set)
{
    size_t dropped = gtidpos_set_warnings_dropped(set);

    for (size_t i = 0; i < gtidpos_set_warning_count(set); i++)
        fprintf(out, "gtidpos: warning: %s\n", gtidpos_set_warning(set, i));
    if (dropped > 0)
        fprintf(out, "gtidpos: warning: %zu more warning(s) not shown\n", dropped);
}

int gp_flush_stdout(const char *what, int status)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return status;
    fprintf(stderr, "gtidpos: writing the %s: %s\n", what, strerror(errno));
    return GP_EXIT_IO;
}
