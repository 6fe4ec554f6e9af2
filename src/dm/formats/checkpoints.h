/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * checkpoints.h - the DM v1.0 global checkpoints a user has at hand: the
 * result of the seed query of the upgrade guide,
 *
 *     SELECT id, binlog_name, binlog_pos
 *       FROM dm_meta.<task>_syncer_checkpoint WHERE is_global=1;
 *
 * as `mysql -B` prints it (tab-separated, a header line, \t \n \\ escapes),
 * as the interactive client prints it (a table boxed with +---+ borders and
 * | cells |), or as CSV (RFC 4180 quoting; the header line is optional
 * there).  Columns are found by their header names, so SELECT * works too:
 * other columns are ignored, and when an is_global column is present only
 * its rows with 1 are kept.  The id column is the task's source-id (the
 * upgrade guide: "Corresponds to the id of the checkpoint information").
 */
#ifndef GP_DM_CHECKPOINTS_H
#define GP_DM_CHECKPOINTS_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "gtidpos_dm.h"

typedef gtidpos_dm_table_form gp_dm_cp_form;

/* One row; a name or id too long for its field is refused, never cut. */
typedef struct gp_dm_cp_row {
    char id[128];     /* source-id */
    char name[288];   /* binlog_name, "mysql-bin|000001.000123" */
    uint64_t pos;     /* binlog_pos */
    char origin[96];  /* where it was read: "line 3" or "--checkpoint" */
} gp_dm_cp_row;

/* The rows read so far (the public gtidpos_dm_checkpoints).  Start from
 * gp_dm_checkpoints_init(); rows and n are for reading. */
typedef struct gtidpos_dm_checkpoints {
    gp_dm_cp_row *rows;
    size_t n, cap;
    gp_dm_cp_form form; /* of the last table parsed */
} gp_dm_checkpoints;

void gp_dm_checkpoints_init(gp_dm_checkpoints *t);
void gp_dm_checkpoints_free(gp_dm_checkpoints *t);
const char *gp_dm_cp_form_name(gp_dm_cp_form f);

/*
 * Parse one table (len bytes, need not be NUL-terminated) and append its
 * rows.  file names the input in errors ("-" for stdin).  Errors are
 * GTIDPOS_ERR_PARSE (or GTIDPOS_ERR_RANGE for a position too large) with the line
 * number in the message; nothing is appended on error.  A second row for
 * an id already present is an error: one source has one global checkpoint.
 */
gtidpos_status gp_dm_checkpoints_parse(gp_dm_checkpoints *t, const char *text, size_t len,
                               const char *file, gp_error *e);

/* One "ID=NAME:POS" (the --checkpoint option); the same duplicate rule. */
gtidpos_status gp_dm_checkpoints_add_option(gp_dm_checkpoints *t, const char *arg, gp_error *e);

/* The row of one id, or NULL. */
const gp_dm_cp_row *gp_dm_checkpoints_find(const gp_dm_checkpoints *t, const char *id);

/* Any table a client prints (the three forms above), with its header:
 * head[ncols], rows[n][ncols], the line of each row.  An input with no
 * table at all (mysql -B prints nothing for an empty result) is a table
 * with no columns and no rows.  GTIDPOS_ERR_PARSE with "line N". */
typedef struct gp_dm_table {
    char **head;
    int ncols;
    char ***rows;
    int *lines;
    size_t n;
} gp_dm_table;

gtidpos_status gp_dm_table_parse(gp_dm_table *tb, const char *text, size_t len, const char *file,
                         gp_error *e);
void gp_dm_table_free(gp_dm_table *tb);
/* The column named name (case-insensitive, backquotes allowed), or -1. */
int gp_dm_table_column(const gp_dm_table *tb, const char *name);

#endif
