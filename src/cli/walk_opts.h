/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * walk_opts.h - how the command reads log files (--verify, --io,
 * --flavor), and the library's options object made from them with what
 * the command adds: GTIDPOS_SPLIT_MIN from the environment (man gtidpos(1),
 * ENVIRONMENT: the library reads none) and the progress line's hook.
 */
#ifndef GP_CLI_WALK_OPTS_H
#define GP_CLI_WALK_OPTS_H

#include "gtidpos.h"

typedef struct gp_walk_opts {
    gtidpos_verify verify;
    gtidpos_io io;
    int flavor; /* 0, GTIDPOS_FLAVOR_MYSQL or _MARIADB */
} gp_walk_opts;

#define GP_WALK_OPTS_DEFAULT {GTIDPOS_VERIFY_ALL, GTIDPOS_IO_DEFAULT, 0}

/* The library options for o (NULL: the defaults); "gtidpos: out of
 * memory" and exit status 8 when none can be made.  Free with
 * gtidpos_options_free(). */
gtidpos_options *gp_walk_opts_make(const gp_walk_opts *o);
void gp_walk_opts_release(gtidpos_options **opt);

/* A library options object for o, freed when the variable goes out of
 * scope (as GP_ERROR_VAR). */
#define GP_OPTIONS_VAR(name, o) \
    gtidpos_options *name __attribute__((cleanup(gp_walk_opts_release))) = gp_walk_opts_make(o)

#endif
