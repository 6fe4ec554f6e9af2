/*
 * exitcode.h - exit statuses and error lines for the library's internal
 * error codes, for the DM commands (dm-upgrade, dm-source), the last ones
 * still written on the internals rather than the public API.
 */
#ifndef GP_CLI_EXITCODE_H
#define GP_CLI_EXITCODE_H

#include "common/error.h"
#include "exit_status.h"

int gp_exit_code(gp_err err);

/* Print "gtidpos: FILE: offset N: message" (one line) on stderr. */
void gp_report_error(const gp_error *e);

#endif
