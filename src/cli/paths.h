/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * paths.h - the PATH arguments of the multi-file commands, expanded.
 *
 * A PATH is a file (plain, .gz or .zst: the library tells them apart by
 * their first bytes), "-" for standard input, or a directory, which stands
 * for its log files in log order (gtidpos_list_dir()).  Public API only.
 */
#ifndef GP_CLI_PATHS_H
#define GP_CLI_PATHS_H

#include <stddef.h>
#include <stdio.h>

#include "gtidpos.h"

typedef struct gp_paths {
    char **paths; /* malloc'd copies, in order */
    size_t n;
    const char *label; /* --label: the name of "-" (not owned); NULL: "-" */
} gp_paths;

/* Expand args[0..n).  A directory that cannot be listed, or lists no log
 * file, is an error (err says which); "-" may appear at most once. */
gtidpos_status gp_paths_expand(gp_paths *out, char *const *args, size_t n, gtidpos_error *err);
void gp_paths_free(gp_paths *p);

struct gp_path_opts;
/*
 * The PATHs of a command (issue 14): those of o->files_from first (one
 * per line, or NUL-terminated with -0; "-" reads the list from standard
 * input; empty names are skipped; the names are taken as they are, spaces,
 * TABs and all), then args[0..n), expanded as gp_paths_expand() does.
 * With o->label, "-" is named by the label (gp_paths_name()).
 */
gtidpos_status gp_paths_collect(gp_paths *out, const struct gp_path_opts *o, char *const *args,
                                size_t n, gtidpos_error *err);
/* The name of paths[i] in records and messages: the label for "-". */
const char *gp_paths_name(const gp_paths *p, size_t i);
/* gp_report() for an error of paths[i]: "-" in the message becomes the
 * label.  The exit status. */
int gp_paths_report(const gp_paths *p, size_t i, const gtidpos_error *err);
int gp_paths_report_to(FILE *out, const gp_paths *p, size_t i, const gtidpos_error *err);

#endif
