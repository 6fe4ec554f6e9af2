/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * toml.c - the strict TOML subset described in toml.h.
 *
 * The input is read line by line (LF or CRLF; TOML forbids a bare CR).
 * Each line is blank, a comment, a [table] header or key = value, every
 * one optionally followed by whitespace and a comment.  Grammar facts are
 * from the TOML v1.0.0 specification (toml.io/en/v1.0.0).
 */
#include "dm/formats/toml.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOML_MAX_FILE (16u << 20)

typedef struct cursor {
    const char *p, *end; /* the current line, without its newline */
    const char *text_end; /* the end of the input: multi-line strings run past end */
    const char *name;
    unsigned line;
    gp_error *e;
} cursor;

static gtidpos_status fail(cursor *c, const char *what)
{
    return gp_error_set(c->e, GTIDPOS_ERR_PARSE, c->name, -1, "line %u: %s", c->line, what);
}

static void skip_ws(cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
        c->p++;
}

static int is_bare(char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
           (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
}

/* Whitespace, then a comment or nothing.  Comments may hold any UTF-8
 * text but no control character other than tab (TOML v1.0.0). */
static gtidpos_status expect_line_end(cursor *c)
{
    skip_ws(c);
    if (c->p == c->end)
        return GTIDPOS_OK;
    if (*c->p != '#')
        return fail(c, "unexpected text after the value");
    for (const char *q = c->p + 1; q < c->end; q++)
        if ((unsigned char)*q < 0x20 ? *q != '\t' : *q == 0x7f)
            return fail(c, "control character in a comment");
    c->p = c->end;
    return GTIDPOS_OK;
}

static char *dup_range(const char *a, size_t n)
{
    char *s = malloc(n + 1);
    if (s != NULL) {
        memcpy(s, a, n);
        s[n] = '\0';
    }
    return s;
}

/* A growing string buffer for decoded string values. */
typedef struct sbuf {
    char *d;
    size_t n, cap;
} sbuf;

static int sbuf_put(sbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *d = realloc(b->d, cap);
        if (d == NULL)
            return -1;
        b->d = d;
        b->cap = cap;
    }
    memcpy(b->d + b->n, s, n);
    b->n += n;
    b->d[b->n] = '\0';
    return 0;
}

/* Length of the valid UTF-8 sequence at p (shortest form, no surrogates,
 * at most U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
    size_t n;
    uint32_t cp;

    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xc2 && p[0] <= 0xdf) {
        n = 2;
        cp = p[0] & 0x1f;
    } else if (p[0] >= 0xe0 && p[0] <= 0xef) {
        n = 3;
        cp = p[0] & 0x0f;
    } else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
        n = 4;
        cp = p[0] & 0x07;
    } else {
        return 0;
    }
    if ((size_t)(end - p) < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

static int put_codepoint(sbuf *b, uint32_t cp)
{
    char u[4];
    size_t n;

    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xc0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xe0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[2] = (char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        u[0] = (char)(0xf0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[3] = (char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    return sbuf_put(b, u, n);
}

static int hex_value(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* \uXXXX or \UXXXXXXXX at c->p (past the 'u'/'U'): a Unicode scalar value. */
static gtidpos_status unicode_escape(cursor *c, size_t digits, sbuf *b)
{
    uint32_t cp = 0;

    if ((size_t)(c->end - c->p) < digits)
        return fail(c, "short \\u escape");
    for (size_t i = 0; i < digits; i++) {
        int h = hex_value(c->p[i]);
        if (h < 0)
            return fail(c, "bad hex digit in a \\u escape");
        cp = (cp << 4) | (uint32_t)h;
    }
    c->p += digits;
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0)
        return fail(c, "\\u escape is not a Unicode scalar value (or is NUL)");
    return put_codepoint(b, cp) ? gp_error_set(c->e, GTIDPOS_ERR_NOMEM, c->name, -1, "out of memory")
                                : GTIDPOS_OK;
}

/* The line after the current one becomes current (a multi-line string
 * continues there).  0 at the end of the input. */
static int next_line(cursor *c)
{
    const char *q = c->end, *nl;

    if (q < c->text_end && *q == '\r')
        q++;
    if (q >= c->text_end)
        return 0;
    q++; /* the newline */
    if (q >= c->text_end)
        return 0;
    nl = memchr(q, '\n', (size_t)(c->text_end - q));
    c->p = q;
    c->end = nl ? nl : c->text_end;
    if (c->end > c->p && c->end[-1] == '\r')
        c->end--;
    c->line++;
    return 1;
}

/* One escape of a basic string, c->p at its backslash, appended to b
 * (TOML v1.0.0: \b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX). */
static gtidpos_status basic_escape(cursor *c, sbuf *b)
{
    const char *rep = NULL;
    gtidpos_status rc = GTIDPOS_OK;

    if (c->end - c->p < 2)
        return fail(c, "unterminated string");
    char esc = c->p[1];
    c->p += 2;
    switch (esc) {
    case 'b': rep = "\b"; break;
    case 't': rep = "\t"; break;
    case 'n': rep = "\n"; break;
    case 'f': rep = "\f"; break;
    case 'r': rep = "\r"; break;
    case '"': rep = "\""; break;
    case '\\': rep = "\\"; break;
    case 'u': rc = unicode_escape(c, 4, b); break;
    case 'U': rc = unicode_escape(c, 8, b); break;
    default: rc = fail(c, "unknown escape in a basic string"); break;
    }
    if (rc == GTIDPOS_OK && rep != NULL && sbuf_put(b, rep, 1))
        rc = gp_error_set(c->e, GTIDPOS_ERR_NOMEM, c->name, -1, "out of memory");
    return rc;
}

/* One UTF-8 character of a string at c->p, appended to b. */
static gtidpos_status string_char(cursor *c, sbuf *b)
{
    size_t n = utf8_len((const unsigned char *)c->p, (const unsigned char *)c->end);

    if (n == 0)
        return fail(c, "invalid UTF-8 in a string");
    if (sbuf_put(b, c->p, n))
        return gp_error_set(c->e, GTIDPOS_ERR_NOMEM, c->name, -1, "out of memory");
    c->p += n;
    return GTIDPOS_OK;
}

/* A multi-line basic ("""...""") or literal ('''...''') string; c->p at the
 * first quote.  TOML v1.0.0: a newline right after the opening delimiter
 * is trimmed; in a basic one a backslash ending a line trims the newline
 * and the whitespace after it; up to two quotes may touch the closing
 * delimiter and belong to the text.  Ends with c on the closing line. */
static gtidpos_status multiline_value(cursor *c, char **out)
{
    const char quote = *c->p;
    sbuf b = {0};
    gtidpos_status rc = GTIDPOS_OK;
    int trimming = 0;
    unsigned opened = c->line;

    c->p += 3;
    if (sbuf_put(&b, "", 0))
        return gp_error_set(c->e, GTIDPOS_ERR_NOMEM, c->name, -1, "out of memory");
    if (c->p == c->end && !next_line(c)) {
        free(b.d);
        return fail(c, "unterminated multi-line string (it opens on this line)");
    }
    for (;;) {
        if (c->p == c->end) {
            /* a line break inside the string: LF, or nothing after a
             * line-ending backslash */
            if (!trimming && sbuf_put(&b, "\n", 1)) {
                rc = gp_error_set(c->e, GTIDPOS_ERR_NOMEM, c->name, -1, "out of memory");
                break;
            }
            if (!next_line(c)) {
                c->line = opened;
                rc = fail(c, "unterminated multi-line string (it opens on this line)");
                break;
            }
            continue;
        }
        unsigned char ch = (unsigned char)*c->p;
        if (trimming) {
            if (ch == ' ' || ch == '\t') {
                c->p++;
                continue;
            }
            trimming = 0;
        }
        if (ch == (unsigned char)quote && c->end - c->p >= 3 && c->p[1] == quote &&
            c->p[2] == quote) {
            size_t extra = 0;
            while (extra < 2 && c->end - c->p > (ptrdiff_t)(3 + extra) && c->p[3 + extra] == quote)
                extra++;
            if (extra && sbuf_put(&b, c->p, extra)) {
                rc = gp_error_set(c->e, GTIDPOS_ERR_NOMEM, c->name, -1, "out of memory");
                break;
            }
            c->p += 3 + extra;
            break;
        }
        if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
            rc = fail(c, "control character in a string");
            break;
        }
        if (quote == '"' && ch == '\\') {
            const char *q = c->p + 1;
            while (q < c->end && (*q == ' ' || *q == '\t'))
                q++;
            if (q == c->end) { /* line-ending backslash */
                c->p = c->end;
                trimming = 1;
                continue;
            }
            if ((rc = basic_escape(c, &b)) != GTIDPOS_OK)
                break;
            continue;
        }
        if ((rc = string_char(c, &b)) != GTIDPOS_OK)
            break;
    }
    if (rc != GTIDPOS_OK) {
        free(b.d);
        return rc;
    }
    *out = b.d;
    return GTIDPOS_OK;
}

/* A basic ("...", escapes) or literal ('...') string; c->p at the quote. */
static gtidpos_status string_value(cursor *c, char **out)
{
    const char quote = *c->p;
    sbuf b = {0};
    gtidpos_status rc = GTIDPOS_OK;

    if (c->end - c->p >= 3 && c->p[1] == quote && c->p[2] == quote)
        return multiline_value(c, out);
    c->p++;
    if (sbuf_put(&b, "", 0))
        return gp_error_set(c->e, GTIDPOS_ERR_NOMEM, c->name, -1, "out of memory");
    for (;;) {
        if (c->p == c->end) {
            rc = fail(c, "unterminated string");
            break;
        }
        unsigned char ch = (unsigned char)*c->p;
        if (ch == (unsigned char)quote) {
            c->p++;
            break;
        }
        if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
            rc = fail(c, "control character in a string");
            break;
        }
        if (quote == '"' && ch == '\\') {
            if ((rc = basic_escape(c, &b)) != GTIDPOS_OK)
                break;
            continue;
        }
        if ((rc = string_char(c, &b)) != GTIDPOS_OK)
            break;
    }
    if (rc != GTIDPOS_OK) {
        free(b.d);
        return rc;
    }
    *out = b.d;
    return GTIDPOS_OK;
}

/* [+-]digits with '_' only between digits, no leading zero (TOML v1.0.0),
 * within int64. */
static gtidpos_status int_value(cursor *c, int64_t *out)
{
    const char *p = c->p;
    int neg = 0;
    uint64_t v = 0, limit;
    int digits = 0;

    if (p < c->end && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
    limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    if (p < c->end && *p == '0' && p + 1 < c->end && (is_bare(p[1]) || p[1] == '.'))
        return fail(c, "integers with a leading zero, a base prefix or a fraction are not supported");
    while (p < c->end) {
        if (*p >= '0' && *p <= '9') {
            unsigned d = (unsigned)(*p - '0');
            if (v > (limit - d) / 10)
                return fail(c, "integer out of the 64-bit range");
            v = v * 10 + d;
            digits++;
            p++;
        } else if (*p == '_' && digits > 0 && p + 1 < c->end && p[1] >= '0' && p[1] <= '9') {
            p++;
        } else {
            break;
        }
    }
    if (digits == 0)
        return fail(c, "unsupported value (only strings, integers and booleans)");
    if (p < c->end && (is_bare(*p) || *p == '.' || *p == ':'))
        return fail(c, "unsupported value (floats, dates and times are not accepted)");
    c->p = p;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return GTIDPOS_OK;
}

static gtidpos_status push(gp_toml *t, cursor *c, gp_toml_entry *ent)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        gp_toml_entry *v = realloc(t->entries, cap * sizeof *v);
        if (v == NULL)
            return gp_error_set(c->e, GTIDPOS_ERR_NOMEM, c->name, -1, "out of memory");
        t->entries = v;
        t->cap = cap;
    }
    t->entries[t->n++] = *ent;
    return GTIDPOS_OK;
}

/* The tables already opened by a header: a second [same] is an error. */
typedef struct seen_tables {
    char **names;
    size_t n;
} seen_tables;

static gtidpos_status nomem(cursor *c)
{
    return gp_error_set(c->e, GTIDPOS_ERR_NOMEM, c->name, -1, "out of memory");
}

/* "a" + "." + "b" (or "b" when a is ""), malloc'd. */
static char *join(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *s = malloc(na + nb + 2);
    if (s == NULL)
        return NULL;
    if (na == 0) {
        memcpy(s, b, nb + 1);
    } else {
        memcpy(s, a, na);
        s[na] = '.';
        memcpy(s + na + 1, b, nb + 1);
    }
    return s;
}

/*
 * A key: bare or quoted parts joined by dots, whitespace around the dots
 * (TOML v1.0.0 "Keys").  *prefix gets every part but the last joined with
 * '.', *last the last part.  A part that holds a '.' is refused: tables
 * are named by their dotted path here.
 */
static gtidpos_status key_path(cursor *c, char **prefix, char **last)
{
    char *pre = NULL, *part = NULL;
    gtidpos_status rc = GTIDPOS_OK;

    *prefix = *last = NULL;
    for (;;) {
        skip_ws(c);
        if (c->p < c->end && (*c->p == '"' || *c->p == '\'')) {
            if (c->end - c->p >= 3 && c->p[1] == *c->p && c->p[2] == *c->p) {
                rc = fail(c, "a multi-line string cannot be a key");
                break;
            }
            if ((rc = string_value(c, &part)) != GTIDPOS_OK)
                break;
        } else {
            const char *a = c->p;
            while (c->p < c->end && is_bare(*c->p))
                c->p++;
            if (c->p == a) {
                rc = fail(c, "expected a key, a [table] or a comment");
                break;
            }
            if ((part = dup_range(a, (size_t)(c->p - a))) == NULL) {
                rc = nomem(c);
                break;
            }
        }
        if (strchr(part, '.') != NULL || part[0] == '\0') {
            rc = fail(c, "a key part that is empty or holds '.' is not supported");
            break;
        }
        skip_ws(c);
        if (c->p < c->end && *c->p == '.') {
            char *np = join(pre ? pre : "", part);
            c->p++;
            free(pre);
            free(part);
            part = NULL;
            if ((pre = np) == NULL) {
                rc = nomem(c);
                break;
            }
            continue;
        }
        break;
    }
    if (rc != GTIDPOS_OK) {
        free(pre);
        free(part);
        return rc;
    }
    if (pre == NULL && (pre = dup_range("", 0)) == NULL) {
        free(part);
        return nomem(c);
    }
    *prefix = pre;
    *last = part;
    return GTIDPOS_OK;
}

/* Is full (a dotted table path) already a key with a plain value? */
static int is_value_key(const gp_toml *t, const char *full)
{
    for (size_t i = 0; i < t->n; i++) {
        size_t nt = strlen(t->entries[i].table);
        if (nt == 0 ? strcmp(t->entries[i].key, full) == 0
                    : strncmp(full, t->entries[i].table, nt) == 0 && full[nt] == '.' &&
                          strcmp(full + nt + 1, t->entries[i].key) == 0)
            return 1;
    }
    return 0;
}

static gtidpos_status table_header(gp_toml *t, cursor *c, seen_tables *seen, char **table)
{
    char *pre, *last, *name, **v;
    gtidpos_status rc;

    c->p++;
    if (c->p < c->end && *c->p == '[')
        return fail(c, "arrays of tables ([[...]]) are not supported");
    if ((rc = key_path(c, &pre, &last)) != GTIDPOS_OK)
        return rc;
    name = join(pre, last);
    free(pre);
    free(last);
    if (name == NULL)
        return nomem(c);
    skip_ws(c);
    if (c->p == c->end || *c->p != ']') {
        free(name);
        return fail(c, "a table header needs ']' after its name");
    }
    c->p++;
    for (size_t i = 0; i < seen->n; i++)
        if (strcmp(seen->names[i], name) == 0) {
            free(name);
            return fail(c, "table defined twice");
        }
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->entries[i].table, name) == 0) {
            free(name);
            return fail(c, "table already defined by dotted keys or an inline table");
        }
    if (is_value_key(t, name)) {
        free(name);
        return fail(c, "table name already used as a key");
    }
    v = realloc(seen->names, (seen->n + 1) * sizeof *v);
    if (v == NULL) {
        free(name);
        return nomem(c);
    }
    seen->names = v;
    seen->names[seen->n++] = name;
    *table = name;
    return expect_line_end(c);
}

static gtidpos_status value(gp_toml *t, cursor *c, const char *table, const char *key, unsigned line,
                    int depth);

/* { key = value, ... } on one line (TOML v1.0.0: no newline, no trailing
 * comma); its keys go to table `table`. */
static gtidpos_status inline_table(gp_toml *t, cursor *c, const char *table, int depth)
{
    gtidpos_status rc = GTIDPOS_OK;

    if (depth > 16)
        return fail(c, "inline tables nested too deeply");
    c->p++; /* '{' */
    skip_ws(c);
    if (c->p < c->end && *c->p == '}') {
        c->p++;
        return GTIDPOS_OK;
    }
    for (;;) {
        char *pre, *last, *tbl;
        if ((rc = key_path(c, &pre, &last)) != GTIDPOS_OK)
            return rc;
        tbl = pre[0] ? join(table, pre) : dup_range(table, strlen(table));
        free(pre);
        if (tbl == NULL) {
            free(last);
            return nomem(c);
        }
        rc = value(t, c, tbl, last, c->line, depth + 1);
        free(tbl);
        free(last);
        if (rc != GTIDPOS_OK)
            return rc;
        skip_ws(c);
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            continue;
        }
        if (c->p < c->end && *c->p == '}') {
            c->p++;
            return GTIDPOS_OK;
        }
        return fail(c, "expected ',' or '}' in an inline table");
    }
}

/* '= value' for table.key. */
static gtidpos_status value(gp_toml *t, cursor *c, const char *table, const char *key, unsigned line,
                    int depth)
{
    gp_toml_entry ent = {0};
    gtidpos_status rc;

    skip_ws(c);
    if (c->p == c->end || *c->p != '=')
        return fail(c, "expected '=' after the key");
    c->p++;
    skip_ws(c);
    if (c->p == c->end)
        return fail(c, "missing value");
    if (gp_toml_get(t, table, key) != NULL)
        return fail(c, "key defined twice");
    if (*c->p == '{') {
        char *sub = join(table, key);
        if (sub == NULL)
            return nomem(c);
        rc = inline_table(t, c, sub, depth);
        free(sub);
        return rc;
    }
    ent.key = dup_range(key, strlen(key));
    ent.table = dup_range(table, strlen(table));
    ent.line = line;
    if (ent.key == NULL || ent.table == NULL) {
        rc = nomem(c);
        goto out;
    }
    if (*c->p == '"' || *c->p == '\'') {
        ent.type = GP_TOML_STRING;
        rc = string_value(c, &ent.str);
    } else if (c->end - c->p >= 4 && memcmp(c->p, "true", 4) == 0 &&
               (c->end - c->p == 4 || !is_bare(c->p[4]))) {
        ent.type = GP_TOML_BOOL;
        ent.flag = 1;
        c->p += 4;
        rc = GTIDPOS_OK;
    } else if (c->end - c->p >= 5 && memcmp(c->p, "false", 5) == 0 &&
               (c->end - c->p == 5 || !is_bare(c->p[5]))) {
        ent.type = GP_TOML_BOOL;
        c->p += 5;
        rc = GTIDPOS_OK;
    } else if (*c->p == '[') {
        rc = fail(c, "arrays are not supported (no DM worker key takes one)");
    } else {
        ent.type = GP_TOML_INT;
        rc = int_value(c, &ent.num);
    }
    if (rc == GTIDPOS_OK)
        rc = push(t, c, &ent);
out:
    if (rc != GTIDPOS_OK) {
        free(ent.key);
        free(ent.table);
        free(ent.str);
    }
    return rc;
}

static gtidpos_status key_value(gp_toml *t, cursor *c, const char *table)
{
    char *pre, *last, *tbl;
    unsigned line = c->line;
    gtidpos_status rc;

    if ((rc = key_path(c, &pre, &last)) != GTIDPOS_OK)
        return rc;
    tbl = pre[0] ? join(table, pre) : dup_range(table, strlen(table));
    free(pre);
    if (tbl == NULL) {
        free(last);
        return nomem(c);
    }
    rc = value(t, c, tbl, last, line, 0);
    free(tbl);
    free(last);
    return rc == GTIDPOS_OK ? expect_line_end(c) : rc;
}

gtidpos_status gp_toml_parse_buffer(gp_toml *t, const char *name, const char *text, size_t len,
                            gp_error *e)
{
    cursor c = {.name = name, .e = e};
    seen_tables seen = {0};
    const char *table = "";
    const char *p = text, *end = text + len;
    gtidpos_status rc = GTIDPOS_OK;

    memset(t, 0, sizeof *t);
    if (len > 0 && memchr(text, '\0', len) != NULL) {
        const char *z = memchr(text, '\0', len);
        unsigned line = 1;
        for (const char *q = text; q < z; q++)
            line += *q == '\n';
        return gp_error_set(e, GTIDPOS_ERR_PARSE, name, (int64_t)(z - text),
                            "line %u: NUL byte (not a text file)", line);
    }
    /* A UTF-8 byte order mark is allowed at the very start. */
    if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
        p += 3;
    c.text_end = end;
    while (p < end && rc == GTIDPOS_OK) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        c.line++;
        c.p = p;
        c.end = eol;
        if (c.end > c.p && c.end[-1] == '\r')
            c.end--;
        for (const char *q = c.p; q < c.end; q++)
            if (*q == '\r') {
                rc = fail(&c, "carriage return not followed by a newline");
                break;
            }
        if (rc != GTIDPOS_OK)
            break;
        skip_ws(&c);
        if (c.p == c.end || *c.p == '#') {
            rc = expect_line_end(&c);
        } else if (*c.p == '[') {
            char *tn = NULL;
            rc = table_header(t, &c, &seen, &tn);
            if (tn != NULL)
                table = tn; /* owned by seen */
        } else {
            rc = key_value(t, &c, table);
        }
        /* a multi-line string may have moved c to a later line */
        nl = memchr(c.end, '\n', (size_t)(end - c.end));
        p = nl ? nl + 1 : end;
    }
    for (size_t i = 0; i < seen.n; i++)
        free(seen.names[i]);
    free(seen.names);
    if (rc != GTIDPOS_OK)
        gp_toml_free(t);
    return rc;
}

gtidpos_status gp_toml_parse_file(gp_toml *t, const char *path, gp_error *e)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t n;
    gtidpos_status rc;

    memset(t, 0, sizeof *t);
    if (f == NULL)
        return gp_error_set(e, GTIDPOS_ERR_IO, path, -1, "%s", strerror(errno));
    buf = malloc(TOML_MAX_FILE + 1);
    if (buf == NULL) {
        fclose(f);
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, path, -1, "out of memory");
    }
    n = fread(buf, 1, TOML_MAX_FILE + 1, f);
    if (ferror(f)) {
        rc = gp_error_set(e, GTIDPOS_ERR_IO, path, -1, "read failed");
    } else if (n > TOML_MAX_FILE) {
        rc = gp_error_set(e, GTIDPOS_ERR_IO, path, -1, "larger than 16 MiB: not a configuration file");
    } else {
        rc = gp_toml_parse_buffer(t, path, buf, n, e);
    }
    free(buf);
    fclose(f);
    return rc;
}

void gp_toml_free(gp_toml *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->entries[i].table);
        free(t->entries[i].key);
        free(t->entries[i].str);
    }
    free(t->entries);
    memset(t, 0, sizeof *t);
}

const gp_toml_entry *gp_toml_get(const gp_toml *t, const char *table, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->entries[i].table, table) == 0 && strcmp(t->entries[i].key, key) == 0)
            return &t->entries[i];
    return NULL;
}

static const char *type_name(gp_toml_type type)
{
    switch (type) {
    case GP_TOML_STRING: return "a string";
    case GP_TOML_INT: return "an integer";
    case GP_TOML_BOOL: return "a boolean";
    }
    return "?";
}

static const gp_toml_entry *typed(const gp_toml *t, const char *table, const char *key,
                                  gp_toml_type want, int *found, const char *name,
                                  gp_error *e, gtidpos_status *rc)
{
    const gp_toml_entry *ent = gp_toml_get(t, table, key);

    *rc = GTIDPOS_OK;
    if (found != NULL)
        *found = ent != NULL;
    if (ent != NULL && ent->type != want) {
        *rc = gp_error_set(e, GTIDPOS_ERR_PARSE, name, -1, "line %u: %s%s%s must be %s, not %s",
                           ent->line, table, table[0] ? "." : "", key, type_name(want),
                           type_name(ent->type));
        return NULL;
    }
    return ent;
}

gtidpos_status gp_toml_string(const gp_toml *t, const char *table, const char *key,
                      const char **out, int *found, const char *name, gp_error *e)
{
    gtidpos_status rc;
    const gp_toml_entry *ent = typed(t, table, key, GP_TOML_STRING, found, name, e, &rc);
    if (ent != NULL)
        *out = ent->str;
    return rc;
}

gtidpos_status gp_toml_int(const gp_toml *t, const char *table, const char *key,
                   int64_t *out, int *found, const char *name, gp_error *e)
{
    gtidpos_status rc;
    const gp_toml_entry *ent = typed(t, table, key, GP_TOML_INT, found, name, e, &rc);
    if (ent != NULL)
        *out = ent->num;
    return rc;
}

gtidpos_status gp_toml_bool(const gp_toml *t, const char *table, const char *key,
                    int *out, int *found, const char *name, gp_error *e)
{
    gtidpos_status rc;
    const gp_toml_entry *ent = typed(t, table, key, GP_TOML_BOOL, found, name, e, &rc);
    if (ent != NULL)
        *out = ent->flag;
    return rc;
}
