/* SPDX-License-Identifier: BSD-2-Clause */
#include "records.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int gp_rec_parse_format(const char *s, gp_rec_format *out)
{
    if (strcmp(s, "tsv") == 0)
        *out = GP_REC_TSV;
    else if (strcmp(s, "csv") == 0)
        *out = GP_REC_CSV;
    else if (strcmp(s, "jsonl") == 0)
        *out = GP_REC_JSONL;
    else
        return -1;
    return 0;
}

void gp_rec_begin(gp_rec *r, FILE *out, gp_rec_format format, int header)
{
    r->out = out;
    r->format = format;
    r->header = header;
    r->fields = 0;
    r->failed = 0;
}

void gp_put_tsv(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '\\': fputs("\\\\", out); break;
        case '\t': fputs("\\t", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        default: fputc(*s, out);
        }
    }
}

static void csv_value(FILE *out, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

/* str as a JSON string, escaped as the library's own JSON is
 * (gtidpos_json_quote): one rule for every JSON line gtidpos prints. */
int gp_put_json_string(FILE *out, const char *str)
{
    char *q = gtidpos_json_quote(str != NULL ? str : "");

    if (q == NULL) {
        fputs("\"\"", out);
        return -1;
    }
    fputs(q, out);
    free(q);
    return 0;
}

/* A JSON string; out of memory marks the record failed (gp_rec_end). */
static void json_string(gp_rec *r, const char *s)
{
    if (gp_put_json_string(r->out, s) != 0)
        r->failed = 1;
}

/* The separator, or for JSON the name; then the value is written. */
static void field_start(gp_rec *r, const char *name)
{
    if (r->format == GP_REC_JSONL) {
        fputs(r->fields == 0 ? GP_SCHEMA_MEMBER "," : ",", r->out);
        json_string(r, name);
        fputc(':', r->out);
    } else if (r->fields > 0) {
        fputc(r->format == GP_REC_CSV ? ',' : '\t', r->out);
    }
    r->fields++;
}

void gp_rec_str(gp_rec *r, const char *name, const char *value)
{
    if (r->header) {
        if (r->format == GP_REC_JSONL)
            return;
        value = name;
    }
    field_start(r, name);
    if (r->format == GP_REC_JSONL) {
        if (value == NULL)
            fputs("null", r->out);
        else
            json_string(r, value);
    } else if (value != NULL) {
        (r->format == GP_REC_CSV ? csv_value : gp_put_tsv)(r->out, value);
    }
}

void gp_rec_u64(gp_rec *r, const char *name, uint64_t value)
{
    if (r->header) {
        gp_rec_str(r, name, NULL);
        return;
    }
    field_start(r, name);
    fprintf(r->out, "%" PRIu64, value);
}

int gp_rec_end(gp_rec *r)
{
    if (r->header && r->format == GP_REC_JSONL)
        return 0;
    if (r->format == GP_REC_JSONL)
        fputs(r->fields == 0 ? GP_SCHEMA_MEMBER "}\n" : "}\n", r->out);
    else
        fputs(r->format == GP_REC_CSV ? "\r\n" : "\n", r->out);
    return r->failed ? -1 : 0;
}

void gp_rec_utc(gp_rec *r, const char *name, int present, uint32_t t)
{
    time_t tt = (time_t)t;
    char buf[21];
    struct tm tm;

    if (!present || r->header) {
        gp_rec_str(r, name, NULL);
        return;
    }
    if (gmtime_r(&tt, &tm) == NULL || strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, sizeof buf, "%" PRIu32, t);
    gp_rec_str(r, name, buf);
}

char *gp_json_add_schema(char *obj)
{
    size_t n, head = sizeof GP_SCHEMA_MEMBER - 1;
    char *out;

    if (obj == NULL || obj[0] != '{')
        return obj; /* not an object: left as it is */
    n = strlen(obj);
    if ((out = malloc(head + n + 1)) == NULL) {
        free(obj);
        return NULL;
    }
    memcpy(out, GP_SCHEMA_MEMBER, head);
    /* "{}" gets no comma: {"schema_version":1} */
    if (obj[1 + strspn(obj + 1, " ")] == '}') {
        memcpy(out + head, obj + 1, n); /* the rest and its NUL */
    } else {
        out[head] = ',';
        memcpy(out + head + 1, obj + 1, n);
    }
    free(obj);
    return out;
}
