#include "exitcode.h"

#include <stdio.h>

/* The library's internal codes are its public ones (src/lib/gtidpos.c
 * asserts the numbering). */
int gp_exit_code(gp_err err)
{
    return gp_exit_for_status((gtidpos_status)err);
}

void gp_report_error(const gp_error *e)
{
    fputs("gtidpos: ", stderr);
    if (e->file[0] != '\0')
        fprintf(stderr, "%s: ", e->file);
    if (e->offset >= 0)
        fprintf(stderr, "offset %lld: ", (long long)e->offset);
    fprintf(stderr, "%s\n", e->msg[0] ? e->msg : gp_strerror(e->code));
}
