/* SPDX-License-Identifier: BSD-2-Clause */
#include "text_scan.h"

#include "gtid_common.h"

#include <stdarg.h>
#include <stdio.h>

const char *gp_scan_found(const gp_scan *sc, char out[16])
{
    int c = gp_scan_peek(sc);

    if (c < 0)
        snprintf(out, 16, "end of text");
    else if (c >= 0x21 && c <= 0x7e && c != '\'')
        snprintf(out, 16, "'%c'", c);
    else
        snprintf(out, 16, "byte 0x%02x", (unsigned)c);
    return out;
}

int gp_scan_fail(const gp_scan *sc, size_t at, int code, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (sc->err == NULL || sc->errlen == 0)
        return code;
    n = snprintf(sc->err, sc->errlen, "offset %zu: ", at);
    if (n >= 0 && (size_t)n < sc->errlen) {
        va_start(ap, fmt);
        vsnprintf(sc->err + n, sc->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return code;
}

int gp_scan_list(gp_scan *sc, gp_scan_element_fn element, void *ctx,
                 const char *expected)
{
    char what[16];

    gp_scan_skip_blanks(sc);
    if (gp_scan_peek(sc) < 0)
        return GP_GTID_OK;
    for (;;) {
        int rc = element(ctx, sc);

        if (rc != GP_GTID_OK)
            return rc;
        if (gp_scan_peek(sc) < 0)
            return GP_GTID_OK;
        if (gp_scan_peek(sc) != ',')
            return gp_scan_fail(sc, sc->pos, GP_GTID_EPARSE, "expected %s, found %s", expected,
                                gp_scan_found(sc, what));
        sc->pos++;
        gp_scan_skip_blanks(sc);
        if (gp_scan_peek(sc) < 0)
            return gp_scan_fail(sc, sc->pos, GP_GTID_EPARSE, "empty element after ','");
    }
}
