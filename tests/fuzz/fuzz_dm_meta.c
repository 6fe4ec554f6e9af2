/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_dm_meta.c - libFuzzer target: the DM upgrade's newer readers,
 * through the public API (include/gtidpos_dm.h); the first byte % 5
 * chooses, the rest is the text:
 *
 *   0, 1, 2  gtidpos_dm_check_meta_table (src/dm/formats/meta_tables.c)
 *            on a dump of the sharding-meta / onlineddl / loader
 *            checkpoint table
 *   3        gp_group_vars_parse, the command's group_vars reader
 *            (src/cli/ansible_group_vars.c, linked through FUZZ_CLI_SRCS)
 *   4        gtidpos_dm_worker_to_source_yaml (src/dm/formats/worker_source.c
 *            over the TOML reader fuzz_toml covers): what it writes must be
 *            YAML that libyaml reads to its end
 *
 * A failure must say why in one line; a dump that fails the guide's
 * precondition must say which line.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "cli/ansible_ini.h"
#include "gtidpos.h"
#include "gtidpos_dm.h"

/* A public error object freed when the variable goes out of scope. */
static void free_error(gtidpos_error **err)
{
    gtidpos_error_free(*err);
}
#define FUZZ_ERROR(name) \
    gtidpos_error *name __attribute__((cleanup(free_error))) = gtidpos_error_new()

static void failed_says_why(gtidpos_status rc, const gtidpos_error *err)
{
    const char *line = gtidpos_error_line(err);

    if (rc != GTIDPOS_OK && (line[0] == '\0' || strchr(line, '\n') != NULL)) {
        fprintf(stderr, "status %d without a one-line message: '%s'\n", (int)rc, line);
        abort();
    }
}

static void meta_table(gtidpos_dm_meta_table which, const char *text, size_t len)
{
    char *reason = (char *)"unset";
    FUZZ_ERROR(err);
    gtidpos_status rc;

    rc = gtidpos_dm_check_meta_table(which, text, len, "dump", &reason, err);
    failed_says_why(rc, err);
    if (rc != GTIDPOS_OK)
        return;
    if (reason != NULL && strncmp(reason, "line ", 5) != 0) {
        fprintf(stderr, "precondition fails without its line: '%s'\n", reason);
        abort();
    }
    free(reason);
}

static void group_vars(const char *text, size_t len)
{
    gp_ini ini;
    FUZZ_ERROR(err);
    gtidpos_status rc = gp_group_vars_parse(&ini, "dm_worker_servers", text, len, "g.yml", err);

    failed_says_why(rc, err);
    if (rc != GTIDPOS_OK)
        return;
    for (size_t i = 0; i < ini.n_sections; i++) {
        const gp_ini_section *s = &ini.sections[i];
        if (strcmp(s->group, "dm_worker_servers") != 0 || s->kind != GP_INI_VARS)
            abort();
        for (size_t k = 0; k < s->n_entries; k++)
            if (s->entries[k].n_vars != 1 || s->entries[k].vars[0].key == NULL ||
                s->entries[k].vars[0].value == NULL)
                abort();
    }
    gp_ini_free(&ini);
}

static void note(void *ctx, unsigned line, const char *key, const char *why)
{
    (void)ctx;
    (void)line;
    if (key == NULL || why == NULL)
        abort();
}

/* a relative path made absolute, as the command does */
static char *path(void *ctx, unsigned line, const char *key, const char *value)
{
    char *out = malloc(strlen(value) + 9);

    (void)ctx;
    (void)line;
    (void)key;
    if (out != NULL)
        sprintf(out, "/deploy/%s", value);
    return out;
}

/* yaml (len bytes) is YAML that libyaml reads to its end */
static void check_yaml(const char *yaml, size_t len)
{
    yaml_parser_t p;
    yaml_event_t ev;
    int done = 0;

    if (!yaml_parser_initialize(&p))
        abort();
    yaml_parser_set_input_string(&p, (const unsigned char *)yaml, len);
    while (!done) {
        if (!yaml_parser_parse(&p, &ev)) {
            fprintf(stderr, "source YAML libyaml cannot read (%s, line %zu):\n%s\n",
                    p.problem ? p.problem : "?", (size_t)p.problem_mark.line + 1, yaml);
            abort();
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
}

static void worker(const char *text, size_t len)
{
    FUZZ_ERROR(err);
    char *yaml = NULL;
    size_t yaml_len = 0;
    gtidpos_status rc =
        gtidpos_dm_worker_to_source_yaml(text, len, "dm-worker.toml", note, path, NULL, &yaml,
                                         &yaml_len, err);

    failed_says_why(rc, err);
    if (rc != GTIDPOS_OK)
        return;
    if (yaml == NULL || strlen(yaml) != yaml_len)
        abort();
    check_yaml(yaml, yaml_len);
    free(yaml);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data + 1;
    size_t len;

    if (size < 1)
        return 0;
    len = size - 1;
    switch (data[0] % 5) {
    case 0: meta_table(GTIDPOS_DM_SHARDING_META, text, len); break;
    case 1: meta_table(GTIDPOS_DM_ONLINEDDL, text, len); break;
    case 2: meta_table(GTIDPOS_DM_LOADER_CHECKPOINT, text, len); break;
    case 3: group_vars(text, len); break;
    default: worker(text, len); break;
    }
    return 0;
}
