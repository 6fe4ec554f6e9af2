/* args.h - option values shared by the subcommands (public API types). */
#ifndef GP_CLI_ARGS_H
#define GP_CLI_ARGS_H

#include <stdint.h>

#include "gtidpos.h"

/* A byte offset: decimal digits only, no sign, no overflow.  0 or -1. */
int gp_parse_pos(const char *s, uint64_t *out);

/* --verify: none | gtid | all.  0 or -1. */
int gp_parse_verify_option(const char *s, gtidpos_verify *out);

/* --flavor: mysql | mariadb, as GTIDPOS_FLAVOR_*.  0 or -1. */
int gp_parse_flavor_option(const char *s, int *out);

#endif
