/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * text_scan.h - a cursor over GTID text, shared by the MySQL set and the
 * MariaDB state parsers: blanks, one-line error messages with the
 * character offset.
 */
#ifndef GP_GTID_TEXT_SCAN_H
#define GP_GTID_TEXT_SCAN_H

#include <stddef.h>

typedef struct gp_scan {
    const char *p;
    size_t len, pos;
    char *err;       /* where the error message goes; may be NULL */
    size_t errlen;
} gp_scan;

static inline int gp_scan_is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* The blanks MySQL prints between elements (",\n") and users type. */
static inline int gp_scan_is_blank(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The character at the cursor, -1 at the end. */
static inline int gp_scan_peek(const gp_scan *sc)
{
    return sc->pos < sc->len ? (unsigned char)sc->p[sc->pos] : -1;
}

static inline void gp_scan_skip_blanks(gp_scan *sc)
{
    while (sc->pos < sc->len && gp_scan_is_blank((unsigned char)sc->p[sc->pos]))
        sc->pos++;
}

/* Printable description of the character at the cursor, for messages
 * that must stay on one line even when the text holds a newline. */
const char *gp_scan_found(const gp_scan *sc, char out[16]);

/* Write "offset AT: message" to sc->err and return code. */
int gp_scan_fail(const gp_scan *sc, size_t at, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * A ','-separated list of elements, blanks around them, possibly empty:
 * element(ctx, sc) reads one (leaving the cursor after it and its blanks).
 * expected names what may follow an element, for the error message.
 */
typedef int (*gp_scan_element_fn)(void *ctx, gp_scan *sc);
int gp_scan_list(gp_scan *sc, gp_scan_element_fn element, void *ctx,
                 const char *expected);

#endif
