/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * api_dm.c - the public API of include/gtidpos_dm.h: DM's checkpoint
 * names and table, source settings and task file, and a set widened as
 * DM's upgrader does (the relay functions are api_checkpoint.c's).  The opaque types are
 * the readers' own (src/dm/formats/ defines struct gtidpos_dm_checkpoints
 * and struct gtidpos_dm_source), but for the task, which holds the
 * reader's task and the metas set on it; each call is the reader's, with
 * its error made public.
 */
#include "api.h"
#include "gtidpos_dm.h"

#include <stdlib.h>
#include <string.h>

#include "dm/formats/checkpoint_name.h"
#include "dm/formats/checkpoints.h"
#include "dm/formats/meta_tables.h"
#include "dm/formats/source_config.h"
#include "dm/formats/task_yaml.h"
#include "dm/formats/worker_source.h"
#include "dm/relay/gtid_start.h"

/* The name errors give the input when the caller gave none. */
static const char *input_name(const char *file)
{
    return file != NULL ? file : "(input)";
}

/* A reader's result: e as err when rc is an error (err is left alone on
 * success). */
static gtidpos_status answer(gtidpos_error *err, gtidpos_status rc, const gp_error *e)
{
    return rc != GTIDPOS_OK ? gp_api_error(err, e) : GTIDPOS_OK;
}

static gtidpos_status nomem(gtidpos_error *err)
{
    gp_error e;

    gp_error_clear(&e);
    gp_error_set(&e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    return gp_api_error(err, &e);
}

/* ---- the set DM's own upgrader would write ---- */

GTIDPOS_API gtidpos_status gtidpos_dm_set_fill_from_start(gtidpos_set *set, gtidpos_error *err)
{
    if (set == NULL)
        return gp_api_usage(err, "gtidpos_dm_set_fill_from_start: NULL argument");
    if (set->r.flavor != GTIDPOS_FLAVOR_MARIADB &&
        gp_dm_gtid_widen_to_start(set->r.mysql) != GP_GTID_OK)
        return nomem(err);
    return GTIDPOS_OK;
}

/* ---- checkpoint names ---- */

GTIDPOS_API gtidpos_status gtidpos_dm_checkpoint_binlog_name(const char *name, char **out,
                                                             gtidpos_error *err)
{
    gp_dm_checkpoint c;
    gp_error e;
    gtidpos_status rc;

    if (name == NULL || out == NULL)
        return gp_api_usage(err, "gtidpos_dm_checkpoint_binlog_name: NULL argument");
    *out = NULL;
    gp_error_clear(&e);
    if ((rc = gp_dm_checkpoint_parse(&c, name, 0, &e)) != GTIDPOS_OK)
        return answer(err, rc, &e);
    if ((*out = strdup(c.upstream_name)) == NULL)
        return nomem(err);
    return GTIDPOS_OK;
}

/* ---- the checkpoint table ---- */

GTIDPOS_API gtidpos_dm_checkpoints *gtidpos_dm_checkpoints_new(void)
{
    gtidpos_dm_checkpoints *t = malloc(sizeof *t);

    if (t != NULL)
        gp_dm_checkpoints_init(t);
    return t;
}

GTIDPOS_API void gtidpos_dm_checkpoints_free(gtidpos_dm_checkpoints *t)
{
    if (t != NULL)
        gp_dm_checkpoints_free(t);
    free(t);
}

GTIDPOS_API const char *gtidpos_dm_table_form_name(gtidpos_dm_table_form f)
{
    return gp_dm_cp_form_name(f);
}

GTIDPOS_API gtidpos_status gtidpos_dm_checkpoints_parse(gtidpos_dm_checkpoints *t, const char *text,
                                                        size_t len, const char *file,
                                                        gtidpos_error *err)
{
    gp_error e;

    gp_error_clear(&e);
    if (t == NULL || text == NULL)
        return gp_api_usage(err, "gtidpos_dm_checkpoints_parse: NULL argument");
    return answer(err, gp_dm_checkpoints_parse(t, text, len, input_name(file), &e), &e);
}

GTIDPOS_API gtidpos_status gtidpos_dm_checkpoints_add(gtidpos_dm_checkpoints *t, const char *arg,
                                                      gtidpos_error *err)
{
    gp_error e;

    gp_error_clear(&e);
    if (t == NULL || arg == NULL)
        return gp_api_usage(err, "gtidpos_dm_checkpoints_add: NULL argument");
    return answer(err, gp_dm_checkpoints_add_option(t, arg, &e), &e);
}

GTIDPOS_API size_t gtidpos_dm_checkpoints_count(const gtidpos_dm_checkpoints *t)
{
    return t != NULL ? t->n : 0;
}

GTIDPOS_API gtidpos_dm_table_form gtidpos_dm_checkpoints_form(const gtidpos_dm_checkpoints *t)
{
    return t != NULL ? t->form : GTIDPOS_DM_TABLE_NONE;
}

/* Row i of t, or NULL. */
static const gp_dm_cp_row *row_at(const gtidpos_dm_checkpoints *t, size_t i)
{
    return t != NULL && i < t->n ? &t->rows[i] : NULL;
}

GTIDPOS_API const char *gtidpos_dm_checkpoints_id(const gtidpos_dm_checkpoints *t, size_t i)
{
    return row_at(t, i) != NULL ? row_at(t, i)->id : NULL;
}

GTIDPOS_API const char *gtidpos_dm_checkpoints_name(const gtidpos_dm_checkpoints *t, size_t i)
{
    return row_at(t, i) != NULL ? row_at(t, i)->name : NULL;
}

GTIDPOS_API uint64_t gtidpos_dm_checkpoints_pos(const gtidpos_dm_checkpoints *t, size_t i)
{
    return row_at(t, i) != NULL ? row_at(t, i)->pos : 0;
}

GTIDPOS_API const char *gtidpos_dm_checkpoints_origin(const gtidpos_dm_checkpoints *t, size_t i)
{
    return row_at(t, i) != NULL ? row_at(t, i)->origin : NULL;
}

GTIDPOS_API int gtidpos_dm_checkpoints_find(const gtidpos_dm_checkpoints *t, const char *id,
                                            size_t *i)
{
    const gp_dm_cp_row *row = t != NULL && id != NULL ? gp_dm_checkpoints_find(t, id) : NULL;

    if (row != NULL && i != NULL)
        *i = (size_t)(row - t->rows);
    return row != NULL;
}

/* ---- the preconditions ---- */

GTIDPOS_API const char *gtidpos_dm_meta_table_name(gtidpos_dm_meta_table which)
{
    return gp_dm_meta_table_name(which);
}

GTIDPOS_API gtidpos_status gtidpos_dm_check_meta_table(gtidpos_dm_meta_table which,
                                                       const char *text, size_t len,
                                                       const char *file, char **reason,
                                                       gtidpos_error *err)
{
    gp_error e;

    gp_error_clear(&e);
    if (text == NULL || reason == NULL)
        return gp_api_usage(err, "gtidpos_dm_check_meta_table: NULL argument");
    return answer(err, gp_dm_check_meta_table(which, text, len, input_name(file), reason, &e),
                  &e);
}

/* ---- sources ---- */

GTIDPOS_API const char *gtidpos_dm_source_kind_name(gtidpos_dm_source_kind k)
{
    return gp_dm_source_kind_name(k);
}

GTIDPOS_API gtidpos_dm_source *gtidpos_dm_source_new(void)
{
    return calloc(1, sizeof(gtidpos_dm_source));
}

GTIDPOS_API void gtidpos_dm_source_free(gtidpos_dm_source *s)
{
    free(s);
}

/* A source read by read (path or text): *out on success, NULL else. */
static gtidpos_status source_read(gtidpos_dm_source **out, const char *path, const char *text,
                                  size_t len, const char *file, int toml, gtidpos_error *err)
{
    gtidpos_dm_source *s;
    gp_error e;
    gtidpos_status rc;

    *out = NULL;
    if ((s = gtidpos_dm_source_new()) == NULL)
        return nomem(err);
    gp_error_clear(&e);
    rc = path != NULL ? gp_dm_source_load(s, path, &e)
                      : gp_dm_source_parse(s, text, len, input_name(file), toml, &e);
    if (rc != GTIDPOS_OK) {
        free(s);
        return answer(err, rc, &e);
    }
    *out = s;
    return GTIDPOS_OK;
}

GTIDPOS_API gtidpos_status gtidpos_dm_source_load(gtidpos_dm_source **out, const char *path,
                                                  gtidpos_error *err)
{
    if (out == NULL || path == NULL)
        return gp_api_usage(err, "gtidpos_dm_source_load: NULL argument");
    return source_read(out, path, NULL, 0, NULL, 0, err);
}

GTIDPOS_API gtidpos_status gtidpos_dm_source_parse(gtidpos_dm_source **out, const char *text,
                                                   size_t len, const char *file, int toml,
                                                   gtidpos_error *err)
{
    if (out == NULL || text == NULL)
        return gp_api_usage(err, "gtidpos_dm_source_parse: NULL argument");
    return source_read(out, NULL, text, len, file, toml, err);
}

GTIDPOS_API gtidpos_status gtidpos_dm_source_set(gtidpos_dm_source *s, const char *key,
                                                 const char *value, gtidpos_error *err)
{
    gp_error e;

    gp_error_clear(&e);
    if (s == NULL || key == NULL || value == NULL)
        return gp_api_usage(err, "gtidpos_dm_source_set: NULL argument");
    return answer(err, gp_dm_source_set(s, key, value, &e), &e);
}

GTIDPOS_API gtidpos_dm_source_kind gtidpos_dm_source_read_from(const gtidpos_dm_source *s)
{
    return s != NULL ? s->kind : GTIDPOS_DM_SOURCE_YAML;
}

GTIDPOS_API const char *gtidpos_dm_source_id(const gtidpos_dm_source *s)
{
    return s != NULL ? s->source_id : "";
}

GTIDPOS_API const char *gtidpos_dm_source_flavor(const gtidpos_dm_source *s)
{
    return s != NULL ? s->flavor : "";
}

GTIDPOS_API int gtidpos_dm_source_server_id(const gtidpos_dm_source *s, uint64_t *value)
{
    if (s == NULL || !s->has_server_id)
        return 0;
    if (value != NULL)
        *value = s->server_id;
    return 1;
}

GTIDPOS_API int gtidpos_dm_source_enable_gtid(const gtidpos_dm_source *s)
{
    return s != NULL && s->has_enable_gtid ? s->enable_gtid != 0 : -1;
}

GTIDPOS_API int gtidpos_dm_source_enable_relay(const gtidpos_dm_source *s)
{
    return s != NULL && s->has_enable_relay ? s->enable_relay != 0 : -1;
}

GTIDPOS_API const char *gtidpos_dm_source_relay_dir(const gtidpos_dm_source *s)
{
    return s != NULL ? s->relay_dir : "";
}

GTIDPOS_API const char *gtidpos_dm_source_host(const gtidpos_dm_source *s)
{
    return s != NULL ? s->host : "";
}

GTIDPOS_API int gtidpos_dm_source_port(const gtidpos_dm_source *s, uint64_t *value)
{
    if (s == NULL || !s->has_port)
        return 0;
    if (value != NULL)
        *value = s->port;
    return 1;
}

GTIDPOS_API const char *gtidpos_dm_source_user(const gtidpos_dm_source *s)
{
    return s != NULL ? s->user : "";
}

GTIDPOS_API const char *gtidpos_dm_source_password(const gtidpos_dm_source *s)
{
    return s != NULL && s->has_password ? s->password : NULL;
}

GTIDPOS_API gtidpos_status gtidpos_dm_source_to_yaml(const gtidpos_dm_source *s, char **text,
                                                     size_t *len, gtidpos_error *err)
{
    gp_error e;

    gp_error_clear(&e);
    if (s == NULL || text == NULL || len == NULL)
        return gp_api_usage(err, "gtidpos_dm_source_to_yaml: NULL argument");
    return answer(err, gp_dm_source_to_yaml(s, text, len, &e), &e);
}

GTIDPOS_API gtidpos_status gtidpos_dm_worker_to_source_yaml(const char *text, size_t len,
                                                            const char *file,
                                                            gtidpos_dm_note_fn note,
                                                            gtidpos_dm_path_fn path, void *ctx,
                                                            char **yaml, size_t *yaml_len,
                                                            gtidpos_error *err)
{
    gp_dm_convert_hooks hooks = {note, path, ctx};
    gp_error e;

    gp_error_clear(&e);
    if (text == NULL || yaml == NULL || yaml_len == NULL)
        return gp_api_usage(err, "gtidpos_dm_worker_to_source_yaml: NULL argument");
    return answer(err, gp_dm_worker_to_source(text, len, input_name(file), &hooks, yaml, yaml_len,
                                              &e), &e);
}

/* ---- the task ---- */

/* The reader's task and the metas set on it (strings owned). */
struct gtidpos_dm_task {
    gp_dm_task *task;
    gp_dm_meta *metas;
    size_t n_metas;
};

static void meta_free(gp_dm_meta *m)
{
    free((char *)m->source_id);
    free((char *)m->binlog_name);
    free((char *)m->binlog_gtid);
}

GTIDPOS_API gtidpos_status gtidpos_dm_task_load(gtidpos_dm_task **out, const char *text, size_t len,
                                                const char *file, gtidpos_error *err)
{
    gtidpos_dm_task *t;
    gp_error e;
    gtidpos_status rc;

    if (out == NULL || text == NULL)
        return gp_api_usage(err, "gtidpos_dm_task_load: NULL argument");
    *out = NULL;
    if ((t = calloc(1, sizeof *t)) == NULL)
        return nomem(err);
    gp_error_clear(&e);
    if ((rc = gp_dm_task_load(&t->task, text, len, input_name(file), &e)) != GTIDPOS_OK) {
        free(t);
        return answer(err, rc, &e);
    }
    *out = t;
    return GTIDPOS_OK;
}

GTIDPOS_API void gtidpos_dm_task_free(gtidpos_dm_task *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->n_metas; i++)
        meta_free(&t->metas[i]);
    free(t->metas);
    gp_dm_task_free(t->task);
    free(t);
}

GTIDPOS_API const char *gtidpos_dm_task_name(const gtidpos_dm_task *t)
{
    return t != NULL ? gp_dm_task_name(t->task) : NULL;
}

GTIDPOS_API const char *gtidpos_dm_task_mode(const gtidpos_dm_task *t)
{
    return t != NULL ? gp_dm_task_mode(t->task) : NULL;
}

GTIDPOS_API size_t gtidpos_dm_task_instance_count(const gtidpos_dm_task *t)
{
    return t != NULL ? gp_dm_task_instance_count(t->task) : 0;
}

GTIDPOS_API const char *gtidpos_dm_task_instance_source(const gtidpos_dm_task *t, size_t i)
{
    return i < gtidpos_dm_task_instance_count(t) ? gp_dm_task_instance_source(t->task, i) : NULL;
}

GTIDPOS_API int gtidpos_dm_task_instance_has_meta(const gtidpos_dm_task *t, size_t i)
{
    return i < gtidpos_dm_task_instance_count(t) && gp_dm_task_instance_has_meta(t->task, i);
}

GTIDPOS_API gtidpos_status gtidpos_dm_task_set_meta(gtidpos_dm_task *t, const char *source_id,
                                                    const char *binlog_name,
                                                    uint64_t binlog_pos,
                                                    const char *binlog_gtid,
                                                    gtidpos_error *err)
{
    gp_dm_meta m = {NULL, NULL, binlog_pos, NULL};
    size_t i, n = gtidpos_dm_task_instance_count(t);

    if (t == NULL || source_id == NULL || binlog_name == NULL)
        return gp_api_usage(err, "gtidpos_dm_task_set_meta: NULL argument");
    for (i = 0; i < n && strcmp(gp_dm_task_instance_source(t->task, i), source_id) != 0; i++)
        ;
    if (i == n) {
        gp_error e;
        gp_error_clear(&e);
        gp_error_set(&e, GTIDPOS_ERR_PARSE, NULL, -1,
                     "the task has no mysql-instances entry with source-id %s", source_id);
        return gp_api_error(err, &e);
    }
    m.source_id = strdup(source_id);
    m.binlog_name = strdup(binlog_name);
    m.binlog_gtid = binlog_gtid != NULL ? strdup(binlog_gtid) : NULL;
    if (m.source_id == NULL || m.binlog_name == NULL || (binlog_gtid != NULL && !m.binlog_gtid)) {
        meta_free(&m);
        return nomem(err);
    }
    for (i = 0; i < t->n_metas && strcmp(t->metas[i].source_id, source_id) != 0; i++)
        ;
    if (i == t->n_metas) {
        gp_dm_meta *grown = realloc(t->metas, (t->n_metas + 1) * sizeof *grown);
        if (grown == NULL) {
            meta_free(&m);
            return nomem(err);
        }
        t->metas = grown;
        t->n_metas++;
    } else {
        meta_free(&t->metas[i]);
    }
    t->metas[i] = m;
    return GTIDPOS_OK;
}

/* The task written as the guide edits it (v2 0) or as DM v2 accepts it. */
static gtidpos_status task_write(const gtidpos_dm_task *t, const char *new_name, int v2,
                                 gtidpos_dm_note_fn note, void *ctx, char **text, size_t *len,
                                 gtidpos_error *err)
{
    gp_dm_convert_hooks hooks = {note, NULL, ctx};
    gp_error e;

    if (t == NULL || new_name == NULL || text == NULL || len == NULL)
        return gp_api_usage(err, v2 ? "gtidpos_dm_task_write_v2: NULL argument"
                                    : "gtidpos_dm_task_write: NULL argument");
    gp_error_clear(&e);
    return answer(err,
                  v2 ? gp_dm_task_write_ex(t->task, new_name, t->metas, t->n_metas, &hooks, text,
                                           len, &e)
                     : gp_dm_task_write(t->task, new_name, t->metas, t->n_metas, text, len, &e),
                  &e);
}

GTIDPOS_API gtidpos_status gtidpos_dm_task_write(const gtidpos_dm_task *t, const char *new_name,
                                                 char **text, size_t *len, gtidpos_error *err)
{
    return task_write(t, new_name, 0, NULL, NULL, text, len, err);
}

GTIDPOS_API gtidpos_status gtidpos_dm_task_write_v2(const gtidpos_dm_task *t,
                                                    const char *new_name,
                                                    gtidpos_dm_note_fn note, void *ctx,
                                                    char **text, size_t *len,
                                                    gtidpos_error *err)
{
    return task_write(t, new_name, 1, note, ctx, text, len, err);
}
