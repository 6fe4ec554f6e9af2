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
 *   - a source's settings: the v2 source YAML or v1.0's dm-worker.toml
 *     (DM-Ansible's inventory.ini is the command's: gtidpos dm-source
 *     builds each source with gtidpos_dm_source_set);
 *   - the task file, written back with a meta (binlog-name, binlog-pos,
 *     binlog-gtid) per source;
 *   - DM v1.0's relay root: the set at a DM checkpoint in it
 *     (gtidpos_dm_at_checkpoint), its relay.meta files checked
 *     (gtidpos_dm_check_relay).
 *
 * The sets that go into binlog-gtid come from the relay root (here) or
 * from the source's binlogs (gtidpos.h, gtidpos_at_checkpoint); the rest
 * of this header reads and writes the text around them.  As in gtidpos.h: errors are a gtidpos_status and the caller's
 * gtidpos_error (the file, and a message as "line 3, column 5: ...");
 * the DM objects are opaque, each with its _free (NULL is a no-op); a
 * string a getter returns belongs to its object, a char * handed over
 * is malloc'd and freed with free().
 */
#ifndef GTIDPOS_DM_H
#define GTIDPOS_DM_H

#include <stddef.h>
#include <stdint.h>

#include "gtidpos.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- callbacks -------------------------------------------------------- */

/* A change a conversion makes that its caller may want to tell: key (as
 * "from.max-allowed-packet") at line of the input is dropped or mapped,
 * and why. */
typedef void (*gtidpos_dm_note_fn)(void *ctx, unsigned line, const char *key, const char *why);

/* A relative relay-dir or meta-dir value of a dm-worker.toml at line (a
 * v2 worker would resolve it against its own folder, not the v1
 * worker's): the value to write instead, malloc'd (the library frees
 * it), or NULL to leave the key out (the callback tells why). */
typedef char *(*gtidpos_dm_path_fn)(void *ctx, unsigned line, const char *key,
                                    const char *value);

/* ---- checkpoint names ------------------------------------------------ */

/*
 * A DM checkpoint name is the upstream binlog name, with DM v1.0's relay
 * suffix when it came from a relay: "mysql-bin|000001.000123" is the
 * upstream file "mysql-bin.000123" in the relay subdirectory ending
 * ".000001" (the part after '|' is DM's, never the upstream's).  *out
 * gets the upstream name of name (given without ":POS"), malloc'd:
 * what a task's meta.binlog-name takes.  GTIDPOS_ERR_PARSE with the
 * reason.
 */
GTIDPOS_API gtidpos_status gtidpos_dm_checkpoint_binlog_name(const char *name, char **out,
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

/* "mysql -B (tab-separated)", "boxed table", "CSV" or "none" (for
 * messages). */
GTIDPOS_API const char *gtidpos_dm_table_form_name(gtidpos_dm_table_form f);

/* The rows read so far, one per source (opaque). */
typedef struct gtidpos_dm_checkpoints gtidpos_dm_checkpoints;

GTIDPOS_API gtidpos_dm_checkpoints *gtidpos_dm_checkpoints_new(void); /* NULL: out of memory */
GTIDPOS_API void gtidpos_dm_checkpoints_free(gtidpos_dm_checkpoints *t); /* NULL is a no-op */

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
GTIDPOS_API size_t gtidpos_dm_checkpoints_count(const gtidpos_dm_checkpoints *t);
/* The form of the last table parsed (GTIDPOS_DM_TABLE_NONE: none yet). */
GTIDPOS_API gtidpos_dm_table_form gtidpos_dm_checkpoints_form(const gtidpos_dm_checkpoints *t);
/* Row i (0 <= i < count; NULL or 0 past the end): the source-id, the
 * binlog_name as read ("mysql-bin|000001.000123"), the binlog_pos, and
 * where it was read ("line 3" or "--checkpoint").  The strings belong to
 * t. */
GTIDPOS_API const char *gtidpos_dm_checkpoints_id(const gtidpos_dm_checkpoints *t, size_t i);
GTIDPOS_API const char *gtidpos_dm_checkpoints_name(const gtidpos_dm_checkpoints *t, size_t i);
GTIDPOS_API uint64_t gtidpos_dm_checkpoints_pos(const gtidpos_dm_checkpoints *t, size_t i);
GTIDPOS_API const char *gtidpos_dm_checkpoints_origin(const gtidpos_dm_checkpoints *t,
                                                      size_t i);
/* 1 and *i (may be NULL) the row of source id; 0 when there is none. */
GTIDPOS_API int gtidpos_dm_checkpoints_find(const gtidpos_dm_checkpoints *t, const char *id,
                                            size_t *i);

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
 * nothing for an empty result).  GTIDPOS_OK with *reason (malloc'd)
 * when the guide's precondition does not hold ("line N: source ..., what
 * and what to do": a sharding-meta row, an onlineddl row, a
 * loader checkpoint with offset < end_pos), NULL when it holds.
 * GTIDPOS_ERR_PARSE when the dump is malformed or lacks a column the rule
 * reads.
 */
GTIDPOS_API gtidpos_status gtidpos_dm_check_meta_table(gtidpos_dm_meta_table which,
                                                       const char *text, size_t len,
                                                       const char *file, char **reason,
                                                       gtidpos_error *err);

/* ---- a source's settings --------------------------------------------- */

typedef enum gtidpos_dm_source_kind {
    GTIDPOS_DM_SOURCE_YAML = 0,        /* v2 source YAML (source1.yaml) */
    GTIDPOS_DM_SOURCE_WORKER_TOML = 1  /* v1.0 dm-worker.toml */
} gtidpos_dm_source_kind;

/* "DM v2 source YAML" or "DM v1.0 dm-worker.toml". */
GTIDPOS_API const char *gtidpos_dm_source_kind_name(gtidpos_dm_source_kind k);

/* The keys DM reads of a source (opaque): source-id, server-id, flavor,
 * enable-gtid, enable-relay, relay-dir, from.host, from.port, from.user,
 * from.password (v1.0's TOML uses the same names, [from] a table). */
typedef struct gtidpos_dm_source gtidpos_dm_source;

/* An empty source (every key unset), to fill with gtidpos_dm_source_set.
 * NULL: out of memory. */
GTIDPOS_API gtidpos_dm_source *gtidpos_dm_source_new(void);
GTIDPOS_API void gtidpos_dm_source_free(gtidpos_dm_source *s); /* NULL is a no-op */

/* Read path: a .toml name, or content whose first line is "key = value"
 * or "[table]", is read as dm-worker.toml, anything else as the v2 YAML.
 * source-id is required; a key with a value of the wrong type is an
 * error.  GTIDPOS_ERR_IO, GTIDPOS_ERR_PARSE. */
GTIDPOS_API gtidpos_status gtidpos_dm_source_load(gtidpos_dm_source **out, const char *path,
                                                  gtidpos_error *err);
/* The same from len bytes of text: toml 1 reads dm-worker.toml, 0 the
 * YAML.  file names the input in errors. */
GTIDPOS_API gtidpos_status gtidpos_dm_source_parse(gtidpos_dm_source **out, const char *text,
                                                   size_t len, const char *file, int toml,
                                                   gtidpos_error *err);
/* Set one of the keys above from its text: "true"/"false" for
 * enable-gtid and enable-relay, a decimal number for server-id (at most
 * 2^32-1) and from.port (at most 65535), "mysql", "mariadb" or "" for
 * flavor, any text for the others.  GTIDPOS_ERR_PARSE (s unchanged) for
 * another key, a value that is not one of those, or a text longer than
 * a source keeps (source-id 127 bytes, relay-dir 4095, from.host and
 * from.user 255, from.password 511; the message says which). */
GTIDPOS_API gtidpos_status gtidpos_dm_source_set(gtidpos_dm_source *s, const char *key,
                                                 const char *value, gtidpos_error *err);

/* What the source was read from (GTIDPOS_DM_SOURCE_YAML for one made
 * with gtidpos_dm_source_new). */
GTIDPOS_API gtidpos_dm_source_kind gtidpos_dm_source_read_from(const gtidpos_dm_source *s);
/* The keys' values; strings belong to s, "" when the key is not set
 * (from.password: NULL when not set, "" when set empty).  The numbers:
 * 1 and *value when set, else 0.  The booleans: 1 or 0, -1 when not
 * set. */
GTIDPOS_API const char *gtidpos_dm_source_id(const gtidpos_dm_source *s);
GTIDPOS_API const char *gtidpos_dm_source_flavor(const gtidpos_dm_source *s);
GTIDPOS_API int gtidpos_dm_source_server_id(const gtidpos_dm_source *s, uint64_t *value);
GTIDPOS_API int gtidpos_dm_source_enable_gtid(const gtidpos_dm_source *s);
GTIDPOS_API int gtidpos_dm_source_enable_relay(const gtidpos_dm_source *s);
GTIDPOS_API const char *gtidpos_dm_source_relay_dir(const gtidpos_dm_source *s); /* as written:
                                       relative to the worker's folder */
GTIDPOS_API const char *gtidpos_dm_source_host(const gtidpos_dm_source *s);
GTIDPOS_API int gtidpos_dm_source_port(const gtidpos_dm_source *s, uint64_t *value);
GTIDPOS_API const char *gtidpos_dm_source_user(const gtidpos_dm_source *s);
GTIDPOS_API const char *gtidpos_dm_source_password(const gtidpos_dm_source *s);

/* The v2 source YAML the upgrade guide shows: server-id, source-id,
 * flavor, enable-gtid, relay-dir (each when set), then from: host, port,
 * user, password.  *text is malloc'd and NUL-terminated, *len without the
 * NUL. */
GTIDPOS_API gtidpos_status gtidpos_dm_source_to_yaml(const gtidpos_dm_source *s, char **text,
                                                     size_t *len, gtidpos_error *err);

/* ---- dm-worker.toml as a v2 source, key by key ------------------------ */

/*
 * A DM v1.0 dm-worker.toml (text, len bytes; file names it in errors) as
 * the v2 source YAML: every key of the v1.0.7 worker Config that a v2.0.0
 * SourceConfig has is carried under its name with its value ([from] with
 * session, [purge], [checker], [tracer] as mappings); the worker-process
 * keys (log-*, worker-addr), relay-binlog-name/-gtid and unknown keys are
 * dropped, each through note.  A relative relay-dir or meta-dir goes
 * through path.  note and path may be NULL (then relative paths are left
 * out silently); ctx is theirs.  GTIDPOS_ERR_PARSE: not TOML, a value of
 * the wrong type, no source-id, no [from] or no from.host / from.user, a
 * flavor other than mysql/mariadb.
 */
GTIDPOS_API gtidpos_status gtidpos_dm_worker_to_source_yaml(const char *text, size_t len,
                                                            const char *file,
                                                            gtidpos_dm_note_fn note,
                                                            gtidpos_dm_path_fn path, void *ctx,
                                                            char **yaml, size_t *yaml_len,
                                                            gtidpos_error *err);

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

/* The meta the written task gives the mysql-instances entry of
 * source_id (a second call for it replaces the first): binlog_name the
 * upstream name (without DM's "|suffix"), binlog_gtid NULL for no
 * binlog-gtid key.  The strings are copied.  GTIDPOS_ERR_PARSE when the
 * task has no entry with that source-id. */
GTIDPOS_API gtidpos_status gtidpos_dm_task_set_meta(gtidpos_dm_task *t, const char *source_id,
                                                    const char *binlog_name,
                                                    uint64_t binlog_pos,
                                                    const char *binlog_gtid,
                                                    gtidpos_error *err);

/* The changed task as YAML (*text malloc'd and NUL-terminated, *len
 * without the NUL): the new name, task-mode incremental and the metas
 * set.  An entry without a meta is GTIDPOS_ERR_PARSE.  An alias of an
 * anchor whose node is replaced is written out in full.  No other key is
 * touched (gtidpos_dm_task_write_v2 also makes the task one DM v2
 * accepts). */
GTIDPOS_API gtidpos_status gtidpos_dm_task_write(const gtidpos_dm_task *t, const char *new_name,
                                                 char **text, size_t *len, gtidpos_error *err);

/* The same, written so that DM v2 accepts it as it is: every key v2's
 * yaml.UnmarshalStrict would refuse is dropped (the v2.0.0 key sets of
 * TaskConfig, MySQLInstance, MydumperConfig, LoaderConfig, SyncerConfig
 * and target-database), disable-heartbeat is mapped (enable-heartbeat:
 * true exactly when v1.0.7 ran the heartbeat), and an alias of an anchor
 * that goes is written out in full.  Each change goes to note (may be
 * NULL) with ctx. */
GTIDPOS_API gtidpos_status gtidpos_dm_task_write_v2(const gtidpos_dm_task *t,
                                                    const char *new_name,
                                                    gtidpos_dm_note_fn note, void *ctx,
                                                    char **text, size_t *len,
                                                    gtidpos_error *err);

/* ---- DM v1.0's relay root, and the set written ----------------------- */

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
