/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * api_dm.c - the public API of include/gtidpos_dm.h: DM's checkpoint
 * names and table, source settings, inventory and task file.  The public
 * types are the readers' own (src/dm/ aliases them), so each call is the
 * reader's, with its error made public.
 */
#include "api.h"
#include "gtidpos_dm.h"

#include "dm/formats/checkpoint_name.h"
#include "dm/formats/checkpoints.h"
#include "dm/formats/ini.h"
#include "dm/formats/meta_tables.h"
#include "dm/formats/source_config.h"
#include "dm/formats/task_yaml.h"
#include "dm/formats/worker_source.h"

/* The name errors give the input when the caller gave none. */
static const char *input_name(const char *file)
{
    return file != NULL ? file : "(input)";
}

/* A reader's result: e as err when rc is an error. */
static gtidpos_status answer(gtidpos_error *err, gtidpos_status rc, const gp_error *e)
{
    if (rc != GTIDPOS_OK)
        return gp_api_error(err, e);
    return GTIDPOS_OK;
}

GTIDPOS_API gtidpos_status gtidpos_dm_checkpoint_parse(gtidpos_dm_checkpoint *c, const char *text,
                                                       int with_pos, gtidpos_error *err)
{
    gp_error e;

    gp_error_clear(&e);
    if (c == NULL || text == NULL)
        return gp_api_usage(err, "gtidpos_dm_checkpoint_parse: NULL argument");
    return answer(err, gp_dm_checkpoint_parse(c, text, with_pos, &e), &e);
}

GTIDPOS_API void gtidpos_dm_checkpoints_init(gtidpos_dm_checkpoints *t)
{
    gp_dm_checkpoints_init(t);
}

GTIDPOS_API void gtidpos_dm_checkpoints_free(gtidpos_dm_checkpoints *t)
{
    if (t != NULL)
        gp_dm_checkpoints_free(t);
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

GTIDPOS_API const gtidpos_dm_checkpoint_row *gtidpos_dm_checkpoints_find(
    const gtidpos_dm_checkpoints *t, const char *id)
{
    return t != NULL && id != NULL ? gp_dm_checkpoints_find(t, id) : NULL;
}

GTIDPOS_API const char *gtidpos_dm_source_kind_name(gtidpos_dm_source_kind k)
{
    return gp_dm_source_kind_name(k);
}

GTIDPOS_API gtidpos_status gtidpos_dm_source_load(gtidpos_dm_source *s, const char *path,
                                                  gtidpos_error *err)
{
    gp_error e;

    gp_error_clear(&e);
    if (s == NULL || path == NULL)
        return gp_api_usage(err, "gtidpos_dm_source_load: NULL argument");
    return answer(err, gp_dm_source_load(s, path, &e), &e);
}

GTIDPOS_API gtidpos_status gtidpos_dm_source_parse(gtidpos_dm_source *s, const char *text,
                                                   size_t len, const char *file, int toml,
                                                   gtidpos_error *err)
{
    gp_error e;

    gp_error_clear(&e);
    if (s == NULL || text == NULL)
        return gp_api_usage(err, "gtidpos_dm_source_parse: NULL argument");
    return answer(err, gp_dm_source_parse(s, text, len, input_name(file), toml, &e), &e);
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

GTIDPOS_API gtidpos_status gtidpos_ini_parse(gtidpos_ini *ini, const char *text, size_t len,
                                             const char *file, gtidpos_error *err)
{
    gp_error e;

    gp_error_clear(&e);
    if (ini == NULL || text == NULL)
        return gp_api_usage(err, "gtidpos_ini_parse: NULL argument");
    return answer(err, gp_ini_parse(ini, text, len, input_name(file), &e), &e);
}

GTIDPOS_API void gtidpos_ini_free(gtidpos_ini *ini)
{
    if (ini != NULL)
        gp_ini_free(ini);
}

GTIDPOS_API const char *gtidpos_ini_host_var(const gtidpos_ini *ini,
                                             const gtidpos_ini_section *group,
                                             const gtidpos_ini_entry *host, const char *key)
{
    if (ini == NULL || group == NULL || host == NULL || key == NULL)
        return NULL;
    return gp_ini_host_var(ini, group, host, key);
}

GTIDPOS_API const char *gtidpos_ini_group_var(const gtidpos_ini *ini, const char *group,
                                              const char *key)
{
    if (ini == NULL || group == NULL || key == NULL)
        return NULL;
    return gp_ini_group_var(ini, group, key);
}

GTIDPOS_API gtidpos_status gtidpos_dm_task_load(gtidpos_dm_task **out, const char *text, size_t len,
                                                const char *file, gtidpos_error *err)
{
    gp_error e;

    gp_error_clear(&e);
    if (out == NULL || text == NULL)
        return gp_api_usage(err, "gtidpos_dm_task_load: NULL argument");
    *out = NULL;
    return answer(err, gp_dm_task_load(out, text, len, input_name(file), &e), &e);
}

GTIDPOS_API void gtidpos_dm_task_free(gtidpos_dm_task *t)
{
    gp_dm_task_free(t);
}

GTIDPOS_API const char *gtidpos_dm_task_name(const gtidpos_dm_task *t)
{
    return t != NULL ? gp_dm_task_name(t) : NULL;
}

GTIDPOS_API const char *gtidpos_dm_task_mode(const gtidpos_dm_task *t)
{
    return t != NULL ? gp_dm_task_mode(t) : NULL;
}

GTIDPOS_API size_t gtidpos_dm_task_instance_count(const gtidpos_dm_task *t)
{
    return t != NULL ? gp_dm_task_instance_count(t) : 0;
}

GTIDPOS_API const char *gtidpos_dm_task_instance_source(const gtidpos_dm_task *t, size_t i)
{
    return t != NULL && i < gp_dm_task_instance_count(t) ? gp_dm_task_instance_source(t, i) : NULL;
}

GTIDPOS_API int gtidpos_dm_task_instance_has_meta(const gtidpos_dm_task *t, size_t i)
{
    return t != NULL && i < gp_dm_task_instance_count(t) && gp_dm_task_instance_has_meta(t, i);
}

GTIDPOS_API gtidpos_status gtidpos_dm_task_write(const gtidpos_dm_task *t, const char *new_name,
                                                 const gtidpos_dm_meta *metas, size_t n_metas,
                                                 char **text, size_t *len, gtidpos_error *err)
{
    gp_error e;

    gp_error_clear(&e);
    if (t == NULL || new_name == NULL || (metas == NULL && n_metas > 0) || text == NULL ||
        len == NULL)
        return gp_api_usage(err, "gtidpos_dm_task_write: NULL argument");
    return answer(err, gp_dm_task_write(t, new_name, metas, n_metas, text, len, &e), &e);
}

GTIDPOS_API gtidpos_status gtidpos_dm_worker_to_source_yaml(const char *text, size_t len,
                                                            const char *file,
                                                            const gtidpos_dm_convert_hooks *hooks,
                                                            char **yaml, size_t *yaml_len,
                                                            gtidpos_error *err)
{
    gp_error e;

    gp_error_clear(&e);
    if (text == NULL || yaml == NULL || yaml_len == NULL)
        return gp_api_usage(err, "gtidpos_dm_worker_to_source_yaml: NULL argument");
    return answer(err, gp_dm_worker_to_source(text, len, input_name(file), hooks, yaml, yaml_len,
                                              &e), &e);
}

GTIDPOS_API gtidpos_status gtidpos_group_vars_parse(gtidpos_ini *ini, const char *group,
                                                    const char *text, size_t len,
                                                    const char *file, gtidpos_error *err)
{
    gp_error e;

    gp_error_clear(&e);
    if (ini == NULL || group == NULL || text == NULL)
        return gp_api_usage(err, "gtidpos_group_vars_parse: NULL argument");
    return answer(err, gp_group_vars_parse(ini, group, text, len, input_name(file), &e), &e);
}

GTIDPOS_API gtidpos_status gtidpos_dm_task_write_ex(const gtidpos_dm_task *t,
                                                    const char *new_name,
                                                    const gtidpos_dm_meta *metas, size_t n_metas,
                                                    const gtidpos_dm_convert_hooks *hooks,
                                                    char **text, size_t *len, gtidpos_error *err)
{
    gp_error e;

    gp_error_clear(&e);
    if (t == NULL || new_name == NULL || (metas == NULL && n_metas > 0) || text == NULL ||
        len == NULL)
        return gp_api_usage(err, "gtidpos_dm_task_write_ex: NULL argument");
    return answer(err, gp_dm_task_write_ex(t, new_name, metas, n_metas, hooks, text, len, &e),
                  &e);
}

GTIDPOS_API const char *gtidpos_dm_meta_table_name(gtidpos_dm_meta_table which)
{
    return gp_dm_meta_table_name(which);
}

GTIDPOS_API gtidpos_status gtidpos_dm_check_meta_table(gtidpos_dm_meta_table which,
                                                       const char *text, size_t len,
                                                       const char *file, int *failed,
                                                       char *reason, size_t cap,
                                                       gtidpos_error *err)
{
    gp_error e;

    gp_error_clear(&e);
    if (text == NULL || failed == NULL || reason == NULL || cap == 0)
        return gp_api_usage(err, "gtidpos_dm_check_meta_table: NULL argument");
    return answer(err, gp_dm_check_meta_table(which, text, len, input_name(file), failed,
                                              reason, cap, &e), &e);
}
