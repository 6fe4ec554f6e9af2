/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verify_merge.c - verify --json and verify --merge (see verify_merge.h).
 */
#include "verify_merge.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exit_status.h"
#include "records.h"
#include "verify_join.h"
#include "walk_opts.h"

/* ------------------------------------------------------------- --json */

typedef struct json_ctx {
    FILE *out;
    const char *path, *name; /* the file being checked */
} json_ctx;

static void json_report(void *ctx, const char *file, int64_t offset, int note, const char *msg)
{
    json_ctx *c = ctx;
    gp_rec r;

    gp_rec_begin(&r, c->out, GP_REC_JSONL, 0);
    gp_rec_str(&r, "record", "report");
    gp_rec_str(&r, "file", file);
    gp_rec_str(&r, "path", c->path);
    gp_rec_str(&r, "name", c->name);
    if (offset >= 0)
        gp_rec_u64(&r, "offset", (uint64_t)offset);
    else
        gp_rec_str(&r, "offset", NULL);
    gp_rec_u64(&r, "note", note != 0);
    gp_rec_str(&r, "message", msg);
    gp_rec_end(&r);
}

void gp_verify_json_file(const char *path, const char *name)
{
    json_ctx c = {stdout, path, name};
    gtidpos_check_summary *sum = NULL;
    gp_vcheck s;
    GP_ERROR_VAR(err);
    char *start = NULL, *end = NULL;
    GP_OPTIONS_VAR(lopt, NULL);
    int opened = gtidpos_check_file(path, lopt, json_report, &c, &sum, err) == GTIDPOS_OK;
    gp_rec r;

    memset(&s, 0, sizeof s);
    if (opened) {
        gp_vcheck_from(&s, sum);
        gtidpos_check_summary_free(sum);
        /* The sets the chain checks on both sides of this file read
         * (gtidpos_check_chain reads them the same way). */
        start = gtidpos_check_chain_end(path, 0, lopt);
        end = gtidpos_check_chain_end(path, 1, lopt);
    }
    gp_rec_begin(&r, stdout, GP_REC_JSONL, 0);
    gp_rec_str(&r, "record", "file");
    gp_rec_str(&r, "file", path);
    gp_rec_str(&r, "name", name);
    gp_rec_u64(&r, "opened", opened);
    gp_rec_str(&r, "error", opened ? NULL : gtidpos_error_line(err));
    gp_rec_u64(&r, "error_exit", opened ? 0 : (uint64_t)gp_exit_for_status(gtidpos_error_code(err)));
    gp_rec_u64(&r, "events", s.events);
    gp_rec_u64(&r, "bytes", s.bytes);
    gp_rec_u64(&r, "flavor", (uint64_t)s.flavor);
    gp_rec_u64(&r, "in_use", s.in_use != 0);
    gp_rec_u64(&r, "relay", s.relay != 0);
    gp_rec_u64(&r, "positions_checked", s.positions_checked != 0);
    gp_rec_u64(&r, "archive_damaged", s.archive_damaged != 0);
    gp_rec_u64(&r, "stop", (uint64_t)s.stop);
    gp_rec_str(&r, "start_set", start);
    gp_rec_str(&r, "end_set", end);
    gp_rec_end(&r);
    free(start);
    free(end);
}

/* ------------------------------------------------------------ --merge */

/* One line of --json output: a flat object of strings, numbers, null. */
#define MAX_FIELDS 24
typedef struct jline {
    size_t n;
    char *name[MAX_FIELDS];
    char *value[MAX_FIELDS]; /* NULL: null; numbers as their digits */
} jline;

static void jline_free(jline *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->name[i]);
        free(l->value[i]);
    }
    l->n = 0;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* A JSON string at *p (after its opening quote) into a malloc'd string;
 * \u00XX comes back as the byte XX: gtidpos writes an invalid UTF-8 byte
 * so (emit/json.c), and never a valid character. */
static char *read_string(const char **p)
{
    const char *s = *p;
    char *out = malloc(strlen(s) + 1), *o = out;

    if (out == NULL)
        return NULL;
    for (; *s != '"'; s++) {
        if (*s == '\0')
            return free(out), NULL;
        if (*s != '\\') {
            *o++ = *s;
            continue;
        }
        s++;
        switch (*s) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'u': {
            /* exactly four hex digits: sscanf's "%4x" took fewer (or a
             * sign, "0x") and s += 4 then ran past the string's end */
            unsigned v = 0;
            for (int k = 1; k <= 4; k++) {
                int d = hex_digit(s[k]);
                if (d < 0)
                    return free(out), NULL;
                v = v * 16 + (unsigned)d;
            }
            if (v > 0xff || v == 0)
                return free(out), NULL;
            *o++ = (char)v;
            s += 4;
            break;
        }
        default: return free(out), NULL;
        }
    }
    *o = '\0';
    *p = s + 1;
    return out;
}

static int jline_parse(jline *l, const char *s)
{
    l->n = 0;
    if (*s++ != '{')
        return -1;
    while (*s == '"' && l->n < MAX_FIELDS) {
        size_t i = l->n;
        s++;
        l->value[i] = NULL;
        if ((l->name[i] = read_string(&s)) == NULL)
            return -1;
        l->n++;
        if (*s++ != ':')
            return -1;
        if (*s == '"') {
            s++;
            if ((l->value[i] = read_string(&s)) == NULL)
                return -1;
        } else if (strncmp(s, "null", 4) == 0) {
            s += 4;
        } else {
            size_t k = strspn(s, "0123456789");
            if (k == 0 || (l->value[i] = strndup(s, k)) == NULL)
                return -1;
            s += k;
        }
        if (*s == ',')
            s++;
        else
            break;
    }
    return strcmp(s, "}") == 0 || strcmp(s, "}\n") == 0 ? 0 : -1;
}

/* The value of name; *found 0 when absent. */
static const char *get(const jline *l, const char *name, int *found)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->name[i], name) == 0) {
            if (found)
                *found = 1;
            return l->value[i];
        }
    if (found)
        *found = 0;
    return NULL;
}

static unsigned long long num(const jline *l, const char *name)
{
    const char *v = get(l, name, NULL);

    return v != NULL ? strtoull(v, NULL, 10) : 0;
}

typedef struct lines {
    jline *v;
    size_t n, cap;
    size_t files;
} lines;

static int part_error(const char *part, size_t lineno, const char *what)
{
    fprintf(stderr, "gtidpos: %s: line %zu: %s\n", part, lineno, what);
    return GP_EXIT_USAGE;
}

/* Every line of one part, appended to all. */
static int read_part(const char *part, lines *all)
{
    FILE *in = strcmp(part, "-") == 0 ? stdin : fopen(part, "r");
    char *buf = NULL;
    size_t cap = 0, lineno = 0;
    int rc = GP_EXIT_OK;

    if (in == NULL) {
        fprintf(stderr, "gtidpos: %s: %s\n", part, strerror(errno));
        return GP_EXIT_IO;
    }
    while (rc == GP_EXIT_OK && getline(&buf, &cap, in) != -1) {
        jline l;
        const char *rec, *sv;
        int has_rec;
        lineno++;
        if (jline_parse(&l, buf) != 0 || l.n == 0 || strcmp(l.name[0], "schema_version") != 0 ||
            (sv = l.value[0]) == NULL || strcmp(sv, "1") != 0) {
            jline_free(&l);
            rc = part_error(part, lineno, "not a line of `gtidpos verify --json` (schema_version 1)");
            break;
        }
        rec = get(&l, "record", &has_rec);
        if (rec == NULL || get(&l, "file", NULL) == NULL ||
            (strcmp(rec, "report") != 0 && strcmp(rec, "file") != 0)) {
            jline_free(&l);
            rc = part_error(part, lineno, "a record that is neither \"report\" nor \"file\"");
            break;
        }
        /* an unreadable file's status becomes the run's: only one that
         * gtidpos exits with for a file it could not check */
        if (strcmp(rec, "file") == 0 && num(&l, "opened") == 0 &&
            (num(&l, "error_exit") < GP_EXIT_USAGE || num(&l, "error_exit") > GP_EXIT_INTERNAL)) {
            jline_free(&l);
            rc = part_error(part, lineno, "error_exit is not an exit status of gtidpos (2 to 8)");
            break;
        }
        if (all->n == all->cap) {
            size_t ncap = all->cap ? all->cap * 2 : 256;
            jline *g = realloc(all->v, ncap * sizeof *g);
            if (g == NULL) {
                jline_free(&l);
                rc = GP_EXIT_INTERNAL;
                break;
            }
            all->v = g;
            all->cap = ncap;
        }
        all->files += strcmp(rec, "file") == 0;
        all->v[all->n++] = l;
    }
    if (rc == GP_EXIT_OK && ferror(in)) {
        fprintf(stderr, "gtidpos: %s: %s\n", part, strerror(errno));
        rc = GP_EXIT_IO;
    }
    free(buf);
    if (in != stdin)
        fclose(in);
    return rc;
}

int gp_verify_merge(char *const *parts, size_t n)
{
    lines all = {0};
    gp_vjoin j;
    size_t done = 0;
    int rc = GP_EXIT_OK;

    /* All of it first: nothing is printed from a part that proves bad. */
    for (size_t i = 0; rc == GP_EXIT_OK && i < n; i++)
        rc = read_part(parts[i], &all);
    if (rc == GP_EXIT_OK && all.files == 0)
        rc = part_error(n ? parts[0] : "-", 0, "no file record in the parts");
    if (rc == GP_EXIT_OK && strcmp(get(&all.v[all.n - 1], "record", NULL), "file") != 0)
        rc = part_error(parts[n - 1], 0, "ends with reports of a file that has no file record");
    if (rc != GP_EXIT_OK) {
        for (size_t i = 0; i < all.n; i++)
            jline_free(&all.v[i]);
        free(all.v);
        return rc;
    }
    gp_vjoin_init(&j);
    gp_vjoin_begin_file(&j, NULL, NULL);
    for (size_t i = 0; i < all.n; i++) {
        const jline *l = &all.v[i];
        const char *file = get(l, "file", NULL), *name = get(l, "name", NULL);

        if (strcmp(get(l, "record", NULL), "report") == 0) {
            const char *off = get(l, "offset", NULL), *msg = get(l, "message", NULL);
            /* the file being checked, as the single run names it */
            j.path = get(l, "path", NULL);
            j.name = j.path != NULL && name != NULL ? name : j.path;
            gp_vjoin_report(&j, file, off ? (int64_t)strtoll(off, NULL, 10) : -1,
                            num(l, "note") != 0, msg ? msg : "");
            continue;
        }
        j.path = file;
        j.name = name != NULL ? name : file;
        if (!num(l, "opened")) {
            const char *msg = get(l, "error", NULL);
            gp_vjoin_unreadable(&j, file, msg ? msg : "", (int)num(l, "error_exit"));
        } else {
            gp_vcheck s;
            memset(&s, 0, sizeof s);
            s.events = num(l, "events");
            s.bytes = num(l, "bytes");
            s.flavor = (int)num(l, "flavor");
            s.in_use = (int)num(l, "in_use");
            s.relay = (int)num(l, "relay");
            s.positions_checked = (int)num(l, "positions_checked");
            s.archive_damaged = (int)num(l, "archive_damaged");
            s.stop = (gtidpos_status)num(l, "stop");
            gp_vjoin_checked(&j, file, &s, ++done == all.files, 1, get(l, "start_set", NULL),
                             get(l, "end_set", NULL));
        }
        if (!num(l, "opened"))
            done++;
        gp_vjoin_begin_file(&j, NULL, NULL);
    }
    for (size_t i = 0; i < all.n; i++)
        jline_free(&all.v[i]);
    free(all.v);
    return gp_vjoin_finish(&j);
}
