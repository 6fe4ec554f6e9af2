/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * toml.h - a small, strict reader for the TOML that TiDB DM v1.0 writes and
 * reads: relay.meta (binlog-name, binlog-pos, binlog-gtid) and
 * dm-worker.toml (source-id, flavor, enable-gtid, relay-dir, [from], ...).
 *
 * Accepted (TOML v1.0.0 subset):
 *   - blank lines and '#' comments, also after a value;
 *   - `[table]` headers with one bare key (so `[from]`, `[purge]`);
 *   - `key = value` with a bare key (A-Z a-z 0-9 _ -);
 *   - values: basic strings "..." with the escapes \b \t \n \f \r \" \\
 *     \uXXXX \UXXXXXXXX, literal strings '...', decimal integers (optional
 *     sign, '_' between digits, no leading zero, int64 range), true/false.
 * Everything else (arrays, inline tables, floats, dates, multi-line or
 * quoted keys, dotted keys, [[arrays]], a repeated key or table) is
 * rejected with GTIDPOS_ERR_PARSE and "line N: ..." in the message: a file we
 * only half understand must not be half read.
 */
#ifndef GP_DM_TOML_H
#define GP_DM_TOML_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

typedef enum gp_toml_type {
    GP_TOML_STRING = 0,
    GP_TOML_INT = 1,
    GP_TOML_BOOL = 2
} gp_toml_type;

typedef struct gp_toml_entry {
    char *table;       /* "" before the first [table] header */
    char *key;
    gp_toml_type type;
    char *str;         /* GP_TOML_STRING: the decoded UTF-8 text, NUL-free */
    int64_t num;       /* GP_TOML_INT */
    int flag;          /* GP_TOML_BOOL: 0 or 1 */
    unsigned line;     /* 1-based line of the key, for messages */
} gp_toml_entry;

typedef struct gp_toml {
    gp_toml_entry *entries; /* in file order */
    size_t n, cap;
} gp_toml;

/* Parse text (len bytes; NUL bytes are rejected).  name is the file name
 * used in errors.  On failure t is left empty.  GTIDPOS_ERR_PARSE, NOMEM. */
gtidpos_status gp_toml_parse_buffer(gp_toml *t, const char *name, const char *text, size_t len,
                            gp_error *e);
/* Read and parse a file (GTIDPOS_ERR_IO when it cannot be read; at most 16 MiB). */
gtidpos_status gp_toml_parse_file(gp_toml *t, const char *path, gp_error *e);
void gp_toml_free(gp_toml *t);

/* The entry table.key, or NULL.  table "" is the top level. */
const gp_toml_entry *gp_toml_get(const gp_toml *t, const char *table, const char *key);

/*
 * Typed look-ups: GTIDPOS_OK and *out set when present with that type; when
 * absent, GTIDPOS_OK and *found (if not NULL) = 0, *out untouched; present with
 * another type: GTIDPOS_ERR_PARSE naming the line.  name: the file, for errors.
 */
gtidpos_status gp_toml_string(const gp_toml *t, const char *table, const char *key,
                      const char **out, int *found, const char *name, gp_error *e);
gtidpos_status gp_toml_int(const gp_toml *t, const char *table, const char *key,
                   int64_t *out, int *found, const char *name, gp_error *e);
gtidpos_status gp_toml_bool(const gp_toml *t, const char *table, const char *key,
                    int *out, int *found, const char *name, gp_error *e);

#endif
