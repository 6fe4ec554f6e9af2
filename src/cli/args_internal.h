/* args_internal.h - option values for the commands still written on the
 * internal walker (binlog/walker.h) rather than the public API. */
#ifndef GP_CLI_ARGS_INTERNAL_H
#define GP_CLI_ARGS_INTERNAL_H

#include "args.h"
#include "binlog/walker.h"

/* none | gtid | all.  0 or -1. */
int gp_parse_verify(const char *s, gp_verify *out);

#endif
