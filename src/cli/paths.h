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

#include "gtidpos.h"

typedef struct gp_paths {
    char **paths; /* malloc'd copies, in order */
    size_t n;
} gp_paths;

/* Expand args[0..n).  A directory that cannot be listed, or lists no log
 * file, is an error (err says which); "-" may appear at most once. */
gtidpos_status gp_paths_expand(gp_paths *out, char *const *args, size_t n, gtidpos_error *err);
void gp_paths_free(gp_paths *p);

#endif
