/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * api_error.c - the public error object (gtidpos.h: gtidpos_error_*,
 * gtidpos_strerror) and how the API's files fill it from an internal
 * gp_error (api.h).
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "FILE: offset N: message": each part when it applies, the message or,
 * without one, the code's text. */
static void compose_line(gtidpos_error *err)
{
    const gp_error *e = &err->e;
    size_t cap = sizeof err->line, n = 0;
    int w;

    err->line[0] = '\0';
    if (e->code == GTIDPOS_OK)
        return;
    if (e->file[0] != '\0' && (w = snprintf(err->line, cap, "%s: ", e->file)) > 0)
        n = (size_t)w < cap ? (size_t)w : cap - 1;
    if (e->offset >= 0 &&
        (w = snprintf(err->line + n, cap - n, "offset %lld: ", (long long)e->offset)) > 0)
        n += (size_t)w < cap - n ? (size_t)w : cap - n - 1;
    snprintf(err->line + n, cap - n, "%s", e->msg[0] ? e->msg : gp_strerror(e->code));
}

gtidpos_status gp_api_error(gtidpos_error *err, const gp_error *e)
{
    if (err != NULL) {
        err->e = *e;
        compose_line(err);
    }
    return e->code;
}

gtidpos_status gp_api_usage(gtidpos_error *err, const char *what)
{
    return gtidpos_error_set(err, GTIDPOS_ERR_USAGE, NULL, -1, what);
}

GTIDPOS_API gtidpos_error *gtidpos_error_new(void)
{
    gtidpos_error *err = malloc(sizeof *err);

    if (err != NULL) {
        gp_error_clear(&err->e);
        err->line[0] = '\0';
    }
    return err;
}

GTIDPOS_API void gtidpos_error_free(gtidpos_error *e)
{
    free(e);
}

GTIDPOS_API gtidpos_status gtidpos_error_code(const gtidpos_error *e)
{
    return e != NULL ? e->e.code : GTIDPOS_OK;
}

GTIDPOS_API const char *gtidpos_error_file(const gtidpos_error *e)
{
    return e != NULL && e->e.file[0] != '\0' ? e->e.file : NULL;
}

GTIDPOS_API int64_t gtidpos_error_offset(const gtidpos_error *e)
{
    return e != NULL ? e->e.offset : -1;
}

GTIDPOS_API const char *gtidpos_error_message(const gtidpos_error *e)
{
    if (e == NULL || e->e.code == GTIDPOS_OK)
        return "";
    return e->e.msg[0] ? e->e.msg : gp_strerror(e->e.code);
}

GTIDPOS_API const char *gtidpos_error_line(const gtidpos_error *e)
{
    return e != NULL ? e->line : "";
}

GTIDPOS_API gtidpos_status gtidpos_error_set(gtidpos_error *e, gtidpos_status code,
                                             const char *file, int64_t offset,
                                             const char *message)
{
    char f[sizeof e->e.file], m[sizeof e->e.msg];

    if (e == NULL)
        return code;
    /* through copies: file and message may be e's own strings (a caller
     * passing an error on with its own file name, gtidpos_error_file(e)) */
    snprintf(f, sizeof f, "%s", file != NULL ? file : "");
    snprintf(m, sizeof m, "%s", message != NULL ? message : "");
    e->e.code = code;
    e->e.offset = offset < 0 ? -1 : offset;
    memcpy(e->e.file, f, sizeof f);
    memcpy(e->e.msg, m, sizeof m);
    compose_line(e);
    return code;
}

GTIDPOS_API const char *gtidpos_strerror(gtidpos_status code)
{
    return gp_strerror(code);
}
