/* args.h - option values shared by the subcommands. */
#ifndef GP_CLI_ARGS_H
#define GP_CLI_ARGS_H

#include <stdint.h>

#include "binlog/walker.h"

/* A byte offset: decimal digits only, no sign, no overflow.  0 or -1. */
int gp_parse_pos(const char *s, uint64_t *out);

/* none | gtid | all.  0 or -1. */
int gp_parse_verify(const char *s, gp_verify *out);

#endif
