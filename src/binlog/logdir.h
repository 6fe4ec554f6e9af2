/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * logdir.h - the binlog or relay-log files of a directory, in log order.
 *
 * Servers name their logs BASE.NNNNNN and list them, oldest first, in
 * BASE.index (one path per line, often "./BASE.NNNNNN" or an absolute path
 * on the server's own machine).  When the directory has exactly one *.index
 * file, its order is the log order and each line's base name is looked up
 * in the directory.  Without one (DM relay subdirectories, copied archives),
 * the files whose names end in a dot and digits, optionally followed by
 * .gz or .zst, are taken in order of base name, then number.
 */
#ifndef GP_BINLOG_LOGDIR_H
#define GP_BINLOG_LOGDIR_H

#include <stddef.h>

#include "common/error.h"

typedef struct gp_logdir {
    char **paths;   /* dir/name, malloc'd, in log order */
    size_t n;
    int from_index; /* 1: the order came from an .index file */
    char index_path[512];
} gp_logdir;

/*
 * List dir.  Errors: GTIDPOS_ERR_IO (cannot read the directory or its index;
 * an index line naming a file missing from the directory), GTIDPOS_ERR_PARSE
 * (several *.index files: the order is ambiguous), GTIDPOS_ERR_NOMEM.  An
 * empty result (no log file in the directory) is GTIDPOS_ERR_IO too.
 */
gtidpos_status gp_logdir_list(gp_logdir *d, const char *dir, gp_error *e);
void gp_logdir_free(gp_logdir *d);

/* The numeric suffix of a log file name ("mysql-bin.000123" -> 123,
 * "relay.000007.gz" -> 7); base_len gets the length of "mysql-bin".
 * -1 when the name has no such suffix. */
long long gp_logdir_seq(const char *name, size_t *base_len);

#endif
