/*
 * exitcode.h - exit statuses for the library's internal error codes, and
 * its error and warning lines.
 */
#ifndef GP_CLI_EXITCODE_H
#define GP_CLI_EXITCODE_H

#include <stdio.h>

#include "binlog/position.h"
#include "common/error.h"
#include "exit_status.h"

int gp_exit_code(gp_err err);

/* Print "gtidpos: FILE: offset N: message" (one line) on stderr. */
void gp_report_error(const gp_error *e);
/* The same line on out (commands that collect their messages first). */
void gp_print_error(FILE *out, const gp_error *e);
/* r's warnings, one "gtidpos: warning: ..." line each, on out. */
void gp_print_warnings(FILE *out, const gp_at_result *r);

#endif
