/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * span.c - the headers of a list of log files, and which files can hold
 * what (see span.h for the format facts it relies on).
 */
#include "walk/span.h"

#include <stdlib.h>
#include <string.h>

#include "binlog/event_names.h"
#include "binlog/walker.h"
#include "walk/engine.h"

/* A header is a few small events: read it through a small window, so a
 * question about a large archive costs a few KiB per file. */
#define HEAD_WINDOW (16u << 10)

/* The first event past the preamble ends a header walk: the starting set
 * (a preamble event) has been read by then. */
static gp_walk_verdict head_on_frame(void *ctx, gp_walk *w, const gp_event *ev, gtidpos_status *rc)
{
    (void)ctx;
    *rc = GTIDPOS_OK;
    return w->in_preamble && !gp_event_is_preamble(ev->type) ? GP_WALK_END : GP_WALK_TAKE;
}

static gtidpos_status head_read(gp_head *h, const char *path, gtidpos_flavor want, uint64_t *bytes,
                        const gp_log_tuning *tune, gp_error *e)
{
    static const gp_walk_hooks hooks = {.on_frame = head_on_frame};
    gp_log log;
    gp_walk walk;
    gp_at_result r;
    gtidpos_status rc;

    if (strcmp(path, "-") == 0) { /* standard input is read once */
        h->deferred = 1;
        h->flavor = want;
        return GTIDPOS_OK;
    }
    gp_at_result_init(&r);
    rc = gp_log_open_tuned(&log, path, GTIDPOS_VERIFY_ALL, GTIDPOS_IO_INLINE, HEAD_WINDOW, tune,
                           e);
    if (rc == GTIDPOS_OK)
        rc = gp_walk_init(&walk, &log, want, &hooks, &r, e);
    if (rc == GTIDPOS_OK) {
        walk.relay_unchecked = 1;
        rc = gp_walk_run(&walk, GP_POS_END);
    }
    if (rc == GTIDPOS_OK && log.status != GTIDPOS_OK && walk.in_preamble) {
        *e = log.err; /* the header itself is damaged or cut */
        rc = log.status;
    }
    if (rc == GTIDPOS_OK) {
        h->flavor = r.flavor;
        h->have_state = walk.have_state;
        h->mysql = r.mysql;
        h->mariadb = r.mariadb;
        r.mysql = NULL;
        r.mariadb = NULL;
        *bytes += log.next;
    }
    gp_log_close(&log);
    gp_at_result_free(&r);
    return rc;
}

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

gtidpos_status gp_span_check_order(gp_span *s, gp_error *e)
{
    for (size_t i = 0; i + 1 < s->n; i++) {
        const gp_head *a = &s->heads[i], *b = &s->heads[i + 1];

        if (!a->have_state || !b->have_state)
            continue;
        for (size_t k = 0; k < gp_mariadb_state_count(a->mariadb); k++) {
            const gp_mariadb_gtid *ga = gp_mariadb_state_at(a->mariadb, k);
            const gp_mariadb_gtid *gb = gp_mariadb_state_get(b->mariadb, ga->domain);
            uint32_t *grown;

            if (gb != NULL && gb->seq >= ga->seq)
                continue;
            if (gp_span_unordered(s, ga->domain))
                continue;
            grown = realloc(s->unordered, (s->n_unordered + 1) * sizeof *grown);
            if (grown == NULL)
                return gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
            s->unordered = grown;
            s->unordered[s->n_unordered++] = ga->domain;
            qsort(s->unordered, s->n_unordered, sizeof *grown, u32_cmp);
        }
    }
    return GTIDPOS_OK;
}

gtidpos_status gp_span_open(gp_span *s, const char *const *paths, size_t n, gtidpos_flavor want,
                    int read_all, const gp_log_tuning *tune, gp_error *e)
{
    gtidpos_status rc = GTIDPOS_OK;

    memset(s, 0, sizeof *s);
    s->tune = tune;
    s->paths = paths;
    s->n = n;
    s->read_all = read_all;
    s->flavor = want;
    if ((s->heads = calloc(n ? n : 1, sizeof *s->heads)) == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    for (size_t i = 0; i < n && rc == GTIDPOS_OK; i++) {
        /* each file's own flavour (its format description), so that a
         * file of the other flavour is named as such */
        rc = head_read(&s->heads[i], paths[i], GTIDPOS_FLAVOR_UNKNOWN, &s->header_bytes, s->tune, e);
        if (rc == GTIDPOS_OK && s->heads[i].deferred)
            continue;
        if (rc == GTIDPOS_OK && s->flavor == GTIDPOS_FLAVOR_UNKNOWN)
            s->flavor = s->heads[i].flavor;
        else if (rc == GTIDPOS_OK && s->heads[i].flavor != s->flavor)
            rc = gp_error_set(e, GTIDPOS_ERR_PARSE, paths[i], -1,
                              "a %s log, where the set or the other logs are %s: one "
                              "question is about one flavour",
                              gp_flavor_name(s->heads[i].flavor), gp_flavor_name(s->flavor));
    }
    if (rc == GTIDPOS_OK && s->flavor == GTIDPOS_FLAVOR_MARIADB)
        rc = gp_span_check_order(s, e);
    if (rc != GTIDPOS_OK)
        gp_span_close(s);
    return rc;
}

void gp_span_close(gp_span *s)
{
    for (size_t i = 0; s->heads != NULL && i < s->n; i++) {
        gp_mysql_set_free(s->heads[i].mysql);
        gp_mariadb_state_free(s->heads[i].mariadb);
    }
    free(s->heads);
    free(s->unordered);
    s->heads = NULL;
    s->unordered = NULL;
}

int gp_span_unordered(const gp_span *s, uint32_t domain)
{
    return s->unordered != NULL &&
           bsearch(&domain, s->unordered, s->n_unordered, sizeof domain, u32_cmp) != NULL;
}

/* Does file i chain into its successor (both starting sets known, the
 * first a subset of the second)?  MySQL only. */
static int mysql_chains(const gp_span *s, size_t i)
{
    return i + 1 < s->n && s->heads[i].have_state && s->heads[i + 1].have_state &&
           gp_mysql_set_is_subset(s->heads[i].mysql, s->heads[i + 1].mysql);
}

int gp_span_may_hold_mysql(const gp_span *s, size_t i, const gp_mysql_set *set)
{
    const gp_head *h = &s->heads[i];
    gp_mysql_set *added;
    int may;

    if (s->read_all || !h->have_state)
        return 1;
    if (!mysql_chains(s, i))
        return !gp_mysql_set_is_subset(set, h->mysql);
    if ((added = gp_mysql_set_new()) == NULL ||
        gp_mysql_set_subtract(added, s->heads[i + 1].mysql, h->mysql) != GP_GTID_OK) {
        gp_mysql_set_free(added);
        return 1;
    }
    may = gp_mysql_set_overlaps(added, set);
    gp_mysql_set_free(added);
    return may;
}

/* The domain's last seq_no in a state (0: the domain is absent). */
static uint64_t last_seq(const gp_mariadb_state *st, uint32_t domain)
{
    const gp_mariadb_gtid *g = gp_mariadb_state_get(st, domain);
    return g != NULL ? g->seq : 0;
}

/* The seq_nos of domain d that file i can hold: (*lo, *hi]; 0 when the
 * headers cannot bound them. */
static int mariadb_range(const gp_span *s, size_t i, uint32_t d, uint64_t *lo, uint64_t *hi)
{
    const gp_head *h = &s->heads[i];

    if (s->read_all || !h->have_state || gp_span_unordered(s, d))
        return 0;
    *lo = last_seq(h->mariadb, d);
    *hi = UINT64_MAX;
    if (i + 1 < s->n) {
        if (!s->heads[i + 1].have_state)
            return 0;
        *hi = last_seq(s->heads[i + 1].mariadb, d);
    }
    return 1;
}

int gp_span_may_hold_mariadb(const gp_span *s, size_t i, const gp_mariadb_gtid *g)
{
    uint64_t lo, hi;

    if (!mariadb_range(s, i, g->domain, &lo, &hi))
        return 1;
    return g->seq > lo && g->seq <= hi;
}

int gp_span_may_exceed(const gp_span *s, size_t i, const gp_mysql_set *mysql,
                       const gp_mariadb_state *mariadb)
{
    const gp_head *h = &s->heads[i];

    if (s->read_all || !h->have_state || i + 1 == s->n)
        return 1;
    if (s->flavor == GTIDPOS_FLAVOR_MYSQL) {
        if (!mysql_chains(s, i))
            return 1;
        /* the file's GTIDs lie in P(i+1) \ P(i): is that part in mysql? */
        gp_mysql_set *added = gp_mysql_set_new();
        int exceeds = 1;

        if (added != NULL &&
            gp_mysql_set_subtract(added, s->heads[i + 1].mysql, h->mysql) == GP_GTID_OK)
            exceeds = !gp_mysql_set_is_subset(added, mysql);
        gp_mysql_set_free(added);
        return exceeds;
    }
    /* MariaDB: a domain whose seq_nos in this file may pass the state's */
    if (!s->heads[i + 1].have_state)
        return 1;
    for (size_t k = 0; k < gp_mariadb_state_count(s->heads[i + 1].mariadb); k++) {
        const gp_mariadb_gtid *g = gp_mariadb_state_at(s->heads[i + 1].mariadb, k);
        const gp_mariadb_gtid *have = gp_mariadb_state_get(mariadb, g->domain);
        uint64_t lo, hi;

        if (!mariadb_range(s, i, g->domain, &lo, &hi))
            return 1;
        if (hi > lo && (have == NULL || hi > have->seq))
            return 1;
    }
    return 0;
}

/* What gp_span_walk's hook keeps. */
typedef struct span_walk {
    size_t file;
    gp_span_txn_fn fn;
    void *ctx;
    gp_head *head;
    const gp_walk *walk;
    gtidpos_flavor flavor; /* the span's */
    const char *path;
} span_walk;

/* A deferred header ("-") is read by the file's one walk. */
static gtidpos_status span_on_start(void *ctx, const gp_at_result *r, gp_error *e)
{
    span_walk *w = ctx;
    gp_head *h = w->head;

    if (!h->deferred || h->have_state)
        return GTIDPOS_OK;
    if (w->flavor != GTIDPOS_FLAVOR_UNKNOWN && r->flavor != w->flavor)
        return gp_error_set(e, GTIDPOS_ERR_PARSE, w->path, -1,
                            "a %s log, where the set or the other logs are %s: one "
                            "question is about one flavour",
                            gp_flavor_name(r->flavor), gp_flavor_name(w->flavor));
    if (!w->walk->have_state)
        return GTIDPOS_OK;
    h->flavor = r->flavor;
    if (r->mysql != NULL &&
        ((h->mysql = gp_mysql_set_new()) == NULL || gp_mysql_set_copy(h->mysql, r->mysql) != 0))
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    if (r->mariadb != NULL && ((h->mariadb = gp_mariadb_state_new()) == NULL ||
                               gp_mariadb_state_copy(h->mariadb, r->mariadb) != 0))
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    h->have_state = 1;
    return GTIDPOS_OK;
}

static gtidpos_status span_on_commit(void *ctx, gp_at_result *r, const gp_txn *t, const gp_event *ev,
                             gp_error *e)
{
    span_walk *w = ctx;

    (void)r;
    if (t->kind != GP_TXN_MYSQL && t->kind != GP_TXN_MARIADB)
        return GTIDPOS_OK;
    return w->fn(w->ctx, w->file, t, t->start, gp_event_end(ev), ev->timestamp, e);
}

gtidpos_status gp_span_walk(gp_span *s, size_t i, gp_span_txn_fn fn, void *ctx, gp_at_result *end,
                    gp_error *e)
{
    span_walk sw = {i, fn, ctx, &s->heads[i], NULL, s->flavor, s->paths[i]};
    const gp_walk_hooks hooks = {.ctx = &sw, .on_commit = span_on_commit,
                                 .on_start = span_on_start};
    gp_log log;
    gp_walk walk;
    gp_at_result r;
    gtidpos_status rc;

    gp_at_result_init(&r);
    rc = gp_log_open_tuned(&log, s->paths[i], GTIDPOS_VERIFY_ALL, GTIDPOS_IO_READ, 0, s->tune, e);
    if (rc == GTIDPOS_OK)
        /* "-" in its own flavour: on_start names a mismatch */
        rc = gp_walk_init(&walk, &log, s->heads[i].deferred ? GTIDPOS_FLAVOR_UNKNOWN : s->flavor,
                          &hooks, &r, e);
    if (rc == GTIDPOS_OK) {
        /* a transaction is found in a relay log by its own events */
        walk.relay_unchecked = 1;
        sw.walk = &walk;
        rc = gp_walk_run(&walk, GP_POS_END);
    }
    /* a file cut inside its last event: the cut transaction may be one
     * asked about, so this is damage here (as for find) */
    if (rc == GTIDPOS_OK && log.status != GTIDPOS_OK) {
        *e = log.err;
        rc = log.status;
    }
    s->files_walked++;
    s->walked_bytes += log.next;
    if (rc == GTIDPOS_OK && end != NULL) {
        *end = r;
        gp_at_result_init(&r);
    }
    gp_log_close(&log);
    gp_at_result_free(&r);
    return rc;
}

int gp_mariadb_list_parse(const char *text, gp_mariadb_gtid **out, size_t *n)
{
    size_t cap = 0;
    const char *p = text;

    *out = NULL;
    *n = 0;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        gp_mariadb_gtid g;

        if (gp_mariadb_gtid_parse(&g, p, len) != GP_GTID_OK)
            goto fail;
        if (*n == cap) {
            gp_mariadb_gtid *grown = realloc(*out, (cap ? cap * 2 : 8) * sizeof *grown);
            if (grown == NULL)
                goto fail;
            *out = grown;
            cap = cap ? cap * 2 : 8;
        }
        (*out)[(*n)++] = g;
        if (comma == NULL)
            return 0;
        p = comma + 1;
    }
fail:
    free(*out);
    *out = NULL;
    *n = 0;
    return -1;
}
