/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * find.c - the transactions of one log that carry a given GTID.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "walk/find.h"

#include "walk/engine.h"
#include "gtid/mysql_set.h"

int gp_find_target_parse(gp_find_target *w, const char *s)
{
    size_t len = strlen(s);
    const char *colon, *num;
    gp_mysql_set *check;
    char *end;
    int ok;

    memset(w, 0, sizeof *w);
    if (strchr(s, ':') == NULL) {
        w->flavor = GTIDPOS_FLAVOR_MARIADB;
        return gp_mariadb_gtid_parse(&w->mariadb, s, len) == GP_GTID_OK ? 0 : -1;
    }
    w->flavor = GTIDPOS_FLAVOR_MYSQL;
    if (len < 38 || s[36] != ':' || gp_uuid_parse(&w->mysql.uuid, s, 36) != 0)
        return -1;
    colon = strchr(s + 37, ':');
    if (colon != NULL) {
        w->mysql.tag_len = (size_t)(colon - (s + 37));
        if (w->mysql.tag_len == 0 || w->mysql.tag_len > GP_MYSQL_TAG_MAX)
            return -1;
        for (size_t i = 0; i < w->mysql.tag_len; i++)
            w->mysql.tag[i] = (char)tolower((unsigned char)s[37 + i]);
    }
    num = colon ? colon + 1 : s + 37;
    if (!(*num >= '1' && *num <= '9'))
        return -1;
    w->mysql.gno = strtoull(num, &end, 10);
    if (*end != '\0')
        return -1;
    /* Let the set's own rules judge the tag and the GNO range. */
    if ((check = gp_mysql_set_new()) == NULL)
        return -1;
    ok = gp_mysql_set_add(check, &w->mysql.uuid, w->mysql.tag, w->mysql.tag_len,
                          w->mysql.gno) == GP_GTID_OK;
    gp_mysql_set_free(check);
    return ok ? 0 : -1;
}

int gp_find_target_matches(const gp_find_target *w, const gp_txn *t)
{
    if (w->flavor == GTIDPOS_FLAVOR_MARIADB)
        return t->kind == GP_TXN_MARIADB && t->mariadb.domain == w->mariadb.domain &&
               t->mariadb.server_id == w->mariadb.server_id && t->mariadb.seq == w->mariadb.seq;
    return t->kind == GP_TXN_MYSQL && t->mysql.gno == w->mysql.gno &&
           memcmp(t->mysql.uuid.b, w->mysql.uuid.b, 16) == 0 &&
           t->mysql.tag_len == w->mysql.tag_len &&
           strncasecmp(t->mysql.tag, w->mysql.tag, w->mysql.tag_len) == 0;
}

/* What find's hooks keep. */
typedef struct find_walk {
    const gp_find_target *target;
    gp_find_fn fn;
    void *ctx;
    uint64_t found;
} find_walk;

/* A transaction ended where `at` sees it end: is it the one looked for? */
static gtidpos_status find_on_commit(void *ctx, gp_at_result *r, const gp_txn *t, const gp_event *ev,
                             gp_error *e)
{
    find_walk *f = ctx;

    (void)r;
    (void)e;
    if (gp_find_target_matches(f->target, t)) {
        f->fn(f->ctx, t->start, gp_event_end(ev));
        f->found++;
    }
    return GTIDPOS_OK;
}

uint64_t gp_find_in_log(gp_log *log, gtidpos_flavor want, const gp_find_target *w, gp_find_fn fn,
                        void *ctx, uint64_t *open_start, gp_error *e)
{
    find_walk f = {w, fn, ctx, 0};
    const gp_walk_hooks hooks = {.ctx = &f, .on_commit = find_on_commit};
    gp_walk walk;
    gp_at_result r;
    gtidpos_status rc;

    gp_error_clear(e);
    if (open_start != NULL)
        *open_start = UINT64_MAX;
    gp_at_result_init(&r);
    rc = gp_walk_init(&walk, log, want, &hooks, &r, e);
    /* A transaction is found in a relay log by its own events: the set
     * the replica's file does not start from is not needed. */
    walk.relay_unchecked = 1;
    if (rc == GTIDPOS_OK)
        rc = gp_walk_run(&walk, GP_POS_END);
    /* A file cut inside its last event is an answer for `at` (the set at
     * the last whole event, in a file in use); for find it is damage: the
     * transaction being written may be the one looked for. */
    if (rc == GTIDPOS_OK && log->status != GTIDPOS_OK)
        *e = log->err;
    else if (rc == GTIDPOS_OK && walk.txn.state != GP_TXN_IDLE &&
             gp_find_target_matches(w, &walk.txn) && open_start != NULL)
        *open_start = walk.txn.start;
    gp_at_result_free(&r);
    return f.found;
}

int gp_find_target_in_result(const gp_find_target *w, const gp_at_result *r)
{
    if (r->flavor != w->flavor)
        return 0;
    if (w->flavor == GTIDPOS_FLAVOR_MARIADB)
        return gp_mariadb_state_contains(r->mariadb, &w->mariadb);
    return gp_mysql_set_contains(r->mysql, &w->mysql.uuid, w->mysql.tag, w->mysql.tag_len,
                                 w->mysql.gno);
}

/* ---- find SET across files (issue 14) ---------------------------------- */

static int gtid_cmp(const void *pa, const void *pb)
{
    const gp_mariadb_gtid *a = pa, *b = pb;

    if (a->domain != b->domain)
        return a->domain < b->domain ? -1 : 1;
    if (a->server_id != b->server_id)
        return a->server_id < b->server_id ? -1 : 1;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

int gp_target_set_parse(gp_target_set *t, const char *text, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    if (strchr(text, ':') != NULL) {
        t->flavor = GTIDPOS_FLAVOR_MYSQL;
        if ((t->mysql = gp_mysql_set_new()) == NULL)
            return snprintf(err, errlen, "out of memory"), -1;
        if (gp_mysql_set_parse(t->mysql, text, strlen(text), err, errlen) != GP_GTID_OK ||
            gp_mysql_set_is_empty(t->mysql)) {
            if (err[0] == '\0')
                snprintf(err, errlen, "an empty set");
            gp_target_set_free(t);
            return -1;
        }
        return 0;
    }
    t->flavor = GTIDPOS_FLAVOR_MARIADB;
    if (gp_mariadb_list_parse(text, &t->mariadb, &t->n) != 0) {
        snprintf(err, errlen, "not a MySQL GTID set nor a MariaDB list d-s-n,...");
        return -1;
    }
    qsort(t->mariadb, t->n, sizeof *t->mariadb, gtid_cmp);
    size_t k = 0;
    for (size_t i = 0; i < t->n; i++)
        if (k == 0 || gtid_cmp(&t->mariadb[k - 1], &t->mariadb[i]) != 0)
            t->mariadb[k++] = t->mariadb[i];
    t->n = k;
    return 0;
}

void gp_target_set_free(gp_target_set *t)
{
    gp_mysql_set_free(t->mysql);
    free(t->mariadb);
    memset(t, 0, sizeof *t);
}

/* Index of g in the sorted list, or -1. */
static long mariadb_index(const gp_target_set *set, const gp_mariadb_gtid *g)
{
    const gp_mariadb_gtid *hit = set->n ? bsearch(g, set->mariadb, set->n, sizeof *g, gtid_cmp)
                                        : NULL;
    return hit ? (long)(hit - set->mariadb) : -1;
}

int gp_target_set_has(const gp_target_set *set, const gp_txn *t)
{
    if (set->flavor == GTIDPOS_FLAVOR_MYSQL)
        return t->kind == GP_TXN_MYSQL &&
               gp_mysql_set_contains(set->mysql, &t->mysql.uuid, t->mysql.tag,
                                     t->mysql.tag_len, t->mysql.gno);
    return t->kind == GP_TXN_MARIADB && mariadb_index(set, &t->mariadb) >= 0;
}

char *gp_mariadb_list_text(const gp_mariadb_gtid *g, size_t n)
{
    size_t cap = n * 64 + 1, len = 0;
    char *s = malloc(cap);

    if (s == NULL)
        return NULL;
    s[0] = '\0';
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(s + len, cap - len, "%s%u-%u-%llu", i ? "," : "",
                                (unsigned)g[i].domain, (unsigned)g[i].server_id,
                                (unsigned long long)g[i].seq);
    return s;
}

/* What find SET's hook keeps. */
typedef struct find_set_walk {
    const gp_target_set *set;
    gp_found_fn fn;
    void *ctx;
    gp_mysql_set *found_mysql;
    unsigned char *found_mariadb; /* one flag per member */
    uint64_t found;
} find_set_walk;

static gtidpos_status find_set_on_txn(void *ctx, size_t file, const gp_txn *t, uint64_t start,
                              uint64_t end, uint32_t commit_time, gp_error *e)
{
    find_set_walk *f = ctx;

    if (!gp_target_set_has(f->set, t))
        return GTIDPOS_OK;
    if (t->kind == GP_TXN_MYSQL) {
        if (gp_mysql_set_add(f->found_mysql, &t->mysql.uuid, t->mysql.tag, t->mysql.tag_len,
                             t->mysql.gno) != GP_GTID_OK)
            return gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    } else {
        f->found_mariadb[mariadb_index(f->set, &t->mariadb)] = 1;
    }
    f->found++;
    return f->fn(f->ctx, file, t, start, end, commit_time, e);
}

static int may_hold_set(const gp_span *s, size_t i, const gp_target_set *set)
{
    if (set->flavor == GTIDPOS_FLAVOR_MYSQL)
        return gp_span_may_hold_mysql(s, i, set->mysql);
    for (size_t k = 0; k < set->n; k++)
        if (gp_span_may_hold_mariadb(s, i, &set->mariadb[k]))
            return 1;
    return 0;
}

/* The members found in no file, split by the first file's starting set. */
static gtidpos_status split_missing(const gp_span *s, const find_set_walk *f, gp_find_set_result *out,
                            gp_error *e)
{
    const gp_head *first = &s->heads[0];
    int rc = GP_GTID_OK;

    if (f->set->flavor == GTIDPOS_FLAVOR_MYSQL) {
        gp_mysql_set *missing = gp_mysql_set_new(), *older = gp_mysql_set_new();

        if (missing != NULL && older != NULL)
            rc = gp_mysql_set_subtract(missing, f->set->mysql, f->found_mysql);
        if (rc == GP_GTID_OK && missing != NULL && older != NULL && first->have_state)
            rc = gp_mysql_set_intersect(older, missing, first->mysql);
        if (rc == GP_GTID_OK && missing != NULL && older != NULL)
            rc = gp_mysql_set_subtract(missing, missing, older);
        if (rc == GP_GTID_OK && missing != NULL && older != NULL) {
            out->older = gp_mysql_set_to_string(older);
            out->absent = gp_mysql_set_to_string(missing);
        }
        gp_mysql_set_free(missing);
        gp_mysql_set_free(older);
    } else {
        gp_mariadb_gtid *older = calloc(f->set->n + 1, sizeof *older);
        gp_mariadb_gtid *absent = calloc(f->set->n + 1, sizeof *absent);
        size_t no = 0, na = 0;

        for (size_t k = 0; older != NULL && absent != NULL && k < f->set->n; k++) {
            const gp_mariadb_gtid *g = &f->set->mariadb[k];

            if (f->found_mariadb[k])
                continue;
            if (first->have_state && gp_mariadb_state_contains(first->mariadb, g))
                older[no++] = *g;
            else
                absent[na++] = *g;
        }
        if (older != NULL && absent != NULL) {
            out->older = gp_mariadb_list_text(older, no);
            out->absent = gp_mariadb_list_text(absent, na);
        }
        free(older);
        free(absent);
    }
    if (out->older == NULL || out->absent == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    return GTIDPOS_OK;
}

gtidpos_status gp_find_set(gp_span *s, const gp_target_set *set, gp_found_fn fn, void *ctx,
                   gp_find_set_result *out, gp_error *e)
{
    find_set_walk f = {set, fn, ctx, NULL, NULL, 0};
    gtidpos_status rc = GTIDPOS_OK;

    memset(out, 0, sizeof *out);
    if ((f.found_mysql = gp_mysql_set_new()) == NULL ||
        (f.found_mariadb = calloc(set->n + 1, 1)) == NULL)
        rc = gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    for (size_t i = 0; i < s->n && rc == GTIDPOS_OK; i++)
        if (may_hold_set(s, i, set))
            rc = gp_span_walk(s, i, find_set_on_txn, &f, NULL, e);
    out->found = f.found;
    if (rc == GTIDPOS_OK)
        rc = split_missing(s, &f, out, e);
    gp_mysql_set_free(f.found_mysql);
    free(f.found_mariadb);
    return rc;
}

void gp_find_set_result_free(gp_find_set_result *r)
{
    free(r->older);
    free(r->absent);
    r->older = r->absent = NULL;
}
