/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * walk_opts.c - the library's options object for the command (see
 * walk_opts.h).  Public API only.
 */
#include "walk_opts.h"

#include <stdio.h>
#include <stdlib.h>

#include "exit_status.h"
#include "progress.h"

/* GTIDPOS_SPLIT_MIN: bytes, digits only; anything else keeps the
 * library's default (1 when set). */
static int split_min_from_env(uint64_t *out)
{
    const char *v = getenv("GTIDPOS_SPLIT_MIN");
    char *end;
    unsigned long long n;

    if (v == NULL || *v < '0' || *v > '9')
        return 0;
    n = strtoull(v, &end, 10);
    if (*end != '\0')
        return 0;
    *out = (uint64_t)n;
    return 1;
}

gtidpos_options *gp_walk_opts_make(const gp_walk_opts *o)
{
    static const gp_walk_opts defaults = GP_WALK_OPTS_DEFAULT;
    gtidpos_options *opt = gtidpos_options_new();
    uint64_t split_min;

    if (opt == NULL) {
        fputs("gtidpos: out of memory\n", stderr);
        exit(GP_EXIT_INTERNAL);
    }
    if (o == NULL)
        o = &defaults;
    gtidpos_options_set_verify(opt, o->verify);
    gtidpos_options_set_io(opt, o->io);
    gtidpos_options_set_flavor(opt, (gtidpos_flavor)o->flavor);
    if (split_min_from_env(&split_min))
        gtidpos_options_set_split_min(opt, split_min);
    /* the running progress line, if any, counts the bytes */
    gtidpos_options_set_progress(opt, gp_progress_feed, NULL);
    return opt;
}

void gp_walk_opts_release(gtidpos_options **opt)
{
    gtidpos_options_free(*opt);
    *opt = NULL;
}
