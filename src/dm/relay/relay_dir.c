/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * relay_dir.c - DM v1.0 relay roots: server-uuid.index and relay.meta
 * (see relay_dir.h).
 */
#include "dm/relay/relay_dir.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dm/formats/toml.h"

#define INDEX_MAX (1u << 20)

static gtidpos_status read_small_file(const char *path, char **out, size_t *len, gp_error *e)
{
    FILE *f = fopen(path, "rb");
    char *buf;

    if (f == NULL)
        return gp_error_set(e, GTIDPOS_ERR_IO, path, -1, "%s", strerror(errno));
    buf = malloc(INDEX_MAX + 1);
    if (buf == NULL) {
        fclose(f);
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, path, -1, "out of memory");
    }
    *len = fread(buf, 1, INDEX_MAX + 1, f);
    if (ferror(f) || *len > INDEX_MAX) {
        int failed = ferror(f);
        fclose(f);
        free(buf);
        return gp_error_set(e, GTIDPOS_ERR_IO, path, -1, failed ? "read failed" : "larger than 1 MiB");
    }
    fclose(f);
    buf[*len] = '\0';
    *out = buf;
    return GTIDPOS_OK;
}

static int digits_only(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* "000001" and "1" name the same subdirectory: DM prints "%06d". */
static int same_suffix(const char *a, const char *b)
{
    while (*a == '0' && a[1] != '\0')
        a++;
    while (*b == '0' && b[1] != '\0')
        b++;
    return strcmp(a, b) == 0;
}

static gtidpos_status add_sub(gp_dm_relay_root *r, const char *index_path, unsigned line,
                      const char *name, size_t len, gp_error *e)
{
    gp_dm_relay_sub *v, *s;
    const char *dot;
    struct stat st;

    if (len == 0 || len >= sizeof s->name || memchr(name, '/', len) != NULL)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, index_path, -1,
                            "line %u: not a relay subdirectory name", line);
    v = realloc(r->subs, (r->n + 1) * sizeof *v);
    if (v == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, index_path, -1, "out of memory");
    r->subs = v;
    s = &r->subs[r->n];
    memset(s, 0, sizeof *s);
    memcpy(s->name, name, len);
    dot = strrchr(s->name, '.');
    if (dot == NULL || dot == s->name || !digits_only(dot + 1) ||
        strlen(dot + 1) >= sizeof s->suffix || (size_t)(dot - s->name) >= sizeof s->uuid)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, index_path, -1,
                            "line %u: '%s' is not <server-uuid>.<suffix digits>", line, s->name);
    memcpy(s->uuid, s->name, (size_t)(dot - s->name));
    strcpy(s->suffix, dot + 1);
    for (size_t i = 0; i < r->n; i++)
        if (same_suffix(r->subs[i].suffix, s->suffix))
            return gp_error_set(e, GTIDPOS_ERR_PARSE, index_path, -1,
                                "line %u: suffix %s is listed twice", line, s->suffix);
    if ((size_t)snprintf(s->path, sizeof s->path, "%s/%s", r->root, s->name) >= sizeof s->path)
        return gp_error_set(e, GTIDPOS_ERR_IO, index_path, -1, "line %u: path too long", line);
    if (stat(s->path, &st) != 0 || !S_ISDIR(st.st_mode))
        return gp_error_set(e, GTIDPOS_ERR_IO, s->path, -1,
                            "listed in server-uuid.index (line %u) but not a directory", line);
    r->n++;
    return GTIDPOS_OK;
}

gtidpos_status gp_dm_relay_open(gp_dm_relay_root *r, const char *dir, gp_error *e)
{
    char index_path[1024];
    char *text = NULL, *p;
    size_t len = 0;
    unsigned line = 0;
    gtidpos_status rc;

    memset(r, 0, sizeof *r);
    if (strlen(dir) >= sizeof r->root)
        return gp_error_set(e, GTIDPOS_ERR_IO, dir, -1, "path too long");
    strcpy(r->root, dir);
    snprintf(index_path, sizeof index_path, "%s/server-uuid.index", dir);
    if ((rc = read_small_file(index_path, &text, &len, e)) != GTIDPOS_OK) {
        if (rc == GTIDPOS_ERR_IO && e != NULL) {
            char why[sizeof e->msg];
            snprintf(why, sizeof why, "%s", e->msg);
            gp_error_set(e, GTIDPOS_ERR_IO, index_path, -1,
                         "cannot read it (%s): is %s a DM v1.0 relay directory?", why, dir);
        }
        return rc;
    }
    if (memchr(text, '\0', len) != NULL) {
        free(text);
        return gp_error_set(e, GTIDPOS_ERR_PARSE, index_path, -1, "NUL byte: not a text file");
    }
    p = text;
    while (*p) {
        char *nl = strchr(p, '\n'), *a = p, *b = nl ? nl : p + strlen(p);
        line++;
        while (a < b && (*a == ' ' || *a == '\t'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
            b--;
        if (b > a && (rc = add_sub(r, index_path, line, a, (size_t)(b - a), e)) != GTIDPOS_OK) {
            free(text);
            gp_dm_relay_free(r);
            return rc;
        }
        p = nl ? nl + 1 : b + strlen(b);
    }
    free(text);
    if (r->n == 0)
        return gp_error_set(e, GTIDPOS_ERR_IO, index_path, -1, "lists no relay subdirectory");
    return GTIDPOS_OK;
}

void gp_dm_relay_free(gp_dm_relay_root *r)
{
    if (r == NULL)
        return;
    free(r->subs);
    r->subs = NULL;
    r->n = 0;
}

const gp_dm_relay_sub *gp_dm_relay_find(const gp_dm_relay_root *r, const char *suffix)
{
    for (size_t i = 0; i < r->n; i++)
        if (same_suffix(r->subs[i].suffix, suffix))
            return &r->subs[i];
    return NULL;
}

gtidpos_status gp_dm_relay_meta_read(const char *subdir, gp_dm_relay_meta *m, gp_error *e)
{
    char path[1100];
    gp_toml t;
    const char *name = NULL, *gtid = NULL;
    int64_t pos = 0;
    int has_name = 0, has_pos = 0;
    gtidpos_status rc;

    memset(m, 0, sizeof *m);
    snprintf(path, sizeof path, "%s/relay.meta", subdir);
    if ((rc = gp_toml_parse_file(&t, path, e)) != GTIDPOS_OK)
        return rc;
    if ((rc = gp_toml_string(&t, "", "binlog-name", &name, &has_name, path, e)) != GTIDPOS_OK ||
        (rc = gp_toml_int(&t, "", "binlog-pos", &pos, &has_pos, path, e)) != GTIDPOS_OK ||
        (rc = gp_toml_string(&t, "", "binlog-gtid", &gtid, &m->has_gtid, path, e)) != GTIDPOS_OK)
        goto out;
    if (!has_name || !has_pos) {
        rc = gp_error_set(e, GTIDPOS_ERR_PARSE, path, -1, "no %s", has_name ? "binlog-pos" : "binlog-name");
        goto out;
    }
    if (pos < 0 || strlen(name) >= sizeof m->binlog_name) {
        rc = gp_error_set(e, GTIDPOS_ERR_PARSE, path, -1,
                          pos < 0 ? "binlog-pos is negative" : "binlog-name is too long");
        goto out;
    }
    strcpy(m->binlog_name, name);
    m->binlog_pos = (uint64_t)pos;
    m->binlog_gtid = strdup(m->has_gtid ? gtid : "");
    if (m->binlog_gtid == NULL)
        rc = gp_error_set(e, GTIDPOS_ERR_NOMEM, path, -1, "out of memory");
out:
    gp_toml_free(&t);
    return rc;
}

void gp_dm_relay_meta_free(gp_dm_relay_meta *m)
{
    if (m == NULL)
        return;
    free(m->binlog_gtid);
    m->binlog_gtid = NULL;
}
