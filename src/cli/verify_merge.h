/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verify_merge.h - `gtidpos verify --json` (one part of a file list checked
 * alone, as JSON lines) and `gtidpos verify --merge` (the parts' lines
 * back into the output and exit status of one verify over the whole
 * list).  Built for gtidpos-dask (issue 16).  Public API only.
 *
 * --json writes, per file, in order: one line per problem or note its own
 * walk found,
 *   {"schema_version":1,"record":"report","file":F,"path":P,"name":N,
 *    "offset":N|null,"note":0|1,"message":M}
 * (file: the file the problem is in; path, name: the file being checked
 * and its name in the lines),
 * then one line for the file,
 *   {"schema_version":1,"record":"file","file":F,"name":N,"opened":0|1,
 *    "error":M|null,"error_exit":N,"events":N,"bytes":N,"flavor":N,
 *    "in_use":0|1,"relay":0|1,"positions_checked":0|1,"archive_damaged":0|1,
 *    "stop":N,"start_set":T|null,"end_set":T|null}
 * (start_set/end_set: gtidpos_check_chain_end's texts).  Nothing that
 * depends on the other files: --merge does that, with verify_join.c, the
 * code a single run uses.
 */
#ifndef GP_CLI_VERIFY_MERGE_H
#define GP_CLI_VERIFY_MERGE_H

#include <stddef.h>

/* path's records (name: its name in the lines, --label) on stdout. */
void gp_verify_json_file(const char *path, const char *name);
/* Read the parts (files of --json lines, "-": stdin), in order, and print
 * the single run's text; its exit status (2: a part is not --json
 * output, 3: a part cannot be read). */
int gp_verify_merge(char *const *parts, size_t n);

#endif
