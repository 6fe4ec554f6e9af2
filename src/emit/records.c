#include "records.h"

#include <inttypes.h>
#include <string.h>

#include "emit.h"

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
}

static void tsv_value(FILE *out, const char *s)
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

/* The separator, or for JSON the name; then the value is written. */
static void field_start(gp_rec *r, const char *name)
{
    if (r->format == GP_REC_JSONL) {
        fputc(r->fields == 0 ? '{' : ',', r->out);
        gp_json_string(r->out, name);
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
            gp_json_string(r->out, value);
    } else if (value != NULL) {
        (r->format == GP_REC_CSV ? csv_value : tsv_value)(r->out, value);
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

void gp_rec_end(gp_rec *r)
{
    if (r->header && r->format == GP_REC_JSONL)
        return;
    if (r->format == GP_REC_JSONL)
        fputs(r->fields == 0 ? "{}\n" : "}\n", r->out);
    else
        fputs(r->format == GP_REC_CSV ? "\r\n" : "\n", r->out);
}
