/*
 * exitcode.h - the documented exit statuses (man/gtidpos.1, EXIT STATUS).
 */
#ifndef GP_CLI_EXITCODE_H
#define GP_CLI_EXITCODE_H

#include <stdio.h>

#include "binlog/position.h"
#include "common/error.h"

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

int gp_exit_code(gp_err err);

/* Print "gtidpos: FILE: offset N: message" (one line) on stderr. */
void gp_report_error(const gp_error *e);
/* The same line on out (commands that collect their messages first). */
void gp_print_error(FILE *out, const gp_error *e);
/* r's warnings, one "gtidpos: warning: ..." line each, on out. */
void gp_print_warnings(FILE *out, const gp_at_result *r);
/* Flush stdout: status when all of it was written, else GP_EXIT_IO after
 * "gtidpos: writing the WHAT: reason" on stderr. */
int gp_flush_stdout(const char *what, int status);

#endif
