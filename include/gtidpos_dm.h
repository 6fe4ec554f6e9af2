/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gtidpos_dm.h - the TiDB Data Migration (DM) files that upgrading a DM
 * v1.0 task to v2 reads and writes, as the upgrade guide ("Manually
 * Upgrade TiDB Data Migration from v1.0.x to v2.0+") names them:
 *
 *   - a checkpoint name, "mysql-bin|000001.000123" (v1.0 relay) or
 *     "mysql-bin.000123";
 *   - the table of global checkpoints (dm_meta.<task>_syncer_checkpoint
 *     as a client prints it);
 *   - a source's settings: the v2 source YAML or v1.0's dm-worker.toml,
 *     and DM-Ansible's inventory.ini;
 *   - the task file, written back with a meta (binlog-name, binlog-pos,
 *     binlog-gtid) per source.
 *
 * The GTID sets that go into binlog-gtid come from gtidpos.h
 * (gtidpos_at_checkpoint); this header reads and writes the text around
 * them.  Errors as in gtidpos.h: a gtidpos_status, and the caller's
 * gtidpos_error with one line naming the file ("task.yaml: line 3,
 * column 5: ...").  Strings the library returns are malloc'd; free them
 * with free().
 */
#ifndef GTIDPOS_DM_H
#define GTIDPOS_DM_H

#include <stddef.h>
#include <stdint.h>

#include "gtidpos.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- checkpoint names ------------------------------------------------ */

/* A checkpoint name split: "mysql-bin|000001.000123:4" is the upstream
 * file "mysql-bin.000123" in the relay subdirectory ending ".000001" (the
 * part after '|' is DM's, never the upstream's). */
typedef struct gtidpos_dm_checkpoint {
    char upstream_name[256]; /* "mysql-bin.000123": what meta.binlog-name gets */
    char suffix[16];         /* "000001", or "" when the name had no '|' */
    uint64_t pos;            /* 0 when parsed without a position */
} gtidpos_dm_checkpoint;

/* "NAME:POS" (with_pos) or "NAME" (!with_pos).  GTIDPOS_ERR_PARSE with the
 * reason (a position above 2^64-1 too). */
GTIDPOS_API gtidpos_status gtidpos_dm_checkpoint_parse(gtidpos_dm_checkpoint *c,
                                                       const char *text, int with_pos,
                                                       gtidpos_error *err);

/* ---- the global checkpoints table ------------------------------------ */

/*
 * What the upgrade guide's query prints,
 *     SELECT id, binlog_name, binlog_pos
 *       FROM dm_meta.<task>_syncer_checkpoint WHERE is_global=1;
 * as `mysql -B` prints it (tab-separated, \t \n \\ escapes), as the
 * interactive client boxes it (+---+ borders, | cells |), or as CSV (RFC
 * 4180).  Columns are found by their header names, so SELECT * works: other
 * columns are ignored, and with an is_global column only its rows with 1
 * are kept.  id is the source-id of the task's source.
 */
typedef enum gtidpos_dm_table_form {
    GTIDPOS_DM_TABLE_NONE = 0,
    GTIDPOS_DM_TABLE_TSV,    /* mysql -B */
    GTIDPOS_DM_TABLE_BOXED,  /* the interactive client */
    GTIDPOS_DM_TABLE_CSV
} gtidpos_dm_table_form;

typedef struct gtidpos_dm_checkpoint_row {
    char id[128];     /* source-id */
    char name[288];   /* binlog_name, "mysql-bin|000001.000123" */
    uint64_t pos;     /* binlog_pos */
    char origin[96];  /* where it was read: "line 3" or "--checkpoint" */
} gtidpos_dm_checkpoint_row;

/* The rows read so far.  Start from gtidpos_dm_checkpoints_init(); rows
 * and n are for reading, cap is the library's. */
typedef struct gtidpos_dm_checkpoints {
    gtidpos_dm_checkpoint_row *rows;
    size_t n, cap;
    gtidpos_dm_table_form form; /* of the last table parsed */
} gtidpos_dm_checkpoints;

GTIDPOS_API void gtidpos_dm_checkpoints_init(gtidpos_dm_checkpoints *t);
GTIDPOS_API void gtidpos_dm_checkpoints_free(gtidpos_dm_checkpoints *t);
/* "mysql -B (tab-separated)", "boxed table", "CSV" or "none" (for
 * messages). */
GTIDPOS_API const char *gtidpos_dm_table_form_name(gtidpos_dm_table_form f);

/*
 * Parse one table (len bytes, not necessarily NUL-terminated) and append
 * its rows.  file names the input in errors.  GTIDPOS_ERR_PARSE (or _RANGE
 * for a position too large) with "line N: ..."; nothing is appended on
 * error.  A second row for an id already present is an error: a source
 * has one global checkpoint.
 */
GTIDPOS_API gtidpos_status gtidpos_dm_checkpoints_parse(gtidpos_dm_checkpoints *t,
                                                        const char *text, size_t len,
                                                        const char *file, gtidpos_error *err);
/* One "ID=NAME:POS" (a command line's checkpoint); the same duplicate rule. */
GTIDPOS_API gtidpos_status gtidpos_dm_checkpoints_add(gtidpos_dm_checkpoints *t,
                                                      const char *arg, gtidpos_error *err);
/* The row of one id, or NULL. */
GTIDPOS_API const gtidpos_dm_checkpoint_row *
gtidpos_dm_checkpoints_find(const gtidpos_dm_checkpoints *t, const char *id);

/* ---- the upgrade guide's preconditions ---------------------------------- */

/* The tables of the downstream's meta schema (dm_meta) that hold what the
 * guide's preconditions are about. */
typedef enum gtidpos_dm_meta_table {
    GTIDPOS_DM_SHARDING_META = 0,     /* <task>_syncer_sharding_meta: shard DDL in flight */
    GTIDPOS_DM_ONLINEDDL = 1,         /* <task>_onlineddl: online DDL in flight */
    GTIDPOS_DM_LOADER_CHECKPOINT = 2  /* <task>_loader_checkpoint: import not finished */
} gtidpos_dm_meta_table;

/* "<task>_syncer_sharding_meta", ... (for messages). */
GTIDPOS_API const char *gtidpos_dm_meta_table_name(gtidpos_dm_meta_table which);

/*
 * One dumped table (SELECT * of it as mysql -B, the boxed table or CSV,
 * with the header; an empty input is an empty table, as mysql -B prints
 * nothing for an empty result).  GTIDPOS_OK with *failed = 1 and reason
 * (cap bytes, "line N: source ..., what and what to do") when the
 * guide's precondition does not hold: a sharding-meta row, an onlineddl
 * row, a loader checkpoint with offset < end_pos.  GTIDPOS_ERR_PARSE when
 * the dump is malformed or lacks a column the rule reads.
 */
GTIDPOS_API gtidpos_status gtidpos_dm_check_meta_table(gtidpos_dm_meta_table which,
                                                       const char *text, size_t len,
                                                       const char *file, int *failed,
                                                       char *reason, size_t cap,
                                                       gtidpos_error *err);

/* ---- a source's settings --------------------------------------------- */

typedef enum gtidpos_dm_source_kind {
    GTIDPOS_DM_SOURCE_YAML = 0,        /* v2 source YAML (source1.yaml) */
    GTIDPOS_DM_SOURCE_WORKER_TOML = 1  /* v1.0 dm-worker.toml */
} gtidpos_dm_source_kind;

/* The keys DM reads (v1.0's TOML uses the same names, [from] a table).
 * The has_ fields say whether a key was given; strings are "" when not. */
typedef struct gtidpos_dm_source {
    gtidpos_dm_source_kind kind;
    char source_id[128];
    char flavor[16];         /* "mysql", "mariadb" or "" */
    int has_server_id;
    uint64_t server_id;
    int has_enable_gtid, enable_gtid;
    int has_enable_relay, enable_relay;
    char relay_dir[1024];    /* as written (relative to the file's directory) */
    char host[256];
    int has_port;
    uint64_t port;
    char user[256];
    int has_password;
    char password[512];
} gtidpos_dm_source;

/* "DM v2 source YAML" or "DM v1.0 dm-worker.toml". */
GTIDPOS_API const char *gtidpos_dm_source_kind_name(gtidpos_dm_source_kind k);

/* Read path: a .toml name, or content whose first line is "key = value"
 * or "[table]", is read as dm-worker.toml, anything else as the v2 YAML.
 * source-id is required; a key with a value of the wrong type is an
 * error.  GTIDPOS_ERR_IO, GTIDPOS_ERR_PARSE. */
GTIDPOS_API gtidpos_status gtidpos_dm_source_load(gtidpos_dm_source *s, const char *path,
                                                  gtidpos_error *err);
/* The same from len bytes of text: toml 1 reads dm-worker.toml, 0 the
 * YAML.  file names the input in errors. */
GTIDPOS_API gtidpos_status gtidpos_dm_source_parse(gtidpos_dm_source *s, const char *text,
                                                   size_t len, const char *file, int toml,
                                                   gtidpos_error *err);
/* The v2 source YAML the upgrade guide shows: server-id, source-id,
 * flavor, enable-gtid, relay-dir (each when set), then from: host, port,
 * user, password.  *text is malloc'd and NUL-terminated, *len without the
 * NUL. */
GTIDPOS_API gtidpos_status gtidpos_dm_source_to_yaml(const gtidpos_dm_source *s, char **text,
                                                     size_t *len, gtidpos_error *err);

/* ---- dm-worker.toml as a v2 source, key by key ------------------------ */

/*
 * What a conversion tells its caller.  note: a v1 key that is not carried
 * (key as "from.max-allowed-packet"; line its line in the input) and why.
 * path: a relative relay-dir or meta-dir (a v2 worker would resolve it
 * against its own folder, not the v1 worker's): put the value to write in
 * out (cap bytes) and return 1, or return 0 to leave the key out (the hook
 * says why).  Either may be NULL (then relative paths are left out
 * silently).
 */
typedef struct gtidpos_dm_convert_hooks {
    void (*note)(void *ctx, unsigned line, const char *key, const char *why);
    int (*path)(void *ctx, unsigned line, const char *key, const char *value, char *out,
                size_t cap);
    void *ctx;
} gtidpos_dm_convert_hooks;

/*
 * A DM v1.0 dm-worker.toml (text, len bytes; file names it in errors) as
 * the v2 source YAML: every key of the v1.0.7 worker Config that a v2.0.0
 * SourceConfig has is carried under its name with its value ([from] with
 * session, [purge], [checker], [tracer] as mappings); the worker-process
 * keys (log-*, worker-addr), relay-binlog-name/-gtid and unknown keys are
 * dropped, each through hooks->note.  GTIDPOS_ERR_PARSE: not TOML, a
 * value of the wrong type, no source-id, no [from] or no from.host /
 * from.user, a flavor other than mysql/mariadb.
 */
GTIDPOS_API gtidpos_status gtidpos_dm_worker_to_source_yaml(const char *text, size_t len,
                                                            const char *file,
                                                            const gtidpos_dm_convert_hooks *hooks,
                                                            char **yaml, size_t *yaml_len,
                                                            gtidpos_error *err);

/* ---- DM-Ansible's inventory.ini -------------------------------------- */

/*
 * Ansible's INI inventory, read strictly:
 *   [group]              host lines: "alias key=value key='v' key=\"v\""
 *   [group:vars]         "key = value" lines, the group's variables
 *   [group:children]     one group name per line
 *   # or ;               a comment line (in host lines, a word starting
 *                        with an unquoted '#' starts a comment)
 * Lines before the first header are hosts of "ungrouped".  Anything else
 * is GTIDPOS_ERR_PARSE with "line N: ...".  One pair of surrounding quotes
 * is taken off a value.
 */
typedef struct gtidpos_ini_var {
    char *key, *value;
    int line;
} gtidpos_ini_var;

typedef enum gtidpos_ini_kind {
    GTIDPOS_INI_HOSTS = 0,
    GTIDPOS_INI_VARS = 1,
    GTIDPOS_INI_CHILDREN = 2
} gtidpos_ini_kind;

typedef struct gtidpos_ini_entry { /* a host line, a vars line or a child group */
    char *name;                    /* host alias or child group; NULL for vars */
    gtidpos_ini_var *vars;         /* a host's variables, or the one group variable */
    size_t n_vars;
    int line;
} gtidpos_ini_entry;

typedef struct gtidpos_ini_section {
    char *group;                   /* "dm_worker_servers", "all" */
    gtidpos_ini_kind kind;
    gtidpos_ini_entry *entries;
    size_t n_entries;
    int line;
} gtidpos_ini_section;

typedef struct gtidpos_ini {
    gtidpos_ini_section *sections; /* in file order; a header may repeat */
    size_t n_sections;
} gtidpos_ini;

GTIDPOS_API gtidpos_status gtidpos_ini_parse(gtidpos_ini *ini, const char *text, size_t len,
                                             const char *file, gtidpos_error *err);
GTIDPOS_API void gtidpos_ini_free(gtidpos_ini *ini);
/* A host's variable as Ansible resolves it: the host line, then the
 * [group:vars] of the host's group, then [all:vars].  NULL if unset. */
GTIDPOS_API const char *gtidpos_ini_host_var(const gtidpos_ini *ini,
                                             const gtidpos_ini_section *group,
                                             const gtidpos_ini_entry *host, const char *key);
/* A variable of group's [group:vars] sections ("all": [all:vars]; a
 * group_vars file parses into one such section); the last one wins.  NULL
 * if unset. */
GTIDPOS_API const char *gtidpos_ini_group_var(const gtidpos_ini *ini, const char *group,
                                              const char *key);

/* An Ansible group_vars file (group_vars/dm_worker_servers.yml, all.yml:
 * a YAML mapping) as one [group:vars] section of *ini named group; only
 * variables with a single (scalar) value are kept, as written.  Free with
 * gtidpos_ini_free.  GTIDPOS_ERR_PARSE when not YAML or not a mapping. */
GTIDPOS_API gtidpos_status gtidpos_group_vars_parse(gtidpos_ini *ini, const char *group,
                                                    const char *text, size_t len,
                                                    const char *file, gtidpos_error *err);

/* ---- the task file --------------------------------------------------- */

/*
 * A task file (task_v1.yaml) read through libyaml's events and written
 * back changed only where the upgrade guide says: a new name, task-mode
 * incremental (appended when absent), and per mysql-instances entry a meta
 * right after its source-id (or in place of an old one).  Everything else
 * goes through as libyaml reported it (keys and order, scalar styles, flow
 * or block collections, anchors, aliases, tags); comments are lost, as
 * libyaml does not report them.
 */
typedef struct gtidpos_dm_task gtidpos_dm_task; /* opaque */

typedef struct gtidpos_dm_meta {
    const char *source_id;
    const char *binlog_name;  /* upstream name, without DM's "|suffix" */
    uint64_t binlog_pos;
    const char *binlog_gtid;  /* NULL: no binlog-gtid key */
} gtidpos_dm_meta;

/* Parse text (len bytes, at most one YAML document with a mapping at its
 * top).  GTIDPOS_ERR_PARSE with "line N, column M: ..." for what libyaml
 * or the task's shape refuses: no name, a mysql-instances that is not a
 * sequence of mappings, an entry without a source-id, or a name,
 * task-mode, entry or source-id given by alias or merge key (the edit
 * would change other nodes). */
GTIDPOS_API gtidpos_status gtidpos_dm_task_load(gtidpos_dm_task **out, const char *text,
                                                size_t len, const char *file,
                                                gtidpos_error *err);
GTIDPOS_API void gtidpos_dm_task_free(gtidpos_dm_task *t); /* NULL is a no-op */

GTIDPOS_API const char *gtidpos_dm_task_name(const gtidpos_dm_task *t);
GTIDPOS_API const char *gtidpos_dm_task_mode(const gtidpos_dm_task *t); /* NULL: none */
GTIDPOS_API size_t gtidpos_dm_task_instance_count(const gtidpos_dm_task *t);
GTIDPOS_API const char *gtidpos_dm_task_instance_source(const gtidpos_dm_task *t, size_t i);
GTIDPOS_API int gtidpos_dm_task_instance_has_meta(const gtidpos_dm_task *t, size_t i);

/* The changed task as YAML (*text malloc'd and NUL-terminated, *len
 * without the NUL).  metas: one per mysql-instances entry, matched by
 * source_id; an entry without one is GTIDPOS_ERR_PARSE.  An alias of an
 * anchor whose node is replaced is written out in full.  No other key is
 * touched (gtidpos_dm_task_write_ex also makes the task one DM v2
 * accepts).  t is not changed. */
GTIDPOS_API gtidpos_status gtidpos_dm_task_write(const gtidpos_dm_task *t, const char *new_name,
                                                 const gtidpos_dm_meta *metas, size_t n_metas,
                                                 char **text, size_t *len, gtidpos_error *err);

/* The same, written so that DM v2 accepts it as it is: every key v2's
 * yaml.UnmarshalStrict would refuse is dropped (the v2.0.0 key sets of
 * TaskConfig, MySQLInstance, MydumperConfig, LoaderConfig, SyncerConfig
 * and target-database), disable-heartbeat is mapped (enable-heartbeat:
 * true exactly when v1.0.7 ran the heartbeat), and an alias of an anchor
 * that goes is written out in full.  Each change goes to hooks->note
 * (hooks->path is not used; hooks may be NULL). */
GTIDPOS_API gtidpos_status gtidpos_dm_task_write_ex(const gtidpos_dm_task *t,
                                                    const char *new_name,
                                                    const gtidpos_dm_meta *metas, size_t n_metas,
                                                    const gtidpos_dm_convert_hooks *hooks,
                                                    char **text, size_t *len,
                                                    gtidpos_error *err);

/* ---- moved from gtidpos.h (libgtidpos 1.0, principle 8) ------------- */

/*
 * The GTID set executed at a DM checkpoint "NAME:POS" ("NAME": the end of
 * that file, "mysql-bin|000001.000123[:POS]") in the TiDB DM v1.0 relay
 * root relay_root (server-uuid.index).  When a DM relay hole or a relay
 * file that starts mid-file hides part of the history before POS, the
 * earlier relay files of the same source are read to account for it; when
 * that is impossible the error says which GTIDs or byte range is missing.
 * Every CRC32 is checked; of opt (may be NULL) only the flavour applies.
 * *where (where may be NULL) gets the file and offset (free it with
 * gtidpos_where_free(); NULL after a failure).  GTIDPOS_ERR_PARSE: a
 * malformed checkpoint (the message says why).
 */
GTIDPOS_API gtidpos_status gtidpos_dm_at_checkpoint(const char *relay_root,
                                                    const char *checkpoint,
                                                    const gtidpos_options *opt,
                                                    gtidpos_set **out, gtidpos_where **where,
                                                    gtidpos_error *err);

/*
 * A DM v1.0 relay root: each subdirectory's relay.meta against its files
 * (the relay file it names exists, binlog-pos is an event boundary there,
 * binlog-gtid equals the set at that point).  Each disagreement, or check
 * that could not be made, goes to fn as a problem of dir (offset -1; the
 * message names the subdirectory).  Of opt (may be NULL) only the flavour
 * applies.  An error only when dir cannot be read as a relay root.
 */
GTIDPOS_API gtidpos_status gtidpos_dm_check_relay(const char *dir, const gtidpos_options *opt,
                                                  gtidpos_problem_fn fn, void *ctx,
                                                  gtidpos_error *err);

/* MySQL sets: every UUID's (and tag's) intervals become 1-<largest>, as
 * TiDB DM's own v1.0 -> v2 upgrader widens them.  MariaDB: unchanged. */
GTIDPOS_API gtidpos_status gtidpos_dm_set_fill_from_start(gtidpos_set *set,
                                                          gtidpos_error *err);

#ifdef __cplusplus
}
#endif

#endif
