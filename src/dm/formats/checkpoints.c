/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * checkpoints.c - the seed query's result in the three forms users paste:
 * mysql -B (TSV), the interactive client's boxed table, CSV.
 */
#include "dm/formats/checkpoints.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_FIELDS 32
#define FIELD_MAX 16384 /* a sharding-meta row holds its DDL items as JSON */

/* One row of cells, as text, with the line it came from. */
typedef struct cells {
    int n;
    int line;
    char v[MAX_FIELDS][FIELD_MAX];
} cells;

typedef struct lines {
    const char *p, *end;
    int no;
} lines;

/* The next line without its "\n" or "\r\n"; 0 at the end. */
static int next_line(lines *ls, const char **s, size_t *n)
{
    const char *nl;

    if (ls->p >= ls->end)
        return 0;
    nl = memchr(ls->p, '\n', (size_t)(ls->end - ls->p));
    *s = ls->p;
    *n = (size_t)((nl ? nl : ls->end) - ls->p);
    ls->p = nl ? nl + 1 : ls->end;
    if (*n > 0 && (*s)[*n - 1] == '\r')
        (*n)--;
    ls->no++;
    return 1;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i]))
            return 0;
    return 1;
}

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && isspace((unsigned char)**s))
        (*s)++, (*n)--;
    while (*n > 0 && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

/* needle in the n bytes at s (lines here are not NUL-terminated) */
static int contains(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, needle, k) == 0)
            return 1;
    return 0;
}

static int starts_with(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && strncasecmp(s, prefix, k) == 0;
}

/* A client prompt echoed before the boxed table ("mysql> SELECT ...",
 * "MariaDB [db]> ...", the guide's "> SELECT ...", "    -> ..."). */
static int prompt_line(const char *s, size_t n)
{
    trim(&s, &n);
    return starts_with(s, n, "mysql>") || starts_with(s, n, "mysql [") ||
           starts_with(s, n, "mariadb [") || starts_with(s, n, "mariadb>") ||
           starts_with(s, n, ">") || starts_with(s, n, "->");
}

static gtidpos_status put_cell(cells *c, const char *s, size_t n, const char *file, gp_error *e)
{
    if (c->n >= MAX_FIELDS)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "line %d: more than %d columns",
                            c->line, MAX_FIELDS);
    if (n >= FIELD_MAX)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "line %d: column %d longer than %d bytes",
                            c->line, c->n + 1, FIELD_MAX - 1);
    memcpy(c->v[c->n], s, n);
    c->v[c->n][n] = '\0';
    c->n++;
    return GTIDPOS_OK;
}

/* mysql -B: cells split on tabs; \\ \t \n \0 escapes (\0 is refused: no
 * name or id holds a NUL byte). */
static gtidpos_status split_tsv(cells *c, const char *s, size_t n, const char *file, gp_error *e)
{
    char buf[FIELD_MAX];
    size_t k = 0;

    c->n = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '\t') {
            gtidpos_status err = put_cell(c, buf, k, file, e);
            if (err != GTIDPOS_OK)
                return err;
            k = 0;
            continue;
        }
        if (k + 1 >= sizeof buf)
            return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "line %d: column %d too long",
                                c->line, c->n + 1);
        if (s[i] == '\\') {
            if (i + 1 >= n)
                return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                                    "line %d: '\\' at the end of the line", c->line);
            switch (s[++i]) {
            case '\\': buf[k++] = '\\'; break;
            case 't': buf[k++] = '\t'; break;
            case 'n': buf[k++] = '\n'; break;
            default:
                return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                                    "line %d: unexpected escape '\\%c'", c->line, s[i]);
            }
        } else {
            buf[k++] = s[i];
        }
    }
    return GTIDPOS_OK;
}

/* CSV (RFC 4180): ',' separated, "..." quoting with "" for a quote;
 * blanks around unquoted cells are dropped.  One row per line. */
static gtidpos_status split_csv(cells *c, const char *s, size_t n, const char *file, gp_error *e)
{
    size_t i = 0;

    c->n = 0;
    for (;;) {
        char buf[FIELD_MAX];
        size_t k = 0;

        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i < n && s[i] == '"') {
            for (i++;; i++) {
                if (i >= n)
                    return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                                        "line %d: unterminated quoted CSV field", c->line);
                if (s[i] == '"') {
                    if (i + 1 < n && s[i + 1] == '"')
                        i++;
                    else
                        break;
                }
                if (k + 1 >= sizeof buf)
                    return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "line %d: field too long",
                                        c->line);
                buf[k++] = s[i];
            }
            i++;
            while (i < n && (s[i] == ' ' || s[i] == '\t'))
                i++;
            if (i < n && s[i] != ',')
                return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                                    "line %d: text after a quoted CSV field", c->line);
        } else {
            size_t start = i, len;
            const char *f;
            while (i < n && s[i] != ',') {
                if (s[i] == '"')
                    return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                                        "line %d: '\"' inside an unquoted CSV field", c->line);
                i++;
            }
            f = s + start;
            len = i - start;
            trim(&f, &len);
            if (len >= sizeof buf)
                return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "line %d: field too long", c->line);
            memcpy(buf, f, len);
            k = len;
        }
        gtidpos_status err = put_cell(c, buf, k, file, e);
        if (err != GTIDPOS_OK)
            return err;
        if (i >= n)
            return GTIDPOS_OK;
        i++; /* the ',' */
    }
}

static int border_line(const char *s, size_t n)
{
    if (n < 2 || s[0] != '+' || s[n - 1] != '+')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != '+' && s[i] != '-')
            return 0;
    return 1;
}

/* A boxed row is cut at the border's '+' columns, not at '|' characters:
 * DM v1.0 checkpoint names contain '|' ("mysql-bin|000001.000123"). */
static gtidpos_status split_boxed(cells *c, const char *s, size_t n, const char *border, size_t bn,
                          const char *file, gp_error *e)
{
    size_t start = 1;

    c->n = 0;
    if (n != bn)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                            "line %d: row is %zu characters wide, the table's border %zu",
                            c->line, n, bn);
    if (s[0] != '|')
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "line %d: a table row starts with '|'",
                            c->line);
    for (size_t i = 1; i < bn; i++) {
        if (border[i] != '+')
            continue;
        if (s[i] != '|')
            return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                                "line %d: expected '|' at column %zu", c->line, i + 1);
        const char *f = s + start;
        size_t len = i - start;
        trim(&f, &len);
        gtidpos_status err = put_cell(c, f, len, file, e);
        if (err != GTIDPOS_OK)
            return err;
        start = i + 1;
    }
    return GTIDPOS_OK;
}

/* Header names compared without backquotes and case. */
static int header_is(const char *cell, const char *name)
{
    size_t n = strlen(cell);
    if (n >= 2 && cell[0] == '`' && cell[n - 1] == '`')
        return strlen(name) == n - 2 && strncasecmp(cell + 1, name, n - 2) == 0;
    return strcasecmp(cell, name) == 0;
}

static gtidpos_status parse_pos(const char *s, uint64_t *out, const char *file, const char *where,
                        gp_error *e)
{
    uint64_t v = 0;

    if (*s == '\0')
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "%s: empty binlog_pos", where);
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                                "%s: binlog_pos '%s' is not a decimal byte offset", where, s);
        if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
            return gp_error_set(e, GTIDPOS_ERR_RANGE, file, -1, "%s: binlog_pos '%s' is too large",
                                where, s);
        v = v * 10 + (uint64_t)(*p - '0');
    }
    *out = v;
    return GTIDPOS_OK;
}

static gtidpos_status add_row(gp_dm_checkpoints *t, size_t first_new, const char *id, const char *name,
                      const char *pos, const char *file, const char *where, gp_error *e)
{
    gp_dm_cp_row row;
    gtidpos_status err;

    memset(&row, 0, sizeof row);
    if (*id == '\0' || strcmp(id, "NULL") == 0)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "%s: empty id (source-id)", where);
    if (strlen(id) >= sizeof row.id)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "%s: id longer than %d bytes", where,
                            (int)sizeof row.id - 1);
    if (*name == '\0' || strcmp(name, "NULL") == 0)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "%s: empty binlog_name", where);
    if (strlen(name) >= sizeof row.name)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "%s: binlog_name longer than %d bytes",
                            where, (int)sizeof row.name - 1);
    for (const char *p = id; *p; p++)
        if ((unsigned char)*p < 0x20)
            return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "%s: control character in id", where);
    for (const char *p = name; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == '/')
            return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                                "%s: binlog_name '%s' is not a binlog file name", where, name);
    if ((err = parse_pos(pos, &row.pos, file, where, e)) != GTIDPOS_OK)
        return err;
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->rows[i].id, id) == 0)
            return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                                "%s: a second checkpoint for source '%s' (the first: %s%s); "
                                "one source has one global checkpoint", where, id,
                                t->rows[i].origin, i >= first_new ? "" : " of an earlier input");
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 8;
        gp_dm_cp_row *r = realloc(t->rows, cap * sizeof *r);
        if (r == NULL)
            return gp_error_set(e, GTIDPOS_ERR_NOMEM, file, -1, "out of memory");
        t->rows = r;
        t->cap = cap;
    }
    strcpy(row.id, id);
    strcpy(row.name, name);
    snprintf(row.origin, sizeof row.origin, "%s", where);
    t->rows[t->n++] = row;
    return GTIDPOS_OK;
}

void gp_dm_checkpoints_init(gp_dm_checkpoints *t)
{
    memset(t, 0, sizeof *t);
}

void gp_dm_checkpoints_free(gp_dm_checkpoints *t)
{
    free(t->rows);
    memset(t, 0, sizeof *t);
}

const char *gp_dm_cp_form_name(gp_dm_cp_form f)
{
    switch (f) {
    case GTIDPOS_DM_TABLE_TSV: return "mysql -B (tab-separated)";
    case GTIDPOS_DM_TABLE_BOXED: return "boxed table";
    case GTIDPOS_DM_TABLE_CSV: return "CSV";
    case GTIDPOS_DM_TABLE_NONE: break;
    }
    return "none";
}

const gp_dm_cp_row *gp_dm_checkpoints_find(const gp_dm_checkpoints *t, const char *id)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->rows[i].id, id) == 0)
            return &t->rows[i];
    return NULL;
}

typedef struct columns {
    int id, name, pos, global, ncols;
    int headless; /* no header line (mysql -B -N): the guide's three columns assumed */
} columns;

static gtidpos_status read_header(columns *col, const cells *c, const char *file, gp_error *e)
{
    col->id = col->name = col->pos = col->global = -1;
    col->ncols = c->n;
    for (int i = 0; i < c->n; i++) {
        int *slot = header_is(c->v[i], "id") ? &col->id
                  : header_is(c->v[i], "binlog_name") ? &col->name
                  : header_is(c->v[i], "binlog_pos") ? &col->pos
                  : header_is(c->v[i], "is_global") ? &col->global : NULL;
        if (slot == NULL)
            continue;
        if (*slot >= 0)
            return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "line %d: column '%s' given twice",
                                c->line, c->v[i]);
        *slot = i;
    }
    if (col->id < 0 || col->name < 0 || col->pos < 0)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                            "line %d: the header must name the columns id, binlog_name and "
                            "binlog_pos", c->line);
    return GTIDPOS_OK;
}

static int looks_like_header(const cells *c)
{
    for (int i = 0; i < c->n; i++)
        if (header_is(c->v[i], "binlog_pos") || header_is(c->v[i], "binlog_name") ||
            (i == 0 && header_is(c->v[i], "id")))
            return 1;
    return 0;
}

static gtidpos_status take_row(gp_dm_checkpoints *t, size_t first_new, const columns *col,
                       const cells *c, const char *file, gp_error *e)
{
    char where[96];

    if (c->n != col->ncols && col->headless)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                            "line %d: %d columns and no header line (mysql -N leaves it out): "
                            "without one the columns must be id, binlog_name, binlog_pos in "
                            "that order; run the query without -N, or select those three "
                            "columns", c->line, c->n);
    if (c->n != col->ncols)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "line %d: %d columns, the header has %d",
                            c->line, c->n, col->ncols);
    if (col->global >= 0 && strcmp(c->v[col->global], "1") != 0)
        return GTIDPOS_OK; /* a table checkpoint of SELECT *: not the global one */
    snprintf(where, sizeof where, "line %d", c->line);
    return add_row(t, first_new, c->v[col->id], c->v[col->name], c->v[col->pos], file, where, e);
}

/* What a table's header and rows go to: the checkpoint rows, or a
 * generic table (gp_dm_table_parse). */
typedef struct sink {
    int (*is_header)(const cells *c);
    gtidpos_status (*header)(void *ctx, const cells *c, const char *file, gp_error *e);
    gtidpos_status (*headless)(void *ctx, const cells *c, const char *file, gp_error *e);
    gtidpos_status (*row)(void *ctx, const cells *c, const char *file, gp_error *e);
    void *ctx;
    const char *noun; /* "checkpoint table", for messages */
} sink;

/* The one reader of the three forms; *formp NONE when the input holds no
 * table at all (mysql -B prints nothing for an empty result). */
static gtidpos_status walk_table(const char *text, size_t len, const char *file, const sink *k,
                         gp_dm_cp_form *formp, int *rowsp, gp_error *e)
{
    lines ls = {text, text + len, 0};
    const char *s, *border = NULL;
    size_t n, bn = 0;
    gp_dm_cp_form form = GTIDPOS_DM_TABLE_NONE;
    int have_header = 0, borders = 0, ended = 0, rows = 0;
    cells *c = malloc(sizeof *c);
    gtidpos_status err = GTIDPOS_OK;

    if (c == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, file, -1, "out of memory");
    while (err == GTIDPOS_OK && next_line(&ls, &s, &n)) {
        c->line = ls.no;
        if (form == GTIDPOS_DM_TABLE_NONE) {
            const char *ts = s;
            size_t tn = n;
            trim(&ts, &tn);
            if (tn == 0)
                continue;
            if (memchr(s, '\0', n) != NULL) {
                err = gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "line %d: NUL byte", ls.no);
                break;
            }
            if (ts[0] == '+')
                form = GTIDPOS_DM_TABLE_BOXED;
            else if (prompt_line(s, n))
                continue; /* a pasted "mysql> SELECT ..." before the table */
            else if (memchr(s, '\t', n) != NULL)
                form = GTIDPOS_DM_TABLE_TSV;
            else if (memchr(s, ',', n) != NULL)
                form = GTIDPOS_DM_TABLE_CSV;
            else {
                err = gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                                   "line %d: not a %s: expected mysql -B "
                                   "(tab-separated), the client's boxed table or CSV",
                                   ls.no, k->noun);
                break;
            }
        }
        if (memchr(s, '\0', n) != NULL) {
            err = gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "line %d: NUL byte", ls.no);
            break;
        }
        switch (form) {
        case GTIDPOS_DM_TABLE_BOXED:
            trim(&s, &n);
            if (ended) {
                /* after the closing border: "2 rows in set (0.00 sec)" */
                if (n == 0 || contains(s, n, " in set") || prompt_line(s, n))
                    continue;
                err = gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                                   "line %d: text after the end of the table", ls.no);
                break;
            }
            if (n > 0 && s[0] == '+') {
                if (!border_line(s, n)) {
                    err = gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                                       "line %d: malformed table border", ls.no);
                    break;
                }
                if (border != NULL && (n != bn || memcmp(s, border, n) != 0)) {
                    err = gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                                       "line %d: border differs from the table's first", ls.no);
                    break;
                }
                border = s, bn = n;
                borders++;
                if (borders == 3)
                    ended = 1;
                else if (borders == 2 && !have_header)
                    err = gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                                       "line %d: the table has no header row", ls.no);
                continue;
            }
            if (border == NULL || (borders == 2 && !have_header)) {
                err = gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "line %d: expected a table border",
                                   ls.no);
                break;
            }
            if ((err = split_boxed(c, s, n, border, bn, file, e)) != GTIDPOS_OK)
                break;
            if (!have_header) {
                if (borders != 1) {
                    err = gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                                       "line %d: expected the header row", ls.no);
                    break;
                }
                err = k->header(k->ctx, c, file, e);
                have_header = 1;
                continue;
            }
            if (borders != 2) {
                err = gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                                   "line %d: a second header row", ls.no);
                break;
            }
            err = k->row(k->ctx, c, file, e);
            rows++;
            break;
        case GTIDPOS_DM_TABLE_TSV:
        case GTIDPOS_DM_TABLE_CSV:
            if (blank(s, n))
                continue;
            err = form == GTIDPOS_DM_TABLE_TSV ? split_tsv(c, s, n, file, e)
                                               : split_csv(c, s, n, file, e);
            if (err != GTIDPOS_OK)
                break;
            if (!have_header) {
                have_header = 1;
                if (k->is_header(c)) {
                    err = k->header(k->ctx, c, file, e);
                    continue;
                }
                /* mysql -B -N or a bare CSV: no header */
                if ((err = k->headless(k->ctx, c, file, e)) != GTIDPOS_OK)
                    break;
            }
            err = k->row(k->ctx, c, file, e);
            rows++;
            break;
        case GTIDPOS_DM_TABLE_NONE:
            break;
        }
    }
    if (err == GTIDPOS_OK && form == GTIDPOS_DM_TABLE_BOXED && !ended)
        err = gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                           "line %d: the table is not closed by a border", ls.no);
    free(c);
    *formp = form;
    *rowsp = rows;
    return err;
}

/* ---- the checkpoint table ---- */

typedef struct cp_ctx {
    gp_dm_checkpoints *t;
    size_t before;
    columns col;
} cp_ctx;

static gtidpos_status cp_header(void *ctx, const cells *c, const char *file, gp_error *e)
{
    return read_header(&((cp_ctx *)ctx)->col, c, file, e);
}

static gtidpos_status cp_headless(void *ctx, const cells *c, const char *file, gp_error *e)
{
    (void)c, (void)file, (void)e;
    /* the guide's query's own column order */
    ((cp_ctx *)ctx)->col = (columns){0, 1, 2, -1, 3, 1};
    return GTIDPOS_OK;
}

static gtidpos_status cp_row(void *ctx, const cells *c, const char *file, gp_error *e)
{
    cp_ctx *x = ctx;
    return take_row(x->t, x->before, &x->col, c, file, e);
}

gtidpos_status gp_dm_checkpoints_parse(gp_dm_checkpoints *t, const char *text, size_t len,
                               const char *file, gp_error *e)
{
    cp_ctx x = {t, t->n, {-1, -1, -1, -1, 3, 0}};
    sink k = {looks_like_header, cp_header, cp_headless, cp_row, &x, "checkpoint table"};
    gp_dm_cp_form form;
    int rows = 0;
    gtidpos_status err = walk_table(text, len, file, &k, &form, &rows, e);
    size_t before = x.before;

    if (err == GTIDPOS_OK && form == GTIDPOS_DM_TABLE_NONE)
        err = gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "no checkpoint table in the input");
    else if (err == GTIDPOS_OK && rows == 0)
        err = gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "the table has no rows");
    else if (err == GTIDPOS_OK && t->n == before)
        /* SELECT * with only table checkpoints: DM resumes from the global
         * row (is_global = 1), and without it there is nothing to convert. */
        err = gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                           "the table has no global checkpoint (no row with is_global = 1)");
    if (err != GTIDPOS_OK) {
        t->n = before;
        return err;
    }
    t->form = form;
    return GTIDPOS_OK;
}

/* ---- any table with a header ---- */

static int always_header(const cells *c)
{
    (void)c;
    return 1;
}

static gtidpos_status tb_header(void *ctx, const cells *c, const char *file, gp_error *e)
{
    gp_dm_table *tb = ctx;
    (void)file;
    if ((tb->head = calloc((size_t)c->n, sizeof *tb->head)) == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, file, -1, "out of memory");
    tb->ncols = c->n;
    for (int i = 0; i < c->n; i++)
        if ((tb->head[i] = strdup(c->v[i])) == NULL)
            return gp_error_set(e, GTIDPOS_ERR_NOMEM, file, -1, "out of memory");
    return GTIDPOS_OK;
}

static gtidpos_status tb_row(void *ctx, const cells *c, const char *file, gp_error *e)
{
    gp_dm_table *tb = ctx;
    char ***rows;
    int *nl;
    if (c->n != tb->ncols)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "line %d: %d columns, the header has %d",
                            c->line, c->n, tb->ncols);
    rows = realloc(tb->rows, (tb->n + 1) * sizeof *rows);
    if (rows != NULL)
        tb->rows = rows;
    nl = realloc(tb->lines, (tb->n + 1) * sizeof *nl);
    if (nl != NULL)
        tb->lines = nl;
    if (rows == NULL || nl == NULL ||
        (tb->rows[tb->n] = calloc((size_t)c->n, sizeof **rows)) == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, file, -1, "out of memory");
    tb->lines[tb->n] = c->line;
    tb->n++;
    for (int i = 0; i < c->n; i++)
        if ((tb->rows[tb->n - 1][i] = strdup(c->v[i])) == NULL)
            return gp_error_set(e, GTIDPOS_ERR_NOMEM, file, -1, "out of memory");
    return GTIDPOS_OK;
}

void gp_dm_table_free(gp_dm_table *tb)
{
    for (size_t i = 0; i < tb->n; i++) {
        for (int j = 0; tb->rows[i] && j < tb->ncols; j++)
            free(tb->rows[i][j]);
        free(tb->rows[i]);
    }
    for (int j = 0; tb->head && j < tb->ncols; j++)
        free(tb->head[j]);
    free(tb->head);
    free(tb->rows);
    free(tb->lines);
    memset(tb, 0, sizeof *tb);
}

int gp_dm_table_column(const gp_dm_table *tb, const char *name)
{
    for (int i = 0; i < tb->ncols; i++)
        if (header_is(tb->head[i], name))
            return i;
    return -1;
}

gtidpos_status gp_dm_table_parse(gp_dm_table *tb, const char *text, size_t len, const char *file,
                         gp_error *e)
{
    sink k = {always_header, tb_header, NULL, tb_row, tb, "table"};
    gp_dm_cp_form form;
    int rows = 0;
    gtidpos_status err;

    memset(tb, 0, sizeof *tb);
    err = walk_table(text, len, file, &k, &form, &rows, e);
    if (err != GTIDPOS_OK)
        gp_dm_table_free(tb);
    return err;
}

gtidpos_status gp_dm_checkpoints_add_option(gp_dm_checkpoints *t, const char *arg, gp_error *e)
{
    const char *eq = strchr(arg, '='), *colon = strrchr(arg, ':');
    char id[sizeof((gp_dm_cp_row *)0)->id], name[sizeof((gp_dm_cp_row *)0)->name];

    if (eq == NULL || colon == NULL || colon < eq)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, NULL, -1,
                            "--checkpoint '%s': expected ID=NAME:POS", arg);
    if ((size_t)(eq - arg) >= sizeof id || (size_t)(colon - eq - 1) >= sizeof name)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, NULL, -1, "--checkpoint '%s': too long", arg);
    memcpy(id, arg, (size_t)(eq - arg));
    id[eq - arg] = '\0';
    memcpy(name, eq + 1, (size_t)(colon - eq - 1));
    name[colon - eq - 1] = '\0';
    return add_row(t, t->n, id, name, colon + 1, NULL, "--checkpoint", e);
}
