/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * resolve.h - a DM checkpoint (binlog name and position) to the log file
 * that holds it and the GTID set executed there.
 *
 * Shared by `gtidpos at --relay-dir/--binlog-dir` and `gtidpos dm-upgrade`.
 * The checkpoint (its name and position) is parsed by
 * dm/formats/checkpoint_name.h.
 */
#ifndef GP_DM_RESOLVE_H
#define GP_DM_RESOLVE_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "dm/formats/checkpoint_name.h"
#include "walk/position.h"

typedef enum gp_dm_dir_kind {
    GP_DM_RELAY_DIR = 0,  /* a DM v1.0 relay root (server-uuid.index) */
    GP_DM_BINLOG_DIR = 1  /* plain binlogs (*.index or numeric order) */
} gp_dm_dir_kind;

/*
 * The set at checkpoint c in the logs under dir.  path_out gets the file
 * that was read.  When a DM dummy-event hole or a mid-file start hides part
 * of the history before c.pos, the earlier relay files of the same upstream
 * are read back to account for it; when that is impossible the error says
 * which GTIDs or byte range cannot be accounted for.  r as for gp_at().
 */
gtidpos_status gp_dm_resolve(gp_dm_dir_kind kind, const char *dir, const gp_dm_checkpoint *c,
                     const gp_at_options *opt, gp_at_result *r,
                     char *path_out, size_t path_len, gp_error *e);

#endif
