/*
 * paths.h - the PATH arguments of the multi-file commands, expanded.
 *
 * A PATH is a file (plain, .gz or .zst: the walker tells them apart by
 * their first bytes), "-" for standard input, or a directory, which stands
 * for its log files in log order (binlog/logdir.h).
 */
#ifndef GP_CLI_PATHS_H
#define GP_CLI_PATHS_H

#include <stddef.h>

#include "common/error.h"

typedef struct gp_paths {
    char **paths; /* malloc'd copies, in order */
    size_t n;
} gp_paths;

/* Expand args[0..n).  A directory that cannot be listed, or lists no log
 * file, is an error (e says which); "-" may appear at most once. */
gp_err gp_paths_expand(gp_paths *out, char *const *args, size_t n, gp_error *e);
void gp_paths_free(gp_paths *p);

#endif
