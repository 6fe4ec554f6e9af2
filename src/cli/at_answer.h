/*
 * at_answer.h - the last step of every form of `gtidpos at`: the answer
 * printed, or the error, and the exit status.
 */
#ifndef GP_CLI_AT_ANSWER_H
#define GP_CLI_AT_ANSWER_H

#include "binlog/position.h"
#include "common/error.h"

/*
 * rc GP_OK: r's warnings on stderr, then the answer on stdout (JSON, naming
 * file, when json is set).  Otherwise err's line on stderr.  Returns the
 * exit status, GP_EXIT_IO when stdout could not be written.
 */
int gp_at_answer(const char *file, const gp_at_result *r, gp_err rc, gp_error *err, int json);

#endif
