/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * records.h - flat records (one line each) as TSV, CSV or JSON lines, for
 * outputs that other tools load (gtidpos scan).
 *
 * A record is written field by field: gp_rec_begin, gp_rec_str /
 * gp_rec_u64 for each field in a fixed order, gp_rec_end.  The same calls
 * with header=1 write the header line (the field names) instead; JSON
 * lines have none.
 *
 * TSV: fields separated by tabs, lines end in \n; \ tab newline and CR in
 *      a value are written \\ \t \n \r; an absent value is empty.
 * CSV: RFC 4180: separated by commas, lines end in CRLF; a value holding
 *      a comma, a double quote, CR or LF is double-quoted, its quotes
 *      doubled; an absent value is empty.
 * JSON lines: one object per line, "schema_version":1 first (see
 *      GP_SCHEMA_VERSION), then the names as given; numbers bare, absent
 *      values null, strings escaped as the library's own JSON escapes them
 *      (bytes that are not UTF-8 become \u00XX, one per byte).
 * With no header, outputs of several runs concatenate into one valid file.
 */
#ifndef GP_CLI_RECORDS_H
#define GP_CLI_RECORDS_H

#include <stdint.h>
#include <stdio.h>

#include "gtidpos.h"

/* Every JSON document or line gtidpos prints starts with this member
 * (issue 14): a reader checks it before the fields it knows.  It goes up
 * only when a field changes meaning or goes away; new fields keep it. */
#define GP_SCHEMA_VERSION 1
#define GP_SCHEMA_MEMBER "{\"schema_version\":1"

typedef enum gp_rec_format { GP_REC_TSV = 0, GP_REC_CSV, GP_REC_JSONL } gp_rec_format;

typedef struct gp_rec {
    FILE *out;
    gp_rec_format format;
    int header;   /* write the names instead of the values */
    int fields;   /* fields written so far in this record */
    int failed;   /* out of memory while writing it */
} gp_rec;

/* "tsv", "csv", "jsonl" -> format.  0 or -1. */
int gp_rec_parse_format(const char *s, gp_rec_format *out);

void gp_rec_begin(gp_rec *r, FILE *out, gp_rec_format format, int header);
/* value NULL: absent. */
void gp_rec_str(gp_rec *r, const char *name, const char *value);
void gp_rec_u64(gp_rec *r, const char *name, uint64_t value);
/* t (seconds since the epoch) as ISO 8601 UTC, "2024-05-01T10:00:00Z";
 * present 0: absent. */
void gp_rec_utc(gp_rec *r, const char *name, int present, uint32_t t);
/* s as a JSON string on out (as the library escapes its own); -1 when out of memory
 * ("" written instead). */
int gp_put_json_string(FILE *out, const char *s);

/* s with TSV's escapes (\\ \t \n \r), for text records that are not
 * written through gp_rec (verify's lines, at --before's). */
void gp_put_tsv(FILE *out, const char *s);
/* A JSON object's text (malloc'd, taken over) with "schema_version":1 put
 * first: a new malloc'd string, NULL when out of memory (or obj NULL). */
char *gp_json_add_schema(char *obj);

/* 0, or -1 when the record could not be written whole (out of memory). */
int gp_rec_end(gp_rec *r);

#endif
