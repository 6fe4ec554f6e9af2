/*
 * at_file.h - `gtidpos at FILE[:POS]` on one file (or archive, or "-"),
 * through the public API only.
 */
#ifndef GP_CLI_AT_FILE_H
#define GP_CLI_AT_FILE_H

#include <stdint.h>

#include "gtidpos.h"

/* Print the set at pos (GTIDPOS_END: the end) of file, or its JSON object,
 * with the warnings on stderr; or the error line.  Returns the exit status. */
int gp_at_file(const char *file, uint64_t pos, const gtidpos_options *opt, int json);
/* The same with the file called name in the output and the messages
 * (--label NAME for "-"). */
int gp_at_file_as(const char *file, const char *name, uint64_t pos, const gtidpos_options *opt,
                  int json);
/* The same as one line "NAME<TAB>POS<TAB>SET" (at --before; NAME with
 * TSV's escapes). */
int gp_at_file_tagged(const char *file, const char *name, uint64_t pos,
                      const gtidpos_options *opt);
/* Print an answer already found (file: the name in the JSON object). */
int gp_at_print(const gtidpos_set *set, const char *file, int json);

#endif
