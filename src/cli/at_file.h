/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * at_file.h - `gtidpos at FILE[:POS]` on one file (or archive, or "-"),
 * through the public API only.
 */
#ifndef GP_CLI_AT_FILE_H
#define GP_CLI_AT_FILE_H

#include <stdint.h>

#include "gtidpos.h"
#include "walk_opts.h"

/* Print the set at pos (GTIDPOS_END: the end) of file, or its JSON object,
 * with the warnings on stderr; or the error line.  Returns the exit status. */
int gp_at_file(const char *file, uint64_t pos, const gp_walk_opts *opt, int json);
/* The same with the file called name in the output and the messages
 * (--label NAME for "-"). */
int gp_at_file_as(const char *file, const char *name, uint64_t pos, const gp_walk_opts *opt,
                  int json);
/* The same as one line "NAME<TAB>POS<TAB>SET" (at --before; NAME with
 * TSV's escapes). */
int gp_at_file_tagged(const char *file, const char *name, uint64_t pos,
                      const gp_walk_opts *opt);
/* Print an answer already found (file: the name in the JSON object). */
int gp_at_print(const gtidpos_set *set, const char *file, int json);

/* An answer kept to be printed later, as gp_at_file_as (json) or
 * gp_at_file_tagged print it: for `at --before` from standard input, which
 * cannot be read a second time.  Zero-initialise; 0, or -1 when out of
 * memory.  gp_at_print_kept prints it (and frees it): the exit status. */
typedef struct gp_at_kept {
    char *out, *err;
} gp_at_kept;
int gp_at_keep(gp_at_kept *k, const gtidpos_set *set, const char *name, uint64_t pos, int json);
int gp_at_print_kept(gp_at_kept *k);
void gp_at_kept_free(gp_at_kept *k);

#endif
