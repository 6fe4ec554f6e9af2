/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * task_yaml.h - a DM task file (task_v1.yaml) read at the level of
 * libyaml's events and written back with libyaml's emitter, changed only
 * where the upgrade guide (step 4, "Upgrade data migration task") says:
 *
 *   - name: a new task name;
 *   - task-mode: incremental (appended when the task had none);
 *   - for each mysql-instances entry a meta mapping, inserted right after
 *     the entry's source-id, or in place of an existing meta:
 *         binlog-name: "<upstream binlog name, without DM's |suffix>"
 *         binlog-pos: <position>
 *         binlog-gtid: "<set>"        (only for enable-gtid sources)
 *
 * Everything else goes through as libyaml reported it: keys and their
 * order, values, scalar styles (plain, quoted, literal, folded), flow or
 * block collections, anchors, aliases, tags, directives, the explicit
 * "---".  libyaml does not report comments, so they are lost; indentation
 * and line breaks inside flow collections are the emitter's own.
 */
#ifndef GP_DM_TASK_YAML_H
#define GP_DM_TASK_YAML_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "dm/formats/convert_hooks.h"

/* The task (its insides are task_yaml.c's; the public gtidpos_dm_task
 * holds one with the metas set on it). */
typedef struct gp_dm_task gp_dm_task;

/* The meta of one mysql-instances entry. */
typedef struct gp_dm_meta {
    const char *source_id;
    const char *binlog_name;  /* upstream name, without DM's "|suffix" */
    uint64_t binlog_pos;
    const char *binlog_gtid;  /* NULL: no binlog-gtid key */
} gp_dm_meta;

/* Parse text (len bytes, at most one YAML document whose top level is a
 * mapping).  file names the input in errors.  GTIDPOS_ERR_PARSE with "line N,
 * column M: ..." for what libyaml or the task's shape refuses: no name, a
 * mysql-instances that is not a sequence of mappings, an entry without a
 * source-id, name, task-mode, an instance or a source-id given by alias or
 * merge key (the edit would change other nodes). */
gtidpos_status gp_dm_task_load(gp_dm_task **out, const char *text, size_t len, const char *file,
                       gp_error *e);
void gp_dm_task_free(gp_dm_task *t); /* NULL is a no-op */

const char *gp_dm_task_name(const gp_dm_task *t);
const char *gp_dm_task_mode(const gp_dm_task *t); /* NULL when absent */
size_t gp_dm_task_instance_count(const gp_dm_task *t);
const char *gp_dm_task_instance_source(const gp_dm_task *t, size_t i);
int gp_dm_task_instance_has_meta(const gp_dm_task *t, size_t i);

/*
 * The changed task as YAML text (malloc'd, NUL-terminated, *len without
 * the NUL).  metas: one per mysql-instances entry, matched by source_id;
 * an entry without one is an error (GTIDPOS_ERR_PARSE).  An alias of an anchor
 * whose node is replaced is written out in full.  No other key is
 * touched: gp_dm_task_write_ex makes the task one DM v2 accepts.  t is
 * not changed.
 */
gtidpos_status gp_dm_task_write(const gp_dm_task *t, const char *new_name, const gp_dm_meta *metas,
                        size_t n_metas, char **text, size_t *len, gp_error *e);

/* The same, and every key DM v2 would refuse dropped (the v2.0.0 key
 * sets of TaskConfig, MySQLInstance, MydumperConfig, LoaderConfig,
 * SyncerConfig and target-database's DBConfig), disable-heartbeat mapped
 * (enable-heartbeat: true when v1 ran the heartbeat), aliases of anchors
 * that are dropped or replaced written out in full; each change goes to
 * hooks->note (hooks may be NULL). */
gtidpos_status gp_dm_task_write_ex(const gp_dm_task *t, const char *new_name, const gp_dm_meta *metas,
                           size_t n_metas, const gp_dm_convert_hooks *hooks, char **text,
                           size_t *len, gp_error *e);

/* 1 when key is a v2.0.0 key of Go struct type ("TaskConfig",
 * "MySQLInstance", "MydumperConfig", "LoaderConfig", "SyncerConfig",
 * "DBConfig"). */
int gp_dm_task_v2_key(const char *type, const char *key);

#endif
