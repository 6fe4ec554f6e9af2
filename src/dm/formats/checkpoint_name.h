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

#include "common/error.h"
#include "gtidpos_dm.h"

/* The public type (include/gtidpos_dm.h). */
typedef gtidpos_dm_checkpoint gp_dm_checkpoint;

/* "mysql-bin|000001.000123:15847" or "mysql-bin.000123:15847" (with_pos),
 * or the same without ":POS" (!with_pos).  GTIDPOS_ERR_PARSE with the reason. */
gtidpos_status gp_dm_checkpoint_parse(gp_dm_checkpoint *c, const char *text, int with_pos,
                              gp_error *e);

#endif
