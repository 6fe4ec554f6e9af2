/* SPDX-License-Identifier: BSD-2-Clause */
#include "answer.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *gp_flavor_name(gtidpos_flavor f)
{
    switch (f) {
    case GTIDPOS_FLAVOR_MYSQL: return "mysql";
    case GTIDPOS_FLAVOR_MARIADB: return "mariadb";
    case GTIDPOS_FLAVOR_UNKNOWN: break;
    }
    return "unknown";
}

void gp_at_result_init(gp_at_result *r)
{
    memset(r, 0, sizeof *r);
}

void gp_at_result_free(gp_at_result *r)
{
    if (r == NULL)
        return;
    gp_mysql_set_free(r->mysql);
    gp_mariadb_state_free(r->mariadb);
    r->mysql = NULL;
    r->mariadb = NULL;
}

int gp_at_result_alloc_sets(gp_at_result *r)
{
    if (r->mysql == NULL)
        r->mysql = gp_mysql_set_new();
    if (r->mariadb == NULL)
        r->mariadb = gp_mariadb_state_new();
    return r->mysql != NULL && r->mariadb != NULL ? GP_GTID_OK : GP_GTID_ENOMEM;
}

void gp_at_result_clear(gp_at_result *r)
{
    gp_mysql_set_clear(r->mysql);
    gp_mariadb_state_clear(r->mariadb);
    r->has_last = 0;
    r->last_gtid[0] = '\0';
    r->anonymous = 0;
}

void gp_at_result_warn(gp_at_result *r, const char *fmt, ...)
{
    va_list ap;

    if (r->n_warnings == GP_MAX_WARNINGS) {
        r->warnings_dropped++;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(r->warnings[r->n_warnings++], sizeof r->warnings[0], fmt, ap);
    va_end(ap);
}

int gp_at_result_union(gp_at_result *r, const gp_at_result *later)
{
    int rc = gp_mysql_set_union(r->mysql, later->mysql);

    /* MariaDB: each domain's latest GTID; later's entries are later. */
    for (size_t i = 0; rc == GP_GTID_OK && i < gp_mariadb_state_count(later->mariadb); i++)
        rc = gp_mariadb_state_update(r->mariadb, gp_mariadb_state_at(later->mariadb, i));
    if (rc == GP_GTID_OK)
        r->anonymous += later->anonymous;
    return rc;
}

char *gp_at_result_set_text(const gp_at_result *r)
{
    if (r->flavor == GTIDPOS_FLAVOR_MARIADB)
        return gp_mariadb_state_to_string(r->mariadb);
    return gp_mysql_set_to_string(r->mysql);
}
