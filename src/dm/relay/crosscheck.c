/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * crosscheck.c - the relay.meta cross-check dm-upgrade reports (see
 * crosscheck.h).  Above both relay_dir.c (the layout it reads) and
 * resolve.c (the set it compares with), so that neither calls the other's
 * caller: relay_dir.c reads the directory only.
 */
#include "dm/relay/crosscheck.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm/relay/relay_dir.h"
#include "dm/relay/resolve.h"

static int add_line(char ***lines, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int add_line(char ***lines, size_t *n, const char *fmt, ...)
{
    char buf[1200];
    char **v, *s;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    v = realloc(*lines, (*n + 1) * sizeof *v);
    if (v == NULL)
        return -1;
    *lines = v;
    if ((s = strdup(buf)) == NULL)
        return -1;
    v[(*n)++] = s;
    return 0;
}

void gp_dm_lines_free(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

/* Does the text the meta holds name the same set as r? */
static int same_set(const gp_at_result *r, const char *text, int *parsed)
{
    char err[128];
    int same = 0;

    *parsed = 0;
    if (r->flavor == GTIDPOS_FLAVOR_MARIADB) {
        gp_mariadb_state *s = gp_mariadb_state_new();
        if (s && gp_mariadb_state_parse(s, text, strlen(text), err, sizeof err) == GP_GTID_OK) {
            *parsed = 1;
            same = gp_mariadb_state_equal(s, r->mariadb);
        }
        gp_mariadb_state_free(s);
    } else {
        gp_mysql_set *s = gp_mysql_set_new();
        if (s && gp_mysql_set_parse(s, text, strlen(text), err, sizeof err) == GP_GTID_OK) {
            *parsed = 1;
            same = gp_mysql_set_equal(s, r->mysql);
        }
        gp_mysql_set_free(s);
    }
    return same;
}

static int check_sub(const char *dir, const gp_dm_relay_sub *s, const gp_at_options *opt,
                     char ***lines, size_t *n)
{
    gp_dm_relay_meta m;
    gp_dm_checkpoint c;
    gp_at_result r;
    gp_error err;
    char used[1024];
    int rc = 0;

    gp_error_clear(&err);
    if (gp_dm_relay_meta_read(s->path, &m, &err) != GTIDPOS_OK)
        return add_line(lines, n, "%s: relay.meta: %s%s%s", s->name,
                        err.file[0] ? err.file : "", err.file[0] ? ": " : "", err.msg);
    memset(&c, 0, sizeof c);
    snprintf(c.upstream_name, sizeof c.upstream_name, "%s", m.binlog_name);
    snprintf(c.suffix, sizeof c.suffix, "%s", s->suffix);
    c.pos = m.binlog_pos;
    gp_at_result_init(&r);
    if (gp_dm_resolve(GP_DM_RELAY_DIR, dir, &c, opt, &r, used, sizeof used, &err) != GTIDPOS_OK) {
        rc = add_line(lines, n, "%s: relay.meta binlog-name %s binlog-pos %llu: %s%s%s",
                      s->name, m.binlog_name, (unsigned long long)m.binlog_pos,
                      err.file[0] ? err.file : "", err.file[0] ? ": " : "", err.msg);
    } else if (m.has_gtid && m.binlog_gtid[0] != '\0') {
        int parsed;
        char *text = gp_at_result_set_text(&r);
        if (text == NULL)
            rc = -1;
        else if (!same_set(&r, m.binlog_gtid, &parsed))
            rc = add_line(lines, n,
                          parsed ? "%s: relay.meta binlog-gtid '%s' differs from the set "
                                   "at %s:%llu in the files, '%s'"
                                 : "%s: relay.meta binlog-gtid '%s' is not a GTID set "
                                   "(the files say %s:%llu has '%s')",
                          s->name, m.binlog_gtid, m.binlog_name,
                          (unsigned long long)m.binlog_pos, text);
        free(text);
    }
    gp_at_result_free(&r);
    gp_dm_relay_meta_free(&m);
    return rc;
}

gtidpos_status gp_dm_relay_crosscheck(const char *dir, const gp_at_options *opt, char ***lines,
                              size_t *n, gp_error *e)
{
    gp_dm_relay_root root;
    gtidpos_status rc;

    *lines = NULL;
    *n = 0;
    if ((rc = gp_dm_relay_open(&root, dir, e)) != GTIDPOS_OK)
        return rc;
    for (size_t i = 0; i < root.n; i++)
        if (check_sub(dir, &root.subs[i], opt, lines, n) != 0) {
            gp_dm_relay_free(&root);
            gp_dm_lines_free(*lines, *n);
            *lines = NULL;
            *n = 0;
            return gp_error_set(e, GTIDPOS_ERR_NOMEM, dir, -1, "out of memory");
        }
    gp_dm_relay_free(&root);
    return GTIDPOS_OK;
}
