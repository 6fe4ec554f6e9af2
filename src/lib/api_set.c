/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * api_set.c - the public API's sets (include/gtidpos.h): the set at a
 * position (gtidpos_at) and what can be asked of it.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "walk/find.h"
#include "dm/relay/gtid_start.h"
#include "emit/emit.h"

GTIDPOS_API gtidpos_status gtidpos_at(gtidpos_log *log, uint64_t pos,
                                      gtidpos_set **out, gtidpos_error *err)
{
    gtidpos_set *s;
    gtidpos_status rc;
    gp_log *l;
    gp_error e;

    if (log == NULL || out == NULL)
        return gp_api_usage(err, "gtidpos_at: NULL argument");
    *out = NULL;
    gp_error_clear(&e);
    if ((s = calloc(1, sizeof *s)) == NULL) {
        gp_error_set(&e, GTIDPOS_ERR_NOMEM, log->path, -1, "out of memory");
        return gp_api_error(err, &e);
    }
    gp_at_result_init(&s->r);
    if ((rc = gp_api_question_log(log, "gtidpos_at", &l, err)) != GTIDPOS_OK) {
        gtidpos_set_free(s);
        return rc;
    }
    rc = gp_at(l, pos, &log->at, &s->r, &e);
    gp_api_question_done(l);
    if (rc != GTIDPOS_OK) {
        gtidpos_set_free(s);
        return gp_api_error(err, &e);
    }
    *out = s;
    return GTIDPOS_OK;
}

GTIDPOS_API char *gtidpos_set_format(const gtidpos_set *set)
{
    return set != NULL ? gp_at_result_set_text(&set->r) : NULL;
}

GTIDPOS_API gtidpos_flavor gtidpos_set_flavor(const gtidpos_set *set)
{
    return set != NULL && set->r.flavor == GTIDPOS_FLAVOR_MARIADB ? GTIDPOS_FLAVOR_MARIADB
                                                             : GTIDPOS_FLAVOR_MYSQL;
}

GTIDPOS_API uint64_t gtidpos_set_position(const gtidpos_set *set)
{
    return set != NULL ? set->r.pos : 0;
}

GTIDPOS_API int gtidpos_set_contains(const gtidpos_set *set, const char *gtid)
{
    gp_find_target w;

    if (set == NULL || gtid == NULL || gp_find_target_parse(&w, gtid) != 0)
        return -1;
    return gp_find_target_in_result(&w, &set->r) ? 1 : 0;
}

GTIDPOS_API const char *gtidpos_set_server_version(const gtidpos_set *set)
{
    return set != NULL ? set->r.server_version : "";
}

GTIDPOS_API int gtidpos_set_last_transaction(const gtidpos_set *set, const char **gtid,
                                             uint64_t *start, uint64_t *end)
{
    if (set == NULL || !set->r.has_last)
        return 0;
    if (gtid != NULL)
        *gtid = set->r.last_gtid;
    if (start != NULL)
        *start = set->r.last_start;
    if (end != NULL)
        *end = set->r.last_end;
    return 1;
}

GTIDPOS_API int gtidpos_set_open_transaction(const gtidpos_set *set, const char **gtid,
                                             uint64_t *start)
{
    if (set == NULL || !set->r.inside)
        return 0;
    if (gtid != NULL)
        *gtid = set->r.open_gtid;
    if (start != NULL)
        *start = set->r.open_start;
    return 1;
}

GTIDPOS_API uint64_t gtidpos_set_anonymous_count(const gtidpos_set *set)
{
    return set != NULL ? set->r.anonymous : 0;
}

GTIDPOS_API char *gtidpos_set_format_json(const gtidpos_set *set, const char *file)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out;
    int rc;

    if (set == NULL || (out = open_memstream(&text, &len)) == NULL)
        return NULL;
    rc = gp_emit_at_json(out, file != NULL ? file : "", &set->r);
    if (fclose(out) != 0 || rc != 0) {
        free(text);
        return NULL;
    }
    gp_api_strip_newline(text, len);
    return text;
}

GTIDPOS_API size_t gtidpos_set_warnings_dropped(const gtidpos_set *set)
{
    return set != NULL ? (size_t)set->r.warnings_dropped : 0;
}

GTIDPOS_API size_t gtidpos_set_warning_count(const gtidpos_set *set)
{
    return set != NULL ? (size_t)set->r.n_warnings : 0;
}

GTIDPOS_API const char *gtidpos_set_warning(const gtidpos_set *set, size_t i)
{
    if (set == NULL || i >= (size_t)set->r.n_warnings)
        return NULL;
    return set->r.warnings[i];
}

GTIDPOS_API void gtidpos_set_free(gtidpos_set *set)
{
    if (set == NULL)
        return;
    gp_at_result_free(&set->r);
    free(set);
}

GTIDPOS_API char *gtidpos_json_quote(const char *text)
{
    char *quoted = NULL;
    size_t len = 0;
    FILE *out;

    if (text == NULL || (out = open_memstream(&quoted, &len)) == NULL)
        return NULL;
    gp_json_string(out, text);
    if (fclose(out) != 0) {
        free(quoted);
        return NULL;
    }
    return quoted;
}



static gtidpos_status nomem(gtidpos_error *err)
{
    gp_error e;

    gp_error_clear(&e);
    gp_error_set(&e, GTIDPOS_ERR_NOMEM, NULL, -1, "out of memory");
    return gp_api_error(err, &e);
}

GTIDPOS_API gtidpos_status gtidpos_set_add(gtidpos_set *set, const char *text,
                                           gtidpos_error *err)
{
    int mariadb, rc;
    char msg[256];
    gp_error e;

    if (set == NULL || text == NULL)
        return gp_api_usage(err, "gtidpos_set_add: NULL argument");
    /* parsed whole into a set of its own first, so that a malformed text
     * leaves set as it was */
    mariadb = set->r.flavor == GTIDPOS_FLAVOR_MARIADB;
    if (mariadb) {
        gp_mariadb_state *add = gp_mariadb_state_new();
        if (add == NULL)
            return nomem(err);
        rc = gp_mariadb_state_parse(add, text, strlen(text), msg, sizeof msg);
        if (rc == GP_GTID_OK)
            rc = gp_mariadb_state_merge(set->r.mariadb, add);
        gp_mariadb_state_free(add);
    } else {
        gp_mysql_set *add = gp_mysql_set_new();
        if (add == NULL)
            return nomem(err);
        rc = gp_mysql_set_parse(add, text, strlen(text), msg, sizeof msg);
        if (rc == GP_GTID_OK)
            rc = gp_mysql_set_union(set->r.mysql, add);
        gp_mysql_set_free(add);
    }
    if (rc == GP_GTID_ENOMEM)
        return nomem(err);
    if (rc != GP_GTID_OK) {
        gp_error_clear(&e);
        gp_error_set(&e, GTIDPOS_ERR_PARSE, NULL, -1, "not a %s: %s",
                     mariadb ? "MariaDB GTID state" : "MySQL GTID set", msg);
        return gp_api_error(err, &e);
    }
    return GTIDPOS_OK;
}

GTIDPOS_API int gtidpos_set_starts_late(const gtidpos_set *set)
{
    return set != NULL && set->r.flavor != GTIDPOS_FLAVOR_MARIADB &&
           gp_dm_gtid_has_late_start(set->r.mysql);
}
