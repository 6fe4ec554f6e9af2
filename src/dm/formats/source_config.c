/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * source_config.c - v2 source YAML (libyaml's document API: a small file,
 * read whole) and v1.0 dm-worker.toml (the project's TOML reader).
 */
#include "dm/formats/source_config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "dm/formats/toml.h"
#include "dm/formats/yaml_out.h"

#define SOURCE_MAX_BYTES (1u << 20)

const char *gp_dm_source_kind_name(gp_dm_source_kind k)
{
    return k == GTIDPOS_DM_SOURCE_WORKER_TOML ? "DM v1.0 dm-worker.toml" : "DM v2 source YAML";
}

static gtidpos_status copy_text(char *dst, size_t cap, const char *src, size_t n, const char *file,
                        const char *key, gp_error *e)
{
    if (n >= cap)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "%s is longer than %zu bytes", key,
                            cap - 1);
    if (memchr(src, '\0', n) != NULL)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "%s holds a NUL byte", key);
    memcpy(dst, src, n);
    dst[n] = '\0';
    return GTIDPOS_OK;
}

static gtidpos_status check_flavor(const char *flavor, const char *file, gp_error *e)
{
    if (flavor[0] != '\0' && strcmp(flavor, "mysql") != 0 && strcmp(flavor, "mariadb") != 0)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1,
                            "flavor must be \"mysql\" or \"mariadb\", not \"%s\"", flavor);
    return GTIDPOS_OK;
}

/* ---- YAML ---- */

typedef struct ydoc {
    yaml_document_t d;
    const char *file;
} ydoc;

static yaml_node_t *map_get(ydoc *y, yaml_node_t *map, const char *key)
{
    yaml_node_t *found = NULL;
    if (map == NULL || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(&y->d, p->key);
        if (k && k->type == YAML_SCALAR_NODE && k->data.scalar.length == strlen(key) &&
            memcmp(k->data.scalar.value, key, k->data.scalar.length) == 0)
            found = yaml_document_get_node(&y->d, p->value);
    }
    return found;
}

static gtidpos_status y_scalar(ydoc *y, yaml_node_t *n, const char *key, gp_error *e)
{
    if (n->type != YAML_SCALAR_NODE)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, y->file, -1, "line %zu: %s is not a single value",
                            n->start_mark.line + 1, key);
    return GTIDPOS_OK;
}

static gtidpos_status y_string(ydoc *y, yaml_node_t *map, const char *key, char *dst, size_t cap,
                       gp_error *e)
{
    yaml_node_t *n = map_get(y, map, key);
    gtidpos_status err;
    if (n == NULL)
        return GTIDPOS_OK;
    if ((err = y_scalar(y, n, key, e)) != GTIDPOS_OK)
        return err;
    return copy_text(dst, cap, (const char *)n->data.scalar.value, n->data.scalar.length,
                     y->file, key, e);
}

static gtidpos_status y_uint(ydoc *y, yaml_node_t *map, const char *key, int *has, uint64_t *out,
                     uint64_t max, gp_error *e)
{
    yaml_node_t *n = map_get(y, map, key);
    uint64_t v = 0;
    gtidpos_status err;
    if (n == NULL)
        return GTIDPOS_OK;
    if ((err = y_scalar(y, n, key, e)) != GTIDPOS_OK)
        return err;
    if (n->data.scalar.length == 0 || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        goto bad;
    for (size_t i = 0; i < n->data.scalar.length; i++) {
        unsigned c = n->data.scalar.value[i];
        if (c < '0' || c > '9' || v > (max - (c - '0')) / 10)
            goto bad;
        v = v * 10 + (c - '0');
    }
    *has = 1;
    *out = v;
    return GTIDPOS_OK;
bad:
    return gp_error_set(e, GTIDPOS_ERR_PARSE, y->file, -1,
                        "line %zu: %s must be a whole number from 0 to %llu",
                        n->start_mark.line + 1, key, (unsigned long long)max);
}

/* YAML 1.1 booleans as go-yaml (which DM uses) reads them. */
static gtidpos_status y_bool(ydoc *y, yaml_node_t *map, const char *key, int *has, int *out,
                     gp_error *e)
{
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"};
    yaml_node_t *n = map_get(y, map, key);
    gtidpos_status err;
    if (n == NULL)
        return GTIDPOS_OK;
    if ((err = y_scalar(y, n, key, e)) != GTIDPOS_OK)
        return err;
    if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
            if (n->data.scalar.length == strlen(yes[i]) &&
                memcmp(n->data.scalar.value, yes[i], n->data.scalar.length) == 0)
                return *has = 1, *out = 1, GTIDPOS_OK;
            if (n->data.scalar.length == strlen(no[i]) &&
                memcmp(n->data.scalar.value, no[i], n->data.scalar.length) == 0)
                return *has = 1, *out = 0, GTIDPOS_OK;
        }
    }
    return gp_error_set(e, GTIDPOS_ERR_PARSE, y->file, -1, "line %zu: %s must be true or false",
                        n->start_mark.line + 1, key);
}

static gtidpos_status parse_yaml(gp_dm_source *s, const char *text, size_t len, const char *file,
                         gp_error *e)
{
    yaml_parser_t p;
    ydoc y = {.file = file};
    yaml_node_t *root, *from;
    gtidpos_status err = GTIDPOS_OK;

    if (!yaml_parser_initialize(&p))
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, file, -1, "out of memory");
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    if (!yaml_parser_load(&p, &y.d)) {
        err = gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "line %zu, column %zu: %s",
                           p.problem_mark.line + 1, p.problem_mark.column + 1,
                           p.problem ? p.problem : "malformed YAML");
        yaml_parser_delete(&p);
        return err;
    }
    yaml_parser_delete(&p);
    root = yaml_document_get_root_node(&y.d);
    if (root == NULL || root->type != YAML_MAPPING_NODE) {
        yaml_document_delete(&y.d);
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "the top level is not a mapping");
    }
    from = map_get(&y, root, "from");
    if (from != NULL && from->type != YAML_MAPPING_NODE)
        err = gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "line %zu: from is not a mapping",
                           from->start_mark.line + 1);
    if (err == GTIDPOS_OK) err = y_string(&y, root, "source-id", s->source_id, sizeof s->source_id, e);
    if (err == GTIDPOS_OK) err = y_string(&y, root, "flavor", s->flavor, sizeof s->flavor, e);
    if (err == GTIDPOS_OK) err = y_string(&y, root, "relay-dir", s->relay_dir, sizeof s->relay_dir, e);
    if (err == GTIDPOS_OK) err = y_uint(&y, root, "server-id", &s->has_server_id, &s->server_id, UINT32_MAX, e);
    if (err == GTIDPOS_OK) err = y_bool(&y, root, "enable-gtid", &s->has_enable_gtid, &s->enable_gtid, e);
    if (err == GTIDPOS_OK) err = y_bool(&y, root, "enable-relay", &s->has_enable_relay, &s->enable_relay, e);
    if (err == GTIDPOS_OK && from != NULL) {
        int has_pw = 0;
        err = y_string(&y, from, "host", s->host, sizeof s->host, e);
        if (err == GTIDPOS_OK) err = y_uint(&y, from, "port", &s->has_port, &s->port, 65535, e);
        if (err == GTIDPOS_OK) err = y_string(&y, from, "user", s->user, sizeof s->user, e);
        if (err == GTIDPOS_OK && map_get(&y, from, "password") != NULL) has_pw = 1;
        if (err == GTIDPOS_OK) err = y_string(&y, from, "password", s->password, sizeof s->password, e);
        s->has_password = has_pw;
    }
    yaml_document_delete(&y.d);
    return err;
}

/* ---- TOML ---- */

static gtidpos_status t_string(const gp_toml *t, const char *table, const char *key, char *dst,
                       size_t cap, const char *file, gp_error *e)
{
    const char *v = NULL;
    int found = 0;
    gtidpos_status err = gp_toml_string(t, table, key, &v, &found, file, e);
    if (err != GTIDPOS_OK || !found)
        return err;
    return copy_text(dst, cap, v, strlen(v), file, key, e);
}

static gtidpos_status t_uint(const gp_toml *t, const char *table, const char *key, int *has,
                     uint64_t *out, int64_t max, const char *file, gp_error *e)
{
    int64_t v = 0;
    int found = 0;
    gtidpos_status err = gp_toml_int(t, table, key, &v, &found, file, e);
    if (err != GTIDPOS_OK || !found)
        return err;
    if (v < 0 || v > max)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "line %u: %s must be from 0 to %lld",
                            gp_toml_get(t, table, key)->line, key, (long long)max);
    *has = 1;
    *out = (uint64_t)v;
    return GTIDPOS_OK;
}

static gtidpos_status parse_toml(gp_dm_source *s, const char *text, size_t len, const char *file,
                         gp_error *e)
{
    gp_toml t;
    int found = 0;
    gtidpos_status err;

    memset(&t, 0, sizeof t);
    if ((err = gp_toml_parse_buffer(&t, file, text, len, e)) != GTIDPOS_OK)
        return err;
    err = t_string(&t, "", "source-id", s->source_id, sizeof s->source_id, file, e);
    if (err == GTIDPOS_OK) err = t_string(&t, "", "flavor", s->flavor, sizeof s->flavor, file, e);
    if (err == GTIDPOS_OK) err = t_string(&t, "", "relay-dir", s->relay_dir, sizeof s->relay_dir, file, e);
    if (err == GTIDPOS_OK) err = t_uint(&t, "", "server-id", &s->has_server_id, &s->server_id, UINT32_MAX, file, e);
    if (err == GTIDPOS_OK) err = gp_toml_bool(&t, "", "enable-gtid", &s->enable_gtid, &found, file, e);
    s->has_enable_gtid = found;
    if (err == GTIDPOS_OK) err = t_string(&t, "from", "host", s->host, sizeof s->host, file, e);
    if (err == GTIDPOS_OK) err = t_uint(&t, "from", "port", &s->has_port, &s->port, 65535, file, e);
    if (err == GTIDPOS_OK) err = t_string(&t, "from", "user", s->user, sizeof s->user, file, e);
    if (err == GTIDPOS_OK) {
        s->has_password = gp_toml_get(&t, "from", "password") != NULL;
        err = t_string(&t, "from", "password", s->password, sizeof s->password, file, e);
    }
    gp_toml_free(&t);
    return err;
}

/* ---- loading ---- */

gtidpos_status gp_dm_source_parse(gp_dm_source *s, const char *text, size_t len, const char *file,
                          int toml, gp_error *e)
{
    gtidpos_status err;

    memset(s, 0, sizeof *s);
    s->kind = toml ? GTIDPOS_DM_SOURCE_WORKER_TOML : GTIDPOS_DM_SOURCE_YAML;
    err = toml ? parse_toml(s, text, len, file, e) : parse_yaml(s, text, len, file, e);
    if (err != GTIDPOS_OK)
        return err;
    if (s->source_id[0] == '\0')
        return gp_error_set(e, GTIDPOS_ERR_PARSE, file, -1, "no source-id (read as %s)",
                            gp_dm_source_kind_name(s->kind));
    return check_flavor(s->flavor, file, e);
}

/* ---- setting a key ---- */

static int set_uint(const char *v, uint64_t max, uint64_t *out)
{
    uint64_t n = 0;

    if (*v == '\0')
        return -1;
    for (; *v; v++) {
        if (*v < '0' || *v > '9' || n > (max - (uint64_t)(*v - '0')) / 10)
            return -1;
        n = n * 10 + (uint64_t)(*v - '0');
    }
    *out = n;
    return 0;
}

static int set_bool(const char *v, int *out)
{
    if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)
        return *out = v[0] == 't', 0;
    return -1;
}

gtidpos_status gp_dm_source_set(gp_dm_source *s, const char *key, const char *value, gp_error *e)
{
    gp_dm_source t = *s; /* s is left as it was on error */
    gtidpos_status err = GTIDPOS_OK;

    if (strcmp(key, "source-id") == 0)
        err = copy_text(t.source_id, sizeof t.source_id, value, strlen(value), NULL, key, e);
    else if (strcmp(key, "flavor") == 0)
        err = check_flavor(value, NULL, e) != GTIDPOS_OK
                  ? GTIDPOS_ERR_PARSE
                  : copy_text(t.flavor, sizeof t.flavor, value, strlen(value), NULL, key, e);
    else if (strcmp(key, "relay-dir") == 0)
        err = copy_text(t.relay_dir, sizeof t.relay_dir, value, strlen(value), NULL, key, e);
    else if (strcmp(key, "from.host") == 0)
        err = copy_text(t.host, sizeof t.host, value, strlen(value), NULL, key, e);
    else if (strcmp(key, "from.user") == 0)
        err = copy_text(t.user, sizeof t.user, value, strlen(value), NULL, key, e);
    else if (strcmp(key, "from.password") == 0) {
        err = copy_text(t.password, sizeof t.password, value, strlen(value), NULL, key, e);
        t.has_password = 1;
    } else if (strcmp(key, "server-id") == 0) {
        if (set_uint(value, UINT32_MAX, &t.server_id) != 0)
            return gp_error_set(e, GTIDPOS_ERR_PARSE, NULL, -1,
                                "server-id '%s' is not a number from 0 to %llu", value,
                                (unsigned long long)UINT32_MAX);
        t.has_server_id = 1;
    } else if (strcmp(key, "from.port") == 0) {
        if (set_uint(value, 65535, &t.port) != 0)
            return gp_error_set(e, GTIDPOS_ERR_PARSE, NULL, -1,
                                "from.port '%s' is not a number from 0 to 65535", value);
        t.has_port = 1;
    } else if (strcmp(key, "enable-gtid") == 0 || strcmp(key, "enable-relay") == 0) {
        int gtid = key[7] == 'g';
        if (set_bool(value, gtid ? &t.enable_gtid : &t.enable_relay) != 0)
            return gp_error_set(e, GTIDPOS_ERR_PARSE, NULL, -1, "%s '%s' is not true or false", key,
                                value);
        *(gtid ? &t.has_enable_gtid : &t.has_enable_relay) = 1;
    } else {
        return gp_error_set(e, GTIDPOS_ERR_PARSE, NULL, -1, "'%s' is not a key of a DM source", key);
    }
    if (err == GTIDPOS_OK)
        *s = t;
    return err;
}

/* TOML when the name says so, or the first significant line is a
 * "[table]" header or "key = value" (in YAML that is one plain scalar,
 * never a mapping, so a YAML source file never looks like this). */
static int looks_like_toml(const char *path, const char *text, size_t len)
{
    size_t pl = strlen(path), i = 0;

    if (pl >= 5 && strcmp(path + pl - 5, ".toml") == 0)
        return 1;
    if ((pl >= 5 && strcmp(path + pl - 5, ".yaml") == 0) ||
        (pl >= 4 && strcmp(path + pl - 4, ".yml") == 0))
        return 0;
    while (i < len) {
        size_t j = i;
        while (j < len && (text[j] == ' ' || text[j] == '\t'))
            j++;
        if (j < len && text[j] != '\n' && text[j] != '\r' && text[j] != '#') {
            if (text[j] == '[')
                return 1;
            while (j < len && (isalnum((unsigned char)text[j]) || text[j] == '-' || text[j] == '_'))
                j++;
            while (j < len && (text[j] == ' ' || text[j] == '\t'))
                j++;
            return j < len && text[j] == '=';
        }
        while (j < len && text[j] != '\n')
            j++;
        i = j + 1;
    }
    return 0;
}

gtidpos_status gp_dm_source_load(gp_dm_source *s, const char *path, gp_error *e)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t n;
    gtidpos_status err;

    if (f == NULL)
        return gp_error_set(e, GTIDPOS_ERR_IO, path, -1, "%s", strerror(errno));
    buf = malloc(SOURCE_MAX_BYTES + 1);
    if (buf == NULL) {
        fclose(f);
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, path, -1, "out of memory");
    }
    n = fread(buf, 1, SOURCE_MAX_BYTES + 1, f);
    if (ferror(f)) {
        err = gp_error_set(e, GTIDPOS_ERR_IO, path, -1, "%s", strerror(errno));
    } else if (n > SOURCE_MAX_BYTES) {
        err = gp_error_set(e, GTIDPOS_ERR_PARSE, path, -1, "larger than %u bytes: not a source "
                           "configuration", SOURCE_MAX_BYTES);
    } else {
        err = gp_dm_source_parse(s, buf, n, path, looks_like_toml(path, buf, n), e);
    }
    fclose(f);
    free(buf);
    return err;
}

/* ---- writing ---- */

static int em_scalar(yaml_emitter_t *em, const char *v, int quoted)
{
    yaml_event_t ev;
    yaml_scalar_style_t st = quoted ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_PLAIN_SCALAR_STYLE;
    return yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)v, (int)strlen(v),
                                        !quoted, 1, st) &&
           yaml_emitter_emit(em, &ev);
}

static int em_pair(yaml_emitter_t *em, const char *k, const char *v, int quoted)
{
    return em_scalar(em, k, 0) && em_scalar(em, v, quoted);
}

static int em_num(yaml_emitter_t *em, const char *k, uint64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
    return em_pair(em, k, buf, 0);
}

static int em_event(yaml_emitter_t *em, int ok, yaml_event_t *ev)
{
    return ok && yaml_emitter_emit(em, ev);
}

gtidpos_status gp_dm_source_to_yaml(const gp_dm_source *s, char **text, size_t *len, gp_error *e)
{
    yaml_emitter_t em;
    yaml_event_t ev;
    gp_yaml_out out = {0};
    int ok;

    *text = NULL;
    if (!yaml_emitter_initialize(&em))
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    yaml_emitter_set_output(&em, gp_yaml_out_write, &out);
    yaml_emitter_set_unicode(&em, 1);
    yaml_emitter_set_width(&em, -1);
    ok = em_event(&em, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING), &ev) &&
         em_event(&em, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1), &ev) &&
         em_event(&em, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
                                                           YAML_BLOCK_MAPPING_STYLE), &ev);
    if (ok && s->has_server_id) ok = em_num(&em, "server-id", s->server_id);
    if (ok) ok = em_pair(&em, "source-id", s->source_id, 1);
    if (ok && s->flavor[0]) ok = em_pair(&em, "flavor", s->flavor, 1);
    if (ok && s->has_enable_gtid) ok = em_pair(&em, "enable-gtid", s->enable_gtid ? "true" : "false", 0);
    if (ok && s->has_enable_relay) ok = em_pair(&em, "enable-relay", s->enable_relay ? "true" : "false", 0);
    if (ok && s->relay_dir[0]) ok = em_pair(&em, "relay-dir", s->relay_dir, 1);
    ok = ok && em_scalar(&em, "from", 0) &&
         em_event(&em, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
                                                           YAML_BLOCK_MAPPING_STYLE), &ev);
    if (ok) ok = em_pair(&em, "host", s->host, 1);
    if (ok && s->has_port) ok = em_num(&em, "port", s->port);
    if (ok) ok = em_pair(&em, "user", s->user, 1);
    if (ok && s->has_password) ok = em_pair(&em, "password", s->password, 1);
    ok = ok && em_event(&em, yaml_mapping_end_event_initialize(&ev), &ev) &&
         em_event(&em, yaml_mapping_end_event_initialize(&ev), &ev) &&
         em_event(&em, yaml_document_end_event_initialize(&ev, 1), &ev) &&
         em_event(&em, yaml_stream_end_event_initialize(&ev), &ev);
    yaml_emitter_delete(&em);
    if (!ok) {
        free(out.p);
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "cannot write the source YAML");
    }
    *text = out.p;
    *len = out.n;
    return GTIDPOS_OK;
}
