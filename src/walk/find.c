/*
 * find.c - the transactions of one log that carry a given GTID.
 */
#include <ctype.h>
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
        w->flavor = GP_FLAVOR_MARIADB;
        return gp_mariadb_gtid_parse(&w->mariadb, s, len) == GP_GTID_OK ? 0 : -1;
    }
    w->flavor = GP_FLAVOR_MYSQL;
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
    if (w->flavor == GP_FLAVOR_MARIADB)
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
static gp_err find_on_commit(void *ctx, gp_at_result *r, const gp_txn *t, const gp_event *ev,
                             gp_error *e)
{
    find_walk *f = ctx;

    (void)r;
    (void)e;
    if (gp_find_target_matches(f->target, t)) {
        f->fn(f->ctx, t->start, gp_event_end(ev));
        f->found++;
    }
    return GP_OK;
}

uint64_t gp_find_in_log(gp_log *log, gp_flavor want, const gp_find_target *w, gp_find_fn fn,
                        void *ctx, uint64_t *open_start, gp_error *e)
{
    find_walk f = {w, fn, ctx, 0};
    const gp_walk_hooks hooks = {.ctx = &f, .on_commit = find_on_commit};
    gp_walk walk;
    gp_at_result r;
    gp_err rc;

    gp_error_clear(e);
    if (open_start != NULL)
        *open_start = UINT64_MAX;
    gp_at_result_init(&r);
    rc = gp_walk_init(&walk, log, want, &hooks, &r, e);
    /* A transaction is found in a relay log by its own events: the set
     * the replica's file does not start from is not needed. */
    walk.relay_unchecked = 1;
    if (rc == GP_OK)
        rc = gp_walk_run(&walk, GP_POS_END);
    /* A file cut inside its last event is an answer for `at` (the set at
     * the last whole event, in a file in use); for find it is damage: the
     * transaction being written may be the one looked for. */
    if (rc == GP_OK && log->status != GP_OK)
        *e = log->err;
    else if (rc == GP_OK && walk.txn.state != GP_TXN_IDLE &&
             gp_find_target_matches(w, &walk.txn) && open_start != NULL)
        *open_start = walk.txn.start;
    gp_at_result_free(&r);
    return f.found;
}

int gp_find_target_in_result(const gp_find_target *w, const gp_at_result *r)
{
    if (r->flavor != w->flavor)
        return 0;
    if (w->flavor == GP_FLAVOR_MARIADB)
        return gp_mariadb_state_contains(r->mariadb, &w->mariadb);
    return gp_mysql_set_contains(r->mysql, &w->mysql.uuid, w->mysql.tag, w->mysql.tag_len,
                                 w->mysql.gno);
}
