/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * exit_status.c - exit statuses for the public API's status codes; stdout's
 * last flush.  Public API only (see exit_status.h).
 */
#include "exit_status.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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
    char message[1100];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    return gtidpos_error_set(err, code, file, offset, message);
}

gtidpos_error *gp_error_make(void)
{
    gtidpos_error *err = gtidpos_error_new();

    if (err == NULL) {
        fputs("gtidpos: out of memory\n", stderr);
        exit(GP_EXIT_INTERNAL);
    }
    return err;
}

void gp_error_release(gtidpos_error **err)
{
    gtidpos_error_free(*err);
    *err = NULL;
}

int gp_report(const gtidpos_error *err)
{
    return gp_report_to(stderr, err);
}

int gp_report_to(FILE *out, const gtidpos_error *err)
{
    fprintf(out, "gtidpos: %s\n", gtidpos_error_line(err));
    return gp_exit_for_status(gtidpos_error_code(err));
}

int gp_report_named_to(FILE *out, const gtidpos_error *err, const char *name)
{
    const char *file = gtidpos_error_file(err);
    int64_t offset = gtidpos_error_offset(err);

    /* the library names standard input "-" */
    if (name == NULL || file == NULL || strcmp(file, "-") != 0)
        return gp_report_to(out, err);
    fprintf(out, "gtidpos: %s: ", name);
    if (offset >= 0)
        fprintf(out, "offset %lld: ", (long long)offset);
    fprintf(out, "%s\n", gtidpos_error_message(err));
    return gp_exit_for_status(gtidpos_error_code(err));
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
