#include "exitcode.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int gp_exit_code(gp_err err)
{
    switch (err) {
    case GP_OK: return GP_EXIT_OK;
    case GP_ERR_PARSE:
    case GP_ERR_RANGE: return GP_EXIT_USAGE;
    case GP_ERR_IO: return GP_EXIT_IO;
    case GP_ERR_NOT_BINLOG:
    case GP_ERR_UNSUPPORTED: return GP_EXIT_NOT_BINLOG;
    case GP_ERR_CORRUPT:
    case GP_ERR_TRUNCATED:
    case GP_ERR_CHECKSUM:
    case GP_ERR_NO_GTID_INFO: return GP_EXIT_DAMAGED;
    case GP_ERR_POSITION: return GP_EXIT_POSITION;
    case GP_ERR_ENCRYPTED: return GP_EXIT_ENCRYPTED;
    case GP_ERR_NOMEM: return GP_EXIT_INTERNAL;
    }
    return GP_EXIT_INTERNAL;
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

int gp_flush_stdout(const char *what, int status)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return status;
    fprintf(stderr, "gtidpos: writing the %s: %s\n", what, strerror(errno));
    return GP_EXIT_IO;
}
