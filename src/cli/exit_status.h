/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * exit_status.h - the documented exit statuses (man/gtidpos.1, EXIT
 * STATUS), and how the public API's status codes map onto them.  Uses only
 * the public header: commands written on the public API include this one.
 */
#ifndef GP_CLI_EXIT_STATUS_H
#define GP_CLI_EXIT_STATUS_H

#include <stdint.h>
#include <stdio.h>

#include "gtidpos.h"

enum {
    GP_EXIT_OK = 0,
    GP_EXIT_FINDING = 1,     /* a check found a problem (verify) */
    GP_EXIT_USAGE = 2,       /* bad command line */
    GP_EXIT_IO = 3,          /* cannot read the input */
    GP_EXIT_NOT_BINLOG = 4,  /* not a binlog, or a format we cannot frame */
    GP_EXIT_DAMAGED = 5,     /* damaged before the position asked for */
    GP_EXIT_POSITION = 6,    /* position out of range or not on a boundary */
    GP_EXIT_ENCRYPTED = 7,   /* encrypted MariaDB binlog */
    GP_EXIT_INTERNAL = 8     /* out of memory, internal error */
};

/* The exit status for a library status code (gtidpos.h). */
int gp_exit_for_status(gtidpos_status st);

/* Fill err as the library does: code, file (may be NULL), offset (-1:
 * none) and the message formatted (gtidpos_error_set()).  Returns code,
 * so that a failure reads "return gp_set_error(err, ...);". */
gtidpos_status gp_set_error(gtidpos_error *err, gtidpos_status code, const char *file,
                            int64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Print "gtidpos: " and err's line on stderr; its exit status. */
int gp_report(const gtidpos_error *err);
/* The same on out (commands that collect their messages first). */
int gp_report_to(FILE *out, const gtidpos_error *err);
/* The same, the file "-" (standard input) called name (--label) when
 * name is not NULL. */
int gp_report_named_to(FILE *out, const gtidpos_error *err, const char *name);

/* An error object (gtidpos_error_new()) that is freed when the variable
 * goes out of scope (the cleanup attribute of gcc and clang), so that
 * every return of a command frees it.  Out of memory: "gtidpos: out of
 * memory" and exit status 8. */
#define GP_ERROR_VAR(name) \
    gtidpos_error *name __attribute__((cleanup(gp_error_release))) = gp_error_make()
gtidpos_error *gp_error_make(void);
void gp_error_release(gtidpos_error **err);

/* set's warnings, one "gtidpos: warning: ..." line each, on out. */
void gp_print_set_warnings(FILE *out, const gtidpos_set *set);

/* Flush stdout: status when all of it was written, else GP_EXIT_IO after
 * "gtidpos: writing the WHAT: reason" on stderr. */
int gp_flush_stdout(const char *what, int status);

#endif
