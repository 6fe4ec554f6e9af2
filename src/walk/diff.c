/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * diff.c - lost and errant transactions between two servers' logs (see
 * diff.h).
 */
#include "walk/diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "walk/cover.h"

/* A transaction one side holds that the other may not have executed. */
typedef struct diff_txn {
    size_t file;
    gp_txn t;
    uint64_t start, end;
    uint32_t commit_time;
} diff_txn;

/* One side's walk. */
typedef struct diff_side {
    gp_span *s;
    const gp_at_result *other_end; /* the other side's end set */
    diff_txn *cand;
    size_t n_cand, cap_cand;
    gp_mariadb_gtid *seen; /* MariaDB, a side read whole: all its GTIDs */
    size_t n_seen, cap_seen;
    int keep_seen;
} diff_side;

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    void *q;
    size_t c = *cap ? *cap : 64;

    if (need <= *cap)
        return 0;
    while (c < need)
        c *= 2;
    if ((q = realloc(*p, c * size)) == NULL)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

static gtidpos_status diff_on_txn(void *ctx, size_t file, const gp_txn *t, uint64_t start,
                          uint64_t end, uint32_t commit_time, gp_error *e)
{
    diff_side *d = ctx;

    if (d->keep_seen && t->kind == GP_TXN_MARIADB) {
        if (grow((void **)&d->seen, &d->cap_seen, d->n_seen + 1, sizeof *d->seen) != 0)
            return gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
        d->seen[d->n_seen++] = t->mariadb;
    }
    if (gp_cover_holds(d->other_end->mysql, d->other_end->mariadb, t))
        return GTIDPOS_OK;
    if (grow((void **)&d->cand, &d->cap_cand, d->n_cand + 1, sizeof *d->cand) != 0)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    d->cand[d->n_cand++] = (diff_txn){file, *t, start, end, commit_time};
    return GTIDPOS_OK;
}

static gtidpos_status ignore_txn(void *ctx, size_t file, const gp_txn *t, uint64_t start, uint64_t end,
                         uint32_t commit_time, gp_error *e)
{
    (void)ctx, (void)file, (void)t, (void)start, (void)end, (void)commit_time, (void)e;
    return GTIDPOS_OK;
}

/* Walk side d's files that may hold a transaction the other side's end
 * set lacks; the last file always (its end set is *end). */
static gtidpos_status walk_side(diff_side *d, gp_at_result *end, gp_error *e)
{
    gp_span *s = d->s;
    gtidpos_status rc = GTIDPOS_OK;

    d->keep_seen = s->flavor == GTIDPOS_FLAVOR_MARIADB && s->n_unordered > 0;
    for (size_t i = 0; i < s->n && rc == GTIDPOS_OK; i++) {
        int last = i + 1 == s->n;

        if (!last && !d->keep_seen &&
            !gp_span_may_exceed(s, i, d->other_end->mysql, d->other_end->mariadb))
            continue;
        rc = gp_span_walk(s, i, diff_on_txn, d, last ? end : NULL, e);
    }
    return rc;
}

static int gtid_eq(const gp_mariadb_gtid *a, const gp_mariadb_gtid *b)
{
    return a->domain == b->domain && a->server_id == b->server_id && a->seq == b->seq;
}

/* MariaDB: a candidate present in the other side's logs was executed
 * there (only a side read whole keeps its GTIDs: elsewhere seq_nos grow,
 * so a GTID above the end state's seq_no is in no file). */
static int present_in(const diff_side *other, const gp_txn *t)
{
    for (size_t i = 0; t->kind == GP_TXN_MARIADB && i < other->n_seen; i++)
        if (gtid_eq(&other->seen[i], &t->mariadb))
            return 1;
    return 0;
}

static gtidpos_status report_side(diff_side *d, const diff_side *other, int side, gp_diff_fn fn,
                          void *ctx, gp_diff_result *out, gp_error *e)
{
    gp_mariadb_gtid *list = calloc(d->n_cand + 1, sizeof *list);
    size_t n = 0;
    gtidpos_status rc = GTIDPOS_OK;

    if (list == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    for (size_t i = 0; i < d->n_cand && rc == GTIDPOS_OK; i++) {
        const diff_txn *c = &d->cand[i];

        if (present_in(other, &c->t))
            continue;
        if (c->t.kind == GP_TXN_MARIADB)
            list[n++] = c->t.mariadb;
        out->count[side]++;
        rc = fn(ctx, side, c->file, &c->t, c->start, c->end, c->commit_time, e);
    }
    if (rc == GTIDPOS_OK && d->s->flavor == GTIDPOS_FLAVOR_MARIADB &&
        (out->only[side] = gp_mariadb_list_text(list, n)) == NULL)
        rc = gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    free(list);
    return rc;
}

/* MySQL: the summary sets are the end sets' differences. */
static gtidpos_status mysql_only(const gp_at_result *a, const gp_at_result *b, char **out, gp_error *e)
{
    gp_mysql_set *d = gp_mysql_set_new();

    if (d != NULL && gp_mysql_set_subtract(d, a->mysql, b->mysql) == GP_GTID_OK)
        *out = gp_mysql_set_to_string(d);
    gp_mysql_set_free(d);
    return *out != NULL ? GTIDPOS_OK : gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
}

static gtidpos_status count_found(void *ctx, size_t file, const gp_txn *t, uint64_t start, uint64_t end,
                          uint32_t commit_time, gp_error *e)
{
    (void)file, (void)t, (void)start, (void)end, (void)commit_time, (void)e;
    ++*(uint64_t *)ctx;
    return GTIDPOS_OK;
}

/*
 * MariaDB: is the last GTID g of one side's domain in the other side's
 * logs s, when that side's end state holds its seq_no?  If not, the two
 * sides wrote different transactions at the same seq_nos (a split), which
 * the seq_no rule counts as executed: say so in out->split.  Only where
 * the other side's files go back far enough to hold g (above the first
 * file's Gtid_list).  A find of one GTID: its headers spare most files.
 */
static gtidpos_status check_split(gp_span *s, const gp_at_result *s_end, const gp_mariadb_gtid *g,
                          const char *side, const char *other, gp_diff_result *out,
                          gp_error *e)
{
    const gp_mariadb_gtid *have = gp_mariadb_state_get(s_end->mariadb, g->domain);
    const gp_head *first = &s->heads[0];
    gp_target_set one = {GTIDPOS_FLAVOR_MARIADB, NULL, (gp_mariadb_gtid *)g, 1};
    gp_find_set_result fr;
    uint64_t found = 0;
    gtidpos_status rc;

    if (have == NULL || have->seq < g->seq || (have->server_id == g->server_id && have->seq == g->seq))
        return GTIDPOS_OK;
    if (!first->have_state || gp_mariadb_state_contains(first->mariadb, g) ||
        out->n_split == (int)(sizeof out->split / sizeof out->split[0]))
        return GTIDPOS_OK;
    rc = gp_find_set(s, &one, count_found, &found, &fr, e);
    gp_find_set_result_free(&fr);
    if (rc != GTIDPOS_OK || found > 0)
        return rc;
    char line[300];
    snprintf(line, sizeof line,
             "domain %u: %s's last GTID %u-%u-%llu is not in %s's logs, though %s is at "
             "%u-%u-%llu: the two wrote different transactions at the same seq_nos, which "
             "count as executed on both sides",
             (unsigned)g->domain, side, (unsigned)g->domain, (unsigned)g->server_id,
             (unsigned long long)g->seq, other, other, (unsigned)have->domain,
             (unsigned)have->server_id, (unsigned long long)have->seq);
    if ((out->split[out->n_split] = strdup(line)) == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    out->n_split++;
    return GTIDPOS_OK;
}

static gtidpos_status find_splits(gp_span *a, gp_span *b, const gp_at_result *end_a,
                          const gp_at_result *end_b, gp_diff_result *out, gp_error *e)
{
    gtidpos_status rc = GTIDPOS_OK;

    for (size_t k = 0; rc == GTIDPOS_OK && k < gp_mariadb_state_count(end_b->mariadb); k++)
        rc = check_split(a, end_a, gp_mariadb_state_at(end_b->mariadb, k), "B", "A", out, e);
    for (size_t k = 0; rc == GTIDPOS_OK && k < gp_mariadb_state_count(end_a->mariadb); k++)
        rc = check_split(b, end_b, gp_mariadb_state_at(end_a->mariadb, k), "A", "B", out, e);
    return rc;
}

gtidpos_status gp_diff(gp_span *a, gp_span *b, gp_diff_fn fn, void *ctx, gp_diff_result *out,
               gp_error *e)
{
    gp_at_result end_a, end_b;
    diff_side da = {.s = a, .other_end = &end_b}, db = {.s = b, .other_end = &end_a};
    gtidpos_status rc;

    memset(out, 0, sizeof *out);
    gp_at_result_init(&end_a);
    gp_at_result_init(&end_b);
    /* B's end set first: which of A's files to read depends on it */
    rc = gp_span_walk(b, b->n - 1, ignore_txn, NULL, &end_b, e);
    if (rc == GTIDPOS_OK)
        rc = walk_side(&da, &end_a, e);
    if (rc == GTIDPOS_OK) {
        gp_at_result_free(&end_b);
        gp_at_result_init(&end_b);
        rc = walk_side(&db, &end_b, e);
    }
    if (rc == GTIDPOS_OK && ((out->end[0] = gp_at_result_set_text(&end_a)) == NULL ||
                        (out->end[1] = gp_at_result_set_text(&end_b)) == NULL))
        rc = gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    if (rc == GTIDPOS_OK)
        rc = report_side(&da, &db, 0, fn, ctx, out, e);
    if (rc == GTIDPOS_OK)
        rc = report_side(&db, &da, 1, fn, ctx, out, e);
    if (rc == GTIDPOS_OK && a->flavor == GTIDPOS_FLAVOR_MARIADB)
        rc = find_splits(a, b, &end_a, &end_b, out, e);
    if (rc == GTIDPOS_OK && a->flavor == GTIDPOS_FLAVOR_MYSQL)
        rc = mysql_only(&end_a, &end_b, &out->only[0], e);
    if (rc == GTIDPOS_OK && a->flavor == GTIDPOS_FLAVOR_MYSQL)
        rc = mysql_only(&end_b, &end_a, &out->only[1], e);
    free(da.cand);
    free(db.cand);
    free(da.seen);
    free(db.seen);
    gp_at_result_free(&end_a);
    gp_at_result_free(&end_b);
    return rc;
}

void gp_diff_result_free(gp_diff_result *r)
{
    for (int i = 0; i < 2; i++) {
        free(r->end[i]);
        free(r->only[i]);
        r->end[i] = r->only[i] = NULL;
    }
    for (int i = 0; i < r->n_split; i++)
        free(r->split[i]);
    r->n_split = 0;
}
