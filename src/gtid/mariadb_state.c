/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mariadb_state.c - MariaDB GTID state: one GTID per replication domain,
 * kept in an array sorted by domain id (the order @@gtid_binlog_pos uses).
 *
 * Walking a binlog calls gp_mariadb_state_update once per transaction,
 * nearly always for the domain updated last; the state remembers that
 * index so the common case is one compare and a store.
 */
#include "mariadb_state.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_scan.h"

/* cur value meaning "no cursor": entry indexes never reach it. */
#define CURSOR_NONE SIZE_MAX

struct gp_mariadb_state {
    gp_mariadb_gtid *e;
    size_t n, cap;
    size_t cur; /* index updated last; valid when cur < n */
};

/* ---- lookup and update -------------------------------------------------- */

/* Index of the first entry whose domain is >= domain. */
static size_t lower_bound(const gp_mariadb_state *s, uint32_t domain)
{
    size_t lo = 0, hi = s->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (s->e[mid].domain < domain)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int insert_at(gp_mariadb_state *s, size_t at, const gp_mariadb_gtid *g)
{
    if (s->n == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 4;
        gp_mariadb_gtid *ne;

        if (ncap > SIZE_MAX / sizeof *ne)
            return GP_GTID_ENOMEM;
        ne = realloc(s->e, ncap * sizeof *ne);
        if (ne == NULL)
            return GP_GTID_ENOMEM;
        s->e = ne;
        s->cap = ncap;
    }
    memmove(&s->e[at + 1], &s->e[at], (s->n - at) * sizeof s->e[0]);
    s->e[at] = *g;
    s->n++;
    return GP_GTID_OK;
}

int gp_mariadb_state_update(gp_mariadb_state *s, const gp_mariadb_gtid *g)
{
    size_t at;
    int rc;

    if (s->cur < s->n && s->e[s->cur].domain == g->domain) {
        s->e[s->cur] = *g;
        return GP_GTID_OK;
    }
    at = lower_bound(s, g->domain);
    if (at < s->n && s->e[at].domain == g->domain) {
        s->e[at] = *g;
    } else {
        rc = insert_at(s, at, g);
        if (rc != GP_GTID_OK)
            return rc;
    }
    s->cur = at;
    return GP_GTID_OK;
}

const gp_mariadb_gtid *gp_mariadb_state_get(const gp_mariadb_state *s,
                                            uint32_t domain)
{
    size_t at = lower_bound(s, domain);

    return at < s->n && s->e[at].domain == domain ? &s->e[at] : NULL;
}

/* ---- lifetime ----------------------------------------------------------- */

gp_mariadb_state *gp_mariadb_state_new(void)
{
    gp_mariadb_state *s = calloc(1, sizeof *s);

    if (s != NULL)
        s->cur = CURSOR_NONE;
    return s;
}

void gp_mariadb_state_free(gp_mariadb_state *s)
{
    if (s == NULL)
        return;
    free(s->e);
    free(s);
}

void gp_mariadb_state_clear(gp_mariadb_state *s)
{
    s->n = 0;
    s->cur = CURSOR_NONE;
}

/* dst is untouched when memory runs out. */
int gp_mariadb_state_copy(gp_mariadb_state *dst, const gp_mariadb_state *src)
{
    if (dst == src)
        return GP_GTID_OK;
    if (dst->cap < src->n) {
        gp_mariadb_gtid *ne = malloc(src->n * sizeof *ne);

        if (ne == NULL)
            return GP_GTID_ENOMEM;
        free(dst->e);
        dst->e = ne;
        dst->cap = src->n;
    }
    if (src->n > 0)
        memcpy(dst->e, src->e, src->n * sizeof src->e[0]);
    dst->n = src->n;
    dst->cur = CURSOR_NONE;
    return GP_GTID_OK;
}

int gp_mariadb_state_is_empty(const gp_mariadb_state *s)
{
    return s->n == 0;
}

size_t gp_mariadb_state_count(const gp_mariadb_state *s)
{
    return s->n;
}

const gp_mariadb_gtid *gp_mariadb_state_at(const gp_mariadb_state *s, size_t i)
{
    return i < s->n ? &s->e[i] : NULL;
}

/* ---- comparisons -------------------------------------------------------- */

/* On GP_GTID_ENOMEM dst holds part of the merge (still a valid state). */
int gp_mariadb_state_merge(gp_mariadb_state *dst, const gp_mariadb_state *src)
{
    if (dst == src)
        return GP_GTID_OK;
    for (size_t i = 0; i < src->n; i++) {
        const gp_mariadb_gtid *mine =
            gp_mariadb_state_get(dst, src->e[i].domain);

        if (mine == NULL || src->e[i].seq > mine->seq) {
            int rc = gp_mariadb_state_update(dst, &src->e[i]);

            if (rc != GP_GTID_OK)
                return rc;
        }
    }
    return GP_GTID_OK;
}

int gp_mariadb_state_equal(const gp_mariadb_state *a,
                           const gp_mariadb_state *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->e[i].domain != b->e[i].domain ||
            a->e[i].server_id != b->e[i].server_id ||
            a->e[i].seq != b->e[i].seq)
            return 0;
    return 1;
}

int gp_mariadb_state_contains(const gp_mariadb_state *s,
                              const gp_mariadb_gtid *g)
{
    const gp_mariadb_gtid *mine = gp_mariadb_state_get(s, g->domain);

    return mine != NULL && mine->seq >= g->seq;
}

/* ---- text output -------------------------------------------------------- */

size_t gp_mariadb_state_format(const gp_mariadb_state *s, char *buf,
                               size_t cap)
{
    size_t len = 0;

    if (cap > 0)
        buf[0] = '\0';
    for (size_t i = 0; i < s->n; i++) {
        size_t room = len < cap ? cap - len : 0;
        int n = snprintf(room ? buf + len : NULL, room, "%s%" PRIu32 "-%" PRIu32
                         "-%" PRIu64, i ? "," : "", s->e[i].domain,
                         s->e[i].server_id, s->e[i].seq);

        if (n < 0)
            return len;
        len += (size_t)n;
    }
    return len;
}

char *gp_mariadb_state_to_string(const gp_mariadb_state *s)
{
    size_t len = gp_mariadb_state_format(s, NULL, 0);
    char *buf = malloc(len + 1);

    if (buf != NULL)
        gp_mariadb_state_format(s, buf, len + 1);
    return buf;
}

/* ---- text input --------------------------------------------------------- */

/*
 * Unsigned decimal no larger than max.  MariaDB reads these with
 * my_strtoll10 (decimal, so leading zeros are harmless); a sign is
 * refused here because MariaDB would turn "-1" into a huge seq_no.
 */
static int scan_number(gp_scan *sc, uint64_t max, const char *what_num,
                       uint64_t *out)
{
    size_t at = sc->pos;
    uint64_t v = 0;
    char what[16];

    if (gp_scan_peek(sc) == '-')
        return gp_scan_fail(sc, at, GP_GTID_ERANGE, "negative %s", what_num);
    if (!gp_scan_is_digit(gp_scan_peek(sc)))
        return gp_scan_fail(sc, at, GP_GTID_EPARSE, "expected %s, found %s", what_num,
                            gp_scan_found(sc, what));
    while (gp_scan_is_digit(gp_scan_peek(sc))) {
        unsigned d = (unsigned)(gp_scan_peek(sc) - '0');

        if (v > (max - d) / 10)
            return gp_scan_fail(sc, at, GP_GTID_ERANGE, "%s larger than %" PRIu64,
                                what_num, max);
        v = v * 10 + d;
        sc->pos++;
    }
    *out = v;
    return GP_GTID_OK;
}

static int scan_dash(gp_scan *sc, const char *after)
{
    char what[16];

    gp_scan_skip_blanks(sc);
    if (gp_scan_peek(sc) != '-')
        return gp_scan_fail(sc, sc->pos, GP_GTID_EPARSE,
                            "expected '-' after %s, found %s", after, gp_scan_found(sc, what));
    sc->pos++;
    gp_scan_skip_blanks(sc);
    return GP_GTID_OK;
}

/* "domain-server-seq"; blanks around '-' are accepted, as my_strtoll10
 * skips leading blanks before each number. */
static int scan_gtid(gp_scan *sc, gp_mariadb_gtid *g)
{
    /* Zeroed only because gcc -O3 cannot see that each is set before use. */
    uint64_t domain = 0, server_id = 0, seq = 0;
    int rc;

    rc = scan_number(sc, UINT32_MAX, "domain id", &domain);
    if (rc == GP_GTID_OK)
        rc = scan_dash(sc, "domain id");
    if (rc == GP_GTID_OK)
        rc = scan_number(sc, UINT32_MAX, "server id", &server_id);
    if (rc == GP_GTID_OK)
        rc = scan_dash(sc, "server id");
    if (rc == GP_GTID_OK)
        rc = scan_number(sc, UINT64_MAX, "sequence number", &seq);
    if (rc != GP_GTID_OK)
        return rc;
    g->domain = (uint32_t)domain;
    g->server_id = (uint32_t)server_id;
    g->seq = seq;
    return GP_GTID_OK;
}

static int scan_element(gp_mariadb_state *s, gp_scan *sc)
{
    size_t at = sc->pos;
    gp_mariadb_gtid g;
    int rc;

    if (gp_scan_peek(sc) == ',')
        return gp_scan_fail(sc, at, GP_GTID_EPARSE, "empty element");
    rc = scan_gtid(sc, &g);
    if (rc != GP_GTID_OK)
        return rc;
    /* MariaDB refuses this too (ER_DUPLICATE_GTID_DOMAIN). */
    if (gp_mariadb_state_get(s, g.domain) != NULL)
        return gp_scan_fail(sc, at, GP_GTID_EPARSE, "domain %" PRIu32 " given twice",
                            g.domain);
    if (gp_mariadb_state_update(s, &g) != GP_GTID_OK)
        return gp_scan_fail(sc, at, GP_GTID_ENOMEM, "out of memory");
    gp_scan_skip_blanks(sc);
    return GP_GTID_OK;
}

/* gp_scan_list's element callback. */
static int scan_one(void *s, gp_scan *sc)
{
    return scan_element(s, sc);
}

static int scan_state(gp_mariadb_state *s, gp_scan *sc)
{
    return gp_scan_list(sc, scan_one, s, "',' or end of text");
}

int gp_mariadb_state_parse(gp_mariadb_state *s, const char *text, size_t len,
                           char *err, size_t errlen)
{
    gp_scan sc = {text, text != NULL ? len : 0, 0, err, errlen};
    int rc;

    if (err != NULL && errlen > 0)
        err[0] = '\0';
    gp_mariadb_state_clear(s);
    rc = scan_state(s, &sc);
    if (rc != GP_GTID_OK)
        gp_mariadb_state_clear(s);
    return rc;
}

int gp_mariadb_gtid_parse(gp_mariadb_gtid *g, const char *text, size_t len)
{
    gp_scan sc = {text, text != NULL ? len : 0, 0, NULL, 0};
    int rc;

    gp_scan_skip_blanks(&sc);
    rc = scan_gtid(&sc, g);
    if (rc != GP_GTID_OK)
        return rc;
    gp_scan_skip_blanks(&sc);
    return gp_scan_peek(&sc) < 0 ? GP_GTID_OK : GP_GTID_EPARSE;
}
