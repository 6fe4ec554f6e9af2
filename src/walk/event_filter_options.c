/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * event_filter_options.c - the values of `gtidpos events`' filter options,
 * as mariadb-binlog and mysqlbinlog take them (event_filter.h).
 */
#include "event_filter_impl.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gtid/mariadb_state.h"

gp_event_filter *gp_event_filter_new(void)
{
    gp_event_filter *f = calloc(1, sizeof *f);

    if (f == NULL)
        return NULL;
    f->start_pos = GP_EF_NO_POS;
    f->stop_pos = GP_EF_NO_POS;
    f->strict = 1; /* mariadb-binlog's default */
    return f;
}

void gp_event_filter_free(gp_event_filter *f)
{
    if (f == NULL)
        return;
    free(f->win);
    free(f->domains.ids);
    free(f->servers.ids);
    gp_mysql_set_free(f->include);
    gp_mysql_set_free(f->exclude);
    free(f);
}

static gtidpos_status bad(gp_error *e, const char *name, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static gtidpos_status bad(gp_error *e, const char *name, const char *value, const char *fmt, ...)
{
    char why[300];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    return gp_error_set(e, GTIDPOS_ERR_PARSE, NULL, -1, "--%s '%.200s': %s", name, value, why);
}

static int all_digits(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return 0;
    return 1;
}

window *gp_ef_find_window(gp_event_filter *f, uint32_t domain)
{
    for (size_t i = 0; i < f->nwin; i++)
        if (f->win[i].domain == domain)
            return &f->win[i];
    return NULL;
}

static window *add_window(gp_event_filter *f, uint32_t domain)
{
    window *w = gp_ef_find_window(f, domain), *n;

    if (w != NULL)
        return w;
    if ((n = realloc(f->win, (f->nwin + 1) * sizeof *n)) == NULL)
        return NULL;
    f->win = n;
    w = &f->win[f->nwin++];
    memset(w, 0, sizeof *w);
    w->domain = domain;
    return w;
}

/* A GTID list for --start-position / --stop-position ("d-s-n,..."): a
 * new value replaces the list given before, as mariadb-binlog's does. */
static gtidpos_status set_gtid_list(gp_event_filter *f, const char *name, const char *value,
                            int is_stop, gp_error *e)
{
    gp_mariadb_state *st = gp_mariadb_state_new();
    char why[200] = "";
    int rc;

    if (st == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    rc = gp_mariadb_state_parse(st, value, strlen(value), why, sizeof why);
    if (rc == GP_GTID_OK && gp_mariadb_state_count(st) == 0) {
        rc = GP_GTID_EPARSE;
        snprintf(why, sizeof why, "an empty GTID list");
    }
    if (rc != GP_GTID_OK) {
        gp_mariadb_state_free(st);
        if (rc == GP_GTID_ENOMEM)
            return gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
        return bad(e, name, value, "neither a byte offset nor a MariaDB GTID list (%s)", why);
    }
    for (size_t i = 0; i < f->nwin; i++) { /* the list replaces the last one */
        if (is_stop)
            f->win[i].has_stop = 0;
        else
            f->win[i].has_start = 0;
    }
    for (size_t i = 0; i < gp_mariadb_state_count(st); i++) {
        const gp_mariadb_gtid *g = gp_mariadb_state_at(st, i);
        window *w = add_window(f, g->domain);
        if (w == NULL) {
            gp_mariadb_state_free(st);
            return gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
        }
        if (is_stop)
            w->has_stop = 1, w->stop = g->seq, w->stop_server = g->server_id;
        else
            w->has_start = 1, w->start = g->seq, w->start_server = g->server_id;
    }
    if (is_stop)
        f->nstop = gp_mariadb_state_count(st), f->stop_pos = GP_EF_NO_POS;
    else
        f->nstart = gp_mariadb_state_count(st), f->start_pos = GP_EF_NO_POS;
    gp_mariadb_state_free(st);
    return GTIDPOS_OK;
}

static gtidpos_status set_position(gp_event_filter *f, const char *name, const char *value,
                           int is_stop, gp_error *e)
{
    char *end;
    unsigned long long v;

    if (!all_digits(value))
        return set_gtid_list(f, name, value, is_stop, e);
    errno = 0;
    v = strtoull(value, &end, 10);
    if (errno != 0 || *end != '\0')
        return bad(e, name, value, "byte offset out of range");
    for (size_t i = 0; i < f->nwin; i++) {
        if (is_stop)
            f->win[i].has_stop = 0;
        else
            f->win[i].has_start = 0;
    }
    if (is_stop)
        f->stop_pos = v, f->nstop = 0;
    else
        f->start_pos = v, f->nstart = 0;
    return GTIDPOS_OK;
}

/*
 * A date and time as the server reads DATETIME literals, in the local time
 * zone (TZ): "YYYY-MM-DD HH:MM:SS" with any punctuation between the parts,
 * "T" for the space, the time or its seconds left out, a fraction
 * ignored; or the compact YYYYMMDD[HHMM[SS]].
 */
static int parse_datetime(const char *s, int64_t *out)
{
    int part[6] = {0, 1, 1, 0, 0, 0};
    int n = 0;
    const char *p = s;
    size_t digits = strspn(s, "0123456789");
    struct tm tm;
    time_t t;

    while (isspace((unsigned char)*p))
        p++;
    if (digits == strlen(s) && (digits == 8 || digits == 12 || digits == 14)) {
        static const int width[6] = {4, 2, 2, 2, 2, 2};
        for (size_t at = 0; at < digits; n++) {
            int v = 0;
            for (int k = 0; k < width[n]; k++)
                v = v * 10 + (s[at++] - '0');
            part[n] = v;
        }
    } else {
        while (*p && n < 6) {
            long v;
            char *end;
            if (!isdigit((unsigned char)*p))
                return -1;
            v = strtol(p, &end, 10);
            if (end - p > 4 || v > 9999)
                return -1;
            part[n++] = (int)v;
            p = end;
            if (*p == '\0')
                break;
            if (n == 6 && *p == '.') { /* a fraction of a second */
                p++;
                p += strspn(p, "0123456789");
                break;
            }
            if (n == 3 && (*p == ' ' || *p == 'T' || *p == 't')) {
                while (*p == ' ' || *p == 'T' || *p == 't')
                    p++;
                continue;
            }
            if (!ispunct((unsigned char)*p))
                return -1;
            p++;
        }
        while (isspace((unsigned char)*p))
            p++;
        if (*p != '\0' || n < 3)
            return -1;
    }
    if (part[1] < 1 || part[1] > 12 || part[2] < 1 || part[2] > 31 || part[3] > 23 ||
        part[4] > 59 || part[5] > 59)
        return -1;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = part[0] - 1900;
    tm.tm_mon = part[1] - 1;
    tm.tm_mday = part[2];
    tm.tm_hour = part[3];
    tm.tm_min = part[4];
    tm.tm_sec = part[5];
    tm.tm_isdst = -1;
    t = mktime(&tm);
    if (t == (time_t)-1 || tm.tm_mday != part[2]) /* 2026-02-30 normalised away */
        return -1;
    *out = (int64_t)t;
    return 0;
}

/* "1,2,3": positive integers, as mariadb-binlog takes them. */
static gtidpos_status set_ids(id_list *l, id_mode mode, const char *name, const char *value,
                      const char *other, gp_error *e)
{
    const char *p = value;
    uint32_t *ids = NULL;
    size_t n = 0;

    if (l->mode != IDS_NONE && l->mode != mode)
        return bad(e, name, value, "cannot be used with --%s", other);
    for (;;) {
        char *end;
        unsigned long long v;
        uint32_t *grown;
        while (*p == ' ')
            p++;
        if (!isdigit((unsigned char)*p)) {
            free(ids);
            return bad(e, name, value, "not a list of ids (numbers separated by commas)");
        }
        errno = 0;
        v = strtoull(p, &end, 10);
        if (errno != 0 || v > UINT32_MAX) {
            free(ids);
            return bad(e, name, value, "an id above 4294967295");
        }
        if ((grown = realloc(ids, (n + 1) * sizeof *ids)) == NULL) {
            free(ids);
            return gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
        }
        ids = grown;
        ids[n++] = (uint32_t)v;
        p = end;
        while (*p == ' ')
            p++;
        if (*p == '\0')
            break;
        if (*p++ != ',') {
            free(ids);
            return bad(e, name, value, "not a list of ids (numbers separated by commas)");
        }
    }
    free(l->ids);
    l->ids = ids;
    l->n = n;
    l->mode = mode;
    return GTIDPOS_OK;
}

static gtidpos_status set_mysql_set(gp_mysql_set **slot, const char *name, const char *value,
                            gp_error *e)
{
    char why[200] = "";
    int rc;

    if (*slot == NULL && (*slot = gp_mysql_set_new()) == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    rc = gp_mysql_set_parse(*slot, value, strlen(value), why, sizeof why);
    if (rc == GP_GTID_ENOMEM)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    if (rc != GP_GTID_OK)
        return bad(e, name, value, "not a MySQL GTID set (%s)", why);
    return GTIDPOS_OK;
}

gtidpos_status gp_event_filter_set(gp_event_filter *f, const char *name, const char *value,
                           gp_error *e)
{
    if (!strcmp(name, "start-position"))
        return set_position(f, name, value, 0, e);
    if (!strcmp(name, "stop-position"))
        return set_position(f, name, value, 1, e);
    if (!strcmp(name, "start-datetime") || !strcmp(name, "stop-datetime")) {
        int64_t t;
        if (parse_datetime(value, &t) != 0)
            return bad(e, name, value, "not a date and time (YYYY-MM-DD HH:MM:SS, local time)");
        if (name[2] == 'a')
            f->has_start_time = 1, f->start_time = t;
        else
            f->has_stop_time = 1, f->stop_time = t;
        return GTIDPOS_OK;
    }
    if (!strcmp(name, "include-gtids"))
        return set_mysql_set(&f->include, name, value, e);
    if (!strcmp(name, "exclude-gtids"))
        return set_mysql_set(&f->exclude, name, value, e);
    if (!strcmp(name, "do-domain-ids"))
        return set_ids(&f->domains, IDS_DO, name, value, "ignore-domain-ids", e);
    if (!strcmp(name, "ignore-domain-ids"))
        return set_ids(&f->domains, IDS_IGNORE, name, value, "do-domain-ids", e);
    if (!strcmp(name, "do-server-ids"))
        return set_ids(&f->servers, IDS_DO, name, value, "ignore-server-ids", e);
    if (!strcmp(name, "ignore-server-ids"))
        return set_ids(&f->servers, IDS_IGNORE, name, value, "do-server-ids", e);
    if (!strcmp(name, "gtid-strict-mode")) {
        if (strcmp(value, "0") && strcmp(value, "1"))
            return bad(e, name, value, "must be 0 or 1");
        f->strict = value[0] == '1';
        return GTIDPOS_OK;
    }
    return gp_error_set(e, GTIDPOS_ERR_PARSE, NULL, -1, "unknown event filter '%s'", name);
}
