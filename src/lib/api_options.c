/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * api_options.c - the public options object (gtidpos.h: gtidpos_options_*):
 * how the functions that read log files read them, in place of the
 * environment and of global hooks.
 */
#include "api.h"

#include <stdlib.h>

static const gtidpos_options defaults = {GTIDPOS_VERIFY_ALL, GTIDPOS_IO_DEFAULT, 0,
                                         GP_LOG_TUNING_DEFAULT};

const gtidpos_options *gp_api_options(const gtidpos_options *opt)
{
    return opt != NULL ? opt : &defaults;
}

const gp_log_tuning *gp_api_tuning(const gtidpos_options *opt)
{
    return &gp_api_options(opt)->tune;
}

GTIDPOS_API gtidpos_options *gtidpos_options_new(void)
{
    gtidpos_options *o = malloc(sizeof *o);

    if (o != NULL)
        *o = defaults;
    return o;
}

GTIDPOS_API void gtidpos_options_free(gtidpos_options *o)
{
    free(o);
}

GTIDPOS_API void gtidpos_options_set_verify(gtidpos_options *o, gtidpos_verify v)
{
    if (o != NULL)
        o->verify = v;
}

GTIDPOS_API void gtidpos_options_set_io(gtidpos_options *o, gtidpos_io io)
{
    if (o != NULL)
        o->io = io;
}

GTIDPOS_API void gtidpos_options_set_flavor(gtidpos_options *o, gtidpos_flavor f)
{
    if (o != NULL)
        o->flavor = (int)f;
}

GTIDPOS_API void gtidpos_options_set_split_min(gtidpos_options *o, uint64_t bytes)
{
    if (o != NULL)
        o->tune.split_min = bytes;
}

GTIDPOS_API void gtidpos_options_set_progress(gtidpos_options *o, gtidpos_progress_fn fn,
                                              void *ctx)
{
    if (o != NULL) {
        o->tune.progress = fn;
        o->tune.progress_ctx = fn != NULL ? ctx : NULL;
    }
}
