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
    gp_print_error(stderr, e);
}

void gp_print_error(FILE *out, const gp_error *e)
{
    fputs("gtidpos: ", out);
    if (e->file[0] != '\0')
        fprintf(out, "%s: ", e->file);
    if (e->offset >= 0)
        fprintf(out, "offset %lld: ", (long long)e->offset);
    fprintf(out, "%s\n", e->msg[0] ? e->msg : gp_strerror(e->code));
}

void gp_print_warnings(FILE *out, const gp_at_result *r)
{
    for (int i = 0; i < r->n_warnings; i++)
        fprintf(out, "gtidpos: warning: %s\n", r->warnings[i]);
    if (r->warnings_dropped > 0)
        fprintf(out, "gtidpos: warning: %d more warning(s) not shown\n",
                r->warnings_dropped);
}
