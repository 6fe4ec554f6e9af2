/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * meta_tables.h - the upgrade guide's preconditions checked on dumps of
 * DM v1.0's meta tables (see meta_tables.c for the tables and the rules).
 */
#ifndef GP_DM_META_TABLES_H
#define GP_DM_META_TABLES_H

#include <stddef.h>

#include "common/error.h"
#include "gtidpos_dm.h"

typedef gtidpos_dm_meta_table gp_dm_meta_table;
#define GP_DM_SHARDING_META GTIDPOS_DM_SHARDING_META
#define GP_DM_ONLINEDDL GTIDPOS_DM_ONLINEDDL
#define GP_DM_LOADER_CHECKPOINT GTIDPOS_DM_LOADER_CHECKPOINT

const char *gp_dm_meta_table_name(gp_dm_meta_table which);

/* Read one dumped table (the forms of the checkpoint table, with its
 * header; an empty input is an empty table).  *reason ("line N: ...",
 * malloc'd) when the precondition does not hold, else NULL.  GTIDPOS_ERR_PARSE when
 * the dump is malformed or lacks a column the rule needs. */
gtidpos_status gp_dm_check_meta_table(gp_dm_meta_table which, const char *text, size_t len,
                              const char *file, char **reason, gp_error *e);

#endif
