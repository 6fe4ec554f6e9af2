/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * checkpoint_name.h - DM checkpoint names ("binlog name:position"), a text
 * format: it knows nothing of the logs the name points into.
 *
 * A checkpoint name is the upstream binlog name, optionally with DM
 * v1.0's relay suffix: "mysql-bin|000001.000123" means upstream file
 * "mysql-bin.000123" in the relay subdirectory whose name ends in
 * ".000001".  The part after '|' is DM's and never part of the upstream
 * name.  dm/relay/resolve.h finds the file and the set a name points at.
 */
#ifndef GP_DM_CHECKPOINT_NAME_H
#define GP_DM_CHECKPOINT_NAME_H

#include <stdint.h>

#include "common/error.h"

/* A checkpoint name split: "mysql-bin|000001.000123:4" is the upstream
 * file "mysql-bin.000123" in the relay subdirectory ending ".000001". */
typedef struct gp_dm_checkpoint {
    char upstream_name[256]; /* "mysql-bin.000123": what meta.binlog-name gets */
    char suffix[16];         /* "000001", or "" when the name had no '|' */
    uint64_t pos;            /* 0 when parsed without a position */
} gp_dm_checkpoint;

/* "mysql-bin|000001.000123:15847" or "mysql-bin.000123:15847" (with_pos),
 * or the same without ":POS" (!with_pos).  GTIDPOS_ERR_PARSE with the reason. */
gtidpos_status gp_dm_checkpoint_parse(gp_dm_checkpoint *c, const char *text, int with_pos,
                              gp_error *e);

#endif
