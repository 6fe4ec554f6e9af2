/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * task_yaml.c - the task file as a list of libyaml events, edited by
 * index and emitted again (see task_yaml.h for what changes).
 */
#include "dm/formats/task_yaml.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "dm/formats/yaml_out.h"

#define TASK_MAX_BYTES (16u << 20)
#define MAX_DEPTH 256

typedef struct instance {
    size_t start;      /* MAPPING_START of the entry */
    size_t sid_value;  /* the source-id value (a scalar) */
    size_t meta_key;   /* 0: none */
    char *source_id;
} instance;

struct gp_dm_task {
    yaml_event_t *ev;
    size_t n;
    size_t *end;       /* end[i]: last event of the node starting at i */
    size_t root;       /* MAPPING_START of the document's top level */
    size_t name_value, mode_value; /* 0: absent */
    char *name, *mode;
    instance *inst;
    size_t n_inst;
    char file[512];
};

static gtidpos_status at_mark(gp_error *e, const char *file, yaml_mark_t m, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static gtidpos_status at_mark(gp_error *e, const char *file, yaml_mark_t m, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "line %zu, column %zu: %s", m.line + 1,
                        m.column + 1, msg);
}

static int is_scalar(const yaml_event_t *ev, const char *text)
{
    return ev->type == YAML_SCALAR_EVENT && ev->data.scalar.length == strlen(text) &&
           memcmp(ev->data.scalar.value, text, ev->data.scalar.length) == 0;
}

static char *scalar_dup(const yaml_event_t *ev)
{
    char *s = malloc(ev->data.scalar.length + 1);
    if (s != NULL) {
        memcpy(s, ev->data.scalar.value, ev->data.scalar.length);
        s[ev->data.scalar.length] = '\0';
    }
    return s;
}

void gp_dm_task_free(gp_dm_task *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->n; i++)
        yaml_event_delete(&t->ev[i]);
    for (size_t i = 0; i < t->n_inst; i++)
        free(t->inst[i].source_id);
    free(t->ev);
    free(t->end);
    free(t->inst);
    free(t->name);
    free(t->mode);
    free(t);
}

/* Every event of the stream, and where each node ends. */
static gtidpos_status read_events(gp_dm_task *t, const char *text, size_t len, gp_error *e)
{
    yaml_parser_t p;
    size_t cap = 0, stack[MAX_DEPTH];
    int depth = 0, docs = 0;
    gtidpos_status err = GTIDPOS_OK;

    if (!yaml_parser_initialize(&p))
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, t->file, -1, "out of memory");
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            err = p.error == YAML_MEMORY_ERROR
                      ? gp_error_set(e, GTIDPOS_ERR_NOMEM, t->file, -1, "out of memory")
                      : at_mark(e, t->file, p.problem_mark, "%s",
                                p.problem ? p.problem : "malformed YAML");
            break;
        }
        if (t->n == cap) {
            size_t ncap = cap ? cap * 2 : 256;
            yaml_event_t *nev = realloc(t->ev, ncap * sizeof *nev);
            size_t *nend = nev ? realloc(t->end, ncap * sizeof *nend) : NULL;
            if (nev) t->ev = nev;
            if (nend) t->end = nend;
            if (nev == NULL || nend == NULL) {
                yaml_event_delete(&ev);
                err = gp_error_set(e, GTIDPOS_ERR_NOMEM, t->file, -1, "out of memory");
                break;
            }
            cap = ncap;
        }
        size_t i = t->n++;
        t->ev[i] = ev;
        t->end[i] = i;
        switch (ev.type) {
        case YAML_DOCUMENT_START_EVENT:
            if (++docs > 1)
                err = at_mark(e, t->file, ev.start_mark, "%s",
                              "a second YAML document: a task file holds one");
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (depth == MAX_DEPTH)
                err = at_mark(e, t->file, ev.start_mark, "%s", "nested too deeply");
            else
                stack[depth++] = i;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (depth > 0)
                t->end[stack[--depth]] = i;
            break;
        case YAML_NO_EVENT:
        case YAML_STREAM_START_EVENT:
        case YAML_STREAM_END_EVENT:
        case YAML_DOCUMENT_END_EVENT:
        case YAML_ALIAS_EVENT:
        case YAML_SCALAR_EVENT:
            break;
        }
        if (err != GTIDPOS_OK || ev.type == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&p);
    return err;
}

/* The value of a mapping key at k starts right after the key's node. */
#define VALUE_OF(t, k) ((t)->end[(k)] + 1)

static gtidpos_status read_instance(gp_dm_task *t, size_t item, size_t no, gp_error *e)
{
    instance *in = &t->inst[t->n_inst];
    size_t k = item + 1;

    memset(in, 0, sizeof *in);
    in->start = item;
    if (t->ev[item].type == YAML_ALIAS_EVENT)
        return at_mark(e, t->file, t->ev[item].start_mark,
                       "mysql-instances entry %zu is an alias: write it out in full first, "
                       "adding meta to it would change the node it refers to", no);
    if (t->ev[item].type != YAML_MAPPING_START_EVENT)
        return at_mark(e, t->file, t->ev[item].start_mark, "%s",
                       "a mysql-instances entry is not a mapping");
    while (t->ev[k].type != YAML_MAPPING_END_EVENT) {
        size_t v = VALUE_OF(t, k);
        if (is_scalar(&t->ev[k], "source-id")) {
            if (in->sid_value)
                return at_mark(e, t->file, t->ev[k].start_mark, "%s", "source-id given twice");
            if (t->ev[v].type != YAML_SCALAR_EVENT)
                return at_mark(e, t->file, t->ev[v].start_mark, "%s",
                               "source-id is not a single value (an alias or a collection)");
            if (memchr(t->ev[v].data.scalar.value, '\0', t->ev[v].data.scalar.length))
                return at_mark(e, t->file, t->ev[v].start_mark, "%s",
                               "source-id holds a NUL character");
            in->sid_value = v;
        } else if (is_scalar(&t->ev[k], "meta")) {
            if (in->meta_key)
                return at_mark(e, t->file, t->ev[k].start_mark, "%s", "meta given twice");
            in->meta_key = k;
        } else if (is_scalar(&t->ev[k], "<<") && t->ev[k].data.scalar.style ==
                   YAML_PLAIN_SCALAR_STYLE) {
            return at_mark(e, t->file, t->ev[k].start_mark, "%s",
                           "a merge key (<<) in a mysql-instances entry: write the entry out "
                           "in full first");
        }
        k = t->end[v] + 1;
    }
    if (in->sid_value == 0)
        return at_mark(e, t->file, t->ev[item].start_mark,
                       "mysql-instances entry %zu has no source-id", no);
    if ((in->source_id = scalar_dup(&t->ev[in->sid_value])) == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, t->file, -1, "out of memory");
    t->n_inst++;
    return GTIDPOS_OK;
}

static gtidpos_status read_shape(gp_dm_task *t, gp_error *e)
{
    size_t k, seq = 0;

    if (t->n < 4 || t->ev[1].type != YAML_DOCUMENT_START_EVENT)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, t->file, -1, "empty task file");
    t->root = 2;
    if (t->ev[2].type != YAML_MAPPING_START_EVENT)
        return at_mark(e, t->file, t->ev[2].start_mark, "%s",
                       "the task file's top level is not a mapping");
    for (k = t->root + 1; t->ev[k].type != YAML_MAPPING_END_EVENT; k = t->end[VALUE_OF(t, k)] + 1) {
        size_t v = VALUE_OF(t, k);
        const char *which = is_scalar(&t->ev[k], "name")      ? "name"
                          : is_scalar(&t->ev[k], "task-mode") ? "task-mode"
                          : is_scalar(&t->ev[k], "mysql-instances") ? "mysql-instances"
                          : is_scalar(&t->ev[k], "<<") ? "<<" : NULL;
        size_t *slot = NULL;
        if (which == NULL)
            continue;
        if (which[0] == '<')
            return at_mark(e, t->file, t->ev[k].start_mark, "%s",
                           "a merge key (<<) at the top level: write the keys out first");
        if (which[0] == 'm') {
            if (seq)
                return at_mark(e, t->file, t->ev[k].start_mark, "%s",
                               "mysql-instances given twice");
            if (t->ev[v].type != YAML_SEQUENCE_START_EVENT)
                return at_mark(e, t->file, t->ev[v].start_mark, "%s",
                               "mysql-instances is not a sequence (an alias or a mapping)");
            seq = v;
            continue;
        }
        slot = which[0] == 'n' ? &t->name_value : &t->mode_value;
        if (*slot)
            return at_mark(e, t->file, t->ev[k].start_mark, "%s given twice", which);
        if (t->ev[v].type != YAML_SCALAR_EVENT)
            return at_mark(e, t->file, t->ev[v].start_mark, "%s is not a single value (an alias "
                           "or a collection)", which);
        if (memchr(t->ev[v].data.scalar.value, '\0', t->ev[v].data.scalar.length))
            return at_mark(e, t->file, t->ev[v].start_mark, "%s holds a NUL character", which);
        *slot = v;
    }
    if (t->name_value == 0)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, t->file, -1, "the task has no name");
    if (seq == 0)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, t->file, -1, "the task has no mysql-instances");
    if ((t->name = scalar_dup(&t->ev[t->name_value])) == NULL ||
        (t->mode_value && (t->mode = scalar_dup(&t->ev[t->mode_value])) == NULL))
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, t->file, -1, "out of memory");
    t->inst = calloc(t->end[seq] - seq + 1, sizeof *t->inst);
    if (t->inst == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, t->file, -1, "out of memory");
    for (k = seq + 1; t->ev[k].type != YAML_SEQUENCE_END_EVENT; k = t->end[k] + 1) {
        gtidpos_status err = read_instance(t, k, t->n_inst + 1, e);
        if (err != GTIDPOS_OK)
            return err;
    }
    for (size_t i = 0; i < t->n_inst; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(t->inst[i].source_id, t->inst[j].source_id) == 0)
                return at_mark(e, t->file, t->ev[t->inst[i].sid_value].start_mark,
                               "source-id '%s' has two mysql-instances entries",
                               t->inst[i].source_id);
    return GTIDPOS_OK;
}

gtidpos_status gp_dm_task_load(gp_dm_task **out, const char *text, size_t len, const char *file,
                       gp_error *e)
{
    gp_dm_task *t;
    gtidpos_status err;

    *out = NULL;
    if (len > TASK_MAX_BYTES)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "larger than %u bytes: not a task file",
                            TASK_MAX_BYTES);
    if ((t = calloc(1, sizeof *t)) == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, file, -1, "out of memory");
    snprintf(t->file, sizeof t->file, "%s", file ? file : "");
    if ((err = read_events(t, text, len, e)) != GTIDPOS_OK || (err = read_shape(t, e)) != GTIDPOS_OK) {
        gp_dm_task_free(t);
        return err;
    }
    *out = t;
    return GTIDPOS_OK;
}

const char *gp_dm_task_name(const gp_dm_task *t) { return t->name; }
const char *gp_dm_task_mode(const gp_dm_task *t) { return t->mode; }
size_t gp_dm_task_instance_count(const gp_dm_task *t) { return t->n_inst; }
const char *gp_dm_task_instance_source(const gp_dm_task *t, size_t i)
{
    return i < t->n_inst ? t->inst[i].source_id : NULL;
}
int gp_dm_task_instance_has_meta(const gp_dm_task *t, size_t i)
{
    return i < t->n_inst && t->inst[i].meta_key != 0;
}

/* ---- writing ---- */

/* A deep copy of a parsed event through libyaml's own initialisers: the
 * emitter takes ownership of what it is given, and t stays reusable. */
static int copy_event(yaml_event_t *dst, const yaml_event_t *s, int keep_anchor)
{
    switch (s->type) {
    case YAML_STREAM_START_EVENT:
        return yaml_stream_start_event_initialize(dst, s->data.stream_start.encoding);
    case YAML_STREAM_END_EVENT:
        return yaml_stream_end_event_initialize(dst);
    case YAML_DOCUMENT_START_EVENT:
        return yaml_document_start_event_initialize(
            dst, s->data.document_start.version_directive,
            s->data.document_start.tag_directives.start,
            s->data.document_start.tag_directives.end, s->data.document_start.implicit);
    case YAML_DOCUMENT_END_EVENT:
        return yaml_document_end_event_initialize(dst, s->data.document_end.implicit);
    case YAML_ALIAS_EVENT:
        return yaml_alias_event_initialize(dst, s->data.alias.anchor);
    case YAML_SCALAR_EVENT:
        return yaml_scalar_event_initialize(
            dst, keep_anchor ? s->data.scalar.anchor : NULL, s->data.scalar.tag, s->data.scalar.value,
            (int)s->data.scalar.length, s->data.scalar.plain_implicit,
            s->data.scalar.quoted_implicit, s->data.scalar.style);
    case YAML_SEQUENCE_START_EVENT:
        return yaml_sequence_start_event_initialize(
            dst, keep_anchor ? s->data.sequence_start.anchor : NULL, s->data.sequence_start.tag,
            s->data.sequence_start.implicit, s->data.sequence_start.style);
    case YAML_SEQUENCE_END_EVENT:
        return yaml_sequence_end_event_initialize(dst);
    case YAML_MAPPING_START_EVENT:
        return yaml_mapping_start_event_initialize(
            dst, keep_anchor ? s->data.mapping_start.anchor : NULL, s->data.mapping_start.tag,
            s->data.mapping_start.implicit, s->data.mapping_start.style);
    case YAML_MAPPING_END_EVENT:
        return yaml_mapping_end_event_initialize(dst);
    case YAML_NO_EVENT:
        break;
    }
    return 0;
}

typedef struct writer {
    yaml_emitter_t em;
    gp_yaml_out out;
    int failed;
    size_t expanded;   /* events written in place of aliases */
    int too_many;      /* aliases would expand past EXPAND_MAX (a "billion laughs") */
} writer;

#define EXPAND_MAX (1u << 20)

static void emit(writer *w, yaml_event_t *ev, int made)
{
    if (w->failed)
        return;
    if (!made || !yaml_emitter_emit(&w->em, ev))
        w->failed = 1;
}

static void emit_copy(writer *w, const yaml_event_t *src, int keep_anchor)
{
    yaml_event_t ev;
    int ok = copy_event(&ev, src, keep_anchor);
    emit(w, &ev, ok);
}

/* A string scalar: double-quoted, so that no value ("000123", "true",
 * "0-1-3") is ever read back as a number or a boolean. */
static void emit_string(writer *w, const char *s, yaml_scalar_style_t style)
{
    yaml_event_t ev;
    int ok = yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s),
                                          style == YAML_PLAIN_SCALAR_STYLE, 1, style);
    emit(w, &ev, ok);
}

static void emit_int(writer *w, uint64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
    emit_string(w, buf, YAML_PLAIN_SCALAR_STYLE);
}

static void emit_meta(writer *w, const gp_dm_meta *m)
{
    yaml_event_t ev;
    int ok;

    emit_string(w, "meta", YAML_PLAIN_SCALAR_STYLE);
    ok = yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
    emit(w, &ev, ok);
    emit_string(w, "binlog-name", YAML_PLAIN_SCALAR_STYLE);
    emit_string(w, m->binlog_name, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
    emit_string(w, "binlog-pos", YAML_PLAIN_SCALAR_STYLE);
    emit_int(w, m->binlog_pos);
    if (m->binlog_gtid != NULL) {
        emit_string(w, "binlog-gtid", YAML_PLAIN_SCALAR_STYLE);
        emit_string(w, m->binlog_gtid, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
    }
    ok = yaml_mapping_end_event_initialize(&ev);
    emit(w, &ev, ok);
}

static const yaml_char_t *anchor_of(const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT: return ev->data.scalar.anchor;
    case YAML_SEQUENCE_START_EVENT: return ev->data.sequence_start.anchor;
    case YAML_MAPPING_START_EVENT: return ev->data.mapping_start.anchor;
    case YAML_NO_EVENT:
    case YAML_STREAM_START_EVENT:
    case YAML_STREAM_END_EVENT:
    case YAML_DOCUMENT_START_EVENT:
    case YAML_DOCUMENT_END_EVENT:
    case YAML_ALIAS_EVENT:
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        break;
    }
    return NULL;
}

/* The event that defines the anchor an alias at i names: the last one
 * before i (a later definition of the same name hides earlier ones). */
static size_t anchor_def(const gp_dm_task *t, size_t i)
{
    const char *name = (const char *)t->ev[i].data.alias.anchor;
    for (size_t j = i; j-- > 0;) {
        const yaml_char_t *a = anchor_of(&t->ev[j]);
        if (a != NULL && strcmp((const char *)a, name) == 0)
            return j;
    }
    return SIZE_MAX;
}

/* An edit: before event `at`, write `what`, then drop `drop` events. */
typedef struct edit {
    size_t at, drop;
    enum { ED_NAME, ED_MODE, ED_MODE_KEY, ED_META, ED_META_KEY, ED_DROP, ED_HB_VALUE,
           ED_HB_KEY } what;
    const gp_dm_meta *meta;
} edit;

/*
 * The keys DM v2 decodes, from the yaml tags of v2.0.0 dm/config/task.go
 * (TaskConfig, MySQLInstance, MydumperConfig, LoaderConfig, SyncerConfig)
 * and dm/config/source_config.go (DBConfig, for target-database).  v2 reads
 * a task with yaml.UnmarshalStrict: any other key fails start-task ("field
 * ... not found in type config.TaskConfig"); later v2 releases accept all
 * of these.  The insides of routes, filters, column-mappings and the
 * block-allow lists are tidb-tools rules that v1 decoded the same way;
 * they are not checked here.
 */
static const char *const task_keys[] = {
    "name", "task-mode", "is-sharding", "shard-mode", "ignore-checking-items", "meta-schema",
    "enable-heartbeat", "heartbeat-update-interval", "heartbeat-report-interval", "timezone",
    "case-sensitive", "target-database", "mysql-instances", "online-ddl-scheme", "routes",
    "filters", "column-mappings", "black-white-list", "block-allow-list", "mydumpers",
    "loaders", "syncers", "clean-dump-file", "ansi-quotes", "remove-meta", NULL};
static const char *const instance_keys[] = {
    "source-id", "meta", "filter-rules", "column-mapping-rules", "route-rules",
    "black-white-list", "block-allow-list", "mydumper-config-name", "mydumper",
    "mydumper-thread", "loader-config-name", "loader", "loader-thread", "syncer-config-name",
    "syncer", "syncer-thread", NULL};
static const char *const mydumper_keys[] = {
    "mydumper-path", "threads", "chunk-filesize", "statement-size", "rows", "where",
    "skip-tz-utc", "extra-args", NULL};
static const char *const loader_keys[] = {"pool-size", "dir", NULL};
static const char *const syncer_keys[] = {
    "meta-file", "worker-count", "batch", "queue-size", "checkpoint-flush-interval",
    "max-retry", "auto-fix-gtid", "enable-gtid", "disable-detect", "safe-mode",
    "enable-ansi-quotes", NULL};
static const char *const db_keys[] = {
    "host", "port", "user", "password", "max-allowed-packet", "session", "security", NULL};

typedef struct keyset {
    const char *type;            /* the Go struct, for messages */
    const char *const *keys;
} keyset;

static const keyset KS_TASK = {"TaskConfig", task_keys};
static const keyset KS_INSTANCE = {"MySQLInstance", instance_keys};
static const keyset KS_MYDUMPER = {"MydumperConfig", mydumper_keys};
static const keyset KS_LOADER = {"LoaderConfig", loader_keys};
static const keyset KS_SYNCER = {"SyncerConfig", syncer_keys};
static const keyset KS_DB = {"DBConfig", db_keys};

int gp_dm_task_v2_key(const char *type, const char *key)
{
    static const keyset *const all[] = {&KS_TASK, &KS_INSTANCE, &KS_MYDUMPER, &KS_LOADER,
                                        &KS_SYNCER, &KS_DB};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(all[i]->type, type) == 0)
            for (const char *const *k = all[i]->keys; *k; k++)
                if (strcmp(*k, key) == 0)
                    return 1;
    return 0;
}

static int in_keyset(const keyset *ks, const yaml_event_t *ev)
{
    if (ev->type != YAML_SCALAR_EVENT)
        return 0;
    for (const char *const *k = ks->keys; *k; k++)
        if (is_scalar(ev, *k))
            return 1;
    return 0;
}

/* The planned changes: edits, and the notes to give when all succeeded. */
typedef struct plan {
    edit *eds;
    size_t ne, cap;
    const gp_dm_convert_hooks *hooks;
    int v2; /* drop what DM v2 refuses (gp_dm_task_write_ex) */
} plan;

static gtidpos_status plan_add(plan *pl, const gp_dm_task *t, edit ed, gp_error *e)
{
    if (pl->ne == pl->cap) {
        size_t cap = pl->cap ? pl->cap * 2 : 16;
        edit *n = realloc(pl->eds, cap * sizeof *n);
        if (n == NULL)
            return gp_error_set(e, GTIDPOS_ERR_NOMEM, t->file, -1, "out of memory");
        pl->eds = n;
        pl->cap = cap;
    }
    pl->eds[pl->ne++] = ed;
    return GTIDPOS_OK;
}

static void plan_note(const plan *pl, const yaml_event_t *at, const char *key, const char *why)
{
    if (pl->hooks != NULL && pl->hooks->note != NULL)
        pl->hooks->note(pl->hooks->ctx, (unsigned)at->start_mark.line + 1, key, why);
}

/* The mapping at m (or an alias of one: then only checked) keeps only the
 * keys of ks; path names it in notes ("mysql-instances[1].syncer"). */
static gtidpos_status plan_keys(plan *pl, const gp_dm_task *t, size_t m, const keyset *ks,
                        const char *path, gp_error *e)
{
    char why[256], full[512];
    size_t k;

    if (t->ev[m].type == YAML_ALIAS_EVENT) {
        /* the node an alias names is written where the anchor is; its
         * keys must already be v2's here, dropping them would change the
         * other places that use it */
        size_t def = anchor_def(t, m);
        if (def == SIZE_MAX || t->ev[def].type != YAML_MAPPING_START_EVENT)
            return GTIDPOS_OK;
        for (k = def + 1; t->ev[k].type != YAML_MAPPING_END_EVENT;
             k = t->end[VALUE_OF(t, k)] + 1)
            if (!in_keyset(ks, &t->ev[k]))
                return at_mark(e, t->file, t->ev[m].start_mark,
                               "%s is an alias of a mapping with a key DM v2's %s does not "
                               "have (%.*s): write it out in full first",
                               path[0] ? path : "the top level", ks->type,
                               t->ev[k].type == YAML_SCALAR_EVENT
                                   ? (int)t->ev[k].data.scalar.length : 1,
                               t->ev[k].type == YAML_SCALAR_EVENT
                                   ? (const char *)t->ev[k].data.scalar.value : "?");
        return GTIDPOS_OK;
    }
    if (t->ev[m].type != YAML_MAPPING_START_EVENT)
        return GTIDPOS_OK; /* a scalar: DM v2 judges it as v1 did */
    for (k = m + 1; t->ev[k].type != YAML_MAPPING_END_EVENT; k = t->end[VALUE_OF(t, k)] + 1) {
        size_t v = VALUE_OF(t, k);
        gtidpos_status err;
        if (is_scalar(&t->ev[k], "<<") && t->ev[k].data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
            return at_mark(e, t->file, t->ev[k].start_mark,
                           "a merge key (<<) in %s: write the keys out in full first (DM v2 "
                           "checks the merged keys too)", path[0] ? path : "the top level");
        if (in_keyset(ks, &t->ev[k]) || (ks == &KS_TASK && is_scalar(&t->ev[k], "disable-heartbeat")))
            continue;
        snprintf(full, sizeof full, "%s%s%.*s", path, path[0] ? "." : "",
                 t->ev[k].type == YAML_SCALAR_EVENT ? (int)t->ev[k].data.scalar.length : 1,
                 t->ev[k].type == YAML_SCALAR_EVENT ? (const char *)t->ev[k].data.scalar.value
                                                    : "?");
        snprintf(why, sizeof why, "not a key of DM v2's %s (v1 read the task leniently and "
                 "ignored it; v2 refuses it): dropped", ks->type);
        plan_note(pl, &t->ev[k], full, why);
        if ((err = plan_add(pl, t, (edit){k, t->end[v] - k + 1, ED_DROP, NULL}, e)) != GTIDPOS_OK)
            return err;
    }
    return GTIDPOS_OK;
}

/* The value of key `name` in the mapping at m, or 0. */
static size_t map_value(const gp_dm_task *t, size_t m, const char *name)
{
    if (t->ev[m].type != YAML_MAPPING_START_EVENT)
        return 0;
    for (size_t k = m + 1; t->ev[k].type != YAML_MAPPING_END_EVENT;
         k = t->end[VALUE_OF(t, k)] + 1)
        if (is_scalar(&t->ev[k], name))
            return VALUE_OF(t, k);
    return 0;
}

/* A named collection of configs (mydumpers: {global: {...}}): each kept
 * to ks. */
static gtidpos_status plan_named(plan *pl, const gp_dm_task *t, size_t m, const keyset *ks,
                         const char *path, gp_error *e)
{
    char sub[512];
    if (m == 0 || t->ev[m].type != YAML_MAPPING_START_EVENT)
        return GTIDPOS_OK;
    for (size_t k = m + 1; t->ev[k].type != YAML_MAPPING_END_EVENT;
         k = t->end[VALUE_OF(t, k)] + 1) {
        gtidpos_status err;
        snprintf(sub, sizeof sub, "%s.%.*s", path,
                 t->ev[k].type == YAML_SCALAR_EVENT ? (int)t->ev[k].data.scalar.length : 1,
                 t->ev[k].type == YAML_SCALAR_EVENT ? (const char *)t->ev[k].data.scalar.value
                                                    : "?");
        if ((err = plan_keys(pl, t, VALUE_OF(t, k), ks, sub, e)) != GTIDPOS_OK)
            return err;
    }
    return GTIDPOS_OK;
}

/* go-yaml v2's YAML 1.1 booleans (what DM v1 read enable-heartbeat and
 * disable-heartbeat with): 1 true, 0 false, -1 not a boolean. */
static int yaml11_bool(const yaml_event_t *ev)
{
    static const char *const yes[] = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE",
                                      "on", "On", "ON"};
    static const char *const no[] = {"n", "N", "no", "No", "NO", "false", "False", "FALSE",
                                     "off", "Off", "OFF"};
    if (ev->type != YAML_SCALAR_EVENT || ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return -1;
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (is_scalar(ev, yes[i]))
            return 1;
        if (is_scalar(ev, no[i]))
            return 0;
    }
    return -1;
}

/*
 * The heartbeat.  v1.0.7 (dm/config/task.go, SubTaskConfigs) ran it when
 *     EnableHeartbeat || !DisableHeartbeat
 * with DisableHeartbeat defaulting to true (NewTaskConfig), so it was on
 * when enable-heartbeat was true or disable-heartbeat was given as false.
 * v2 has enable-heartbeat only: disable-heartbeat goes, and
 * enable-heartbeat is made true when v1 had the heartbeat on.
 */
static gtidpos_status plan_heartbeat(plan *pl, const gp_dm_task *t, gp_error *e)
{
    size_t ek = 0, dk = 0;
    int en = 0, dis = 1, on;
    gtidpos_status err = GTIDPOS_OK;

    for (size_t k = t->root + 1; t->ev[k].type != YAML_MAPPING_END_EVENT;
         k = t->end[VALUE_OF(t, k)] + 1) {
        if (is_scalar(&t->ev[k], "enable-heartbeat"))
            ek = k;
        else if (is_scalar(&t->ev[k], "disable-heartbeat"))
            dk = k;
    }
    if (ek && (en = yaml11_bool(&t->ev[VALUE_OF(t, ek)])) < 0)
        return at_mark(e, t->file, t->ev[VALUE_OF(t, ek)].start_mark, "%s",
                       "enable-heartbeat is not true or false");
    if (dk && (dis = yaml11_bool(&t->ev[VALUE_OF(t, dk)])) < 0)
        return at_mark(e, t->file, t->ev[VALUE_OF(t, dk)].start_mark, "%s",
                       "disable-heartbeat is not true or false");
    on = en || !dis;
    if (dk == 0)
        return GTIDPOS_OK;
    if (on && !en) {
        plan_note(pl, &t->ev[dk], "disable-heartbeat",
                  "mapped to enable-heartbeat: true (v1.0.7 ran the heartbeat when "
                  "enable-heartbeat was true or disable-heartbeat false; v2 has only "
                  "enable-heartbeat)");
        err = ek ? plan_add(pl, t, (edit){VALUE_OF(t, ek), 1, ED_HB_VALUE, NULL}, e)
                 : plan_add(pl, t, (edit){t->end[t->root], 0, ED_HB_KEY, NULL}, e);
    } else {
        plan_note(pl, &t->ev[dk], "disable-heartbeat",
                  on ? "dropped (a v1-only key; enable-heartbeat: true keeps the heartbeat on "
                       "as in v1)"
                     : "dropped (a v1-only key; without enable-heartbeat: true the heartbeat "
                       "stays off in v2, as it was in v1)");
    }
    if (err == GTIDPOS_OK)
        err = plan_add(pl, t, (edit){dk, t->end[VALUE_OF(t, dk)] - dk + 1, ED_DROP, NULL}, e);
    return err;
}

/* Every key DM v2 would refuse, at every level it checks. */
static gtidpos_status plan_v2_keys(plan *pl, const gp_dm_task *t, gp_error *e)
{
    static const struct {
        const char *key;
        const keyset *ks;
    } named[] = {{"mydumpers", &KS_MYDUMPER}, {"loaders", &KS_LOADER}, {"syncers", &KS_SYNCER}};
    static const struct {
        const char *key;
        const keyset *ks;
    } own[] = {{"mydumper", &KS_MYDUMPER}, {"loader", &KS_LOADER}, {"syncer", &KS_SYNCER}};
    gtidpos_status err;
    char path[128];

    if ((err = plan_heartbeat(pl, t, e)) != GTIDPOS_OK ||
        (err = plan_keys(pl, t, t->root, &KS_TASK, "", e)) != GTIDPOS_OK)
        return err;
    if ((err = plan_keys(pl, t, map_value(t, t->root, "target-database"), &KS_DB,
                         "target-database", e)) != GTIDPOS_OK)
        return err;
    for (size_t i = 0; i < 3; i++)
        if ((err = plan_named(pl, t, map_value(t, t->root, named[i].key), named[i].ks,
                              named[i].key, e)) != GTIDPOS_OK)
            return err;
    for (size_t i = 0; i < t->n_inst; i++) {
        snprintf(path, sizeof path, "mysql-instances[%zu]", i + 1);
        if ((err = plan_keys(pl, t, t->inst[i].start, &KS_INSTANCE, path, e)) != GTIDPOS_OK)
            return err;
        for (size_t j = 0; j < 3; j++) {
            size_t v = map_value(t, t->inst[i].start, own[j].key);
            char sub[160];
            snprintf(sub, sizeof sub, "%s.%s", path, own[j].key);
            if (v && (err = plan_keys(pl, t, v, own[j].ks, sub, e)) != GTIDPOS_OK)
                return err;
        }
    }
    return GTIDPOS_OK;
}

/* By position; at one position the insertions (drop 0) before a drop, so
 * that a meta inserted after source-id survives the key after it going. */
static int edit_cmp(const void *a, const void *b)
{
    const edit *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->drop < y->drop ? -1 : x->drop > y->drop;
}

static void apply(writer *w, const gp_dm_task *t, const edit *ed, const char *new_name)
{
    yaml_scalar_style_t st;

    switch (ed->what) {
    case ED_NAME:
        emit_string(w, new_name, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
        break;
    case ED_MODE_KEY:
        emit_string(w, "task-mode", YAML_PLAIN_SCALAR_STYLE);
        emit_string(w, "incremental", YAML_PLAIN_SCALAR_STYLE);
        break;
    case ED_MODE:
        st = t->ev[t->mode_value].data.scalar.style;
        if (st != YAML_SINGLE_QUOTED_SCALAR_STYLE && st != YAML_DOUBLE_QUOTED_SCALAR_STYLE)
            st = YAML_PLAIN_SCALAR_STYLE;
        emit_string(w, "incremental", st);
        break;
    case ED_META_KEY:
        emit_meta(w, ed->meta);
        break;
    case ED_DROP:
        break;
    case ED_HB_VALUE:
        emit_string(w, "true", YAML_PLAIN_SCALAR_STYLE);
        break;
    case ED_HB_KEY:
        emit_string(w, "enable-heartbeat", YAML_PLAIN_SCALAR_STYLE);
        emit_string(w, "true", YAML_PLAIN_SCALAR_STYLE);
        break;
    case ED_META: {
        /* the key stays (its style and anchor); only its value is new */
        yaml_event_t ev;
        int ok = yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
                                                     YAML_BLOCK_MAPPING_STYLE);
        emit(w, &ev, ok);
        emit_string(w, "binlog-name", YAML_PLAIN_SCALAR_STYLE);
        emit_string(w, ed->meta->binlog_name, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
        emit_string(w, "binlog-pos", YAML_PLAIN_SCALAR_STYLE);
        emit_int(w, ed->meta->binlog_pos);
        if (ed->meta->binlog_gtid != NULL) {
            emit_string(w, "binlog-gtid", YAML_PLAIN_SCALAR_STYLE);
            emit_string(w, ed->meta->binlog_gtid, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
        }
        ok = yaml_mapping_end_event_initialize(&ev);
        emit(w, &ev, ok);
        break;
    }
    }
}

/* Is event i inside a range an edit drops? */
static int dropped(const edit *eds, size_t ne, size_t i)
{
    for (size_t k = 0; k < ne; k++)
        if (eds[k].drop > 0 && i >= eds[k].at && i < eds[k].at + eds[k].drop)
            return 1;
    return 0;
}

/*
 * An alias whose anchor the output loses (its holder is dropped or
 * replaced) is resolved: the anchored node is written out in its place,
 * without anchors, its own such aliases resolved the same way.  So a
 * `shared-rules: &bw {...}` that v2 refuses can go while `*bw` elsewhere
 * keeps its value.
 */
static void emit_alias(writer *w, const gp_dm_task *t, const edit *eds, size_t ne, size_t i,
                       int depth)
{
    size_t def = anchor_def(t, i);
    if (def == SIZE_MAX || !dropped(eds, ne, def)) {
        emit_copy(w, &t->ev[i], 1);
        return;
    }
    w->expanded += t->end[def] - def + 1;
    if (depth > 32 || w->expanded > EXPAND_MAX) {
        w->failed = 1;
        w->too_many = 1;
        return;
    }
    for (size_t j = def; j <= t->end[def] && !w->failed; j++) {
        if (t->ev[j].type == YAML_ALIAS_EVENT)
            emit_alias(w, t, eds, ne, j, depth + 1);
        else
            emit_copy(w, &t->ev[j], 0);
    }
}

static gtidpos_status write_task(const gp_dm_task *t, const char *new_name, const gp_dm_meta *metas,
                         size_t n_metas, const gp_dm_convert_hooks *hooks, int v2,
                         char **text, size_t *len, gp_error *e);

gtidpos_status gp_dm_task_write(const gp_dm_task *t, const char *new_name, const gp_dm_meta *metas,
                        size_t n_metas, char **text, size_t *len, gp_error *e)
{
    return write_task(t, new_name, metas, n_metas, NULL, 0, text, len, e);
}

gtidpos_status gp_dm_task_write_ex(const gp_dm_task *t, const char *new_name, const gp_dm_meta *metas,
                           size_t n_metas, const gp_dm_convert_hooks *hooks, char **text,
                           size_t *len, gp_error *e)
{
    return write_task(t, new_name, metas, n_metas, hooks, 1, text, len, e);
}

static gtidpos_status write_task(const gp_dm_task *t, const char *new_name, const gp_dm_meta *metas,
                         size_t n_metas, const gp_dm_convert_hooks *hooks, int v2,
                         char **text, size_t *len, gp_error *e)
{
    plan pl = {NULL, 0, 0, hooks, v2};
    edit *eds;
    size_t ne, k = 0;
    writer w;
    gtidpos_status err = GTIDPOS_OK;

    *text = NULL;
    *len = 0;
    err = plan_add(&pl, t, (edit){t->name_value, 1, ED_NAME, NULL}, e);
    if (err == GTIDPOS_OK)
        err = t->mode_value ? plan_add(&pl, t, (edit){t->mode_value, 1, ED_MODE, NULL}, e)
                            : plan_add(&pl, t, (edit){t->end[t->root], 0, ED_MODE_KEY, NULL}, e);
    for (size_t i = 0; i < t->n_inst && err == GTIDPOS_OK; i++) {
        const instance *in = &t->inst[i];
        const gp_dm_meta *m = NULL;
        for (size_t j = 0; j < n_metas; j++)
            if (strcmp(metas[j].source_id, in->source_id) == 0)
                m = &metas[j];
        if (m == NULL) {
            err = gp_error_set(e, GTIDPOS_ERR_PARSE, t->file, -1,
                               "no checkpoint for mysql-instances entry '%s'", in->source_id);
            break;
        }
        if (in->meta_key) {
            size_t v = VALUE_OF(t, in->meta_key);
            err = plan_add(&pl, t, (edit){v, t->end[v] - v + 1, ED_META, m}, e);
        } else {
            err = plan_add(&pl, t, (edit){in->sid_value + 1, 0, ED_META_KEY, m}, e);
        }
    }
    if (err == GTIDPOS_OK && pl.v2)
        err = plan_v2_keys(&pl, t, e);
    eds = pl.eds;
    ne = pl.ne;
    if (err != GTIDPOS_OK) {
        free(eds);
        return err;
    }
    qsort(eds, ne, sizeof *eds, edit_cmp);

    memset(&w, 0, sizeof w);
    if (!yaml_emitter_initialize(&w.em)) {
        free(eds);
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, t->file, -1, "out of memory");
    }
    yaml_emitter_set_output(&w.em, gp_yaml_out_write, &w.out);
    yaml_emitter_set_unicode(&w.em, 1);
    yaml_emitter_set_width(&w.em, -1); /* never fold a long value */
    yaml_emitter_set_indent(&w.em, 2);
    for (size_t i = 0; i < t->n && !w.failed;) {
        while (k < ne && eds[k].at < i)
            k++; /* inside a range already dropped */
        if (k < ne && eds[k].at == i) {
            apply(&w, t, &eds[k], new_name);
            i += eds[k].drop;
            k++;
            continue;
        }
        if (t->ev[i].type == YAML_ALIAS_EVENT)
            emit_alias(&w, t, eds, ne, i, 0);
        else
            emit_copy(&w, &t->ev[i], 1);
        i++;
    }
    if (w.failed && w.too_many)
        err = gp_error_set(e, GTIDPOS_ERR_PARSE, t->file, -1,
                           "aliases of values the upgrade replaces or drops would expand to "
                           "more than %u nodes: write them out first", EXPAND_MAX);
    else if (w.failed)
        err = w.out.nomem || w.em.error == YAML_MEMORY_ERROR
                  ? gp_error_set(e, GTIDPOS_ERR_NOMEM, t->file, -1, "out of memory")
                  : gp_error_set(e, GTIDPOS_ERR_PARSE, t->file, -1, "cannot write the task: %s",
                                 w.em.problem ? w.em.problem : "emitter error");
    yaml_emitter_delete(&w.em);
    free(eds);
    if (err != GTIDPOS_OK) {
        free(w.out.p);
        return err;
    }
    *text = w.out.p;
    *len = w.out.n;
    return GTIDPOS_OK;
}
