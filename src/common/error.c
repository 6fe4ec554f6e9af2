/* SPDX-License-Identifier: BSD-2-Clause */
#include "error.h"

#include <stdio.h>
#include <string.h>

const char *gp_strerror(gp_err code)
{
    switch (code) {
    case GP_OK: return "success";
    case GP_ERR_NOMEM: return "out of memory";
    case GP_ERR_IO: return "cannot read input";
    case GP_ERR_NOT_BINLOG: return "not a binary log";
    case GP_ERR_UNSUPPORTED: return "unsupported binary log format";
    case GP_ERR_CORRUPT: return "corrupt binary log";
    case GP_ERR_TRUNCATED: return "truncated binary log";
    case GP_ERR_CHECKSUM: return "checksum mismatch";
    case GP_ERR_POSITION: return "invalid position";
    case GP_ERR_ENCRYPTED: return "encrypted binary log";
    case GP_ERR_NO_GTID_INFO: return "GTID state missing";
    case GP_ERR_PARSE: return "malformed input text";
    case GP_ERR_RANGE: return "value out of range";
    }
    return "unknown error";
}

void gp_error_clear(gp_error *e)
{
    if (e == NULL)
        return;
    e->code = GP_OK;
    e->offset = -1;
    e->file[0] = '\0';
    e->msg[0] = '\0';
}

gp_err gp_error_set(gp_error *e, gp_err code, const char *file, int64_t offset,
                    const char *fmt, ...)
{
    va_list ap;

    if (e == NULL)
        return code;
    e->code = code;
    e->offset = offset;
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return code;
}
