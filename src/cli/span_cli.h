/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * span_cli.h - what the commands that answer across files (find, cover,
 * diff) share: their usage errors, their file lists, and how they print a
 * transaction and what they read.  Public API only.
 */
#ifndef GP_CLI_SPAN_CLI_H
#define GP_CLI_SPAN_CLI_H

#include <stdio.h>

#include "gtidpos.h"
#include "args.h"
#include "paths.h"

/* "gtidpos: CMD: message (try 'gtidpos CMD --help')"; returns 2. */
int gp_span_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The command line find and cover share: SET PATH... with --json,
 * --read-all, --help anywhere and the PATH options (paths.h). */
typedef struct gp_span_args {
    int json;
    int read_all;
    const char *set;
    gp_path_opts po;
    gp_paths paths; /* gp_paths_free() it when the call returned -1 */
} gp_span_args;
/* Parse argv into a; -1 to go on, else the exit status to return (help
 * printed, or a usage or I/O error reported). */
int gp_span_parse_args(const char *cmd, const char *usage, int argc, char **argv, gp_span_args *a);

/* Drop the files that cannot be opened from p, each reported (one line)
 * with its exit status folded into *status ("-" is kept unopened). */
void gp_span_drop_unopenable(gp_paths *p, int *status);

/* A side of diff: a directory, a *.index file (names relative to its
 * directory, as the server writes them), a binlog (plain, .gz, .zst), or
 * a text file listing paths one per line. */
gtidpos_status gp_span_side(gp_paths *out, const char *arg, gtidpos_error *err);

/* t as one TSV record: FILE START END GTID (then its commit time, UTC,
 * with_time), with prefix fields before it (NULL: none).  The name escaped
 * as records.c escapes it. */
void gp_span_txn_tsv(FILE *out, const char *prefix, const gtidpos_txn *t, int with_time);
/* The name records give standard input ("-"): --label NAME, else "-". */
extern const char *gp_span_stdin_label;
/* file, or the label when it is "-". */
const char *gp_span_name(const char *file);
/* t as a JSON object. */
void gp_span_txn_json(FILE *out, const gtidpos_txn *t);
/* The read statistics as a JSON object. */
void gp_span_stats_json(FILE *out, const gtidpos_read_stats *st);
/* "name":"text" (text escaped). */
void gp_span_json_str(FILE *out, const char *name, const char *text);

#endif
