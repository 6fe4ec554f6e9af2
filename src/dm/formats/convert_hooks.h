/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * convert_hooks.h - what a DM file conversion (worker_source.c,
 * task_yaml.c) tells its caller: the public callbacks of gtidpos_dm.h
 * with their context, in one argument.
 */
#ifndef GP_DM_CONVERT_HOOKS_H
#define GP_DM_CONVERT_HOOKS_H

#include "gtidpos_dm.h"

/* note: a key dropped or mapped, and why; path: a relative relay-dir or
 * meta-dir, the value to write (malloc'd) or NULL to leave it out.  Any
 * may be NULL. */
typedef struct gp_dm_convert_hooks {
    gtidpos_dm_note_fn note;
    gtidpos_dm_path_fn path;
    void *ctx;
} gp_dm_convert_hooks;

#endif
