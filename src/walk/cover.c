/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cover.c - the first transaction of a list of files that a GTID set does
 * not hold (see cover.h).
 */
#include "walk/cover.h"

#include <stdlib.h>
#include <string.h>

#include "walk/find.h"

int gp_cover_holds(const gp_mysql_set *mysql, const gp_mariadb_state *mariadb, const gp_txn *t)
{
    if (t->kind == GP_TXN_MYSQL)
        return mysql != NULL && gp_mysql_set_contains(mysql, &t->mysql.uuid, t->mysql.tag,
                                                      t->mysql.tag_len, t->mysql.gno);
    return mariadb != NULL && gp_mariadb_state_contains(mariadb, &t->mariadb);
}

/* What the walk of a candidate file keeps. */
typedef struct cover_walk {
    const gp_mysql_set *mysql;
    const gp_mariadb_state *mariadb;
    gp_cover_result *out;
    int found;
} cover_walk;

static gtidpos_status cover_on_txn(void *ctx, size_t file, const gp_txn *t, uint64_t start,
                           uint64_t end, uint32_t commit_time, gp_error *e)
{
    cover_walk *c = ctx;

    (void)end;
    if (gp_cover_holds(c->mysql, c->mariadb, t))
        return GTIDPOS_OK;
    c->found = 1;
    c->out->first_file = file;
    c->out->first_byte = start;
    c->out->first = *t;
    c->out->commit_time = commit_time;
    /* the answer is known: end the walk here (gp_cover tells this stop
     * from an error by c->found) */
    return gp_error_set(e, GTIDPOS_ERR_POSITION, NULL, -1, "found");
}

/* The part of the first file's starting set that the set lacks. */
static char *missing_text(const gp_span *s, const gp_mysql_set *mysql,
                          const gp_mariadb_state *mariadb)
{
    const gp_head *h = &s->heads[0];

    if (!h->have_state)
        return strdup("");
    if (s->flavor == GTIDPOS_FLAVOR_MYSQL) {
        gp_mysql_set *lack = gp_mysql_set_new();
        char *text = NULL;

        if (lack != NULL && gp_mysql_set_subtract(lack, h->mysql, mysql) == GP_GTID_OK)
            text = gp_mysql_set_to_string(lack);
        gp_mysql_set_free(lack);
        return text;
    }
    /* MariaDB: the domains where the state is behind the first file's */
    size_t n = gp_mariadb_state_count(h->mariadb), k = 0;
    gp_mariadb_gtid *lack = calloc(n + 1, sizeof *lack);
    char *text;

    if (lack == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const gp_mariadb_gtid *g = gp_mariadb_state_at(h->mariadb, i);

        if (!gp_mariadb_state_contains(mariadb, g))
            lack[k++] = *g;
    }
    text = gp_mariadb_list_text(lack, k);
    free(lack);
    return text;
}

gtidpos_status gp_cover(gp_span *s, const gp_mysql_set *mysql, const gp_mariadb_state *mariadb,
                gp_cover_result *out, gp_error *e)
{
    cover_walk c = {mysql, mariadb, out, 0};
    gtidpos_status rc = GTIDPOS_OK;

    memset(out, 0, sizeof *out);
    out->first_file = s->n;
    if ((out->missing = missing_text(s, mysql, mariadb)) == NULL)
        return gp_error_set(e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    for (size_t i = 0; i < s->n && !c.found; i++) {
        if (!gp_span_may_exceed(s, i, mysql, mariadb))
            continue;
        rc = gp_span_walk(s, i, cover_on_txn, &c, NULL, e);
        if (c.found) {
            gp_error_clear(e);
            rc = GTIDPOS_OK;
        }
        if (rc != GTIDPOS_OK)
            break;
    }
    return rc;
}

void gp_cover_result_free(gp_cover_result *r)
{
    free(r->missing);
    r->missing = NULL;
}
