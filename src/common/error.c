/* SPDX-License-Identifier: BSD-2-Clause */
#include "error.h"

#include <stdio.h>
#include <string.h>

const char *gp_strerror(gtidpos_status code)
{
    switch (code) {
    case GTIDPOS_OK: return "success";
    case GTIDPOS_ERR_NOMEM: return "out of memory";
    case GTIDPOS_ERR_IO: return "cannot read input";
    case GTIDPOS_ERR_NOT_BINLOG: return "not a binary log";
    case GTIDPOS_ERR_UNSUPPORTED: return "unsupported binary log format";
    case GTIDPOS_ERR_CORRUPT: return "corrupt binary log";
    case GTIDPOS_ERR_TRUNCATED: return "truncated binary log";
    case GTIDPOS_ERR_CHECKSUM: return "checksum mismatch";
    case GTIDPOS_ERR_POSITION: return "invalid position";
    case GTIDPOS_ERR_ENCRYPTED: return "encrypted binary log";
    case GTIDPOS_ERR_NO_GTID_INFO: return "GTID state missing";
    case GTIDPOS_ERR_PARSE: return "malformed input text";
    case GTIDPOS_ERR_RANGE: return "value out of range";
    case GTIDPOS_ERR_USAGE: return "library called wrongly";
    }
    return "unknown error";
}

void gp_error_clear(gp_error *e)
{
    if (e == NULL)
        return;
    e->code = GTIDPOS_OK;
    e->offset = -1;
    e->file[0] = '\0';
    e->msg[0] = '\0';
}

/* An error is one line: a newline or other control byte that a message
 * quotes from its input (an option value, a set text given on the command
 * line: found by tests/fuzz/fuzz_walk_options) is written as \n, \r or
 * \xNN instead (TAB stays), cut to cap like the message. */
static void one_line(char *msg, size_t cap)
{
    char out[sizeof ((gp_error *)0)->msg];
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)msg;

    if (strpbrk(msg, "\x01\x02\x03\x04\x05\x06\x07\x08\n\x0b\x0c\r\x0e\x0f\x10"
                     "\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f") == NULL)
        return;
    if (cap > sizeof out)
        cap = sizeof out;
    for (; *p && o + 1 < cap; p++) {
        char esc[5];
        size_t n;
        if ((*p >= 0x20 && *p != 0x7f) || *p == '\t') {
            out[o++] = (char)*p;
            continue;
        }
        if (*p == '\n')
            n = (size_t)snprintf(esc, sizeof esc, "\\n");
        else if (*p == '\r')
            n = (size_t)snprintf(esc, sizeof esc, "\\r");
        else
            n = (size_t)snprintf(esc, sizeof esc, "\\x%02x", *p);
        if (o + n + 1 > cap)
            break;
        memcpy(out + o, esc, n);
        o += n;
    }
    out[o] = '\0';
    memcpy(msg, out, o + 1);
}

gtidpos_status gp_error_set(gp_error *e, gtidpos_status code, const char *file, int64_t offset,
                    const char *fmt, ...)
{
    va_list ap;

    if (e == NULL)
        return code;
    e->code = code;
    e->offset = offset;
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    va_start(ap, fmt);
    vsnprintf(e->msg, GP_ERROR_MSG_CUT, fmt, ap);
    va_end(ap);
    one_line(e->msg, GP_ERROR_MSG_CUT);
    return code;
}
