/*
 * at_answer.c - print what `gtidpos at` found (see at_answer.h).
 */
#include "at_answer.h"

#include <stdio.h>

#include "emit/emit.h"
#include "exitcode.h"

int gp_at_answer(const char *file, const gp_at_result *r, gp_err rc, gp_error *err, int json)
{
    if (rc != GP_OK) {
        gp_report_error(err);
        return gp_flush_stdout("answer", gp_exit_code(err->code));
    }
    gp_print_warnings(stderr, r);
    if ((json ? gp_emit_at_json(stdout, file, r) : gp_emit_at_text(stdout, r)) != 0) {
        gp_error_set(err, GP_ERR_NOMEM, file, -1, "out of memory");
        gp_report_error(err);
        return gp_flush_stdout("answer", gp_exit_code(err->code));
    }
    return gp_flush_stdout("answer", GP_EXIT_OK);
}
