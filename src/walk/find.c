/*
 * find.c - the transactions of one log that carry a given GTID.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "walk/find.h"

#include "walk/position.h"
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

uint64_t gp_find_in_log(gp_log *log, const gp_find_target *w, gp_find_fn fn,
                        void *ctx, uint64_t *open_start, gp_error *e)
{
    gp_event ev;
    gp_txn t, dropped;
    gp_txn_step step;
    uint64_t found = 0;

    memset(&t, 0, sizeof t);
    gp_error_clear(e);
    if (open_start != NULL)
        *open_start = UINT64_MAX;
    while (gp_log_next(log, &ev)) {
        if (gp_txn_feed(&t, &ev, &log->fde, log->first_fde.flavor, &step, &dropped,
                        log->name, e) != GP_OK)
            break;
        if (step == GP_STEP_ENDED && gp_find_target_matches(w, &t)) {
            fn(ctx, t.start, gp_event_end(&ev));
            found++;
        }
    }
    if (log->status != GP_OK)
        *e = log->err;
    else if (e->code == GP_OK && t.state != GP_TXN_IDLE && gp_find_target_matches(w, &t) &&
             open_start != NULL)
        *open_start = t.start;
    return found;
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
