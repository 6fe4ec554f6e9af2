/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * worker_source.c - dm-worker.toml (DM v1.0) to the v2 source YAML, one
 * table row per v1 key.
 *
 * Sources of the key sets (pingcap/dm):
 *   v1.0.7 dm/worker/config.go  Config: log-level, log-file, log-rotate,
 *       worker-addr, enable-gtid, auto-fix-gtid, relay-dir, meta-dir,
 *       server-id, flavor, charset, relay-binlog-name, relay-binlog-gtid,
 *       source-id, from, purge, checker, tracer; BurntSushi/toml decoding
 *       that refuses an undecoded key (ErrWorkerUndecodedItemFromFile).
 *   v1.0.7 dm/config DBConfig: host, port, user, password,
 *       max-allowed-packet, session; relay/purger Config: interval,
 *       expires, remain-space; dm/worker CheckerConfig: check-enable,
 *       backoff-rollback, backoff-max and the unexposed check-interval,
 *       backoff-min, backoff-jitter, backoff-factor; pkg/tracing Config:
 *       enable, source, tracer-addr, batch-size, checksum.
 *   v2.0.0 dm/config/source_config.go SourceConfig: enable-gtid,
 *       auto-fix-gtid, relay-dir, meta-dir, flavor, charset, enable-relay,
 *       relay-binlog-name, relay-binlog-gtid, source-id, from (the same
 *       DBConfig), purge, checker, tracer (the same structs, yaml tags).
 */
#include "dm/formats/worker_source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "dm/formats/toml.h"
#include "dm/formats/yaml_out.h"

typedef enum vtype { V_STR, V_PATH, V_BOOL, V_INT, V_UINT32, V_PORT, V_MAP } vtype;

typedef struct row {
    const char *table, *key;
    vtype type;
    const char *dropped; /* NULL: carried under the same name */
} row;

#define WORKER_ONLY                                                                     \
    "a setting of the DM-worker process, not of a source: in v2 it belongs in the "     \
    "v2 worker's own dm-worker.toml, and a v2 source file with it is refused"
#define RELAY_START                                                                     \
    "not carried on purpose: it is where a v1 relay with no relay log started "         \
    "pulling; in a v2 source it makes the new relay start over there instead of "       \
    "where the v1 relay stopped (set it by hand only to restart the relay at a chosen " \
    "point)"

static const row rows[] = {
    {"", "log-level", V_STR, WORKER_ONLY},
    {"", "log-file", V_STR, WORKER_ONLY},
    {"", "log-rotate", V_STR, WORKER_ONLY},
    {"", "worker-addr", V_STR, WORKER_ONLY},
    {"", "server-id", V_UINT32, NULL},
    {"", "source-id", V_STR, NULL},
    {"", "flavor", V_STR, NULL},
    {"", "enable-gtid", V_BOOL, NULL},
    {"", "auto-fix-gtid", V_BOOL, NULL},
    {"", "relay-dir", V_PATH, NULL},
    {"", "meta-dir", V_PATH, NULL},
    {"", "charset", V_STR, NULL},
    {"", "relay-binlog-name", V_STR, RELAY_START},
    {"", "relay-binlog-gtid", V_STR, RELAY_START},
    {"from", "host", V_STR, NULL},
    {"from", "port", V_PORT, NULL},
    {"from", "user", V_STR, NULL},
    {"from", "password", V_STR, NULL},
    {"from", "max-allowed-packet", V_INT, NULL},
    {"from", "session", V_MAP, NULL},
    {"purge", "interval", V_INT, NULL},
    {"purge", "expires", V_INT, NULL},
    {"purge", "remain-space", V_INT, NULL},
    {"checker", "check-enable", V_BOOL, NULL},
    {"checker", "backoff-rollback", V_STR, NULL},
    {"checker", "backoff-max", V_STR, NULL},
    {"checker", "check-interval", V_STR, NULL},
    {"checker", "backoff-min", V_STR, NULL},
    {"checker", "backoff-jitter", V_BOOL, NULL},
    {"checker", "backoff-factor", V_INT, NULL}, /* a float in DM; only whole numbers here */
    {"tracer", "enable", V_BOOL, NULL},
    {"tracer", "source", V_STR, NULL},
    {"tracer", "tracer-addr", V_STR, NULL},
    {"tracer", "batch-size", V_INT, NULL},
    {"tracer", "checksum", V_BOOL, NULL},
};
#define N_ROWS (sizeof rows / sizeof rows[0])

/* The v2 source's nested mappings, in the order they are written. */
static const char *const groups[] = {"", "from", "purge", "checker", "tracer"};

const char *gp_dm_worker_key(size_t i, const char **dropped_because)
{
    static char name[64];
    if (i >= N_ROWS)
        return NULL;
    *dropped_because = rows[i].dropped;
    snprintf(name, sizeof name, "%s%s%s%s", rows[i].table, rows[i].table[0] ? "." : "",
             rows[i].key, rows[i].type == V_MAP ? ".*" : "");
    return name;
}

static void note(const gp_dm_convert_hooks *h, unsigned line, const char *key, const char *why)
{
    if (h != NULL && h->note != NULL)
        h->note(h->ctx, line, key, why);
}

/* The row of entry ent, or NULL (session variables match the session row). */
static const row *row_of(const gp_toml_entry *ent)
{
    for (size_t i = 0; i < N_ROWS; i++) {
        if (rows[i].type == V_MAP) {
            if (strcmp(ent->table, "from.session") == 0)
                return &rows[i];
            continue;
        }
        if (strcmp(rows[i].table, ent->table) == 0 && strcmp(rows[i].key, ent->key) == 0)
            return &rows[i];
    }
    return NULL;
}

static const char *type_name(vtype t)
{
    switch (t) {
    case V_STR:
    case V_PATH:
    case V_MAP: return "a string";
    case V_BOOL: return "true or false";
    case V_INT: return "an integer";
    case V_UINT32: return "an integer from 0 to 4294967295";
    case V_PORT: return "an integer from 0 to 65535";
    }
    return "?";
}

static int type_ok(const gp_toml_entry *ent, vtype t)
{
    switch (t) {
    case V_STR:
    case V_PATH:
    case V_MAP: return ent->type == GP_TOML_STRING;
    case V_BOOL: return ent->type == GP_TOML_BOOL;
    case V_INT: return ent->type == GP_TOML_INT;
    case V_UINT32: return ent->type == GP_TOML_INT && ent->num >= 0 && ent->num <= 4294967295LL;
    case V_PORT: return ent->type == GP_TOML_INT && ent->num >= 0 && ent->num <= 65535;
    }
    return 0;
}

typedef struct out {
    yaml_emitter_t em;
    gp_yaml_out buf;
    int ok;
} out;

static void ev(out *o, yaml_event_t *e, int made)
{
    if (o->ok && !(made && yaml_emitter_emit(&o->em, e)))
        o->ok = 0;
}

static void scalar(out *o, const char *v, int quoted)
{
    yaml_event_t e;
    int made = yaml_scalar_event_initialize(
        &e, NULL, NULL, (yaml_char_t *)v, (int)strlen(v), !quoted, 1,
        quoted ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_PLAIN_SCALAR_STYLE);
    ev(o, &e, made);
}

static void map_start(out *o)
{
    yaml_event_t e;
    ev(o, &e, yaml_mapping_start_event_initialize(&e, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE));
}

static void map_end(out *o)
{
    yaml_event_t e;
    ev(o, &e, yaml_mapping_end_event_initialize(&e));
}

static void value(out *o, const gp_toml_entry *ent, const char *text)
{
    char num[24];
    switch (ent->type) {
    case GP_TOML_STRING: scalar(o, text, 1); break;
    case GP_TOML_BOOL: scalar(o, ent->flag ? "true" : "false", 0); break;
    case GP_TOML_INT:
        snprintf(num, sizeof num, "%lld", (long long)ent->num);
        scalar(o, num, 0);
        break;
    }
}

/* The rows of group g that t has, written as YAML. */
static void write_group(out *o, const gp_toml *t, const char *g, const gp_dm_convert_hooks *h)
{
    for (size_t i = 0; i < N_ROWS; i++) {
        const row *r = &rows[i];
        if (strcmp(r->table, g) != 0 || r->dropped != NULL)
            continue;
        if (r->type == V_MAP) {
            int any = 0;
            for (size_t j = 0; j < t->n; j++) {
                const gp_toml_entry *ent = &t->entries[j];
                if (strcmp(ent->table, "from.session") != 0)
                    continue;
                if (!any) {
                    scalar(o, r->key, 0);
                    map_start(o);
                    any = 1;
                }
                scalar(o, ent->key, 1);
                value(o, ent, ent->str);
            }
            if (any)
                map_end(o);
            continue;
        }
        const gp_toml_entry *ent = gp_toml_get(t, r->table, r->key);
        if (ent == NULL)
            continue;
        if (r->type == V_PATH && ent->str[0] != '\0' && ent->str[0] != '/') {
            char *abs = h != NULL && h->path != NULL ? h->path(h->ctx, ent->line, r->key, ent->str)
                                                     : NULL;
            if (abs == NULL)
                continue; /* the hook said why */
            scalar(o, r->key, 0);
            scalar(o, abs, 1);
            free(abs);
            continue;
        }
        scalar(o, r->key, 0);
        value(o, ent, ent->str);
    }
}

/* Does t carry any key of group g ("from" includes from.session)? */
static int group_present(const gp_toml *t, const char *g)
{
    for (size_t i = 0; i < t->n; i++) {
        const gp_toml_entry *ent = &t->entries[i];
        const row *r = row_of(ent);
        if (r != NULL && r->dropped == NULL && strcmp(r->table, g) == 0)
            return 1;
        (void)ent;
    }
    return 0;
}

/* Refusals: what v1 itself refused or what leaves no usable source. */
static gtidpos_status check(const gp_toml *t, const char *file, const gp_dm_convert_hooks *h,
                    gp_error *e)
{
    const gp_toml_entry *ent;

    for (size_t i = 0; i < t->n; i++) {
        const row *r;
        char full[512];
        ent = &t->entries[i];
        r = row_of(ent);
        snprintf(full, sizeof full, "%s%s%s", ent->table, ent->table[0] ? "." : "", ent->key);
        if (r == NULL) {
            note(h, ent->line, full,
                 "not a key of the DM v1.0.7 worker (v1 refused a file with it as an "
                 "undecoded item) and not a key of a v2 source: dropped");
            continue;
        }
        if (!type_ok(ent, r->type))
            return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "line %u: %s must be %s", ent->line,
                                full, type_name(r->type));
        if (r->dropped != NULL)
            note(h, ent->line, full, r->dropped);
    }
    ent = gp_toml_get(t, "", "source-id");
    if (ent == NULL || ent->str[0] == '\0')
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                            "no source-id: a v2 source needs one (the id the task's "
                            "mysql-instances and the checkpoint table use)");
    ent = gp_toml_get(t, "", "flavor");
    if (ent != NULL && strcmp(ent->str, "mysql") != 0 && strcmp(ent->str, "mariadb") != 0)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                            "line %u: flavor must be \"mysql\" or \"mariadb\", not \"%s\"",
                            ent->line, ent->str);
    if (!group_present(t, "from"))
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                            "no [from] table: the worker file names no upstream to connect "
                            "to, so there is no source to write");
    if (gp_toml_get(t, "from", "host") == NULL || gp_toml_get(t, "from", "user") == NULL)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                            "[from] has no %s: the v2 source would connect to nothing",
                            gp_toml_get(t, "from", "host") == NULL ? "host" : "user");
    return GTIDPOS_OK;
}

gtidpos_status gp_dm_worker_to_source(const char *text, size_t len, const char *file,
                              const gp_dm_convert_hooks *hooks, char **yaml, size_t *yaml_len,
                              gp_error *e)
{
    gp_toml t;
    out o;
    yaml_event_t evt;
    gtidpos_status err;

    *yaml = NULL;
    *yaml_len = 0;
    if ((err = gp_toml_parse_buffer(&t, file, text, len, e)) != GTIDPOS_OK)
        return err;
    if ((err = check(&t, file, hooks, e)) != GTIDPOS_OK) {
        gp_toml_free(&t);
        return err;
    }
    memset(&o, 0, sizeof o);
    o.ok = 1;
    if (!yaml_emitter_initialize(&o.em)) {
        gp_toml_free(&t);
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, file, -1, "out of memory");
    }
    yaml_emitter_set_output(&o.em, gp_yaml_out_write, &o.buf);
    yaml_emitter_set_unicode(&o.em, 1);
    yaml_emitter_set_width(&o.em, -1);
    ev(&o, &evt, yaml_stream_start_event_initialize(&evt, YAML_UTF8_ENCODING));
    ev(&o, &evt, yaml_document_start_event_initialize(&evt, NULL, NULL, NULL, 1));
    map_start(&o);
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        if (g == 0) {
            write_group(&o, &t, groups[g], hooks);
            continue;
        }
        if (!group_present(&t, groups[g]))
            continue;
        scalar(&o, groups[g], 0);
        map_start(&o);
        write_group(&o, &t, groups[g], hooks);
        map_end(&o);
    }
    map_end(&o);
    ev(&o, &evt, yaml_document_end_event_initialize(&evt, 1));
    ev(&o, &evt, yaml_stream_end_event_initialize(&evt));
    yaml_emitter_delete(&o.em);
    gp_toml_free(&t);
    if (!o.ok) {
        free(o.buf.p);
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, file, -1, "cannot write the source YAML");
    }
    *yaml = o.buf.p;
    *yaml_len = o.buf.n;
    return GTIDPOS_OK;
}
